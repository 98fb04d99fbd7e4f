package io.github.anonymizer.filters;

import static io.github.anonymizer.filters.Frames.bytes;
import static io.github.anonymizer.filters.SolidFillFilterTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MaskShape;
import io.github.anonymizer.api.UnsupportedFrameException;
import io.github.anonymizer.testing.SharedData;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@SuppressWarnings("try") // PointerScope blocks release the native objects made in them
class ImageReplaceFilterTest {

    /** The background plate copies exactly the background's pixels at the region's place, on all six formats. */
    @ParameterizedTest
    @EnumSource(Frames.Format.class)
    void backgroundPlateCopiesTheSamePlace(Frames.Format format) {
        try (PointerScope scope = new PointerScope()) {
            Mat scene = Frames.read(SharedData.smoke("openmpf_race.jpg"));
            Mat frameBgr = Frames.read(SharedData.smoke("deface_city.jpg"));
            Mat sized = new Mat();
            org.bytedeco.opencv.global.opencv_imgproc.resize(frameBgr, sized, scene.size());
            Mat background = Frames.convert(scene, format);
            Mat frame = Frames.convert(sized, format);
            Mat before = frame.clone();
            try (ImageReplaceFilter filter = ImageReplaceFilter.backgroundPlate(background)) {
                background.close(); // the filter has its own copy
                Mat expectedBackground = Frames.convert(scene, format);
                for (FaceRegion region : new FaceRegion[] {
                    Frames.region(40, 30, 64, 80, frame),
                    Frames.region(0, 0, 1, 1, frame),
                    Frames.region(frame.cols() - 2, frame.rows() - 1, 2, 1, frame)}) {
                    filter.apply(frame.apply(Frames.rect(region)), region);
                    Rect r = Frames.rect(region);
                    Mat got = frame.apply(r).clone();
                    Mat want = expectedBackground.apply(r).clone();
                    if (format.channels == 4) { // alpha comes from the frame, colour from the background
                        org.bytedeco.opencv.global.opencv_core.insertChannel(extract(before.apply(r).clone(), 3), want, 3);
                    }
                    Frames.assertSamePixels(want, got, format + " region " + region.bounds());
                    Frames.assertSameAlpha(before, frame);
                }
            }
        }
    }

    private static Mat extract(Mat m, int channel) {
        Mat c = new Mat();
        org.bytedeco.opencv.global.opencv_core.extractChannel(m, c, channel);
        return c;
    }

    /** A background in another format is converted: 8-bit BGR into a 16-bit frame is scaled by 257, into gray by BT.601. */
    @Test
    void backgroundIsConvertedToTheFrameFormat() {
        try (PointerScope scope = new PointerScope()) {
            Mat background = new Mat(20, 30, CV_8UC3, new Scalar(10, 20, 250, 0));
            try (ImageReplaceFilter filter = ImageReplaceFilter.backgroundPlate(background)) {
                Mat frame16 = new Mat(20, 30, CV_16UC3, new Scalar(0));
                FaceRegion r16 = Frames.region(5, 5, 10, 10, frame16);
                filter.apply(frame16.apply(Frames.rect(r16)), r16);
                assertThat(new int[] {value(frame16, 7, 7, 0), value(frame16, 7, 7, 1), value(frame16, 7, 7, 2)})
                        .containsExactly(10 * 257, 20 * 257, 250 * 257);

                Mat gray = new Mat(20, 30, CV_8UC1, new Scalar(0));
                FaceRegion rg = Frames.region(0, 0, 30, 20, gray);
                filter.apply(gray, rg);
                Mat expected = new Mat();
                cvtColor(background, expected, COLOR_BGR2GRAY);
                Frames.assertSamePixels(expected, gray, "gray frame");
            }
        }
    }

    @Test
    void backgroundOfAnotherSizeIsRejectedWithBothSizes() {
        try (PointerScope scope = new PointerScope();
                ImageReplaceFilter filter = ImageReplaceFilter.backgroundPlate(new Mat(240, 320, CV_8UC3, new Scalar(0)))) {
            Mat frame = new Mat(480, 640, CV_8UC3, new Scalar(7, 7, 7, 0));
            byte[] before = bytes(frame);
            FaceRegion region = Frames.region(10, 10, 20, 20, frame);
            assertThatThrownBy(() -> filter.apply(frame.apply(Frames.rect(region)), region))
                    .isInstanceOf(UnsupportedFrameException.class)
                    .hasMessageContaining("320x240").hasMessageContaining("640x480");
            assertThat(bytes(frame)).isEqualTo(before);
        }
    }

