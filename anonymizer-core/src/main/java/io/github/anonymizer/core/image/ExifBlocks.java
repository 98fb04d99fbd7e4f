package io.github.anonymizer.core.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.imaging.FormatCompliance;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.bytesource.ByteSource;
import org.apache.commons.imaging.formats.tiff.TiffContents;
import org.apache.commons.imaging.formats.tiff.TiffDirectory;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.TiffImageParser;
import org.apache.commons.imaging.formats.tiff.TiffImagingParameters;
import org.apache.commons.imaging.formats.tiff.TiffReader;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.fieldtypes.AbstractFieldType;
import org.apache.commons.imaging.formats.tiff.taginfos.TagInfo;
import org.apache.commons.imaging.formats.tiff.write.TiffImageWriterLossy;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputField;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/**
 * EXIF and XMP handling on top of Apache Commons Imaging: reading the orientation, and cleaning a
 * block before it is copied into an output file.
 *
 * <p>Stateless and thread-safe.
 */
final class ExifBlocks {

    /** What the JPEG decoder puts in front of an XMP packet (the APP1 namespace, NUL-terminated). */
    static final byte[] JPEG_XMP_HEADER = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXIF_HEADER = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);

    private static final int TAG_ORIENTATION = TiffTagConstants.TIFF_TAG_ORIENTATION.tag;
    private static final int TAG_GPS_INFO = ExifTagConstants.EXIF_TAG_GPSINFO.tag;
    private static final int TAG_EXIF_IFD = ExifTagConstants.EXIF_TAG_EXIF_OFFSET.tag;
    private static final int TAG_XMP = TiffTagConstants.TIFF_TAG_XMP.tag;
    /** InterColorProfile (34675): an ICC profile embedded in a TIFF directory. */
    private static final int TAG_ICC_PROFILE = 34675;
    /**
     * Root-directory tags removed when an EXIF block is kept: pointers to image data (strips,
     * tiles, an embedded JPEG), SubIFDs (0x014A: further images, often full-size previews), XMP
     * (700: XMP travels as its own block and is checked there), IPTC-NAA (33723: never kept) and
     * Photoshop image resources (34377: can hold a thumbnail).
     */
    private static final int[] ROOT_TAGS_DROPPED = {
        TiffTagConstants.TIFF_TAG_STRIP_OFFSETS.tag, TiffTagConstants.TIFF_TAG_STRIP_BYTE_COUNTS.tag,
        TiffTagConstants.TIFF_TAG_TILE_OFFSETS.tag, TiffTagConstants.TIFF_TAG_TILE_BYTE_COUNTS.tag,
        TiffTagConstants.TIFF_TAG_JPEG_INTERCHANGE_FORMAT.tag,
        TiffTagConstants.TIFF_TAG_JPEG_INTERCHANGE_FORMAT_LENGTH.tag,
        0x014A, TAG_XMP, 33723, 34377};

    /**
     * XMP namespaces whose presence makes {@link MetadataPolicy#KEEP} drop the packet: embedded
     * thumbnails, and face regions that name the people shown.
     */
    private static final List<String> RISKY_XMP_NAMESPACES = List.of(
            "http://ns.adobe.com/xap/1.0/g/img/",
            "http://www.metadataworkinggroup.com/schemas/regions/",
            "http://ns.microsoft.com/photo/1.2/t/region",
            "http://iptc.org/std/iptc4xmpext/");

    private ExifBlocks() {}

    /** The orientation and the metadata kinds found in the first directory of a TIFF structure. */
    record Info(int orientation, Set<MetadataKind> kinds) {}

    /** Drops an {@code Exif\0\0} prefix some writers leave in front of the TIFF structure. */
    static byte[] stripExifHeader(byte[] block) {
        if (startsWith(block, EXIF_HEADER)) {
            return Arrays.copyOfRange(block, EXIF_HEADER.length, block.length);
        }
        return block;
    }

    /**
     * Reads the orientation (1 when absent) and the metadata kinds from the first directory of a
     * TIFF structure: an EXIF block ({@code tiffFile == false}: the block itself counts as EXIF) or
     * a whole TIFF file (EXIF, XMP and ICC are tags of its first directory).
     *
     * @throws IOException when the structure cannot be parsed
     */
    static Info inspect(byte[] tiff, boolean tiffFile) throws IOException {
        TiffContents contents = new TiffReader(false)
                .readFirstDirectory(ByteSource.array(tiff), false, FormatCompliance.getDefault());
        if (contents.directories.isEmpty()) {
            throw new ImagingException("no TIFF directory");
        }
        TiffDirectory root = contents.directories.get(0);
        int orientation = 1;
        Set<MetadataKind> kinds = EnumSet.noneOf(MetadataKind.class);
        if (!tiffFile) {
            kinds.add(MetadataKind.EXIF);
        }
        for (TiffField field : root.getDirectoryEntries()) {
            int tag = field.getTag();
            if (tag == TAG_ORIENTATION) {
                orientation = field.getIntValue();
            } else if (tag == TAG_GPS_INFO) {
                kinds.add(MetadataKind.GPS);
            } else if (tag == TAG_EXIF_IFD) {
                kinds.add(MetadataKind.EXIF);
            } else if (tag == TAG_XMP && tiffFile) {
                kinds.add(MetadataKind.XMP);
            } else if (tag == TAG_ICC_PROFILE && tiffFile) {
                kinds.add(MetadataKind.ICC_PROFILE);
            }
        }
        return new Info(orientation, kinds);
    }

    /**
     * A copy of an EXIF block fit to accompany the re-encoded, upright pixels: orientation 1, the
     * pixel dimensions of the output, and without the thumbnail (IFD1), the maker note, sub-IFDs,
     * pointers to image data, Photoshop resources, IPTC and embedded XMP, which could carry an
     * un-anonymized picture or names. GPS, camera and time tags are kept.
     *
     * @throws IOException when the block cannot be parsed or rewritten
     */
    static byte[] sanitizeForKeep(byte[] exif, int width, int height) throws IOException {
        TiffImagingParameters params = new TiffImagingParameters();
        params.setReadThumbnails(false);
        TiffImageMetadata metadata = (TiffImageMetadata) new TiffImageParser().getMetadata(ByteSource.array(exif), params);
        if (metadata == null) {
            throw new ImagingException("no TIFF directory");
        }
        TiffOutputSet full = metadata.getOutputSet();
        ByteOrder order = full.byteOrder;
        TiffOutputSet kept = new TiffOutputSet(order);
        for (TiffOutputDirectory dir : full.getDirectories()) {
            int type = dir.getType();
            if (type == TiffDirectoryConstants.DIRECTORY_TYPE_ROOT || type == TiffDirectoryConstants.DIRECTORY_TYPE_EXIF
                    || type == TiffDirectoryConstants.DIRECTORY_TYPE_GPS
                    || type == TiffDirectoryConstants.DIRECTORY_TYPE_INTEROPERABILITY) {
                kept.addDirectory(dir);
            }
        }
        TiffOutputDirectory root = kept.getOrCreateRootDirectory();
        for (int tag : ROOT_TAGS_DROPPED) {
            root.removeField(tag);
        }
        root.removeField(TiffTagConstants.TIFF_TAG_ORIENTATION);
        root.add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) 1);
        replaceLong(root, TiffTagConstants.TIFF_TAG_IMAGE_WIDTH, width, order);
        replaceLong(root, TiffTagConstants.TIFF_TAG_IMAGE_LENGTH, height, order);
        TiffOutputDirectory exifDir = kept.getExifDirectory();
        if (exifDir != null) {
            exifDir.removeField(ExifTagConstants.EXIF_TAG_MAKER_NOTE);
            replaceLong(exifDir, ExifTagConstants.EXIF_TAG_EXIF_IMAGE_WIDTH, width, order);
            replaceLong(exifDir, ExifTagConstants.EXIF_TAG_EXIF_IMAGE_LENGTH, height, order);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(exif.length + 64);
        new TiffImageWriterLossy(order).write(out, kept);
        return out.toByteArray();
    }

    /** Replaces a dimension field, when present, with a LONG holding {@code value}. */
    private static void replaceLong(TiffOutputDirectory dir, TagInfo tag, int value, ByteOrder order)
            throws ImagingException {
        if (dir.findField(tag) == null) {
            return;
        }
        dir.removeField(tag);
        dir.add(new TiffOutputField(tag, AbstractFieldType.LONG, 1,
                AbstractFieldType.LONG.writeData(new int[] {value}, order)));
    }

    /**
     * The XMP packet as XML: without the JPEG APP1 namespace header, and cut after the end of the
     * packet ({@code <?xpacket end=...?>}, else {@code </x:xmpmeta>}), because OpenCV's PNG reader
     * returns a few bytes past the text chunk; trailing NULs go too. Null when nothing is left.
     */
    static byte[] normalizeXmp(byte[] raw) {
        int start = startsWith(raw, JPEG_XMP_HEADER) ? JPEG_XMP_HEADER.length : 0;
        String text = new String(raw, StandardCharsets.ISO_8859_1); // 1 char per byte: indexes are byte offsets
        int end = raw.length;
        int trailer = text.lastIndexOf("<?xpacket end=");
        int close = trailer >= start ? text.indexOf("?>", trailer) : -1;
        if (close >= 0) {
            end = close + 2;
        } else {
            int meta = text.lastIndexOf("</x:xmpmeta>");
            if (meta >= start) {
                end = meta + "</x:xmpmeta>".length();
            }
        }
        while (end > start && raw[end - 1] == 0) {
            end--;
        }
        return end > start ? Arrays.copyOfRange(raw, start, end) : null;
    }

    /** Why an XMP packet must not be copied to an anonymized output, or null when it may be. */
    static String xmpRisk(byte[] xml) {
        String text = new String(xml, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        for (String ns : RISKY_XMP_NAMESPACES) {
            if (text.contains(ns)) {
                return ns.contains("/img/") ? "it embeds a thumbnail image (" + ns + ")"
                        : "it can hold face regions or names of the people shown (" + ns + ")";
            }
        }
        return null;
    }

    static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
