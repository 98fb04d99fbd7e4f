package io.github.anonymizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.anonymizer.core.pipeline.VideoFrame;
import io.github.anonymizer.testing.SharedData;
import io.github.anonymizer.video.VideoSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Videos through the command line, checked by decoding the outputs. */
class CliVideoTest {

    record Probe(long frames, double fps, int width, int height, boolean audio) {}

    static Probe probe(Path file) {
        try (VideoSource s = VideoSource.open(file)) {
            long n = 0;
            for (VideoFrame f; (f = s.read()) != null; ) {
                f.close();
                n++;
            }
            return new Probe(n, s.frameRate(), s.width(), s.height(), s.hasAudio());
        }
    }

    @Test
    void aFolderOfVideosWithABrokenOneKeepsAudioAndFailsOnlyTheBrokenOne(@TempDir Path dir) throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(SharedData.video("h264_aac.mp4"), in.resolve("a.mp4"));
        Files.copy(SharedData.video("theora_vorbis.ogg"), in.resolve("b.ogg"));
        byte[] whole = Files.readAllBytes(SharedData.video("mp4v_aac.mp4"));
        Files.write(in.resolve("broken.mp4"), java.util.Arrays.copyOf(whole, whole.length / 3));
        Path out = dir.resolve("out");

        CliPhotoTest.Run r = CliPhotoTest.run("--detector", "haar", "--preset", "ultrafast", "-o", out.toString(), in.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).containsPattern("error: .*broken\\.mp4");
        Probe a = probe(out.resolve("a_anonymized.mp4"));
        Probe src = probe(SharedData.video("h264_aac.mp4"));
        assertThat(a.frames()).isBetween(src.frames() - 1, src.frames() + 1);
        assertThat(a.width()).isEqualTo(src.width());
        assertThat(a.fps()).isCloseTo(src.fps(), org.assertj.core.api.Assertions.within(0.01));
        assertThat(a.audio()).isTrue();
        assertThat(probe(out.resolve("b_anonymized.mp4")).audio()).as("vorbis re-encoded into the mp4").isTrue();
        assertThat(out.resolve("broken_anonymized.mp4")).doesNotExist();
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void noAudioDropsTheAudioStream(@TempDir Path dir) {
        Path out = dir.resolve("silent.mp4");
        CliPhotoTest.Run r = CliPhotoTest.run("--detector", "haar", "--no-audio", "--ffmpeg-config",
                "{\"preset\": \"ultrafast\", \"crf\": 30}", "-o", out.toString(), SharedData.video("h264_mp3.mp4").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(probe(out).audio()).isFalse();
        assertThat(CliPhotoTest.run("--ffmpeg-config", "{crf: 3}", "x.mp4").exit()).isEqualTo(2);
    }
}
