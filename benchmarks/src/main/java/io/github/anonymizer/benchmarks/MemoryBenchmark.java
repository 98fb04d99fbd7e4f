package io.github.anonymizer.benchmarks;

import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.video.AudioMode;
import io.github.anonymizer.video.OutputOptions;
import io.github.anonymizer.video.VideoJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Peak memory of a whole video job against the input's length: the same {@link VideoJob} as
 * {@link VideoBenchmark#endToEnd} on a 10 s and a 60 s clip ({@link ClipMaker}, with audio). Each
 * clip length runs in its own JVM (one fork per parameter value), with a fixed heap; the process's
 * peak resident set (Linux {@code VmHWM}) is reset just before the job and read just after it.
 * It is the secondary result {@code peakRssMb} (megabytes), next to {@code rssBeforeMb}, the
 * resident set when the job started (JVM, natives and model loaded). JMH's score is the job's time.
 * Run it with one measurement iteration (the default): JMH adds these counters up over iterations.
 *
 * <p>Bounded memory means the two peaks are about equal: the pipeline holds a fixed number of
 * frames whatever the length. Linux only (reads {@code /proc/self}).
 *
 * <p>One benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class MemoryBenchmark {

    @Param({"10", "60"})
    public int seconds;

    @Param({"1280x720"})
    public String resolution;

    @Param({"640x360"})
    public String detectionSize;

    @Param({"2"})
    public int workers;

    @Param({"centerface"})
    public String detector;

    private Path clip;
    private Path dir;
    private Path out;
    private Anonymizer anonymizer;
    private OutputOptions outputOptions;
    private long frames;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        BenchEnv.useSharedModels();
        int[] s = BenchEnv.size(resolution);
        frames = Math.round(seconds * ClipMaker.FPS);
        clip = ClipMaker.clip(s[0], s[1], (int) frames, true);
        dir = Files.createTempDirectory("anonymizer-bench-memory");
        out = dir.resolve("out.mp4");
        anonymizer = VideoBenchmark.anonymizer(detector, "", detectionSize);
        outputOptions = OutputOptions.builder().audio(AudioMode.KEEP).overwrite(true).build();
    }

    /** Resident memory, in JMH's secondary results. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Rss {
        /** The process's peak resident set during the job, MB. */
        public double peakRssMb;
        /** The resident set when the job started, MB. */
        public double rssBeforeMb;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        anonymizer.close();
        Files.deleteIfExists(out);
        Files.deleteIfExists(dir);
    }

    /** The whole job; the score is its time. */
    @Benchmark
    public VideoJob.Result job(Rss rss) {
        ProcessMemory.resetPeak();
        rss.rssBeforeMb = ProcessMemory.rssKb() / 1024.0;
        VideoJob.Result r = VideoJob.builder(anonymizer).input(clip).output(out).workers(workers)
                .outputOptions(outputOptions).build().run();
        if (r.framesWritten() != frames) {
            throw new IllegalStateException("wrote " + r.framesWritten() + " frames of " + frames);
        }
        rss.peakRssMb = ProcessMemory.peakRssKb() / 1024.0;
        System.out.printf(Locale.ROOT, "%n# %d s clip, %d frames: peak RSS %.0f MB, RSS at the start %.0f MB%n",
                seconds, frames, rss.peakRssMb, rss.rssBeforeMb);
        return r;
    }
}