    /** A 2x2 picture of four colours stretched over a 40x20 region: each quadrant's outer part is exactly its colour. */
    @Test
    void stretchedPictureFillsTheMaskBox() {
        try (PointerScope scope = new PointerScope(); ImageReplaceFilter filter = ImageReplaceFilter.stretched(quadrants(2))) {
            Mat frame = new Mat(50, 60, CV_8UC3, new Scalar(0));
            Mat before = frame.clone();
            FaceRegion region = Frames.region(10, 15, 40, 20, frame);
            filter.apply(frame.apply(Frames.rect(region)), region);
            Frames.assertSameOutside(before, frame, Frames.rect(region));
            // with bilinear sampling the outer 10x5 pixels of each quadrant lie beyond the picture's pixel centres
            assertColour(frame, new Rect(10, 15, 10, 5), 255, 0, 0);
            assertColour(frame, new Rect(40, 15, 10, 5), 0, 255, 0);
            assertColour(frame, new Rect(10, 30, 10, 5), 0, 0, 255);
            assertColour(frame, new Rect(40, 30, 10, 5), 255, 255, 255);
        }
    }

    /** Where the border cuts the mask box, the region shows the matching part of the stretched picture. */
    @Test
    void stretchedPictureIsCutLikeTheFace() {
        try (PointerScope scope = new PointerScope(); ImageReplaceFilter filter = ImageReplaceFilter.stretched(quadrants(2))) {
            Mat frame = new Mat(50, 60, CV_8UC3, new Scalar(0));
            // mask box 80x40 from x = -40: only its right half (green over white) is in the frame
            FaceRegion region = Frames.region(0, 5, 40, 40, new Box(-40, 5, 80, 40), MaskShape.ELLIPSE, frame);
            filter.apply(frame.apply(Frames.rect(region)), region);
            assertColour(frame, new Rect(20, 5, 20, 10), 0, 255, 0);
            assertColour(frame, new Rect(20, 35, 20, 10), 255, 255, 255);
        }
    }

    /** A picture much bigger than the face is shrunk with area averaging first; colours stay in place. */
    @Test
    void bigPictureIsShrunk() {
        try (PointerScope scope = new PointerScope(); ImageReplaceFilter filter = ImageReplaceFilter.stretched(quadrants(400))) {
            Mat frame = new Mat(30, 30, CV_8UC4, new Scalar(1, 2, 3, 77));
            FaceRegion region = Frames.region(5, 5, 20, 20, frame);
            filter.apply(frame.apply(Frames.rect(region)), region);
            assertColour(frame, new Rect(5, 5, 8, 8), 255, 0, 0);
            assertColour(frame, new Rect(17, 17, 8, 8), 255, 255, 255);
            assertThat(value(frame, 10, 10, 3)).isEqualTo(77);
        }
    }

    /** A picture of {@code n x n} pixels: blue top-left, green top-right, red bottom-left, white bottom-right (BGR). */
    private static Mat quadrants(int n) {
        Mat m = new Mat(n, n, CV_8UC3, new Scalar(0));
        int h = n / 2;
        m.apply(new Rect(0, 0, h, h)).put(new Scalar(255, 0, 0, 0));
        m.apply(new Rect(h, 0, n - h, h)).put(new Scalar(0, 255, 0, 0));
        m.apply(new Rect(0, h, h, n - h)).put(new Scalar(0, 0, 255, 0));
        m.apply(new Rect(h, h, n - h, n - h)).put(new Scalar(255, 255, 255, 0));
        return m;
    }

    private static void assertColour(Mat frame, Rect r, int b, int g, int red) {
        for (int y = r.y(); y < r.y() + r.height(); y++) {
            for (int x = r.x(); x < r.x() + r.width(); x++) {
                assertThat(new int[] {value(frame, y, x, 0), value(frame, y, x, 1), value(frame, y, x, 2)})
                        .as("pixel %d,%d", x, y).containsExactly(b, g, red);
            }
        }
    }

    @Test
    void applyAfterCloseFailsAndCloseIsIdempotent() {
        try (PointerScope scope = new PointerScope()) {
            ImageReplaceFilter filter = ImageReplaceFilter.stretched(quadrants(4));
            Mat frame = new Mat(10, 10, CV_8UC3, new Scalar(0));
            FaceRegion region = Frames.region(0, 0, 4, 4, frame);
            filter.apply(frame.apply(Frames.rect(region)), region);
            filter.close();
            filter.close();
            assertThatThrownBy(() -> filter.apply(frame.apply(Frames.rect(region)), region))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            assertThat(filter.mode()).isEqualTo(ImageReplaceFilter.Mode.STRETCHED);
            assertThat(filter.pictureWidth()).isEqualTo(4);
            assertThat(filter.id()).isEqualTo("img");
        }
    }

    @Test
    void rejectsBadPictures() {
        try (PointerScope scope = new PointerScope()) {
            assertThatThrownBy(() -> ImageReplaceFilter.stretched(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("picture");
            assertThatThrownBy(() -> ImageReplaceFilter.backgroundPlate(new Mat())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("background").hasMessageContaining("empty");
            assertThatThrownBy(() -> ImageReplaceFilter.stretched(new Mat(4, 4, CV_32FC3)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("picture").hasMessageContaining("CV_32F");
            assertThatThrownBy(() -> ImageReplaceFilter.stretched(new Mat(4, 4, org.bytedeco.opencv.global.opencv_core.CV_8UC2)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 channel");
        }
    }
}
