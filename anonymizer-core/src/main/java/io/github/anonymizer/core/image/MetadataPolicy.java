package io.github.anonymizer.core.image;

/**
 * What {@link ImageFiles#write} does with the metadata of the source image.
 *
 * <p>The anonymizer's output is meant to be shared, so the default is {@link #STRIP}: the encoder
 * writes pixels only, and no EXIF (camera, time, GPS position, serial numbers), XMP, IPTC, comment
 * or ICC profile from the input reaches the output.
 *
 * <p>Immutable and thread-safe.
 */
public enum MetadataPolicy {
    /** Write no metadata at all (the default). */
    STRIP,

    /**
     * Keep only the source's ICC colour profile, so that wide-gamut photos (Display P3, Adobe RGB)
     * keep their colours. An ICC profile describes a colour space, but it can name the device or
     * software that made it. Only JPEG, PNG and WebP output can carry it.
     */
    KEEP_COLOR_PROFILE,

    /**
     * Keep the source's EXIF (GPS position included), XMP and ICC profile, for JPEG, PNG and WebP
     * output. Because the pixels were already turned upright when read, the EXIF orientation is
     * reset to 1 and the pixel dimensions are updated. Parts that can hold an un-anonymized copy of
     * the picture are always removed: the EXIF thumbnail (IFD1), the maker note (which often holds
     * a preview image), sub-IFDs, and XMP packets with an embedded thumbnail
     * ({@code xmpGImg:image}), or with face regions or names of the people shown (MWG regions,
     * Microsoft Photo regions, IPTC Extension). IPTC-IIM and JPEG comments are never kept. A block
     * too large for one JPEG segment (about 64 KB) is left out of JPEG output. In PNG, XMP is
     * written as a {@code tEXt} chunk (OpenCV's choice), which some readers do not look at.
     * Whatever cannot be kept is listed in {@link WriteResult#warnings()}.
     */
    KEEP
}
