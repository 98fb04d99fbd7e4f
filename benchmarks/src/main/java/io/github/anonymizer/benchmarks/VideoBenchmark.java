package io.github.anonymizer.benchmarks;

import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.pipeline.VideoFrame;
import io.github.anonymizer.video.AudioMode;
import io.github.anonymizer.video.OutputOptions;
import io.github.anonymizer.video.SourceOptions;
import io.github.anonymizer.video.VideoJob;
import io.github.anonymizer.video.VideoSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Video throughput in frames per second (JMH "ops/s", one op = one frame) on a real clip made
 * from the shared one ({@link ClipMaker}: {@value #FRAMES} frames with audio):
 * <ul>
 *   <li>{@link #endToEnd}: a {@link VideoJob}, decode, detect with {@code workers} threads, track,
 *       blur, encode (libx264, the CLI's defaults) with the audio copied, into a temporary file;
 *   <li>{@link #detectOnly}: the same frames, decoded beforehand and kept in memory, through
 *       {@code Anonymizer.detect} with {@code workers} threads: the detector's share alone.
 * </ul>
 * Each invocation runs the whole clip once; keep at least one warm-up iteration ({@link #detectOnly}
 * decodes the clip into memory on its first call). The secondary result {@code cpu} is the cores
 * the process kept busy ({@link CpuCounter}): {@code cpu / score} is the CPU time of a frame.
 *
 * <p>One benchmark thread; the workers are the pipeline's (or, for {@link #detectOnly}, a pool of
 * {@code workers} threads).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class VideoBenchmark {

    /** Frames of the benchmark clip (4 s at 29.97 frames/s). */
    public static final int FRAMES = 120;

    @Param({"1280x720", "1920x1080"})
    public String resolution;

    /** {@code input} (detect at full resolution) or {@code WxH}. */
    @Param({"input", "640x360"})
    public String detectionSize;

    @Param({"1", "2", "4"})
    public int workers;

    @Param({"centerface"})
    public String detector;

    /** Detector options, {@code name=value,...} (empty: defaults; e.g. {@code threads=2} for ONNX Runtime). */
    @Param({""})
    public String options;

    /** OpenCV's thread count ({@code cv::setNumThreads}, process-wide); {@code default}: OpenCV's own. */
    @Param({"default"})
    public String opencvThreads;

    /** x264 preset; {@code default}: the project's default (see {@code VideoSink}). */
    @Param({"default"})
    public String preset;

    /** FFmpeg decoder threads; 0: FFmpeg chooses. */
    @Param({"0"})
    public int decoderThreads;

    private Path clip;
    private Path dir;
    private Path out;
    private Anonymizer anonymizer;
    private OutputOptions outputOptions;
    private SourceOptions sourceOptions;
    private final List<Mat> decoded = new ArrayList<>();
    private ExecutorService pool;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        BenchEnv.useSharedModels();
        int[] s = BenchEnv.size(resolution);
        clip = ClipMaker.clip(s[0], s[1], FRAMES, true);
        dir = Files.createTempDirectory("anonymizer-bench-video");
        out = dir.resolve("out.mp4");
        if (!opencvThreads.equals("default")) {
            opencv_core.setNumThreads(Integer.parseInt(opencvThreads));
        }
        anonymizer = anonymizer(detector, options, detectionSize);
        OutputOptions.Builder o = OutputOptions.builder().audio(AudioMode.KEEP).overwrite(true);
        if (!preset.equals("default")) {
            o.preset(preset);
        }
        outputOptions = o.build();
        sourceOptions = SourceOptions.builder().decoderThreads(decoderThreads).build();
        pool = Executors.newFixedThreadPool(workers);
    }

    /** An anonymizer with the CLI's defaults for {@code detector} and the detection size. */
    static Anonymizer anonymizer(String detector, String options, String detectionSize) {
        Anonymizer.Builder b = Anonymizer.builder().detector(detector, DetectorOptions.parse(options));
        if (!detectionSize.equals("input")) {
            int[] d = BenchEnv.size(detectionSize);
            b.detectionSize(d[0], d[1]);
        }
        return b.build();
    }

    /** Decodes the clip into memory for {@link #detectOnly} (only that benchmark pays for it). */
    private void decodeAll() {
        if (!decoded.isEmpty()) {
            return;
        }
        try (VideoSource in = VideoSource.open(clip, sourceOptions)) {
            for (VideoFrame f = in.read(); f != null; f = in.read()) {
                try (VideoFrame frame = f) {
                    decoded.add(frame.image().clone());
                }
            }
        }
        if (decoded.size() != FRAMES) {
            throw new IllegalStateException(clip + " has " + decoded.size() + " frames, expected " + FRAMES);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        pool.shutdownNow();
        decoded.forEach(Mat::close);
        decoded.clear();
        anonymizer.close();
        Files.deleteIfExists(out);
        Files.deleteIfExists(dir);
    }

    /** Decode, detect, track, blur, encode, audio copied: the whole clip. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public VideoJob.Result endToEnd(CpuCounter cpu) {
        VideoJob.Result r = VideoJob.builder(anonymizer).input(clip).output(out).workers(workers)
                .sourceOptions(sourceOptions).outputOptions(outputOptions).build().run();
        if (r.framesWritten() != FRAMES) {
            throw new IllegalStateException("wrote " + r.framesWritten() + " frames of " + FRAMES);
        }
        cpu.update();
        return r;
    }

    /** {@code Anonymizer.detect} on every frame of the clip, {@code workers} at a time. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int detectOnly(CpuCounter cpu) throws InterruptedException, ExecutionException {
        decodeAll();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger faces = new AtomicInteger();
        List<Future<?>> tasks = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            tasks.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < FRAMES; i = next.getAndIncrement()) {
                    faces.addAndGet(anonymizer.detect(decoded.get(i)).hidden().size());
                }
            }));
        }
        for (Future<?> t : tasks) {
            t.get();
        }
        cpu.update();
        return faces.get();
    }
}
