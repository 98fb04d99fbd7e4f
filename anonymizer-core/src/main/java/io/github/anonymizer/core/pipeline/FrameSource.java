package io.github.anonymizer.core.pipeline;

import java.util.OptionalLong;

/**
 * Where a {@link Pipeline} gets its frames: a video file, a camera, a network stream, or frames
 * pushed by application code.
 *
 * <p>Confined to one thread: the pipeline calls {@link #read()} from its reader thread only.
 * {@link #close()} may be called from another thread to stop a blocked read (implementations make
 * {@code read} return {@code null} or throw then). Frames returned are owned by the caller.
 */
public interface FrameSource extends AutoCloseable {

    /**
     * The next frame, blocking until one is available, or {@code null} at the end of the stream.
     *
     * @throws io.github.anonymizer.api.MediaException when the stream cannot be read further
     */
    VideoFrame read();

    /** The number of frames when known in advance (files), else empty (live streams). */
    OptionalLong frameCount();

    /** Frames per second, or 0 when unknown. */
    double frameRate();

    /** Whether this is a live source, where stale frames should be dropped rather than queued. */
    boolean isLive();

    /** A name for messages: the file path, device or URL. */
    String name();

    /** Frames the source skipped because their packets were corrupt and could be skipped. */
    default long corruptFramesSkipped() {
        return 0;
    }

    /**
     * Frames a live source dropped itself before the pipeline read them (for example a push source
     * whose buffer was full); the pipeline adds them to the dropped frames it reports.
     */
    default long framesDropped() {
        return 0;
    }

    @Override
    void close();
}
