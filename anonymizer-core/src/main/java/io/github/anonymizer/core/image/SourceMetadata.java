package io.github.anonymizer.core.image;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The metadata blocks of a source image, as far as the writer can carry them over: the EXIF block
 * as a raw TIFF structure (starting {@code II*\0} or {@code MM\0*}), the XMP packet as XML text
 * (UTF-8, without the JPEG APP1 namespace header) and the ICC profile bytes. Any may be null.
 *
 * <p>Immutable (the arrays are never handed out to callers outside this package) and thread-safe.
 */
final class SourceMetadata {

    static final SourceMetadata NONE = new SourceMetadata(null, null, null, EnumSet.noneOf(MetadataKind.class));

    private final byte[] exif;
    private final byte[] xmp;
    private final byte[] icc;
    private final Set<MetadataKind> kinds;

    SourceMetadata(byte[] exif, byte[] xmp, byte[] icc, Set<MetadataKind> kinds) {
        this.exif = exif;
        this.xmp = xmp;
        this.icc = icc;
        this.kinds = Collections.unmodifiableSet(kinds.isEmpty() ? EnumSet.noneOf(MetadataKind.class) : EnumSet.copyOf(kinds));
    }

    byte[] exif() {
        return exif;
    }

    byte[] xmp() {
        return xmp;
    }

    byte[] icc() {
        return icc;
    }

    Set<MetadataKind> kinds() {
        return kinds;
    }
}
