package io.github.anonymizer.video;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.anonymizer.core.pipeline.VideoFrame;
import java.nio.file.Path;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Odd frame sizes, which 4:2:0 H.264 cannot store, are padded by repeating the last column and row. */
class OddSizeTest {

    @Test
    void anOddSizedVideoIsPaddedByOnePixelAndSaysSo(@TempDir Path tmp) {
        Path out = tmp.resolve("odd.mp4");
        try (VideoSink sink = VideoSink.toFile(out, VideoFormat.of(161, 121, new Rational(25, 1)),
                OutputOptions.builder().preset("ultrafast").build())) {
            for (int i = 0; i < 10; i++) {
                Mat m = new Mat(121, 161, opencv_core.CV_8UC3, new Scalar(40, 80, 120, 0));
                // a white last column and row: repeated, they must show up in the added column and row
                m.col(160).put(new Scalar(255, 255, 255, 0));
                m.row(120).put(new Scalar(255, 255, 255, 0));
                try (VideoFrame f = new VideoFrame(i, i * 40_000L, m)) {
                    sink.write(f);
                }
            }
            sink.finish();
            assertThat(sink.warnings()).anySatisfy(w -> assertThat(w).contains("161x121").contains("162x122"));
        }
        try (VideoSource src = VideoSource.open(out); VideoFrame f = src.read()) {
            assertThat(src.width()).isEqualTo(162);
            assertThat(src.height()).isEqualTo(122);
            Mat img = f.image();
            double[] added = new double[4];
            opencv_core.mean(img.col(161)).get(added);
            double[] inside = new double[4];
            opencv_core.mean(img.col(80)).get(inside);
            assertThat(added[0]).as("the added column repeats the white one").isGreaterThan(200);
            assertThat(inside[0]).isLessThan(80);
        }
    }
}
