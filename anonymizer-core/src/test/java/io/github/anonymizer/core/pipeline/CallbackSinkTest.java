package io.github.anonymizer.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class CallbackSinkTest {

    @Test
    void framesGoToTheConsumerAndFinishRunsOnce() {
        List<Long> seen = new ArrayList<>();
        AtomicInteger finishes = new AtomicInteger();
        CallbackSink sink = CallbackSink.of(f -> seen.add(f.index()), finishes::incrementAndGet);
        try (VideoFrame a = new VideoFrame(3, -1, new Mat(2, 2, CV_8UC3));
                VideoFrame b = new VideoFrame(4, -1, new Mat(2, 2, CV_8UC3))) {
            sink.write(a);
            sink.write(b);
            assertThat(sink.isFinished()).isFalse();
            sink.finish();
            sink.finish();
            assertThat(sink.isFinished()).isTrue();
            assertThatThrownBy(() -> sink.write(a)).isInstanceOf(IllegalStateException.class);
        }
        sink.close();
        sink.close();
        assertThat(seen).containsExactly(3L, 4L);
        assertThat(finishes).hasValue(1);
    }

    @Test
    void afterCloseWithoutFinishNothingMoreIsAccepted() {
        AtomicInteger finishes = new AtomicInteger();
        CallbackSink sink = CallbackSink.of(f -> {}, finishes::incrementAndGet);
        sink.close();
        assertThatThrownBy(sink::finish).isInstanceOf(IllegalStateException.class);
        try (VideoFrame a = new VideoFrame(0, -1, new Mat(2, 2, CV_8UC3))) {
            assertThatThrownBy(() -> sink.write(a)).isInstanceOf(IllegalStateException.class);
        }
        assertThat(finishes).hasValue(0);
        assertThat(sink.isFinished()).isFalse();
    }
}
