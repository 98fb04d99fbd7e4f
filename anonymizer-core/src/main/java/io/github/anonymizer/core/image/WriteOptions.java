package io.github.anonymizer.core.image;

import io.github.anonymizer.api.InvalidOptionException;
import java.util.Objects;

/**
 * How {@link ImageFiles#write} encodes an image.
 *
 * <ul>
 *   <li>{@code jpegQuality} 1..100, default {@value #DEFAULT_JPEG_QUALITY};</li>
 *   <li>{@code pngCompression} zlib level 0..9, default {@value #DEFAULT_PNG_COMPRESSION} (PNG is
 *       lossless at every level: the level trades time for size);</li>
 *   <li>{@code webpQuality} 1..100 for lossy WebP, default {@value #DEFAULT_WEBP_QUALITY}; a source
 *       that was lossless WebP is written lossless whatever this says;</li>
 *   <li>{@code metadata}, default {@link MetadataPolicy#STRIP}.</li>
 * </ul>
 * TIFF is written LZW-compressed and BMP uncompressed, as OpenCV does.
 *
 * <p>Immutable and thread-safe.
 *
 * @param jpegQuality JPEG quality, 1..100
 * @param pngCompression PNG zlib compression level, 0..9
 * @param webpQuality lossy WebP quality, 1..100
 * @param metadata what to do with the source's metadata
 */
public record WriteOptions(int jpegQuality, int pngCompression, int webpQuality, MetadataPolicy metadata) {

    /** Default JPEG quality. */
    public static final int DEFAULT_JPEG_QUALITY = 95;
    /** Default PNG compression level. */
    public static final int DEFAULT_PNG_COMPRESSION = 3;
    /** Default lossy WebP quality. */
    public static final int DEFAULT_WEBP_QUALITY = 95;

    private static final WriteOptions DEFAULTS = new WriteOptions(
            DEFAULT_JPEG_QUALITY, DEFAULT_PNG_COMPRESSION, DEFAULT_WEBP_QUALITY, MetadataPolicy.STRIP);

    /**
     * @throws InvalidOptionException for a value out of range (the message names the option)
     * @throws NullPointerException when {@code metadata} is null
     */
    public WriteOptions {
        requireRange("jpeg-quality", jpegQuality, 1, 100);
        requireRange("png-compression", pngCompression, 0, 9);
        requireRange("webp-quality", webpQuality, 1, 100);
        Objects.requireNonNull(metadata, "metadata");
    }

    /** JPEG 95, PNG level 3, WebP 95, metadata stripped. */
    public static WriteOptions defaults() {
        return DEFAULTS;
    }

    /** A copy with another JPEG quality (1..100). */
    public WriteOptions withJpegQuality(int quality) {
        return new WriteOptions(quality, pngCompression, webpQuality, metadata);
    }

    /** A copy with another PNG compression level (0..9). */
    public WriteOptions withPngCompression(int level) {
        return new WriteOptions(jpegQuality, level, webpQuality, metadata);
    }

    /** A copy with another lossy WebP quality (1..100). */
    public WriteOptions withWebpQuality(int quality) {
        return new WriteOptions(jpegQuality, pngCompression, quality, metadata);
    }

    /** A copy with another metadata policy. */
    public WriteOptions withMetadata(MetadataPolicy policy) {
        return new WriteOptions(jpegQuality, pngCompression, webpQuality, policy);
    }

    private static void requireRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidOptionException(option, "must be in " + min + ".." + max + ", got " + value);
        }
    }
}
