package io.github.anonymizer.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.testing.SharedData;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Synthetic video for pipeline tests: frame i is a 320x240 window of a real photo, shifted by i,
 * with i written into pixel (0, 0) so that fake detectors and sinks know which frame they see.
 * Every Mat it makes is counted, so tests can check that each one is closed exactly once and how
 * many were alive at once. Thread-safe.
 */
final class TestFrames implements AutoCloseable {
    static final int WIDTH = 320;
    static final int HEIGHT = 240;

    private final Mat photo;
    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger doubleClosed = new AtomicInteger();
    final AtomicInteger maxAlive = new AtomicInteger();

    TestFrames() {
        photo = opencv_imgcodecs.imread(SharedData.smoke("openmpf_race.jpg").toString());
        assertThat(photo.empty()).as("test photo decodes").isFalse();
        assertThat(photo.cols()).isGreaterThanOrEqualTo(WIDTH + 300);
        assertThat(photo.rows()).isGreaterThanOrEqualTo(HEIGHT + 180);
    }

    /** The face the fake detectors report in frame i: a 60x70 box drifting right and down. */
    static Box face(long i) {
        return new Box(100 + (i % 50), 60 + (i % 50) / 2.0, 60, 70);
    }

    int alive() {
        return created.get() - closed.get();
    }

    /** Frame i's pixels, in a counted Mat owned by the caller. */
    Mat image(long i) {
        Mat m = new CountingMat(this);
        int now = created.incrementAndGet() - closed.get();
        maxAlive.accumulateAndGet(now, Math::max);
        try (Rect r = new Rect((int) (2 * i % 300), (int) (i % 180), WIDTH, HEIGHT); Mat window = new Mat(photo, r)) {
            window.copyTo(m);
        }
        try (BytePointer p = m.ptr(0, 0)) {
            p.put(0, (byte) (i & 0xFF));
            p.put(1, (byte) ((i >> 8) & 0xFF));
            p.put(2, (byte) ((i >> 16) & 0xFF));
        }
        return m;
    }

    /** The expected pixels of frame i, uncounted (for comparisons). */
    Mat reference(long i) {
        Mat m = new Mat(HEIGHT, WIDTH, CV_8UC3);
        try (Rect r = new Rect((int) (2 * i % 300), (int) (i % 180), WIDTH, HEIGHT); Mat window = new Mat(photo, r)) {
            window.copyTo(m);
        }
        return m;
    }

    static long indexOf(Mat m) {
        try (BytePointer p = m.ptr(0, 0)) {
            return (p.get(0) & 0xFF) | (p.get(1) & 0xFF) << 8 | (p.get(2) & 0xFF) << 16;
        }
    }

    /** The BGR value at (x, y) as 0xBBGGRR. */
    static int pixel(Mat m, int x, int y) {
        try (BytePointer p = m.ptr(y, x)) {
            return (p.get(0) & 0xFF) << 16 | (p.get(1) & 0xFF) << 8 | (p.get(2) & 0xFF);
        }
    }

    /** Whether the face of frame i is filled with 255 at its centre (the fill filter hid it). */
    static boolean faceHidden(Mat m, long i) {
        Box f = face(i);
        return pixel(m, (int) f.centerX(), (int) f.centerY()) == 0xFFFFFF;
    }

    @Override
    public void close() {
        photo.close();
    }

    /** A Mat that counts its close. */
    static final class CountingMat extends Mat {
        private final TestFrames owner;
        private boolean counted;

        CountingMat(TestFrames owner) {
            super(HEIGHT, WIDTH, CV_8UC3);
            this.owner = owner;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (counted) {
                    owner.doubleClosed.incrementAndGet();
                } else {
                    counted = true;
                    owner.closed.incrementAndGet();
                }
            }
            super.close();
        }
    }
}
