package io.github.anonymizer.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.anonymizer.api.MediaException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Records what reaches the sink: the frame numbers in arrival order (as written in the pixels and
 * as given by the frame), whether the face was hidden, and finish/close. Confined to the writer
 * thread; the lists are safe to read from the test thread afterwards.
 */
final class RecordingSink implements FrameSink {
    final List<Long> indices = new CopyOnWriteArrayList<>();
    final List<Long> pixelIndices = new CopyOnWriteArrayList<>();
    final List<Boolean> faceHidden = new CopyOnWriteArrayList<>();
    final List<Boolean> allWhite = new CopyOnWriteArrayList<>();
    final CountDownLatch writes;
    volatile boolean finished;
    volatile int closeCount;
    long failAt = -1;
    Consumer<VideoFrame> onWrite = f -> {};

    RecordingSink(int latchCount) {
        this.writes = new CountDownLatch(latchCount);
    }

    RecordingSink() {
        this(1);
    }

    @Override
    public void write(VideoFrame frame) {
        assertThat(finished).as("write after finish").isFalse();
        assertThat(closeCount).as("write after close").isZero();
        if (frame.index() == failAt) {
            throw new MediaException("out.mp4", "disk full", null);
        }
        Mat m = frame.image();
        indices.add(frame.index());
        boolean white = isAllWhite(m);
        allWhite.add(white);
        pixelIndices.add(white ? -1 : TestFrames.indexOf(m));
        faceHidden.add(TestFrames.faceHidden(m, frame.index()));
        onWrite.accept(frame);
        writes.countDown();
    }

    /** Whether every pixel of {@code m} is pure white. */
    static boolean isAllWhite(Mat m) {
        try (Mat inverted = new Mat()) {
            org.bytedeco.opencv.global.opencv_core.bitwise_not(m, inverted);
            try (Mat oneChannel = inverted.reshape(1)) {
                return org.bytedeco.opencv.global.opencv_core.countNonZero(oneChannel) == 0;
            }
        }
    }

    @Override
    public void finish() {
        assertThat(closeCount).as("finish after close").isZero();
        finished = true;
    }

    @Override
    public void close() {
        closeCount++;
    }
}
