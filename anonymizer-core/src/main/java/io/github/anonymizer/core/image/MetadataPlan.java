package io.github.anonymizer.core.image;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMAGE_METADATA_EXIF;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMAGE_METADATA_ICCP;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMAGE_METADATA_XMP;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The metadata blocks to hand to OpenCV's encoder for one output file, decided from the policy,
 * the output format and the source image.
 *
 * <p>Immutable once built (the arrays are private to this package) and thread-safe.
 */
final class MetadataPlan {

    /**
     * The largest block put in a JPEG: one APP1/APP2 segment holds at most 65533 bytes, minus its
     * identifier; OpenCV neither splits larger blocks nor writes them (measured: it fails with
     * "Bogus marker length" for a 70000-byte EXIF, XMP or ICC block, and writes 60000-byte ones).
     */
    static final int JPEG_BLOCK_LIMIT = 65_000;

    static final MetadataPlan NONE = new MetadataPlan(new int[0], List.of(), EnumSet.noneOf(MetadataKind.class));

    private final int[] types;
    private final List<byte[]> blobs;
    private final Set<MetadataKind> kinds;

    private MetadataPlan(int[] types, List<byte[]> blobs, Set<MetadataKind> kinds) {
        this.types = types;
        this.blobs = blobs;
        this.kinds = kinds;
    }

    int[] types() {
        return types.clone();
    }

    List<byte[]> blobs() {
        return blobs;
    }

    Set<MetadataKind> kinds() {
        return Set.copyOf(kinds);
    }

    boolean isEmpty() {
        return types.length == 0;
    }

    /**
     * Decides what to write. Everything that was asked for but cannot be kept is explained in
     * {@code warnings}.
     *
     * @param width width of the image being written, for the EXIF pixel dimensions
     * @param height height of the image being written
     */
    static MetadataPlan of(ImageFormat format, MetadataPolicy policy, DecodedImage source, int width, int height,
            List<String> warnings) {
        if (policy == MetadataPolicy.STRIP) {
            return NONE;
        }
        if (source == null) {
            warnings.add("metadata policy " + policy + " but no source image was given: no metadata written");
            return NONE;
        }
        SourceMetadata md = source.sourceMetadata();
        Set<MetadataKind> wanted = EnumSet.noneOf(MetadataKind.class);
        wanted.addAll(md.kinds());
        if (policy == MetadataPolicy.KEEP_COLOR_PROFILE) {
            wanted.retainAll(Set.of(MetadataKind.ICC_PROFILE));
        }
        if (wanted.isEmpty()) {
            return NONE;
        }
        if (source.format() == ImageFormat.TIFF) {
            warnings.add("metadata of TIFF sources is not carried over; not kept: " + wanted);
            return NONE;
        }
        if (!format.canKeepMetadata()) {
            warnings.add(format + " output cannot carry metadata; not kept: " + wanted);
            return NONE;
        }
        Builder plan = new Builder(format, warnings);
        if (md.icc() != null) {
            plan.add(IMAGE_METADATA_ICCP, md.icc(), "ICC profile", MetadataKind.ICC_PROFILE);
        }
        if (policy == MetadataPolicy.KEEP && md.exif() != null) {
            try {
                byte[] exif = ExifBlocks.sanitizeForKeep(md.exif(), width, height);
                boolean gps = md.kinds().contains(MetadataKind.GPS);
                if (plan.add(IMAGE_METADATA_EXIF, exif, "EXIF block", MetadataKind.EXIF) && gps) {
                    plan.kept.add(MetadataKind.GPS);
                }
            } catch (IOException | RuntimeException e) {
                warnings.add("the EXIF block could not be rewritten (" + ImageFiles.firstLine(e) + "); EXIF not kept");
            }
        }
        if (policy == MetadataPolicy.KEEP && md.xmp() != null) {
            String risk = ExifBlocks.xmpRisk(md.xmp());
            if (risk != null) {
                warnings.add("the XMP packet was not kept because " + risk);
            } else {
                byte[] xmp = format == ImageFormat.JPEG ? concat(ExifBlocks.JPEG_XMP_HEADER, md.xmp()) : md.xmp();
                plan.add(IMAGE_METADATA_XMP, xmp, "XMP packet", MetadataKind.XMP);
            }
        }
        return plan.build();
    }

    /** Collects blocks, refusing those the output format cannot hold. */
    private static final class Builder {
        private final ImageFormat format;
        private final List<String> warnings;
        private final List<Integer> types = new ArrayList<>();
        private final List<byte[]> blobs = new ArrayList<>();
        private final Set<MetadataKind> kept = EnumSet.noneOf(MetadataKind.class);

        Builder(ImageFormat format, List<String> warnings) {
            this.format = format;
            this.warnings = warnings;
        }

        boolean add(int type, byte[] blob, String what, MetadataKind kind) {
            if (format == ImageFormat.JPEG && blob.length > JPEG_BLOCK_LIMIT) {
                warnings.add("the " + what + " is " + blob.length + " bytes, more than one JPEG segment holds ("
                        + JPEG_BLOCK_LIMIT + "); not kept");
                return false;
            }
            types.add(type);
            blobs.add(blob);
            kept.add(kind);
            return true;
        }

        MetadataPlan build() {
            if (types.isEmpty()) {
                return NONE;
            }
            return new MetadataPlan(types.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(blobs), kept);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
