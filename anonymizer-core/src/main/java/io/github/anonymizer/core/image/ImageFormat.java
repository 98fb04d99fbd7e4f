package io.github.anonymizer.core.image;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The still-image formats the anonymizer reads and writes, with their file extensions, their
 * magic bytes and the pixel layouts each can store.
 *
 * <p>Immutable and thread-safe.
 */
public enum ImageFormat {
    /** JPEG/JFIF/EXIF: 8-bit gray or BGR, lossy. */
    JPEG(".jpg", List.of("jpg", "jpeg", "jpe", "jfif"), false, true, true),
    /** PNG: 8 or 16 bit, gray, BGR or BGRA, lossless (also palette and gray+alpha on input). */
    PNG(".png", List.of("png"), true, true, true),
    /** Windows bitmap: 8-bit gray, BGR or BGRA, uncompressed. */
    BMP(".bmp", List.of("bmp", "dib"), false, true, false),
    /** TIFF (first page only): 8 or 16 bit, gray, BGR or BGRA. */
    TIFF(".tif", List.of("tif", "tiff"), true, true, false),
    /** WebP: 8-bit BGR or BGRA, lossy or lossless. */
    WEBP(".webp", List.of("webp"), false, false, true);

    /** How many leading bytes {@link #detect(byte[])} looks at. */
    public static final int MAGIC_LENGTH = 12;

    private final String defaultExtension;
    private final List<String> extensions;
    private final boolean sixteenBit;
    private final boolean gray;
    private final boolean metadataWritable;

    ImageFormat(String defaultExtension, List<String> extensions, boolean sixteenBit, boolean gray,
            boolean metadataWritable) {
        this.defaultExtension = defaultExtension;
        this.extensions = extensions;
        this.sixteenBit = sixteenBit;
        this.gray = gray;
        this.metadataWritable = metadataWritable;
    }

    /** The usual extension with its dot, for example {@code ".jpg"}. */
    public String defaultExtension() {
        return defaultExtension;
    }

    /** Every lower-case extension (without dot) this format is known by, for example {@code jpg, jpeg}. */
    public List<String> extensions() {
        return extensions;
    }

    /**
     * Whether the writer can store EXIF, XMP and ICC profiles in this format (JPEG, PNG, WebP).
     * TIFF and BMP output never carries metadata; see {@link MetadataPolicy}.
     */
    public boolean canKeepMetadata() {
        return metadataWritable;
    }

    /**
     * Whether this format can store a frame of the given OpenCV depth ({@code CV_8U}, {@code CV_16U})
     * and channel count (1, 3, 4) without losing information.
     */
    public boolean canStore(int depth, int channels) {
        if (depth != CV_8U && !(depth == CV_16U && sixteenBit)) {
            return false;
        }
        switch (channels) {
            case 1:
                return gray;
            case 3:
                return true;
            case 4:
                return this != JPEG;
            default:
                return false;
        }
    }

    /** For messages: the layouts {@link #canStore} accepts. */
    String storableLayouts() {
        StringBuilder sb = new StringBuilder(sixteenBit ? "8 or 16 bit" : "8 bit");
        sb.append(gray ? " gray, BGR" : " BGR");
        if (this != JPEG) {
            sb.append(" or BGRA");
        }
        return sb.toString();
    }

    /** The format a file name's extension stands for (case-insensitive), if any. */
    public static Optional<ImageFormat> fromExtension(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return Optional.empty();
        }
        String s = name.toString();
        int dot = s.lastIndexOf('.');
        if (dot < 0 || dot == s.length() - 1) {
            return Optional.empty();
        }
        String ext = s.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (ImageFormat f : values()) {
            if (f.extensions.contains(ext)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * The format the content starts like (magic bytes), if any. Looks only at the first
     * {@link #MAGIC_LENGTH} bytes; a shorter array can still match (BMP needs 2 bytes, TIFF 4).
     */
    public static Optional<ImageFormat> detect(byte[] head) {
        int n = head.length;
        if (n >= 3 && u(head, 0) == 0xFF && u(head, 1) == 0xD8 && u(head, 2) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (n >= 8 && startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (n >= 12 && startsWith(head, 'R', 'I', 'F', 'F') && head[8] == 'W' && head[9] == 'E'
                && head[10] == 'B' && head[11] == 'P') {
            return Optional.of(WEBP);
        }
        // classic TIFF (42) and BigTIFF (43), both byte orders
        if (n >= 4 && ((head[0] == 'I' && head[1] == 'I' && (head[2] == 42 || head[2] == 43) && head[3] == 0)
                || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && (head[3] == 42 || head[3] == 43)))) {
            return Optional.of(TIFF);
        }
        if (n >= 2 && head[0] == 'B' && head[1] == 'M') {
            return Optional.of(BMP);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] b, int... expected) {
        for (int i = 0; i < expected.length; i++) {
            if (u(b, i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }
}
