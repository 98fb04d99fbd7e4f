package io.github.anonymizer.filters;

import static io.github.anonymizer.filters.Frames.bytes;
import static io.github.anonymizer.filters.SolidFillFilterTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MaskShape;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // PointerScope blocks release the native objects made in them
class DebugOverlayTest {

    private static final Scalar GRAY = new Scalar(40, 40, 40, 0);

    private static FaceRegion region(int x, int y, int w, int h, Box mask, MaskShape shape, Detection d, long track, Mat frame) {
        return new FaceRegion(x, y, w, h, mask, shape, d, track, frame.cols(), frame.rows());
    }

    @Test
    void labelHasScoreDetectorAndTrack() {
        Mat frame = new Mat(10, 10, CV_8UC3);
        Box b = new Box(0, 0, 10, 10);
        Detection d = new Detection(b, 0.876, "haar");
        assertThat(DebugOverlay.label(region(0, 0, 10, 10, b, MaskShape.BOX, d, 3, frame))).isEqualTo("0.88 haar #3");
        assertThat(DebugOverlay.label(region(0, 0, 10, 10, b, MaskShape.BOX, d, -1, frame))).isEqualTo("0.88 haar");
        assertThat(DebugOverlay.label(region(0, 0, 10, 10, b, MaskShape.BOX, null, 12, frame))).isEqualTo("#12");
        assertThat(DebugOverlay.label(region(0, 0, 10, 10, b, MaskShape.BOX, null, -1, frame))).isEmpty();
        frame.close();
    }

    /** A box outline runs along the region's edges; the label is drawn inside; nothing outside changes. */
    @Test
    void drawsBoxOutlineAndLabelInsideTheRegion() {
        try (PointerScope scope = new PointerScope()) {
            Mat frame = new Mat(200, 300, CV_8UC3, GRAY);
            Mat before = frame.clone();
            Box mask = new Box(50, 40, 160, 120);
            FaceRegion r = region(50, 40, 160, 120, mask, MaskShape.BOX, new Detection(mask, 0.5, "centerface"), 7, frame);
            DebugOverlay.defaults().apply(frame.apply(Frames.rect(r)), r);
            Frames.assertSameOutside(before, frame, Frames.rect(r));
            // the corners of the box are green
            for (int[] p : new int[][] {{50, 40}, {209, 40}, {50, 159}, {209, 159}}) {
                assertThat(new int[] {value(frame, p[1], p[0], 0), value(frame, p[1], p[0], 1), value(frame, p[1], p[0], 2)})
                        .as("corner %d,%d", p[0], p[1]).containsExactly(0, 255, 0);
            }
            // the label: green pixels in the top band of the region, away from the outline
            assertThat(greenPixels(frame, 55, 45, 150, 35)).isGreaterThan(30);
            // the middle of the region is untouched
            assertThat(greenPixels(frame, 70, 100, 120, 50)).isZero();
        }
    }

    /** An ellipse outline does not touch the box corners but crosses the middle of each edge. */
    @Test
    void drawsEllipseOutline() {
        try (PointerScope scope = new PointerScope()) {
            Mat frame = new Mat(200, 300, CV_8UC3, GRAY);
            Box mask = new Box(50, 40, 160, 120);
            FaceRegion r = region(50, 40, 160, 120, mask, MaskShape.ELLIPSE, null, -1, frame);
            DebugOverlay.defaults().apply(frame.apply(Frames.rect(r)), r);
            assertThat(value(frame, 40, 50, 1)).isEqualTo(40); // corner untouched
            assertThat(greenPixels(frame, 125, 40, 10, 3)).isPositive(); // top middle
            assertThat(greenPixels(frame, 50, 95, 3, 10)).isPositive(); // left middle
            assertThat(greenPixels(frame, 207, 95, 3, 10)).isPositive(); // right middle
        }
    }

    /** Mask boxes past the frame border, tiny regions, gray 16-bit and BGRA frames: drawing stays inside, alpha stays. */
    @Test
    void staysInsideOnEdgesAndOtherFormats() {
        try (PointerScope scope = new PointerScope()) {
            Mat bgra = new Mat(100, 100, CV_8UC4, new Scalar(40, 40, 40, 99));
            Mat before = bgra.clone();
            Box mask = new Box(-50, -50, 120, 120);
            FaceRegion r = region(0, 0, 70, 70, mask, MaskShape.ELLIPSE, new Detection(mask, 1, "x"), 1, bgra);
            DebugOverlay.defaults().apply(bgra.apply(Frames.rect(r)), r);
            Frames.assertSameOutside(before, bgra, Frames.rect(r));
            Frames.assertSameAlpha(before, bgra);
            assertThat(bytes(bgra)).isNotEqualTo(bytes(before));

            Mat gray16 = new Mat(60, 60, CV_16UC1, new Scalar(1000));
            Mat before16 = gray16.clone();
            FaceRegion g = region(10, 10, 40, 40, new Box(10, 10, 40, 40), MaskShape.BOX, null, -1, gray16);
            DebugOverlay.defaults().apply(gray16.apply(Frames.rect(g)), g);
            Frames.assertSameOutside(before16, gray16, Frames.rect(g));
            assertThat(value(gray16, 10, 10, 0)).isEqualTo((int) Math.round(Rgb.GREEN.luminance() * 257));

            for (int[] s : new int[][] {{1, 1}, {2, 1}, {1, 2}, {3, 3}}) {
                Mat small = new Mat(20, 20, CV_8UC3, GRAY);
                Mat was = small.clone();
                FaceRegion t = region(19 - s[0] + 1, 5, s[0], s[1], new Box(19 - s[0] + 1, 5, 30, 30), MaskShape.BOX,
                        new Detection(new Box(0, 0, 1, 1), 0.5, "y"), 4, small);
                DebugOverlay.of(Rgb.WHITE).apply(small.apply(Frames.rect(t)), t);
                Frames.assertSameOutside(was, small, Frames.rect(t));
            }
        }
    }

    @Test
    void isNotMaskedAndHasValueSemantics() {
        assertThat(DebugOverlay.defaults().masked()).isFalse();
        assertThat(DebugOverlay.defaults().id()).isEqualTo("overlay");
        assertThat(DebugOverlay.defaults().colour()).isEqualTo(Rgb.GREEN);
        assertThat(DebugOverlay.of(Rgb.GREEN)).isEqualTo(DebugOverlay.defaults()).hasSameHashCodeAs(DebugOverlay.defaults());
        assertThat(NoneFilter.instance().masked()).isFalse();
    }

    /** Number of pixels in the rectangle whose green channel is 255. */
    private static int greenPixels(Mat frame, int x, int y, int w, int h) {
        int n = 0;
        for (int yy = y; yy < y + h; yy++) {
            for (int xx = x; xx < x + w; xx++) {
                if (value(frame, yy, xx, 1) == 255) {
                    n++;
                }
            }
        }
        return n;
    }
}
