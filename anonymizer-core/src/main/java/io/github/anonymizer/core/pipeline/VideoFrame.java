package io.github.anonymizer.core.pipeline;

import java.util.Objects;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One decoded video frame: 8-bit BGR pixels plus its position in the stream.
 *
 * <p>Confined to one thread at a time: a frame is handed from stage to stage (reader, worker,
 * writer) and whoever holds it last closes it. {@link #close()} frees the pixels and is idempotent;
 * {@link #image()} after it throws {@link IllegalStateException}.
 */
public final class VideoFrame implements AutoCloseable {
    private final long index;
    private final long timestampMicros;
    private Mat image;

    /**
     * @param index the frame's number in the stream, from 0
     * @param timestampMicros presentation time in microseconds from the stream start, or -1 when unknown
     * @param image the pixels, {@code CV_8UC3} BGR; ownership passes to this frame
     */
    public VideoFrame(long index, long timestampMicros, Mat image) {
        if (index < 0) {
            throw new IllegalArgumentException("frame index must be >= 0, got " + index);
        }
        this.index = index;
        this.timestampMicros = timestampMicros;
        this.image = Objects.requireNonNull(image, "image");
    }

    public long index() {
        return index;
    }

    /** Presentation time in microseconds, or -1 when unknown. */
    public long timestampMicros() {
        return timestampMicros;
    }

    /** The pixels; owned by this frame. */
    public Mat image() {
        if (image == null) {
            throw new IllegalStateException("frame " + index + " is closed");
        }
        return image;
    }

    @Override
    public void close() {
        if (image != null) {
            image.close();
            image = null;
        }
    }

    @Override
    public String toString() {
        return "frame " + index + (timestampMicros >= 0 ? " @" + timestampMicros + "us" : "");
    }
}
