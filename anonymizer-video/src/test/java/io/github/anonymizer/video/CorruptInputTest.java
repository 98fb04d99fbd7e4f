package io.github.anonymizer.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.github.anonymizer.api.MediaException;
import io.github.anonymizer.core.Anonymizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged copies of the clips, made in a temporary folder. */
class CorruptInputTest {

    @TempDir
    Path tmp;

    @Test
    void anMp4CutBeforeItsIndexFailsCleanly() throws IOException {
        // h264_aac.mp4 keeps its index (moov) at the end: without it nothing can be read
        Path cut = truncated("h264_aac.mp4", 0.6);
        Path out = tmp.resolve("out.mp4");
        try (Anonymizer a = TestAnonymizers.fixedBox()) {
            VideoJob job = VideoJob.builder(a).input(cut).output(out).build();
            assertThatThrownBy(job::run).isInstanceOf(MediaException.class).hasMessageContaining(cut.toString())
                    .hasMessageContaining("cannot open");
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void anMp4CutAfterItsIndexGivesTheFramesBeforeTheCut() throws IOException {
        // video_01.mp4 keeps its index at the start: the frames before the cut are readable
        Path cut = truncated("video_01.mp4", 0.6);
        Path out = tmp.resolve("out.mp4");
        VideoJob.Result r = TestAnonymizers.anonymize(cut, out, OutputOptions.builder().preset("ultrafast").build());
        System.out.println("cut video_01.mp4: " + r);
        assertThat(r.framesRead()).isBetween(10L, 80L);
        assertThat(r.corruptFramesSkipped()).as("the packet cut in half is skipped and counted").isGreaterThanOrEqualTo(1);
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("of the 90 frames").contains("truncated"));
        try (MediaProbe.Info dst = MediaProbe.probe(out, Set.of(0L, r.framesWritten() - 1))) {
            assertThat(dst.video().frames()).isEqualTo(r.framesWritten() + r.framesDuplicated());
            assertAnonymized(dst.frames());
        }
    }

    @Test
    void garbageInTheMiddleIsSkippedAndCounted() throws IOException {
        byte[] bytes = Files.readAllBytes(Clips.clip("h264_aac.mp4"));
        Random random = new Random(1);
        int from = bytes.length * 4 / 10;
        for (int i = from; i < from + 4000; i++) {
            bytes[i] = (byte) random.nextInt();
        }
        Path damaged = tmp.resolve("damaged.mp4");
        Files.write(damaged, bytes);
        Path out = tmp.resolve("out.mp4");
        VideoJob.Result r = TestAnonymizers.anonymize(damaged, out,
                OutputOptions.builder().preset("ultrafast").build());
        System.out.println("damaged h264_aac.mp4: " + r);
        assertThat(r.corruptFramesSkipped()).isGreaterThanOrEqualTo(1);
        assertThat(r.framesRead()).isLessThan(31);
        assertThat(r.framesWritten() + r.framesDuplicated()).as("gaps are filled: the timeline is kept").isEqualTo(31);
        try (MediaProbe.Info dst = MediaProbe.probe(out, Set.of(0L, 15L, 30L))) {
            assertThat(dst.video().frames()).isEqualTo(31);
            assertThat(dst.audio()).hasSize(1);
            assertAnonymized(dst.frames());
        }
    }

    @Test
    void aSourceGivesUpAfterTooManyCorruptPacketsInARow() throws IOException {
        byte[] bytes = Files.readAllBytes(Clips.clip("h264_aac.mp4"));
        Random random = new Random(2);
        for (int i = 4096; i < bytes.length * 9 / 10; i++) {
            bytes[i] = (byte) random.nextInt(); // the whole media data, the index at the end is intact
        }
        Path damaged = tmp.resolve("noise.mp4");
        Files.write(damaged, bytes);
        SourceOptions strict = SourceOptions.builder().maxConsecutiveCorrupt(3).build();
        try (VideoSource src = VideoSource.open(damaged, strict)) {
            assertThatThrownBy(() -> {
                while (src.read() != null) {
                    // read until it fails
                }
            }).isInstanceOf(MediaException.class).hasMessageContaining("noise.mp4").hasMessageContaining("corrupt");
        }
    }

    private Path truncated(String clip, double fraction) throws IOException {
        byte[] all = Files.readAllBytes(Clips.clip(clip));
        Path p = tmp.resolve("cut_" + clip);
        Files.write(p, Arrays.copyOf(all, (int) (all.length * fraction)));
        return p;
    }

    private static void assertAnonymized(Map<Long, Mat> frames) {
        assertThat(frames).isNotEmpty();
        frames.forEach((i, m) -> assertThat(VideoJobTest.boxMean(m, TestAnonymizers.BOX)).as("frame %d", i)
                .isCloseTo(TestAnonymizers.FILL, offset(6.0)));
    }
}
