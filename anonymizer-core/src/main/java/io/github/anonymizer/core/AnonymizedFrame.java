package io.github.anonymizer.core;

import java.util.Objects;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * An anonymized copy of a frame plus what was done to it.
 *
 * <p>Confined to one thread. Owns its {@link Mat}: close this object (or take the Mat over with
 * {@link #takeImage()}) when done. {@code close()} is idempotent.
 */
public final class AnonymizedFrame implements AutoCloseable {
    private Mat image;
    private final FrameReport report;

    AnonymizedFrame(Mat image, FrameReport report) {
        this.image = Objects.requireNonNull(image);
        this.report = Objects.requireNonNull(report);
    }

    /** The anonymized frame, same size and type as the input; valid until {@link #close()}. */
    public Mat image() {
        if (image == null) {
            throw new IllegalStateException("this AnonymizedFrame is closed or its image was taken");
        }
        return image;
    }

    /** Hands the image over to the caller, who then owns (and closes) it. */
    public Mat takeImage() {
        Mat m = image();
        image = null;
        return m;
    }

    public FrameReport report() {
        return report;
    }

    @Override
    public void close() {
        if (image != null) {
            image.close();
            image = null;
        }
    }
}
