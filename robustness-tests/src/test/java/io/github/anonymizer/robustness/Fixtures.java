package io.github.anonymizer.robustness;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;

import io.github.anonymizer.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Makes the files of the bad-input corpus at test time: images encoded by OpenCV from a shared
 * photo, hand-built headers that lie about the size, decompression bombs, random bytes, truncated
 * copies. Nothing is committed as a binary. Stateless.
 */
final class Fixtures {

    private Fixtures() {}

    /** A photo with faces, shrunk to at most {@code maxWidth} pixels wide; the caller closes it. */
    static Mat photo(String smokeName, int maxWidth) {
        Mat full = opencv_imgcodecs.imread(SharedData.smoke(smokeName).toString(), IMREAD_COLOR);
        if (full.empty()) {
            full.close();
            throw new IllegalStateException("OpenCV cannot read the shared photo " + smokeName);
        }
        if (full.cols() <= maxWidth) {
            return full;
        }
        try (full; Size size = new Size(maxWidth, (int) Math.round(full.rows() * (double) maxWidth / full.cols()))) {
            Mat small = new Mat();
            opencv_imgproc.resize(full, small, size, 0, 0, opencv_imgproc.INTER_AREA);
            return small;
        }
    }

    /** The image encoded by OpenCV; {@code ext} like ".png"; {@code params} as for imencode. */
    static byte[] encode(Mat image, String ext, int... params) {
        try (BytePointer out = new BytePointer(); IntPointer p = new IntPointer(params)) {
            if (!opencv_imgcodecs.imencode(ext, image, out, p)) {
                throw new IllegalStateException("OpenCV cannot encode " + ext);
            }
            byte[] b = new byte[(int) out.limit()];
            out.get(b);
            return b;
        }
    }

    /** {@code src} converted with {@code cvtColor} code (or copied when the code is negative) and scaled to 16 bits when asked. */
    static Mat convert(Mat src, int code, boolean sixteenBit) {
        Mat m = new Mat();
        if (code >= 0) {
            opencv_imgproc.cvtColor(src, m, code);
        } else {
            src.copyTo(m);
        }
        if (sixteenBit) {
            Mat deep = new Mat();
            m.convertTo(deep, CV_16U, 257, 0);
            m.close();
            return deep;
        }
        return m;
    }

    static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] truncate(byte[] bytes, int length) {
        return Arrays.copyOf(bytes, length);
    }

    /**
     * A real PNG decompression bomb: {@code width x height} 8-bit gray pixels, all zero, so the
     * file is tiny but decoding allocates {@code width * height} bytes. Written row by row: making
     * it never holds the image in memory.
     */
    static byte[] pngBomb(int width, int height) {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9), 1 << 16)) {
            byte[] row = new byte[width + 1]; // filter byte 0 + zero pixels
            for (int y = 0; y < height; y++) {
                z.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", ihdr.array());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** A valid small JPEG whose frame header (SOF0) is rewritten to claim {@code width x height}. */
    static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
        byte[] b = jpeg.clone();
        for (int i = 2; i + 9 < b.length; ) {
            if ((b[i] & 0xFF) != 0xFF) {
                throw new IllegalStateException("not a marker at " + i);
            }
            int marker = b[i + 1] & 0xFF;
            int len = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            if (marker == 0xC0 || marker == 0xC2) {
                b[i + 5] = (byte) (height >> 8);
                b[i + 6] = (byte) height;
                b[i + 7] = (byte) (width >> 8);
                b[i + 8] = (byte) width;
                return b;
            }
            i += 2 + len;
        }
        throw new IllegalStateException("no SOF marker");
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        ByteBuffer len = ByteBuffer.allocate(4).putInt(data.length);
        out.writeBytes(len.array());
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file and folder under {@code dir} (not {@code dir} itself), as relative paths. */
    static java.util.List<String> tree(Path dir) {
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
