package io.github.anonymizer.core.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMAGE_METADATA_EXIF;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMAGE_METADATA_ICCP;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMAGE_METADATA_XMP;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_COMPRESSION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;

import io.github.anonymizer.api.MediaException;
import io.github.anonymizer.api.UnsupportedFrameException;
import java.awt.Dimension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.imaging.Imaging;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;

/**
 * Reads and writes still images (JPEG, PNG, BMP, TIFF, WebP) for the anonymizer.
 *
 * <p><b>Reading</b> ({@link #read(Path, ReadOptions)}): the format is found from the file's
 * content (magic bytes), whatever its name; the size declared in the header is checked against
 * {@link ReadOptions#maxPixels()} before any pixel memory is allocated; OpenCV decodes the bytes
 * keeping bit depth, gray/colour and alpha; the EXIF orientation is applied so that the pixels
 * are upright as a viewer shows them. Empty, truncated, corrupt or unsupported files give a
 * {@link MediaException} naming the file and the reason; no OpenCV exception escapes.
 *
 * <p><b>Writing</b> ({@link #write(Mat, Path, ImageFormat, WriteOptions, DecodedImage)}): encodes in
 * memory, then replaces the output atomically (temporary file in the same directory, renamed into
 * place), so a failure never leaves a partial file. Metadata is stripped unless
 * {@link WriteOptions#metadata()} asks otherwise. The input file is never overwritten.
 *
 * <p>Stateless and thread-safe: any number of threads may read and write different files at once.
 */
public final class ImageFiles {

    /** Files are read into one Java array; larger ones are refused. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 16;

    private static final String SUPPORTED = "JPEG, PNG, BMP, TIFF or WebP";

    private ImageFiles() {}

    // ------------------------------------------------------------------ reading

    /** Reads an image with {@link ReadOptions#defaults()}. */
    public static DecodedImage read(Path file) {
        return read(file, ReadOptions.defaults());
    }

