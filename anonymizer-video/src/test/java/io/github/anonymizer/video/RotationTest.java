package io.github.anonymizer.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;

import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.pipeline.VideoFrame;
import java.nio.file.Path;
import java.util.Set;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Phone-style videos: the stored picture plus a display matrix. The source turns frames upright
 * (so detectors see upright faces); the sink stores them back and writes the same matrix.
 */
class RotationTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {90, 180, 270})
    void framesAreReadUprightAndTheOutputKeepsTheRotation(int rotation) {
        Path original = Clips.clip("h264_aac.mp4");
        Path rotated = tmp.resolve("rotated" + rotation + ".mp4");
        Remux.copy(original, rotated, true, true, rotation, Long.MAX_VALUE);
        boolean quarter = rotation % 180 != 0;

        try (MediaProbe.Info plain = MediaProbe.probe(original, Set.of(0L));
                VideoSource src = VideoSource.open(rotated);
                VideoFrame first = src.read();
                Mat expected = turn(plain.frames().get(0L), rotation)) {
            assertThat(src.rotation()).isEqualTo(rotation);
            assertThat(src.width()).isEqualTo(quarter ? 480 : 640);
            assertThat(src.height()).isEqualTo(quarter ? 640 : 480);
            assertThat(first.image().cols()).isEqualTo(src.width());
            assertThat(VideoSourceTest.meanAbsDiff(first.image(), expected)).isLessThan(1.0);
        }

        Path out = tmp.resolve("out" + rotation + ".mp4");
        TestAnonymizers.anonymize(rotated, out, OutputOptions.builder().preset("ultrafast").build());
        try (MediaProbe.Info dst = MediaProbe.probe(out, Set.of(0L)); Mat upright = turn(dst.frames().get(0L), rotation)) {
            MediaProbe.Stream v = dst.video();
            assertThat(v.rotation()).isEqualTo(rotation);
            assertThat(v.width()).isEqualTo(640); // stored like the input
            assertThat(v.height()).isEqualTo(480);
            assertThat(v.frames()).isEqualTo(31);
            assertThat(dst.audio()).hasSize(1);
            // the mask was drawn on the upright picture: it is where the viewer sees it
            assertThat(VideoJobTest.boxMean(upright, TestAnonymizers.BOX)).isCloseTo(TestAnonymizers.FILL, offset(4.0));
        }
    }

    /** Turns a stored picture the way a player does for this clockwise rotation. */
    private static Mat turn(Mat stored, int clockwise) {
        Mat out = new Mat();
        rotate(stored, out, clockwise == 90 ? ROTATE_90_CLOCKWISE : clockwise == 180 ? ROTATE_180 : ROTATE_90_COUNTERCLOCKWISE);
        return out;
    }
}
