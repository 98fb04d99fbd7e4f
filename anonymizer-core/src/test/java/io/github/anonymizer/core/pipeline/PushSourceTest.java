package io.github.anonymizer.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.github.anonymizer.api.MediaException;
import io.github.anonymizer.api.UnsupportedFrameException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS) // a safety net against hangs, not a speed check
class PushSourceTest {

    private static Mat filled(int value) {
        Mat m = new Mat(4, 6, CV_8UC3);
        try (Scalar s = new Scalar(value, value, value, 0)) {
            m.put(s);
        }
        return m;
    }

    private static int firstByte(VideoFrame f) {
        return f.image().ptr(0, 0).get(0) & 0xFF;
    }

    /**
     * Starts a thread that calls {@code call} and stores its result or exception, and returns once
     * the thread waits (blocked inside the call) or has ended (it did not block: the test fails).
     */
    private static Thread startBlocked(Callable<?> call, AtomicReference<Object> outcome) {
        Thread t = new Thread(() -> {
            try {
                outcome.set(call.call());
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        t.start();
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TERMINATED) {
            Thread.onSpinWait();
        }
        return t;
    }

    @Test
    void pushCopiesSoTheCallerMayReuseItsMat() throws InterruptedException {
        try (PushSource s = PushSource.blocking("app", 4, 25); Mat m = filled(7)) {
            assertThat(s.push(m, 1000)).isTrue();
            try (Scalar other = new Scalar(9, 9, 9, 0)) {
                m.put(other);
            }
            s.end();
            try (VideoFrame f = s.read()) {
                assertThat(firstByte(f)).isEqualTo(7);
                assertThat(f.index()).isZero();
                assertThat(f.timestampMicros()).isEqualTo(1000);
                assertThat(f.image().address()).isNotEqualTo(m.address());
            }
            assertThat(s.read()).isNull();
            assertThat(s.frameRate()).isEqualTo(25);
            assertThat(s.isLive()).isFalse();
            assertThat(s.frameCount()).isEmpty();
        }
    }

    @Test
    void aFullLiveSourceDropsTheOldestFrames() throws InterruptedException {
        try (PushSource s = PushSource.live("camera", 2, 30)) {
            for (int i = 0; i < 5; i++) {
                try (Mat m = filled(i)) {
                    assertThat(s.push(m, i)).isTrue();
                }
            }
            assertThat(s.framesDropped()).isEqualTo(3);
            assertThat(s.queued()).isEqualTo(2);
            s.end();
            try (VideoFrame a = s.read(); VideoFrame b = s.read()) {
                assertThat(a.index()).isEqualTo(3);
                assertThat(firstByte(a)).isEqualTo(3);
                assertThat(b.index()).isEqualTo(4);
            }
            assertThat(s.read()).isNull();
        }
    }

    @Test
    void aFullBlockingSourceMakesPushWaitUntilAFrameIsRead() throws Exception {
        try (PushSource s = PushSource.blocking("app", 1, 0); Mat m = filled(1)) {
            assertThat(s.push(m, 0)).isTrue();
            AtomicReference<Object> result = new AtomicReference<>();
            Thread pusher = startBlocked(() -> s.push(m, 1), result);
            assertThat(result.get()).isNull();
            assertThat(s.queued()).isEqualTo(1);
            try (VideoFrame f = s.read()) {
                assertThat(f.index()).isZero();
            }
            pusher.join();
            assertThat(result.get()).isEqualTo(true);
            assertThat(s.framesDropped()).isZero();
            try (VideoFrame f = s.read()) {
                assertThat(f.index()).isEqualTo(1);
            }
        }
    }

    @Test
    void closingReleasesAWaitingPushAndLaterPushesReturnFalse() throws Exception {
        PushSource s = PushSource.blocking("app", 1, 0);
        try (Mat m = filled(1)) {
            s.push(m, 0);
            AtomicReference<Object> result = new AtomicReference<>();
            Thread pusher = startBlocked(() -> s.push(m, 1), result);
            s.close();
            pusher.join();
            assertThat(result.get()).isEqualTo(false);
            assertThat(s.queued()).isZero();
            assertThat(s.push(m, 2)).isFalse();
            s.close(); // idempotent
        }
        assertThatThrownBy(s::read).isInstanceOf(MediaException.class).hasMessageContaining("closed before end()");
    }

    @Test
    void closingWakesAWaitingRead() throws Exception {
        PushSource s = PushSource.blocking("app", 1, 0);
        AtomicReference<Object> thrown = new AtomicReference<>();
        Thread reader = startBlocked(s::read, thrown);
        s.close();
        reader.join();
        assertThat(thrown.get()).isInstanceOf(MediaException.class);
        assertThat((Throwable) thrown.get()).hasMessageContaining("app");
    }

    @Test
    void badUseIsRejected() throws InterruptedException {
        try (PushSource s = PushSource.blocking("app", 2, 0); Mat gray = new Mat(4, 4, CV_8UC1); Mat empty = new Mat();
                Mat ok = filled(0)) {
            assertThatThrownBy(() -> s.push(gray, 0)).isInstanceOf(UnsupportedFrameException.class)
                    .hasMessageContaining("app").hasMessageContaining("CV_8UC3");
            assertThatThrownBy(() -> s.push(empty, 0)).isInstanceOf(UnsupportedFrameException.class)
                    .hasMessageContaining("empty");
            assertThatThrownBy(() -> s.push(null, 0)).isInstanceOf(NullPointerException.class);
            s.end();
            assertThatThrownBy(() -> s.push(ok, 0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("push after end()");
        }
        assertThatThrownBy(() -> new PushSource("x", 0, false, 0)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> new PushSource("x", 1, false, -1)).hasMessageContaining("frame rate");
    }
}