    /**
     * Reads an image file: upright pixels in 8U/16U x gray/BGR/BGRA, its format, and the metadata
     * the writer may carry over.
     *
     * @return the image; the caller owns it and must close it
     * @throws MediaException naming the file when it is missing, not a regular file, unreadable,
     *     empty, not one of the supported formats, larger than the pixel limit, or corrupt
     * @throws NullPointerException for null arguments
     */
    public static DecodedImage read(Path file, ReadOptions options) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        Path path = file.toAbsolutePath().normalize();
        byte[] bytes = readAll(path);
        ImageFormat format = ImageFormat.detect(bytes).orElseThrow(() -> new MediaException(path, notAnImage(path, bytes)));
        List<String> warnings = new ArrayList<>();
        ImageFormat.fromExtension(path).filter(f -> f != format).ifPresent(f -> warnings.add(
                "the file name says " + f + " but the content is " + format + "; read as " + format));
        Dimension declared = declaredSize(path, format, bytes);
        long pixels = (long) declared.width * declared.height;
        if (pixels > options.maxPixels()) {
            throw new MediaException(path, String.format(Locale.ROOT,
                    "the image is %dx%d pixels (%.1f megapixels), more than the limit of %d pixels "
                            + "(%.1f megapixels); this guards against decompression bombs. If you trust "
                            + "this file, raise the limit with the option %s (ReadOptions.withMaxPixels)",
                    declared.width, declared.height, pixels / 1e6, options.maxPixels(),
                    options.maxPixels() / 1e6, ReadOptions.MAX_PIXELS_OPTION));
        }
        return decode(path, format, bytes, declared, warnings);
    }

    /**
     * The supported format the file's content starts like, or empty for anything else (including
     * missing or unreadable files and directories). Reads only the first bytes.
     */
    public static Optional<ImageFormat> detectFormat(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return ImageFormat.detect(in.readNBytes(ImageFormat.MAGIC_LENGTH));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@link #read} should be tried on this file: a regular file whose content starts like
     * a supported format. Meant for directory scans: cheap (reads the first bytes), never throws for
     * I/O problems. A file that passes can still be refused by {@code read} (corrupt, too large).
     */
    public static boolean isSupportedImage(Path file) {
        return detectFormat(file).isPresent();
    }

    private static byte[] readAll(Path path) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            if (attrs.isDirectory()) {
                throw new MediaException(path, "is a directory, not an image file");
            }
            if (!attrs.isRegularFile()) {
                throw new MediaException(path, "is not a regular file");
            }
            if (attrs.size() > MAX_FILE_BYTES) {
                throw new MediaException(path, "the file is too large to read (" + attrs.size()
                        + " bytes; at most " + MAX_FILE_BYTES + ")");
            }
            byte[] bytes = Files.readAllBytes(path);
            if (bytes.length == 0) {
                throw new MediaException(path, "the file is empty (0 bytes)");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new MediaException(path, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new MediaException(path, "permission denied", e);
        } catch (IOException e) {
            throw new MediaException(path, "cannot read the file: " + AtomicFileWriter.describe(e), e);
        } catch (OutOfMemoryError e) {
            throw new MediaException(path, "not enough Java heap to read the file", e);
        }
    }

    private static String notAnImage(Path path, byte[] bytes) {
        StringBuilder sb = new StringBuilder("not a supported image (" + SUPPORTED + "): the content starts with");
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            sb.append(String.format(Locale.ROOT, " %02x", bytes[i] & 0xFF));
        }
        String other = otherKnownFormat(bytes);
        if (other != null) {
            sb.append(", which looks like ").append(other);
        }
        ImageFormat.fromExtension(path).ifPresent(f -> sb.append("; the name suggests ").append(f)
                .append(" but the content is not ").append(f));
        return sb.toString();
    }

    /** Names a few common image formats we do not read, for a friendlier message. */
    private static String otherKnownFormat(byte[] b) {
        if (b.length >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "a GIF image";
        }
        if (b.length >= 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
            return "a HEIF/AVIF image or ISO media file (brand '" + new String(b, 8, 4, java.nio.charset.StandardCharsets.US_ASCII) + "')";
        }
        return null;
    }

    private static Dimension declaredSize(Path path, ImageFormat format, byte[] bytes) {
        Dimension d;
        try {
            d = Imaging.getImageSize(bytes);
        } catch (IOException | RuntimeException e) {
            throw new MediaException(path, "corrupt, truncated or unsupported " + format + " header ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
        if (d != null && format == ImageFormat.BMP && d.height < 0 && d.height != Integer.MIN_VALUE) {
            // a negative BMP height means rows stored top-down; the image is |height| tall
            d = new Dimension(d.width, -d.height);
        }
        if (d == null || d.width <= 0 || d.height <= 0) {
            throw new MediaException(path, "corrupt " + format + " header: it declares a size of "
                    + (d == null ? "nothing" : d.width + "x" + d.height));
        }
        return d;
    }

    private static DecodedImage decode(Path path, ImageFormat format, byte[] bytes, Dimension declared,
            List<String> warnings) {
        Mat image = null;
        byte[] exif = null;
        byte[] xmp = null;
        byte[] icc = null;
        try (BytePointer data = new BytePointer(bytes);
                Mat buffer = new Mat(1, bytes.length, CV_8UC1, data);
                IntPointer types = new IntPointer();
                MatVector blobs = new MatVector()) {
            image = opencv_imgcodecs.imdecodeWithMetadata(buffer, types, blobs, IMREAD_UNCHANGED);
            for (int i = 0; i < blobs.size(); i++) {
                byte[] blob = toBytes(blobs.get(i));
                int type = types.get(i);
                if (type == IMAGE_METADATA_EXIF && blob.length > 0) {
                    exif = ExifBlocks.stripExifHeader(blob);
                } else if (type == IMAGE_METADATA_XMP) {
                    xmp = ExifBlocks.normalizeXmp(blob);
                } else if (type == IMAGE_METADATA_ICCP && blob.length > 0) {
                    icc = blob;
                }
            }
        } catch (RuntimeException e) {
            closeQuietly(image);
            throw new MediaException(path, "cannot decode the " + format + " data: " + firstLine(e), e);
        }
        if (image == null || image.isNull() || image.empty()) {
            closeQuietly(image);
            throw new MediaException(path, "cannot decode the " + format
                    + " data: it is corrupt or truncated (OpenCV decoded nothing)");
        }
        Mat current = image;
        boolean handedOver = false;
        try {
            boolean same = image.cols() == declared.width && image.rows() == declared.height;
            boolean swapped = image.cols() == declared.height && image.rows() == declared.width;
            // OpenCV's TIFF decoder applies the TIFF orientation itself; the other decoders do not.
            if (!same && !(swapped && format == ImageFormat.TIFF)) {
                throw new MediaException(path, "the decoded size " + image.cols() + "x" + image.rows()
                        + " does not match the size in the header (" + declared.width + "x" + declared.height + ")");
            }
            try {
                Mat normalized = MatOps.normalizeLayout(current);
                if (normalized != current) {
                    current.close();
                    current = normalized;
                }
            } catch (IllegalArgumentException e) {
                throw new MediaException(path, e.getMessage(), e);
            }
            Set<MetadataKind> kinds = EnumSet.noneOf(MetadataKind.class);
            int orientation = 1;
            byte[] tiffStructure = format == ImageFormat.TIFF ? bytes : exif;
            if (tiffStructure != null) {
                try {
                    ExifBlocks.Info info = ExifBlocks.inspect(tiffStructure, format == ImageFormat.TIFF);
                    kinds.addAll(info.kinds());
                    orientation = info.orientation();
                    if (orientation < 1 || orientation > 8) {
                        warnings.add("invalid orientation " + orientation + " in the file; treated as 1 (upright)");
                        orientation = 1;
                    }
                } catch (IOException | RuntimeException e) {
                    warnings.add("the " + (format == ImageFormat.TIFF ? "TIFF directory" : "EXIF block")
                            + " could not be parsed (" + firstLine(e) + "); orientation assumed upright");
                }
            }
            if (format != ImageFormat.TIFF) {
                if (exif != null) {
                    kinds.add(MetadataKind.EXIF);
                }
                Mat upright = MatOps.upright(current, orientation);
                if (upright != current) {
                    current.close();
                    current = upright;
                }
            }
            if (xmp != null) {
                kinds.add(MetadataKind.XMP);
            }
            if (icc != null) {
                kinds.add(MetadataKind.ICC_PROFILE);
            }
            SourceMetadata metadata = format == ImageFormat.TIFF
                    ? new SourceMetadata(null, null, null, kinds)
                    : new SourceMetadata(exif, xmp, icc, kinds);
            boolean lossless = format == ImageFormat.WEBP && isLosslessWebp(bytes);
            DecodedImage result = new DecodedImage(path, format, current, orientation, lossless, metadata, warnings);
            handedOver = true;
            return result;
        } catch (MediaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MediaException(path, "cannot process the decoded " + format + " image: " + firstLine(e), e);
        } finally {
            if (!handedOver) {
                closeQuietly(current);
            }
        }
    }

    /** Whether a WebP file holds lossless (VP8L) data rather than lossy (VP8) data. */
    static boolean isLosslessWebp(byte[] b) {
        int pos = 12;
        while (pos + 8 <= b.length) {
            String fourcc = new String(b, pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (fourcc.equals("VP8L")) {
                return true;
            }
            if (fourcc.equals("VP8 ")) {
                return false;
            }
            long size = (b[pos + 4] & 0xFFL) | (b[pos + 5] & 0xFFL) << 8 | (b[pos + 6] & 0xFFL) << 16
                    | (b[pos + 7] & 0xFFL) << 24;
            pos += 8 + size + (size & 1);
            if (pos > b.length) {
                break;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes a decoded image back in its own format: shorthand for
     * {@code write(image.mat(), output, image.format(), options, image)}.
     *
     * @throws IllegalStateException when {@code image} is closed
     */
    public static WriteResult write(DecodedImage image, Path output, WriteOptions options) {
        Objects.requireNonNull(image, "image");
        return write(image.mat(), output, image.format(), options, image);
    }

    /**
     * Encodes {@code image} as {@code format} and puts it at {@code output} atomically.
     *
     * <p>The output directory is created when missing. An existing output file is replaced. With
     * {@link MetadataPolicy#STRIP} (the default) the file holds pixels only; other policies copy
     * metadata from {@code sourceOrNull} as far as the format allows, and
     * {@link WriteResult#warnings()} says what could not be kept. A lossless WebP source is written
     * lossless.
     *
     * @param image the pixels: 8U or 16U, 1, 3 or 4 channels, as {@code format} can store them
     *     ({@link ImageFormat#canStore})
     * @param output the file to write; its extension is not used to pick the format (a mismatch
     *     gives a warning)
     * @param format the format to write, usually {@link DecodedImage#format()} of the source
     * @param options encoder settings and metadata policy
     * @param sourceOrNull the image read from the input, or null: used to refuse overwriting the
     *     input file, to keep lossless WebP lossless, and as the metadata to keep
     * @return what was written
     * @throws MediaException naming the file when the output is the input file (also through
     *     links or {@code ..}), is a directory, its directory cannot be created or written, or
     *     encoding or writing fails; nothing is left at {@code output} then (an existing file stays
     *     untouched)
     * @throws UnsupportedFrameException when {@code format} cannot store the image's layout (for
     *     example 16-bit or BGRA as JPEG)
     * @throws NullPointerException for null arguments other than {@code sourceOrNull}
     */
    public static WriteResult write(Mat image, Path output, ImageFormat format, WriteOptions options,
            DecodedImage sourceOrNull) {
        return write(image, output, format, options, sourceOrNull, AtomicFileWriter.DEFAULT);
    }

    static WriteResult write(Mat image, Path output, ImageFormat format, WriteOptions options,
            DecodedImage sourceOrNull, AtomicFileWriter writer) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(options, "options");
        Path target = output.toAbsolutePath().normalize();
        if (target.getFileName() == null) {
            throw new MediaException(target, "is not a file path");
        }
        requireStorable(image, format, target);
        refuseInput(target, sourceOrNull);
        if (Files.isDirectory(target)) {
            throw new MediaException(target, "is a directory; give a file path for the output");
        }
        prepareDirectory(target.getParent());

        List<String> warnings = new ArrayList<>();
        ImageFormat.fromExtension(target).filter(f -> f != format).ifPresent(f -> warnings.add(
                "the output name says " + f + " but the file is written as " + format));
        MetadataPlan plan = MetadataPlan.of(format, options.metadata(), sourceOrNull, image.cols(), image.rows(), warnings);
        int[] params = encoderParams(format, options, sourceOrNull);
        byte[] encoded;
        Set<MetadataKind> kept = plan.kinds();
        try {
            encoded = encode(image, format, params, plan);
        } catch (RuntimeException e) {
            if (plan.isEmpty()) {
                throw new MediaException(target, "cannot encode the image as " + format + ": " + firstLine(e), e);
            }
            warnings.add("the metadata could not be written (" + firstLine(e) + "); the file was written without metadata");
            kept = Set.of();
            try {
                encoded = encode(image, format, params, MetadataPlan.NONE);
            } catch (RuntimeException e2) {
                throw new MediaException(target, "cannot encode the image as " + format + ": " + firstLine(e2), e2);
            }
        }
        writer.write(target, encoded);
        return new WriteResult(target, format, encoded.length, kept, warnings);
    }

    private static void requireStorable(Mat image, ImageFormat format, Path target) {
        if (image.isNull() || image.empty() || image.dims() != 2) {
            throw new UnsupportedFrameException("cannot write an empty or non-2-D image to " + target);
        }
        if (!format.canStore(image.depth(), image.channels())) {
            throw new UnsupportedFrameException("cannot write a " + MatOps.describe(image) + " image as "
                    + format + " to " + target + ": " + format + " stores " + format.storableLayouts()
                    + "; convert the image or choose another format");
        }
    }

    /** Refuses to write over the file the image was read from (same file, whatever the path). */
    private static void refuseInput(Path target, DecodedImage source) {
        if (source == null) {
            return;
        }
        Path input = source.source();
        boolean same = target.equals(input);
        if (!same && Files.exists(target)) {
            try {
                same = Files.isSameFile(input, target);
            } catch (IOException e) {
                same = false; // the input is gone or unreadable: there is nothing of it to overwrite
            }
        }
        if (same) {
            throw new MediaException(target, "is the input file " + input
                    + "; the anonymizer never overwrites its input: choose another output path");
        }
    }

    private static void prepareDirectory(Path dir) {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new MediaException(dir, "the output directory is not a directory");
            }
        } else {
            try {
                Files.createDirectories(dir);
            } catch (FileAlreadyExistsException e) {
                throw new MediaException(dir, "cannot create the output directory: " + e.getFile()
                        + " exists and is not a directory", e);
            } catch (IOException e) {
                throw new MediaException(dir, "cannot create the output directory: " + AtomicFileWriter.describe(e), e);
            }
        }
        if (!Files.isWritable(dir)) {
            throw new MediaException(dir, "the output directory is not writable");
        }
    }

    private static int[] encoderParams(ImageFormat format, WriteOptions options, DecodedImage source) {
        switch (format) {
            case JPEG:
                return new int[] {IMWRITE_JPEG_QUALITY, options.jpegQuality()};
            case PNG:
                return new int[] {IMWRITE_PNG_COMPRESSION, options.pngCompression()};
            case WEBP:
                boolean lossless = source != null && source.format() == ImageFormat.WEBP && source.losslessWebp();
                // OpenCV writes lossless WebP for a quality above 100
                return new int[] {IMWRITE_WEBP_QUALITY, lossless ? 101 : options.webpQuality()};
            default:
                return new int[0];
        }
    }

    private static byte[] encode(Mat image, ImageFormat format, int[] params, MetadataPlan plan) {
        try (BytePointer out = new BytePointer();
                IntPointer paramPtr = new IntPointer(params);
                IntPointer types = new IntPointer(plan.types());
                MatVector blobs = new MatVector(plan.blobs().size())) {
            List<Mat> owned = new ArrayList<>();
            try {
                for (int i = 0; i < plan.blobs().size(); i++) {
                    byte[] blob = plan.blobs().get(i);
                    Mat m = new Mat(1, blob.length, CV_8UC1);
                    owned.add(m);
                    m.data().put(blob);
                    blobs.put(i, m);
                }
                boolean ok = plan.isEmpty()
                        ? opencv_imgcodecs.imencode(format.defaultExtension(), image, out, paramPtr)
                        : opencv_imgcodecs.imencodeWithMetadata(format.defaultExtension(), image, types, blobs, out, paramPtr);
                if (!ok || out.limit() <= 0) {
                    throw new IllegalStateException("the " + format + " encoder reported failure");
                }
                if (out.limit() > Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("the encoded image is larger than 2 GB");
                }
                byte[] bytes = new byte[(int) out.limit()];
                out.get(bytes);
                return bytes;
            } finally {
                for (Mat m : owned) {
                    m.close();
                }
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] toBytes(Mat m) {
        long n = m.total() * m.elemSize();
        if (n <= 0) {
            return new byte[0];
        }
        byte[] b = new byte[(int) n];
        m.data().get(b);
        return b;
    }

    private static void closeQuietly(Mat m) {
        if (m != null) {
            m.close();
        }
    }

    /** The first line of an exception's message (OpenCV messages run over several lines). */
    static String firstLine(Throwable e) {
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            return e.getClass().getSimpleName();
        }
        msg = msg.strip();
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl).strip();
    }
}
