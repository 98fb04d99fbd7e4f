package io.github.anonymizer.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.github.anonymizer.api.MediaException;
import io.github.anonymizer.core.pipeline.VideoFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkAndSupportTest {

    @TempDir
    Path tmp;

    @Test
    void framesFromApplicationCodeBecomeAVideo() {
        Path out = tmp.resolve("synthetic.mp4");
        VideoFormat format = VideoFormat.of(320, 240, new Rational(25, 1));
        try (VideoSink sink = VideoSink.toFile(out, format, OutputOptions.builder().preset("ultrafast").build())) {
            assertThat(sink.audio()).isEqualTo(AudioOutcome.NONE);
            for (int i = 0; i < 20; i++) {
                try (Scalar grey = new Scalar(i * 10, i * 10, i * 10, 0);
                        VideoFrame f = new VideoFrame(i, -1, new Mat(240, 320, CV_8UC3, grey))) {
                    sink.write(f); // no timestamps: the frame number sets the time
                }
            }
            sink.finish();
            assertThat(sink.isFinished()).isTrue();
            assertThatThrownBy(() -> sink.write(null)).isInstanceOf(IllegalStateException.class);
        }
        try (MediaProbe.Info dst = MediaProbe.probe(out, Set.of(0L, 19L))) {
            MediaProbe.Stream v = dst.video();
            assertThat(v.frames()).isEqualTo(20);
            assertThat(v.avgFrameRate()).isCloseTo(25.0, offset(1e-9));
            assertThat(v.durationMicros()).isEqualTo(800_000);
            assertThat(VideoJobTest.boxMean(dst.frames().get(0L), new io.github.anonymizer.api.Box(20, 20, 200, 150)))
                    .isCloseTo(0, offset(3.0));
            assertThat(VideoJobTest.boxMean(dst.frames().get(19L), new io.github.anonymizer.api.Box(20, 20, 200, 150)))
                    .isCloseTo(190, offset(3.0));
        }
    }

    @Test
    void resizedFramesKeepTheSourceAudio() {
        Path out = tmp.resolve("resized.mp4");
        long audioIn;
        try (MediaProbe.Info src = MediaProbe.probe(Clips.clip("video_01.mp4"))) {
            audioIn = src.audio().get(0).durationMicros();
        }
        int frames = 0;
        try (VideoSource in = VideoSource.open(Clips.clip("video_01.mp4"));
                VideoSink sink = VideoSink.toFile(out, VideoFormat.of(320, 180, in.frameRateRational()), in,
                        OutputOptions.builder().preset("ultrafast").build())) {
            assertThat(sink.audio()).isEqualTo(AudioOutcome.COPIED);
            for (VideoFrame f = in.read(); f != null; f = in.read()) {
                try (VideoFrame frame = f; Mat small = new Mat();
                        org.bytedeco.opencv.opencv_core.Size size = new org.bytedeco.opencv.opencv_core.Size(320, 180)) {
                    org.bytedeco.opencv.global.opencv_imgproc.resize(frame.image(), small, size);
                    sink.write(new VideoFrame(frame.index(), frame.timestampMicros(), small));
                    frames++;
                }
            }
            sink.finish();
        }
        try (MediaProbe.Info dst = MediaProbe.probe(out)) {
            assertThat(dst.video().width()).isEqualTo(320);
            assertThat(dst.video().height()).isEqualTo(180);
            assertThat(dst.video().frames()).isEqualTo(frames);
            assertThat(dst.audio()).hasSize(1);
            assertThat(dst.audio().get(0).durationMicros()).isCloseTo(audioIn, offset(100_000L));
        }
    }

    @Test
    void outputsThatCannotWorkFailBeforeWriting() {
        VideoFormat format = VideoFormat.of(64, 64, new Rational(25, 1));
        assertThatThrownBy(() -> VideoSink.toFile(tmp.resolve("no/such/folder/x.mp4"), format, OutputOptions.defaults()))
                .isInstanceOf(MediaException.class).hasMessageContaining("folder does not exist");
        assertThatThrownBy(() -> VideoSink.toFile(tmp.resolve("x.unknownext"), format, OutputOptions.defaults()))
                .isInstanceOf(MediaException.class).hasMessageContaining("output format");
        assertThatThrownBy(() -> VideoSink.toFile(tmp.resolve("x.mp4"), format,
                OutputOptions.builder().format("no-such-muxer").build())).hasMessageContaining("no-such-muxer");
        assertThat(tmp.toFile().list()).isEmpty();
    }

    @Test
    void theH264EncoderFollowsTheFfmpegBuild() {
        // both builds have libopenh264; only the -gpl build (the tests' default) has libx264, which wins
        assertThat(Encoders.has("libopenh264")).isTrue();
        assertThat(Encoders.has("no-such-encoder")).isFalse();
        if (Encoders.has("libx264")) {
            assertThat(Encoders.h264()).contains("libx264");
            assertThat(Encoders.describe()).contains("libx264").contains("GPL");
        } else {
            assertThat(Encoders.h264()).contains("libopenh264");
            assertThat(Encoders.describe()).contains("libopenh264").contains("LGPL");
        }
    }

    @Test
    void theAudioQueueIsBounded() {
        try (AudioQueue file = new AudioQueue("clip.mp4", 16, false); AudioQueue live = new AudioQueue("udp://x", 16, true)) {
            AVPacket p = av_packet_alloc();
            try {
                for (int i = 0; i < 16; i++) {
                    av_new_packet(p, 100);
                    file.offer(p, i * 1000L);
                    av_new_packet(p, 100);
                    live.offer(p, i * 1000L);
                }
                av_new_packet(p, 100);
                assertThatThrownBy(() -> file.offer(p, 99_000)).isInstanceOf(MediaException.class)
                        .hasMessageContaining("clip.mp4").hasMessageContaining("16 audio packets");
                live.offer(p, 99_000);
                assertThat(live.dropped()).isEqualTo(1);
                assertThat(live.size()).isEqualTo(16);
                AudioQueue.Entry oldest = live.pollUpTo(1_500);
                assertThat(oldest.micros()).as("the oldest packet was dropped").isEqualTo(1000);
                av_packet_free(oldest.packet());
                assertThat(live.pollUpTo(1_500)).isNull();
            } finally {
                av_packet_free(p);
            }
        }
    }

    @Test
    void camerasThatCannotBeOpenedFailClearly() {
        assumeTrue(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"), "V4L2 names");
        assumeFalse(Files.exists(Path.of("/dev/video0")), "a camera is attached to this machine");
        assertThatThrownBy(() -> VideoSource.open("cam")).isInstanceOf(MediaException.class)
                .hasMessageContaining("no such camera device: /dev/video0");
        // /dev/null exists but is no camera; where libavdevice's system libraries (libpulse0, ...)
        // are missing, the message says so
        MediaException e = org.junit.jupiter.api.Assertions.assertThrows(MediaException.class,
                () -> VideoSource.openCamera("/dev/null", SourceOptions.defaults()).close());
        System.out.println("camera /dev/null: " + e.getMessage());
        assertThat(e.getMessage()).startsWith("/dev/null: ").containsAnyOf("libavdevice", "cannot open");
    }
}
