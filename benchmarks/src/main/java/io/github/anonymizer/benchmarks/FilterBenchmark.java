package io.github.anonymizer.benchmarks;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MaskShape;
import io.github.anonymizer.api.RegionFilter;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.filters.Filters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
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
 * Cost of hiding one face, per filter x face size x mask shape, in a 1920x1080 frame:
 * <ul>
 *   <li>{@link #hide}: {@code Anonymizer.hide(frame, region)}, what the pipeline pays per face (the
 *       filter on the region's rectangle, then the mask compositing that restores the pixels
 *       outside an ellipse or a feathered edge);
 *   <li>{@link #filterOnly}: the filter's {@code apply} on the region alone, without the mask.
 * </ul>
 * {@code faceSize} is the side of the detected face box; the region is that box times the mask
 * scale 1.3, as by default. The frame is hidden over and over in place: the cost of these filters
 * does not depend on the pixel values.
 *
 * <p>One thread; JMH state confined to it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class FilterBenchmark {

    @Param({"blur", "mosaic", "solid", "img"})
    public String filter;

    @Param({"32", "128", "512"})
    public int faceSize;

    @Param({"ELLIPSE", "BOX"})
    public MaskShape shape;

    /** Feathered mask edge (fraction of the half-size), 0 = hard edge. */
    @Param({"0"})
    public double feather;

    private Mat frame;
    private Mat picture;
    private RegionFilter regionFilter;
    private Anonymizer anonymizer;
    private List<FaceRegion> regions;
    private Mat roi;
    private FaceRegion region;

    @Setup(Level.Trial)
    public void setUp() {
        frame = BenchEnv.frame(1920, 1080);
        picture = BenchEnv.frame(256, 256);
        regionFilter = filter.equals(Filters.IMG) ? Filters.byId(filter, Map.of(), picture) : Filters.byId(filter, Map.of());
        anonymizer = Anonymizer.builder().detector(new NoFaces()).filter(regionFilter).maskShape(shape)
                .feather(feather).build();
        double cx = frame.cols() / 2.0;
        double cy = frame.rows() / 2.0;
        Detection face = new Detection(new Box(cx - faceSize / 2.0, cy - faceSize / 2.0, faceSize, faceSize), 0.9, "bench");
        region = anonymizer.regionFor(face, -1, frame.cols(), frame.rows()).orElseThrow();
        regions = List.of(region);
        try (Rect r = new Rect(region.x(), region.y(), region.width(), region.height())) {
            roi = new Mat(frame, r);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        anonymizer.close();
        roi.close();
        frame.close();
        picture.close();
    }

    /** Filter plus mask compositing, through the Anonymizer. */
    @Benchmark
    public Mat hide() {
        anonymizer.hide(frame, regions);
        return frame;
    }

    /** The filter alone on the region's rectangle. */
    @Benchmark
    public Mat filterOnly() {
        regionFilter.apply(roi, region);
        return roi;
    }

    /** A detector that finds nothing: {@link #hide} does not detect. */
    static final class NoFaces implements FaceDetector {
        @Override
        public String id() {
            return "none";
        }

        @Override
        public List<Detection> detect(Mat bgr, double minScore) {
            return List.of();
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
