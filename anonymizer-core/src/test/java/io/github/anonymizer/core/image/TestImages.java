package io.github.anonymizer.core.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import io.github.anonymizer.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.common.ImageMetadata;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.png.PngImageMetadata;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.write.TiffImageWriterLossy;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.apache.commons.imaging.formats.webp.WebPImageMetadata;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;

/** Fixtures and inspection helpers for the image tests. Stateless. */
final class TestImages {

    private TestImages() {}

    /** A 360x480 (portrait, non-square) JPEG photo with faces. */
    static Path portraitJpeg() {
        return SharedData.faces("dlib").resolve("images").resolve("2008_001009.jpg");
    }

    /** The pixels of {@link #portraitJpeg()} as OpenCV decodes them (8-bit BGR); the caller closes the Mat. */
    static Mat portraitPixels() {
        try {
            return decode(Files.readAllBytes(portraitJpeg()), opencv_imgcodecs.IMREAD_UNCHANGED);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A 512x512 RGB PNG photo. */
    static Path astronautPng() {
        return SharedData.smoke("skimage_astronaut.png");
    }

    /** Decodes with OpenCV directly (IMREAD_UNCHANGED unless told). */
    static Mat decode(byte[] bytes, int flags) {
        try (BytePointer p = new BytePointer(bytes); Mat buf = new Mat(1, bytes.length, CV_8UC1, p)) {
            return opencv_imgcodecs.imdecode(buf, flags);
        }
    }

    /** Encodes with OpenCV directly. */
    static byte[] encode(String ext, Mat m, int... params) {
        try (BytePointer out = new BytePointer(); IntPointer p = new IntPointer(params)) {
            if (!opencv_imgcodecs.imencode(ext, m, out, p)) {
                throw new IllegalStateException("encode failed " + ext);
            }
            byte[] b = new byte[(int) out.limit()];
            out.get(b);
            return b;
        }
    }

    /** Encodes with OpenCV, attaching metadata blocks (types: IMAGE_METADATA_*). */
    static byte[] encodeWithMetadata(String ext, Mat m, int[] types, List<byte[]> blobs, int... params) {
        List<Mat> owned = new ArrayList<>();
        try (BytePointer out = new BytePointer(); IntPointer p = new IntPointer(params);
                IntPointer t = new IntPointer(types); MatVector v = new MatVector(blobs.size())) {
            for (int i = 0; i < blobs.size(); i++) {
                Mat b = new Mat(1, blobs.get(i).length, CV_8UC1);
                b.data().put(blobs.get(i));
                owned.add(b);
                v.put(i, b);
            }
            if (!opencv_imgcodecs.imencodeWithMetadata(ext, m, t, v, out, p)) {
                throw new IllegalStateException("encode failed " + ext);
            }
            byte[] b = new byte[(int) out.limit()];
            out.get(b);
            return b;
        } finally {
            owned.forEach(Mat::close);
        }
    }

    /** The pixel bytes of a continuous Mat. */
    static byte[] pixels(Mat m) {
        Mat c = m.isContinuous() ? m : m.clone();
        byte[] b = new byte[(int) (c.total() * c.elemSize())];
        c.data().get(b);
        if (c != m) {
            c.close();
        }
        return b;
    }

    /** Mean absolute difference over all samples; the Mats must have the same size and type. */
    static double meanAbsDiff(Mat a, Mat b) {
        if (a.cols() != b.cols() || a.rows() != b.rows() || a.type() != b.type()) {
            throw new AssertionError("size/type differ: " + MatOps.describe(a) + " vs " + MatOps.describe(b));
        }
        try (Mat d = new Mat()) {
            opencv_core.absdiff(a, b, d);
            double[] s = new double[4];
            opencv_core.mean(d).get(s);
            double sum = 0;
            for (int i = 0; i < a.channels(); i++) {
                sum += s[i];
            }
            return sum / a.channels();
        }
    }

    /** The EXIF block of a JPEG, PNG or WebP file as Commons Imaging reads it, or null. */
    static TiffImageMetadata exifOf(byte[] file) throws IOException {
        ImageMetadata md = Imaging.getMetadata(file);
        if (md instanceof JpegImageMetadata) {
            return ((JpegImageMetadata) md).getExif();
        }
        if (md instanceof PngImageMetadata) {
            return ((PngImageMetadata) md).getExif();
        }
        if (md instanceof WebPImageMetadata) {
            return ((WebPImageMetadata) md).getExif();
        }
        if (md instanceof TiffImageMetadata) {
            return (TiffImageMetadata) md;
        }
        return null;
    }

    /** A TiffOutputSet serialized as a raw EXIF block (TIFF structure). */
    static byte[] exifBlock(TiffOutputSet set) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TiffImageWriterLossy(set.byteOrder).write(out, set);
        return out.toByteArray();
    }

    /** The marker segments of a JPEG before the first SOS, as "APP1", "DQT", "COM", ... */
    static List<String> jpegSegments(byte[] b) {
        List<String> names = new ArrayList<>();
        int pos = 2;
        while (pos + 4 <= b.length && (b[pos] & 0xFF) == 0xFF) {
            int marker = b[pos + 1] & 0xFF;
            int len = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
            names.add(jpegMarkerName(marker));
            if (marker == 0xDA) {
                break;
            }
            pos += 2 + len;
        }
        return names;
    }

    private static String jpegMarkerName(int m) {
        if (m >= 0xE0 && m <= 0xEF) {
            return "APP" + (m - 0xE0);
        }
        switch (m) {
            case 0xDB: return "DQT";
            case 0xC4: return "DHT";
            case 0xDA: return "SOS";
            case 0xFE: return "COM";
            case 0xDD: return "DRI";
            default:
                return (m >= 0xC0 && m <= 0xCF) ? "SOF" : String.format("FF%02X", m);
        }
    }

    /** The chunk types of a PNG file, in order. */
    static List<String> pngChunks(byte[] b) {
        List<String> names = new ArrayList<>();
        int pos = 8;
        while (pos + 8 <= b.length) {
            int len = ByteBuffer.wrap(b, pos, 4).getInt();
            names.add(new String(b, pos + 4, 4, StandardCharsets.US_ASCII));
            pos += 12 + len;
        }
        return names;
    }

    /** The chunk FourCCs of a WebP (RIFF) file, in order. */
    static List<String> webpChunks(byte[] b) {
        List<String> names = new ArrayList<>();
        int pos = 12;
        while (pos + 8 <= b.length) {
            int len = ByteBuffer.wrap(b, pos + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            names.add(new String(b, pos, 4, StandardCharsets.US_ASCII));
            pos += 8 + len + (len & 1);
        }
        return names;
    }

    /**
     * A PNG built by hand: {@code raw} holds the unfiltered scanlines (filter byte 0 is added
     * here). With {@code raw == null}, a small IDAT that does not match the declared size.
     */
    static byte[] png(int width, int height, int bitDepth, int colorType, byte[] raw, byte[] plte) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(width).putInt(height).put((byte) bitDepth).put((byte) colorType).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        if (plte != null) {
            chunk(out, "PLTE", plte);
        }
        byte[] filtered;
        if (raw == null) {
            filtered = new byte[64];
        } else {
            int rowBytes = raw.length / height;
            filtered = new byte[raw.length + height];
            for (int y = 0; y < height; y++) {
                System.arraycopy(raw, y * rowBytes, filtered, y * (rowBytes + 1) + 1, rowBytes);
            }
        }
        Deflater deflater = new Deflater();
        deflater.setInput(filtered);
        deflater.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!deflater.finished()) {
            z.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        chunk(out, "IDAT", z.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    /**
     * An uncompressed little-endian TIFF built by hand from a gray or BGR Mat (8U or 16U), with
     * the given Orientation tag (274).
     */
    static byte[] tiff(Mat m, int orientation) {
        int w = m.cols();
        int h = m.rows();
        int spp = m.channels();
        int bps = m.depth() == opencv_core.CV_16U ? 16 : 8;
        byte[] px;
        if (spp == 3) {
            try (Mat rgb = new Mat()) {
                org.bytedeco.opencv.global.opencv_imgproc.cvtColor(m, rgb, org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB);
                px = pixels(rgb);
            }
        } else {
            px = pixels(m); // native order is little-endian on every platform we run
        }
        int entries = 11;
        int ifdOffset = 8;
        int ifdSize = 2 + entries * 12 + 4;
        int bpsOffset = ifdOffset + ifdSize;
        int dataOffset = bpsOffset + 8;
        ByteBuffer b = ByteBuffer.allocate(dataOffset + px.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifdOffset);
        b.putShort((short) entries);
        entry(b, 256, 4, 1, w);                                   // ImageWidth
        entry(b, 257, 4, 1, h);                                   // ImageLength
        if (spp == 3) {
            b.putShort((short) 258).putShort((short) 3).putInt(3).putInt(bpsOffset); // BitsPerSample x3
        } else {
            entry(b, 258, 3, 1, bps);
        }
        entry(b, 259, 3, 1, 1);                                   // Compression none
        entry(b, 262, 3, 1, spp == 3 ? 2 : 1);                    // Photometric RGB / BlackIsZero
        entry(b, 273, 4, 1, dataOffset);                          // StripOffsets
        entry(b, 274, 3, 1, orientation);                         // Orientation
        entry(b, 277, 3, 1, spp);                                 // SamplesPerPixel
        entry(b, 278, 4, 1, h);                                   // RowsPerStrip
        entry(b, 279, 4, 1, px.length);                           // StripByteCounts
        entry(b, 284, 3, 1, 1);                                   // PlanarConfiguration chunky
        b.putInt(0);                                              // no next IFD
        b.putShort((short) bps).putShort((short) bps).putShort((short) bps).putShort((short) 0);
        b.put(px);
        return b.array();
    }

    private static void entry(ByteBuffer b, int tag, int type, int count, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == 3) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt(value);
        }
    }

    /** The stored pixels for a wanted upright image and an orientation: the inverse transform. */
    static Mat storedFor(Mat upright, int orientation) {
        Mat out = new Mat();
        switch (orientation) {
            case 1: upright.copyTo(out); break;
            case 2: opencv_core.flip(upright, out, 1); break;
            case 3: opencv_core.flip(upright, out, -1); break;
            case 4: opencv_core.flip(upright, out, 0); break;
            case 5: opencv_core.transpose(upright, out); break;
            case 6: opencv_core.rotate(upright, out, opencv_core.ROTATE_90_COUNTERCLOCKWISE); break;
            case 7:
                try (Mat r = new Mat()) {
                    opencv_core.rotate(upright, r, opencv_core.ROTATE_180);
                    opencv_core.transpose(r, out);
                }
                break;
            case 8: opencv_core.rotate(upright, out, opencv_core.ROTATE_90_CLOCKWISE); break;
            default: throw new IllegalArgumentException("orientation " + orientation);
        }
        return out;
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
