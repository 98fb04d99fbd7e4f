package io.github.anonymizer.core.internal;

import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.api.FaceDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Per-thread detectors: a worker (a detector plus its reusable scratch Mats) is borrowed for one
 * frame and handed back, so at most one worker exists per thread that is detecting at the same
 * time, and OpenCV objects that are not thread-safe are never shared.
 *
 * <p>Thread-safe. {@link #close()} closes the idle workers; a worker handed back after that is
 * closed at once. The caller guarantees no borrow happens after close.
 */
public final class DetectorPool implements AutoCloseable {

    private final FaceDetectorFactory factory;
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    public DetectorPool(FaceDetectorFactory factory) {
        this.factory = factory;
    }

    /** A detector with its scratch buffers, confined to the thread that borrowed it. */
    public static final class Worker implements AutoCloseable {
        public final FaceDetector detector;
        public final Mat scratch1 = new Mat();
        public final Mat scratch2 = new Mat();

        Worker(FaceDetector detector) {
            this.detector = detector;
        }

        @Override
        public void close() {
            try {
                detector.close();
            } finally {
                scratch1.close();
                scratch2.close();
            }
        }
    }

    public Worker borrow() {
        if (closed) {
            throw new IllegalStateException("the detector pool is closed");
        }
        Worker w = idle.pollFirst();
        return w != null ? w : new Worker(factory.create());
    }

    /**
     * Hands a worker back. A worker whose detector failed is closed instead of reused, since its
     * native state may be inconsistent.
     */
    public void release(Worker worker, boolean healthy) {
        if (!healthy || closed) {
            worker.close();
            return;
        }
        idle.addFirst(worker);
        if (closed && idle.remove(worker)) {
            worker.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        List<RuntimeException> errors = new ArrayList<>();
        for (Worker w; (w = idle.pollFirst()) != null; ) {
            try {
                w.close();
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        if (!errors.isEmpty()) {
            RuntimeException first = errors.get(0);
            errors.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }
}
