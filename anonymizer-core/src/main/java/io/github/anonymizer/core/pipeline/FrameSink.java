package io.github.anonymizer.core.pipeline;

/**
 * Where a {@link Pipeline} puts anonymized frames, in their original order: a video file, a
 * network stream, a preview window, or application code.
 *
 * <p>Confined to one thread: the pipeline calls {@link #write} and {@link #finish} from its writer
 * thread only. Only anonymized frames ever reach a sink.
 *
 * <p>Fail closed: an output is complete only after {@link #finish()}. {@link #close()} without a
 * successful {@code finish()} means the job failed or was cancelled: file sinks then delete what
 * they wrote, so no half-written output is left behind.
 */
public interface FrameSink extends AutoCloseable {

    /**
     * Takes one anonymized frame. The sink must not keep a reference to the frame or its Mat after
     * returning (the pipeline closes it); copy what it needs.
     *
     * @throws io.github.anonymizer.api.MediaException when writing fails (disk full, connection lost)
     */
    void write(VideoFrame frame);

    /** Completes the output (flushes encoders, writes trailers, moves the file into place). */
    void finish();

    /** Releases resources; without a prior successful {@link #finish()}, discards the output. */
    @Override
    void close();
}
