package io.github.anonymizer.core.image;

import io.github.anonymizer.api.InvalidOptionException;

/**
 * How {@link ImageFiles#read} reads a file.
 *
 * <p>{@code maxPixels} guards against decompression bombs: the width and height declared in the
 * file header are checked against it before any pixel memory is allocated, and larger images are
 * refused with a {@link io.github.anonymizer.api.MediaException}. The default,
 * {@link #DEFAULT_MAX_PIXELS} (100 megapixels), is above any current phone or DSLR photo;
 * decoding such an image takes up to 400 MB (8-bit BGRA) or 800 MB (16-bit BGRA) of native memory.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxPixels the largest {@code width * height} accepted, at least 1
 */
public record ReadOptions(long maxPixels) {

    /** The default pixel limit: 100 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    /** Name of the pixel-limit option in messages (the command line uses {@code --max-pixels}). */
    public static final String MAX_PIXELS_OPTION = "max-pixels";

    private static final ReadOptions DEFAULTS = new ReadOptions(DEFAULT_MAX_PIXELS);

    /**
     * @throws InvalidOptionException when {@code maxPixels < 1}
     */
    public ReadOptions {
        if (maxPixels < 1) {
            throw new InvalidOptionException(MAX_PIXELS_OPTION, "must be at least 1, got " + maxPixels);
        }
    }

    /** The defaults: a limit of {@link #DEFAULT_MAX_PIXELS}. */
    public static ReadOptions defaults() {
        return DEFAULTS;
    }

    /** A copy with another pixel limit. */
    public ReadOptions withMaxPixels(long limit) {
        return new ReadOptions(limit);
    }
}
