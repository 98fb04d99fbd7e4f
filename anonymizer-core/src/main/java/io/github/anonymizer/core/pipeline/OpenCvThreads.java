package io.github.anonymizer.core.pipeline;

import org.bytedeco.opencv.global.opencv_core;

/**
 * Makes OpenCV single-threaded while pipelines with several detection workers run, and restores
 * the application's setting when the last of them ends.
 *
 * <p>Why: OpenCV has one process-wide thread pool. When two workers call into it at once (a
 * resize, a DNN forward pass of YuNet or an SSD), one of them gets the pool and the other runs its
 * part alone on its own thread, so the cores are oversubscribed and the pool's threads wake and
 * wait for nothing; with one OpenCV thread each worker does its own work on its own core, which is
 * already parallel. Measured with the benchmarks module on 2 cores (VideoBenchmark.detectOnly,
 * 720p, 2 workers, quiet machine): YuNet 30.1 to 34.0 frames/s, the res10 SSD 60.3 to 72.2
 * frames/s; CenterFace (ONNX Runtime) showed no difference.
 *
 * <p>Thread-safe; the count of running parallel pipelines is guarded by the class lock.
 */
final class OpenCvThreads {

    private static int users;
    private static int saved;

    private OpenCvThreads() {}

    /** Called by a pipeline with several workers when it starts. */
    static synchronized void acquire() {
        if (users++ == 0) {
            saved = opencv_core.getNumThreads();
            opencv_core.setNumThreads(1);
        }
    }

    /** Called by the same pipeline when it ends; the last one restores the previous setting. */
    static synchronized void release() {
        if (users <= 0) {
            throw new IllegalStateException("release() without acquire()");
        }
        if (--users == 0 && opencv_core.getNumThreads() == 1) {
            // restore only what we set: an application that changed it meanwhile keeps its value
            opencv_core.setNumThreads(saved);
        }
    }
}
