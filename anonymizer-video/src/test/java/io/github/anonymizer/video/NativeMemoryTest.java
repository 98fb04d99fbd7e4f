package io.github.anonymizer.video;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.pipeline.VideoFrame;
import java.nio.file.Path;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native memory stays flat when sources and sinks are opened, used and closed over and over, on
 * every path: audio copy, audio re-encode, rotation, a failing job, an abandoned sink.
 *
 * <p>Two measures: JavaCPP's own allocations ({@link Pointer#totalBytes()}, which must not grow
 * over a round: every PointerPointer/IntPointer/BytePointer is closed, none waits for the GC), and the process
 * resident set size ({@link Pointer#physicalBytes()}), which catches FFmpeg allocations (contexts,
 * frames, packets) that were not freed. A leaked 640x480 frame costs ~0.5 MB and a leaked encoder
 * several MB per round. RSS is noisy (the Java heap shrinks after GC, malloc arenas of encoder
 * threads come and go), so the test compares the lowest sample of the first and the last third.
 * {@code -Danonymizer.video.leakRounds=N} runs longer (default 12 rounds).
 */
class NativeMemoryTest {

    @TempDir
    Path tmp;

    @Test
    void repeatedJobsDoNotLeak() {
        int rounds = Integer.getInteger("anonymizer.video.leakRounds", 12);
        Path rotated = tmp.resolve("rotated.mp4");
        Remux.copy(Clips.clip("h264_aac.mp4"), rotated, true, true, 90, Long.MAX_VALUE);
        try (Anonymizer a = TestAnonymizers.fixedBox(); Anonymizer failing = TestAnonymizers.failingAt(5)) {
            for (int i = 0; i < 6; i++) {
                round(a, failing, rotated); // warm up: code paths, encoder tables, heap size
            }
            long[] rss = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long javacpp = Pointer.totalBytes();
                round(a, failing, rotated);
                // at most what it was, give or take the anonymizers' per-thread detector pools: a pool keeps
                // one idle worker (two empty Mat headers, 192 bytes) per thread that detected at the same
                // time, and how many stay idle after a failing job depends on thread timing
                assertThat(Pointer.totalBytes()).as("JavaCPP bytes after round %d", i + 1)
                        .isLessThanOrEqualTo(javacpp + 4L * 2 * 96);
                rss[i] = rss();
            }
            // the lowest RSS of the first and of the last third: transient peaks (GC, malloc arenas) cancel out
            int third = rounds / 3;
            long early = java.util.Arrays.stream(rss, 0, third).min().orElseThrow();
            long late = java.util.Arrays.stream(rss, rounds - third, rounds).min().orElseThrow();
            System.out.printf("native memory over %d rounds (5 jobs each): RSS %s MB; late - early minimum %+.1f MB%n",
                    rounds, java.util.Arrays.stream(rss).mapToObj(b -> String.format("%.0f", b / 1048576.0)).toList(),
                    (late - early) / 1048576.0);
            // one leaked 640x480 frame per job would add ~2.3 MB per round
            assertThat(late - early).as("RSS growth, bytes").isLessThan(2L * 1024 * 1024 * (rounds - third));
        }
    }

    private void round(Anonymizer a, Anonymizer failing, Path rotated) {
        Path out = tmp.resolve("leak.mp4");
        OutputOptions fast = OutputOptions.builder().preset("ultrafast").build();
        VideoJob.builder(a).input(Clips.clip("h264_aac.mp4")).output(out).outputOptions(fast).build().run();
        VideoJob.builder(a).input(Clips.clip("theora_vorbis.ogg")).output(out).outputOptions(fast).build().run();
        VideoJob.builder(a).input(rotated).output(out).outputOptions(fast).build().run();
        try {
            VideoJob.builder(failing).input(Clips.clip("vp8_opus.webm")).output(out).outputOptions(fast).build().run();
        } catch (RuntimeException expected) {
            // fails at frame 5 by design
        }
        try (VideoSource src = VideoSource.open(Clips.clip("h265_aac.mp4"));
                VideoSink sink = VideoSink.open(tmp.resolve("abandoned.mkv").toString(), src, fast)) {
            for (int i = 0; i < 3; i++) {
                try (VideoFrame f = src.read()) {
                    sink.write(f);
                }
            }
        }
    }

    private static long rss() {
        System.gc();
        return Pointer.physicalBytes();
    }
}
