package io.github.anonymizer.benchmarks;

import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.pipeline.VideoFrame;
import io.github.anonymizer.video.AudioMode;
import io.github.anonymizer.video.OutputOptions;
import io.github.anonymizer.video.VideoFormat;
import io.github.anonymizer.video.VideoJob;
import io.github.anonymizer.video.VideoSink;
import io.github.anonymizer.video.VideoSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * What the video stages around detection cost, in frames per second (one op = one frame) on the
 * clip of {@link VideoBenchmark}:
 * <ul>
 *   <li>{@link #decode}: {@link VideoSource} reading every frame (demux, decode, YUV to BGR);
 *   <li>{@link #encode}: {@link VideoSink} writing frames decoded beforehand (BGR to YUV, H.264,
 *       mux), without audio;
 *   <li>{@link #transcode}: a whole {@link VideoJob} with a detector that finds nothing: decode,
 *       pipeline, encode, audio copied; the ceiling of end-to-end speed.
 * </ul>
 * The secondary result {@code cpu} is the cores the process kept busy ({@link CpuCounter}).
 * {@code preset} is the x264 preset: {@code medium} is x264's own default, {@code veryfast} the
 * project's default ({@code VideoSink}).
 *
 * <p>One benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class VideoIoBenchmark {

    private static final int FRAMES = VideoBenchmark.FRAMES;

    @Param({"1280x720", "1920x1080"})
    public String resolution;

    @Param({"medium", "veryfast"})
    public String preset;

    private Path clip;
    private Path dir;
    private Path out;
    private VideoFormat format;
    private OutputOptions outputOptions;
    private Anonymizer nothing;
    private final List<Mat> decoded = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        int[] s = BenchEnv.size(resolution);
        clip = ClipMaker.clip(s[0], s[1], FRAMES, true);
        dir = Files.createTempDirectory("anonymizer-bench-io");
        out = dir.resolve("out.mp4");
        outputOptions = OutputOptions.builder().audio(AudioMode.KEEP).overwrite(true).preset(preset).build();
        nothing = Anonymizer.builder().detector(new FilterBenchmark.NoFaces()).build();
        try (VideoSource in = VideoSource.open(clip)) {
            format = in.format();
            for (VideoFrame f = in.read(); f != null; f = in.read()) {
                try (VideoFrame frame = f) {
                    decoded.add(frame.image().clone());
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        decoded.forEach(Mat::close);
        nothing.close();
        Files.deleteIfExists(out);
        Files.deleteIfExists(dir);
    }

    /** Every frame read and converted to BGR. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long decode(CpuCounter cpu) {
        long n = 0;
        try (VideoSource in = VideoSource.open(clip)) {
            for (VideoFrame f = in.read(); f != null; f = in.read()) {
                try (VideoFrame frame = f) {
                    n += frame.image().cols();
                }
            }
        }
        cpu.update();
        return n;
    }

    /** Every frame (decoded beforehand) encoded and written, no audio. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long encode(CpuCounter cpu) {
        try (VideoSink sink = VideoSink.toFile(out, format, outputOptions)) {
            for (int i = 0; i < decoded.size(); i++) {
                // the sink reads the pixels only; the frame wrapper is not closed, the Mat is reused
                sink.write(new VideoFrame(i, Math.round(i * 1e6 / ClipMaker.FPS), decoded.get(i)));
            }
            sink.finish();
            cpu.update();
            return sink.framesWritten();
        }
    }

    /** A whole job whose detector finds nothing: the video path without detection. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public VideoJob.Result transcode(CpuCounter cpu) {
        VideoJob.Result r = VideoJob.builder(nothing).input(clip).output(out).workers(1).outputOptions(outputOptions)
                .build().run();
        cpu.update();
        return r;
    }
}
