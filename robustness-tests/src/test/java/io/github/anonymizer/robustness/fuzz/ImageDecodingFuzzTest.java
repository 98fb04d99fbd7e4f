package io.github.anonymizer.robustness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.anonymizer.api.MediaException;
import io.github.anonymizer.core.image.DecodedImage;
import io.github.anonymizer.core.image.ImageFiles;
import io.github.anonymizer.core.image.ImageFormat;
import io.github.anonymizer.core.image.ReadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Fuzzes the image decoding entry points ({@link ImageFiles#read}, {@link ImageFiles#detectFormat},
 * {@link ImageFormat#detect}): whatever the bytes, they either give an upright 8/16-bit image of 1,
 * 3 or 4 channels within the pixel limit, or a {@link MediaException} naming the file; nothing else
 * escapes, nothing crashes the JVM, memory stays within the pixel limit.
 *
 * <p>Half of the inputs are raw bytes; the other half start from a small valid image of each
 * format, made at class load by OpenCV (no committed binaries), then damaged where the fuzzer says:
 * cut, bytes overwritten, header fields set to extreme values. In regression mode (a plain {@code
 * mvn test}) only the empty input runs; {@code JAZZER_FUZZ=1} fuzzes for the test's maxDuration
 * (the build runs that in its own surefire execution, see the module's pom).
 */
class ImageDecodingFuzzTest {

    private static final ReadOptions LIMIT = ReadOptions.defaults().withMaxPixels(4_000_000);
    private static final List<byte[]> TEMPLATES = templates();
    private static final Path FILE = tempFile();

    @FuzzTest(maxDuration = "30s")
    void decode(FuzzedDataProvider data) throws IOException {
        byte[] bytes;
        if (data.consumeBoolean()) {
            bytes = data.consumeRemainingAsBytes();
        } else {
            byte[] t = TEMPLATES.get(data.consumeInt(0, TEMPLATES.size() - 1)).clone();
            int edits = data.consumeInt(0, 8);
            for (int i = 0; i < edits && t.length > 0; i++) {
                int at = data.consumeInt(0, t.length - 1);
                byte[] patch = data.consumeBytes(data.consumeInt(1, 4));
                System.arraycopy(patch, 0, t, at, Math.min(patch.length, t.length - at));
            }
            bytes = java.util.Arrays.copyOf(t, data.consumeInt(0, t.length));
        }
        ImageFormat.detect(bytes); // never throws
        Files.write(FILE, bytes);
        assertThat(ImageFiles.detectFormat(FILE)).isEqualTo(ImageFormat.detect(bytes));
        try (DecodedImage img = ImageFiles.read(FILE, LIMIT)) {
            Mat m = img.mat();
            assertThat((long) m.cols() * m.rows()).isPositive().isLessThanOrEqualTo(LIMIT.maxPixels());
            assertThat(m.depth()).isIn(opencv_core.CV_8U, opencv_core.CV_16U);
            assertThat(m.channels()).isIn(1, 3, 4);
        } catch (MediaException e) {
            assertThat(e.getMessage()).contains(FILE.getFileName().toString());
        }
    }

    private static List<byte[]> templates() {
        try (Scalar s = new Scalar(30, 120, 220, 255); Mat bgr = new Mat(12, 16, opencv_core.CV_8UC3, s);
                Mat bgra = new Mat(12, 16, opencv_core.CV_8UC4, s); Mat deep = new Mat(12, 16, opencv_core.CV_16UC1, s)) {
            return List.of(encode(".png", bgr), encode(".png", bgra), encode(".png", deep), encode(".jpg", bgr),
                    encode(".webp", bgr), encode(".bmp", bgr), encode(".tiff", deep));
        }
    }

    private static byte[] encode(String ext, Mat m) {
        try (BytePointer out = new BytePointer()) {
            if (!opencv_imgcodecs.imencode(ext, m, out)) {
                throw new IllegalStateException("cannot encode " + ext);
            }
            byte[] b = new byte[(int) out.limit()];
            out.get(b);
            return b;
        }
    }

    private static Path tempFile() {
        try {
            Path p = Files.createTempFile("fuzz-image", ".bin");
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
