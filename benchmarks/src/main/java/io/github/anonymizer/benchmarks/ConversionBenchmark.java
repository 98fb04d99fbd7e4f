package io.github.anonymizer.benchmarks;

import io.github.anonymizer.core.BufferedImages;
import java.awt.image.BufferedImage;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Conversions between {@link BufferedImage} and {@link Mat}, the entry points of applications
 * that hold AWT images ({@code Anonymizer.process(BufferedImage)} pays both).
 *
 * <p>{@code imageType}: {@code 3BYTE_BGR} (what ImageIO decodes JPEGs into, copied as bytes) or
 * {@code INT_RGB} (packed ints, converted pixel by pixel). See {@link ImageWriteBenchmark} for
 * writing photos.
 *
 * <p>One thread; JMH state confined to it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Djava.awt.headless=true"})
public class ConversionBenchmark {

    @Param({"640x360", "1920x1080"})
    public String size;

    @Param({"3BYTE_BGR", "INT_RGB"})
    public String imageType;

    private Mat mat;
    private BufferedImage image;

    @Setup(Level.Trial)
    public void setUp() {
        int[] s = BenchEnv.size(size);
        mat = BenchEnv.frame(s[0], s[1]);
        int type = switch (imageType) {
            case "3BYTE_BGR" -> BufferedImage.TYPE_3BYTE_BGR;
            case "INT_RGB" -> BufferedImage.TYPE_INT_RGB;
            default -> throw new IllegalArgumentException("imageType must be 3BYTE_BGR or INT_RGB, got " + imageType);
        };
        image = BufferedImages.toBufferedImage(mat, new BufferedImage(s[0], s[1], type));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        mat.close();
    }

    /** BufferedImage to a new Mat (closed at once). */
    @Benchmark
    public long bufferedImageToMat() {
        try (Mat m = BufferedImages.toMat(image)) {
            return m.total();
        }
    }

    /** Mat to a new BufferedImage of the same type. */
    @Benchmark
    public BufferedImage matToBufferedImage() {
        return BufferedImages.toBufferedImage(mat, image);
    }
}
