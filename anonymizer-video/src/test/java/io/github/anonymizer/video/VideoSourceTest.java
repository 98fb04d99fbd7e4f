package io.github.anonymizer.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.mean;

import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.MediaException;
import io.github.anonymizer.core.pipeline.VideoFrame;
import java.nio.file.Path;
import java.util.Set;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class VideoSourceTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @FieldSource("io.github.anonymizer.video.Clips#ALL")
    void decodesEveryClipLikeAPlainFfmpegDecoder(String name) {
        Path clip = Clips.clip(name);
        try (MediaProbe.Info probe = MediaProbe.probe(clip, Set.of(0L, 10L));
                VideoSource src = VideoSource.open(clip)) {
            assertThat(src.width()).isEqualTo(640);
            assertThat(src.height()).isEqualTo(480);
            assertThat(src.rotation()).isZero();
            assertThat(src.frameRate()).isCloseTo(30000 / 1001.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(src.isLive()).isFalse();
            assertThat(src.hasAudio()).isTrue();
            assertThat(src.frameCount()).isPresent();
            assertThat(src.frameCount().getAsLong()).isBetween(probe.video().frames() - 1, probe.video().frames() + 1);

            long n = 0;
            long last = -1;
            for (VideoFrame next = src.read(); next != null; next = src.read()) {
                try (VideoFrame f = next) {
                    assertThat(f.index()).isEqualTo(n);
                    assertThat(f.image().type()).isEqualTo(CV_8UC3);
                    assertThat(f.image().cols()).isEqualTo(640);
                    assertThat(f.image().rows()).isEqualTo(480);
                    assertThat(f.timestampMicros()).isGreaterThan(last);
                    last = f.timestampMicros();
                    Mat expected = probe.frames().get(n);
                    if (expected != null) {
                        assertThat(meanAbsDiff(f.image(), expected)).as("frame %d vs plain decode", n).isLessThan(1.0);
                    }
                    n++;
                }
            }
            assertThat(n).isEqualTo(probe.video().frames());
            assertThat(src.read()).isNull();
            assertThat(src.corruptFramesSkipped()).isZero();
        }
    }

    @Test
    void aFileThatIsNotAVideoFailsClearly() {
        Path notice = Clips.clip("NOTICE.face");
        assertThatThrownBy(() -> VideoSource.open(notice)).isInstanceOf(MediaException.class)
                .hasMessageContaining("NOTICE.face").hasMessageContaining("cannot open");
    }

    @Test
    void aMissingFileFailsClearly() {
        Path missing = tmp.resolve("nope.mp4");
        assertThatThrownBy(() -> VideoSource.open(missing)).isInstanceOf(MediaException.class)
                .hasMessageContaining("nope.mp4").hasMessageContaining("no such file");
    }

    @Test
    void anAudioOnlyFileIsNotAVideo() {
        Path m4a = tmp.resolve("audio.m4a");
        Remux.copy(Clips.clip("h264_aac.mp4"), m4a, false, true, 0, 0);
        assertThatThrownBy(() -> VideoSource.open(m4a)).isInstanceOf(MediaException.class)
                .hasMessageContaining("audio.m4a").hasMessageContaining("no video stream").hasMessageContaining("aac");
    }

    @Test
    void aVideoWithoutFramesFailsClearly() {
        // AVI keeps a track without packets: open works, the first read says there is nothing
        Path avi = tmp.resolve("empty.avi");
        Remux.copy(Clips.clip("h264_aac.mp4"), avi, true, false, 0, 0);
        MediaException e = org.junit.jupiter.api.Assertions.assertThrows(MediaException.class, () -> {
            try (VideoSource src = VideoSource.open(avi)) {
                src.read();
            }
        });
        assertThat(e).hasMessageContaining("empty.avi").hasMessageContaining("no decodable video frames");

        // MP4 drops a track without samples: open already says there is no video
        Path mp4 = tmp.resolve("empty.mp4");
        Remux.copy(Clips.clip("h264_aac.mp4"), mp4, true, false, 0, 0);
        assertThatThrownBy(() -> VideoSource.open(mp4)).isInstanceOf(MediaException.class)
                .hasMessageContaining("empty.mp4").hasMessageContaining("no video stream");
    }

    @Test
    void closeIsIdempotentAndReadAfterCloseThrows() {
        VideoSource src = VideoSource.open(Clips.clip("h264_aac.mp4"));
        src.read().close();
        src.close();
        src.close();
        assertThatThrownBy(src::read).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void stopEndsTheStream() {
        try (VideoSource src = VideoSource.open(Clips.clip("video_01.mp4"))) {
            src.read().close();
            src.stop();
            assertThat(src.read()).isNull();
            assertThat(src.framesRead()).isEqualTo(1);
        }
    }

    @Test
    void aMissingCameraFailsClearly() {
        assertThatThrownBy(() -> VideoSource.open("/dev/video97")).isInstanceOf(MediaException.class)
                .hasMessageContaining("/dev/video97");
    }

    @Test
    void unknownFormatOptionsAreRejected() {
        SourceOptions o = SourceOptions.builder().formatOption("no_such_option", "1").build();
        assertThatThrownBy(() -> VideoSource.open(Clips.clip("h264_aac.mp4"), o))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("no_such_option");
    }

    static double meanAbsDiff(Mat a, Mat b) {
        try (Mat d = new Mat()) {
            absdiff(a, b, d);
            Scalar m = mean(d);
            double v = (m.get(0) + m.get(1) + m.get(2)) / 3;
            m.close();
            return v;
        }
    }
}
