package io.github.anonymizer.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.github.anonymizer.api.AnonymizerException;
import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.DetectorException;
import io.github.anonymizer.core.pipeline.PipelineException;
import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.MediaException;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.pipeline.VideoFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class VideoJobTest {

    /** One frame at 29.97 fps, in microseconds: the tolerance for durations. */
    static final long FRAME_US = 33_367;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @FieldSource("io.github.anonymizer.video.Clips#ALL")
    void everyClipIsAnonymizedIntoAnMp4WithItsAudio(String name) {
        Path in = Clips.clip(name);
        Path out = tmp.resolve(name.replace('.', '_') + ".mp4");
        VideoJob.Result r = TestAnonymizers.anonymize(in, out, OutputOptions.builder().preset("veryfast").build());
        assertThat(r.framesWritten()).isEqualTo(r.framesRead());
        assertThat(r.facesHidden()).isEqualTo(r.framesRead());
        assertThat(r.videoEncoder()).isEqualTo(Encoders.h264().orElseThrow()); // libx264 on the GPL build
        assertThat(r.audio()).isIn(AudioOutcome.COPIED, AudioOutcome.REENCODED);

        try (MediaProbe.Info src = MediaProbe.probe(in, Set.of(0L)); MediaProbe.Info dst = MediaProbe.probe(out, Set.of(0L, 20L))) {
            MediaProbe.Stream iv = src.video();
            MediaProbe.Stream ov = dst.video();
            MediaProbe.Stream ia = src.audio().get(0);
            MediaProbe.Stream oa = dst.audio().get(0);
            System.out.printf("%-18s in: %d frames %.4f s video, %.4f s %s | out: %d frames %.4f s video, %.4f s %s (%s, %d dup)%n",
                    name, iv.frames(), iv.durationMicros() / 1e6, ia.durationMicros() / 1e6, ia.codec(), ov.frames(),
                    ov.durationMicros() / 1e6, oa.durationMicros() / 1e6, oa.codec(), r.audio(), r.framesDuplicated());

            assertThat(dst.format()).contains("mp4");
            assertThat(ov.codec()).isEqualTo("h264");
            assertThat(ov.width()).isEqualTo(640);
            assertThat(ov.height()).isEqualTo(480);
            assertThat(ov.rotation()).isZero();
            assertThat(ov.frames()).isBetween(iv.frames() - 1, iv.frames() + 1);
            assertThat(ov.avgFrameRate()).isCloseTo(iv.avgFrameRate(), offset(0.01));
            assertThat(ov.durationMicros()).isCloseTo(iv.durationMicros(), offset(FRAME_US));
            assertThat(dst.audio()).hasSize(1);
            assertThat(oa.sampleRate()).isEqualTo(ia.sampleRate());
            assertThat(oa.durationMicros()).isCloseTo(ia.durationMicros(), offset(FRAME_US));
            assertThat(Math.abs(oa.firstMicros() - ov.firstMicros()))
                    .as("audio/video start offset is kept").isCloseTo(Math.abs(ia.firstMicros() - iv.firstMicros()), offset(FRAME_US));

            for (Map.Entry<Long, Mat> e : dst.frames().entrySet()) {
                assertThat(boxMean(e.getValue(), TestAnonymizers.BOX)).as("box of output frame %d", e.getKey())
                        .isCloseTo(TestAnonymizers.FILL, offset(4.0));
            }
            // outside the box the picture is the input's (up to x264's loss)
            try (Mat a = src.frames().get(0L).apply(new Rect(0, 0, 640, 100)).clone();
                    Mat b = dst.frames().get(0L).apply(new Rect(0, 0, 640, 100)).clone()) {
                assertThat(VideoSourceTest.meanAbsDiff(a, b)).isLessThan(4.0);
            }
        }
        assertNoTempFiles();
    }

    @Test
    void dropAudioWritesNoAudioStream() {
        Path out = tmp.resolve("silent.mp4");
        VideoJob.Result r = TestAnonymizers.anonymize(Clips.clip("h264_aac.mp4"), out,
                OutputOptions.builder().preset("ultrafast").audio(AudioMode.DROP).build());
        assertThat(r.audio()).isEqualTo(AudioOutcome.DROPPED);
        try (MediaProbe.Info dst = MediaProbe.probe(out)) {
            assertThat(dst.audio()).isEmpty();
            assertThat(dst.video().frames()).isEqualTo(31);
        }
    }

    @Test
    void inputWithoutAudioWorks() {
        Path silent = tmp.resolve("video-only.mp4");
        Remux.copy(Clips.clip("h264_aac.mp4"), silent, true, false, 0, Long.MAX_VALUE);
        Path out = tmp.resolve("out.mp4");
        VideoJob.Result r = TestAnonymizers.anonymize(silent, out, OutputOptions.builder().preset("ultrafast").build());
        assertThat(r.audio()).isEqualTo(AudioOutcome.NONE);
        try (MediaProbe.Info dst = MediaProbe.probe(out)) {
            assertThat(dst.audio()).isEmpty();
            assertThat(dst.video().frames()).isEqualTo(31);
        }
    }

    @Test
    void reencodedAudioKeepsItsDuration() {
        Path in = Clips.clip("video_01.mp4");
        Path out = tmp.resolve("reencoded.mp4");
        VideoJob.Result r = TestAnonymizers.anonymize(in, out,
                OutputOptions.builder().preset("ultrafast").audio(AudioMode.REENCODE).build());
        assertThat(r.audio()).isEqualTo(AudioOutcome.REENCODED);
        try (MediaProbe.Info src = MediaProbe.probe(in); MediaProbe.Info dst = MediaProbe.probe(out)) {
            MediaProbe.Stream ia = src.audio().get(0);
            MediaProbe.Stream oa = dst.audio().get(0);
            System.out.printf("re-encoded audio: in %.4f s, out %.4f s%n", ia.durationMicros() / 1e6, oa.durationMicros() / 1e6);
            assertThat(oa.codec()).isEqualTo("aac");
            assertThat(oa.durationMicros()).isCloseTo(ia.durationMicros(), offset(FRAME_US));
            assertThat(dst.video().frames()).isEqualTo(90);
        }
    }

    @Test
    void otherContainersFollowTheExtension() {
        record Case(String file, String video, String audio, AudioOutcome outcome) {}
        List<Case> cases = List.of(
                new Case("out.mkv", "h264", "aac", AudioOutcome.COPIED),
                new Case("out.mov", "h264", "aac", AudioOutcome.COPIED),
                new Case("out.ts", "h264", "aac", AudioOutcome.COPIED),
                new Case("out.webm", "vp8", "opus", AudioOutcome.REENCODED),
                new Case("out.avi", "mpeg4", "aac", AudioOutcome.COPIED));
        for (Case c : cases) {
            Path out = tmp.resolve(c.file());
            VideoJob.Result r = TestAnonymizers.anonymize(Clips.clip("h264_aac.mp4"), out,
                    OutputOptions.builder().preset("ultrafast").build());
            assertThat(r.audio()).as(c.file()).isEqualTo(c.outcome());
            try (MediaProbe.Info dst = MediaProbe.probe(out, Set.of(5L))) {
                assertThat(dst.video().codec()).as(c.file()).isEqualTo(c.video());
                assertThat(dst.video().frames()).as(c.file()).isBetween(30L, 32L);
                assertThat(dst.audio()).as(c.file()).hasSize(1);
                assertThat(dst.audio().get(0).codec()).as(c.file()).isEqualTo(c.audio());
                assertThat(boxMean(dst.frames().get(5L), TestAnonymizers.BOX)).as(c.file())
                        .isCloseTo(TestAnonymizers.FILL, offset(6.0));
            }
        }
    }

    @Test
    void openh264IsUsedWhenAsked() {
        Path out = tmp.resolve("openh264.mp4");
        VideoJob.Result r = TestAnonymizers.anonymize(Clips.clip("h264_aac.mp4"), out,
                OutputOptions.builder().videoCodec("libopenh264").crf(20).build());
        assertThat(r.videoEncoder()).isEqualTo("libopenh264");
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("no CRF"));
        try (MediaProbe.Info dst = MediaProbe.probe(out, Set.of(10L))) {
            assertThat(dst.video().codec()).isEqualTo("h264");
            assertThat(dst.video().frames()).isEqualTo(31);
            assertThat(boxMean(dst.frames().get(10L), TestAnonymizers.BOX)).isCloseTo(TestAnonymizers.FILL, offset(6.0));
        }
    }

    @Test
    void encoderOptionsPassThroughAndUnknownOnesFail() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Encoders.has("libx264"), "x264 options need the GPL natives");
        Path out = tmp.resolve("opts.mp4");
        try (Anonymizer a = TestAnonymizers.fixedBox()) {
            VideoJob.Result r = VideoJob.builder(a).input(Clips.clip("h264_aac.mp4")).output(out)
                    .outputOptions(OutputOptions.builder().codecOptions(Map.of("crf", "35", "preset", "ultrafast",
                            "x264-params", "keyint=10")).build()).build().run();
            assertThat(r.framesWritten()).isEqualTo(31);
        }
        assertThat(out).exists();

        Path bad = tmp.resolve("bad.mp4");
        try (Anonymizer a = TestAnonymizers.fixedBox()) {
            VideoJob job = VideoJob.builder(a).input(Clips.clip("h264_aac.mp4")).output(bad)
                    .outputOptions(OutputOptions.builder().codecOption("no_such_option", "1").build()).build();
            assertThatThrownBy(job::run).isInstanceOf(InvalidOptionException.class).hasMessageContaining("no_such_option");
        }
        assertThat(bad).doesNotExist();
        assertThatThrownBy(() -> OutputOptions.builder().crf(99)).isInstanceOf(IllegalArgumentException.class);
        try (Anonymizer a = TestAnonymizers.fixedBox()) {
            VideoJob job = VideoJob.builder(a).input(Clips.clip("h264_aac.mp4")).output(bad)
                    .outputOptions(OutputOptions.builder().videoCodec("no-such-encoder").build()).build();
            assertThatThrownBy(job::run).isInstanceOf(InvalidOptionException.class).hasMessageContaining("no-such-encoder");
        }
        assertNoTempFiles();
    }

    @Test
    void aDetectorFailureAtFrameNLeavesNoOutputAndNamesTheFrame() {
        Path out = tmp.resolve("failed.mp4");
        try (Anonymizer a = TestAnonymizers.failingAt(17)) {
            VideoJob job = VideoJob.builder(a).input(Clips.clip("video_01.mp4")).output(out).build();
            assertThatThrownBy(job::run).isInstanceOf(PipelineException.class).hasMessageContaining("frame 17")
                    .hasCauseInstanceOf(DetectorException.class)
                    .hasMessageContaining("video_01.mp4").hasMessageContaining("simulated failure");
        }
        assertThat(out).doesNotExist();
        assertNoTempFiles();
    }

    @Test
    void aSinkClosedWithoutFinishLeavesNothing() {
        Path out = tmp.resolve("abandoned.mp4");
        try (VideoSource src = VideoSource.open(Clips.clip("h264_aac.mp4"));
                VideoSink sink = VideoSink.open(out.toString(), src, OutputOptions.defaults())) {
            for (int i = 0; i < 10; i++) {
                try (VideoFrame f = src.read()) {
                    sink.write(f);
                }
            }
            assertNoTempFilesExcept(1);
        }
        assertThat(out).doesNotExist();
        assertNoTempFiles();
    }

    @Test
    void aWriteFailureAtFrameNNamesTheFrameAndLeavesNothing() {
        Path out = tmp.resolve("wrong-size.mp4");
        try (VideoSource src = VideoSource.open(Clips.clip("h264_aac.mp4"));
                VideoSink sink = VideoSink.open(out.toString(), src, OutputOptions.defaults())) {
            for (int i = 0; i < 5; i++) {
                try (VideoFrame f = src.read()) {
                    sink.write(f);
                }
            }
            try (VideoFrame small = new VideoFrame(5, 200_000, new Mat(100, 100, org.bytedeco.opencv.global.opencv_core.CV_8UC3))) {
                assertThatThrownBy(() -> sink.write(small)).hasMessageContaining("frame 5");
            }
        }
        assertThat(out).doesNotExist();
        assertNoTempFiles();
    }

    @Test
    void existingOutputIsKeptWhenOverwritingIsOffAndTheInputIsNeverTheOutput() throws IOException {
        Path out = tmp.resolve("exists.mp4");
        Files.writeString(out, "precious");
        try (Anonymizer a = TestAnonymizers.fixedBox()) {
            VideoJob job = VideoJob.builder(a).input(Clips.clip("h264_aac.mp4")).output(out)
                    .outputOptions(OutputOptions.builder().overwrite(false).build()).build();
            assertThatThrownBy(job::run).isInstanceOf(MediaException.class).hasMessageContaining("already exists");
        }
        assertThat(Files.readString(out)).isEqualTo("precious");

        Path copy = tmp.resolve("input.mp4");
        Files.copy(Clips.clip("h264_aac.mp4"), copy);
        byte[] before = Files.readAllBytes(copy);
        try (Anonymizer a = TestAnonymizers.fixedBox()) {
            VideoJob job = VideoJob.builder(a).input(copy).output(tmp.resolve(".").resolve("input.mp4")).build();
            assertThatThrownBy(job::run).isInstanceOf(MediaException.class).hasMessageContaining("the output is the input");
        }
        assertThat(Files.readAllBytes(copy)).isEqualTo(before);
        assertNoTempFiles();
    }

    @Test
    void errorsOfOtherKindsAlsoNameTheFrame() {
        Path out = tmp.resolve("predicate.mp4");
        try (Anonymizer a = Anonymizer.builder().detector(new FixedDetector()).hideIf((d, f) -> {
                    throw new IllegalStateException("predicate broke");
                }).build()) {
            VideoJob job = VideoJob.builder(a).input(Clips.clip("h264_aac.mp4")).output(out).build();
            assertThatThrownBy(job::run).isInstanceOf(AnonymizerException.class).hasMessageContaining("frame 0")
                    .hasMessageContaining("predicate broke");
        }
        assertThat(out).doesNotExist();
    }

    /** A detector reporting {@link TestAnonymizers#BOX}. */
    static final class FixedDetector implements io.github.anonymizer.api.FaceDetector {
        @Override
        public String id() {
            return "fixed";
        }

        @Override
        public List<io.github.anonymizer.api.Detection> detect(Mat bgr, double minScore) {
            return List.of(new io.github.anonymizer.api.Detection(TestAnonymizers.BOX, 0.9, "fixed"));
        }

        @Override
        public void close() {}
    }

    /** Mean grey level inside a box, 8 px in from its edges (clear of chroma bleeding). */
    static double boxMean(Mat frame, Box box) {
        try (Rect r = new Rect((int) box.x() + 8, (int) box.y() + 8, (int) box.width() - 16, (int) box.height() - 16);
                Mat roi = frame.apply(r)) {
            Scalar m = org.bytedeco.opencv.global.opencv_core.mean(roi);
            double v = (m.get(0) + m.get(1) + m.get(2)) / 3;
            m.close();
            return v;
        }
    }

    private void assertNoTempFiles() {
        assertNoTempFilesExcept(0);
    }

    private void assertNoTempFilesExcept(int expected) {
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".part")).count()).isEqualTo(expected);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
