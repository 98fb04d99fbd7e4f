package io.github.anonymizer.core.image;

/**
 * The kinds of metadata the image reader recognises and the writer can carry over.
 *
 * <p>Immutable and thread-safe.
 */
public enum MetadataKind {
    /** An EXIF block (camera, time, settings). */
    EXIF,
    /** GPS tags inside the EXIF block: where the photo was taken. */
    GPS,
    /** An XMP packet. */
    XMP,
    /** An ICC colour profile. */
    ICC_PROFILE
}
