package io.github.anonymizer.core.image;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * An image read by {@link ImageFiles#read}: the pixels, upright (EXIF orientation already
 * applied), in one of {8-bit, 16-bit} x {gray, BGR, BGRA}, plus what the writer needs to write
 * the same format and, on request, the same metadata.
 *
 * <p>This object owns its {@link Mat}: {@link #mat()} lends it (callers may change its pixels in
 * place, but must not release, reallocate or keep it after {@link #close()}); {@link #close()}
 * frees it. {@code close()} is idempotent; {@link #mat()} after it throws
 * {@link IllegalStateException}. The other accessors stay usable after closing.
 *
 * <p>Not thread-safe: confine an instance to one thread at a time.
 */
public final class DecodedImage implements AutoCloseable {

    private final Path source;
    private final ImageFormat format;
    private final int orientation;
    private final boolean losslessWebp;
    private final SourceMetadata metadata;
    private final List<String> warnings;
    private final int width;
    private final int height;
    private Mat mat;

    DecodedImage(Path source, ImageFormat format, Mat mat, int orientation, boolean losslessWebp,
            SourceMetadata metadata, List<String> warnings) {
        this.source = source;
        this.format = format;
        this.mat = mat;
        this.orientation = orientation;
        this.losslessWebp = losslessWebp;
        this.metadata = metadata;
        this.warnings = List.copyOf(warnings);
        this.width = mat.cols();
        this.height = mat.rows();
    }

    /** The file read, absolute and normalized. */
    public Path source() {
        return source;
    }

    /** The format found in the file's content (not its extension). */
    public ImageFormat format() {
        return format;
    }

    /**
     * The pixels, upright. Owned by this object.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public Mat mat() {
        if (mat == null) {
            throw new IllegalStateException("DecodedImage of " + source + " is closed");
        }
        return mat;
    }

    /** Width of the upright image in pixels. */
    public int width() {
        return width;
    }

    /** Height of the upright image in pixels. */
    public int height() {
        return height;
    }

    /**
     * The EXIF (or TIFF) orientation found in the file, 1..8; 1 when there was none. The pixels of
     * {@link #mat()} are already turned accordingly.
     */
    public int orientation() {
        return orientation;
    }

    /** The metadata kinds the source file has. */
    public Set<MetadataKind> metadata() {
        return metadata.kinds();
    }

    /** Notes about recoverable oddities in the file (for example an unreadable EXIF block). */
    public List<String> warnings() {
        return warnings;
    }

    boolean losslessWebp() {
        return losslessWebp;
    }

    SourceMetadata sourceMetadata() {
        return metadata;
    }

    /** Frees the pixels. Idempotent. */
    @Override
    public void close() {
        Mat m = mat;
        mat = null;
        if (m != null) {
            m.close();
        }
    }

    @Override
    public String toString() {
        return "DecodedImage[" + source + ", " + format + ", " + width + "x" + height
                + ", orientation " + orientation + (mat == null ? ", closed]" : "]");
    }
}
