package io.github.anonymizer.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MaskShape;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/** The per-row runs of hard masks and the compositing that uses them. */
class MaskSpansTest {

    /** A region for {@code mask} in a frame, clipped as the Anonymizer clips it; null when outside. */
    private static FaceRegion region(Box mask, MaskShape shape, int fw, int fh) {
        int[] r = MaskGeometry.clippedBounds(mask, fw, fh);
        return r == null ? null : new FaceRegion(r[0], r[1], r[2] - r[0], r[3] - r[1], mask, shape, null, -1, fw, fh);
    }

    @Test
    void runsCoverExactlyThePixelsOfTheHardEllipse() {
        Random rnd = new Random(42);
        int checked = 0;
        for (int n = 0; n < 3000; n++) {
            int fw = 1 + rnd.nextInt(300);
            int fh = 1 + rnd.nextInt(300);
            // centres inside and outside the frame, sizes from sub-pixel to several frames
            double w = Math.exp(rnd.nextDouble() * Math.log(2000)) - 0.9;
            double h = Math.exp(rnd.nextDouble() * Math.log(2000)) - 0.9;
            double cx = (rnd.nextDouble() * 1.6 - 0.3) * fw;
            double cy = (rnd.nextDouble() * 1.6 - 0.3) * fh;
            FaceRegion region = region(new Box(cx - w / 2, cy - h / 2, w, h), MaskShape.ELLIPSE, fw, fh);
            if (region == null) {
                continue;
            }
            byte[] alpha = MaskGeometry.alpha(region, 0);
            int[] spans = MaskGeometry.spans(region);
            byte[] fromSpans = new byte[alpha.length];
            for (int j = 0; j < region.height(); j++) {
                assertThat(spans[2 * j]).isBetween(0, spans[2 * j + 1]);
                assertThat(spans[2 * j + 1]).isLessThanOrEqualTo(region.width());
                for (int i = spans[2 * j]; i < spans[2 * j + 1]; i++) {
                    fromSpans[j * region.width() + i] = (byte) 255;
                }
            }
            assertThat(fromSpans).as("region %s", region).isEqualTo(bruteForceEllipse(region));
            assertThat(alpha).isEqualTo(fromSpans);
            checked++;
        }
        assertThat(checked).isGreaterThan(1000);
    }

    /** The rule of MaskGeometry's class comment, pixel by pixel, written out independently. */
    private static byte[] bruteForceEllipse(FaceRegion r) {
        Box m = r.maskBox();
        double rx = Math.max(m.width() / 2, 1e-9);
        double ry = Math.max(m.height() / 2, 1e-9);
        double cx = m.centerX() - r.x();
        double cy = m.centerY() - r.y();
        byte[] a = new byte[r.width() * r.height()];
        for (int j = 0; j < r.height(); j++) {
            double ny = Math.max(0, Math.max(j - cy, cy - (j + 1))) / ry;
            for (int i = 0; i < r.width(); i++) {
                double nx = Math.max(0, Math.max(i - cx, cx - (i + 1))) / rx;
                if (nx * nx + ny * ny <= 1) {
                    a[j * r.width() + i] = (byte) 255;
                }
            }
        }
        return a;
    }

    @Test
    void boxRunsAreWholeRows() {
        FaceRegion r = region(new Box(3.5, 2.2, 10, 7), MaskShape.BOX, 40, 30);
        int[] spans = MaskGeometry.spans(r);
        for (int j = 0; j < r.height(); j++) {
            assertThat(spans[2 * j]).isZero();
            assertThat(spans[2 * j + 1]).isEqualTo(r.width());
        }
    }

    @Test
    void outsidePixelsComeBackExactlyInEveryLayout() {
        int[] types = {opencv_core.CV_8UC1, opencv_core.CV_8UC3, opencv_core.CV_8UC4, opencv_core.CV_16UC1,
            opencv_core.CV_16UC3, opencv_core.CV_16UC4};
        for (int type : types) {
            try (Mat frame = new Mat(60, 80, type); Mat lo = new Mat(1, 1, opencv_core.CV_64F, new Scalar(0));
                    Mat hi = new Mat(1, 1, opencv_core.CV_64F, new Scalar(60000))) {
                opencv_core.randu(frame, lo, hi);
                FaceRegion region = region(new Box(10.3, 5.7, 50, 40), MaskShape.ELLIPSE, 80, 60);
                int[] spans = MaskGeometry.spans(region);
                try (Mat before = frame.clone();
                        Rect rect = new Rect(region.x(), region.y(), region.width(), region.height());
                        Mat roi = new Mat(frame, rect);
                        Scalar fill = new Scalar(7, 7, 7, 7)) {
                    byte[] saved = MaskCompositor.saveOutside(roi, spans);
                    roi.put(fill); // a "filter" that rewrites the whole rectangle
                    MaskCompositor.restoreOutside(roi, spans, saved);
                    byte[] alpha = MaskGeometry.alpha(region, 0);
                    int es = (int) frame.elemSize();
                    byte[] got = bytes(frame);
                    byte[] orig = bytes(before);
                    int changed = 0;
                    for (int y = 0; y < 60; y++) {
                        for (int x = 0; x < 80; x++) {
                            int ry = y - region.y();
                            int rx = x - region.x();
                            boolean inMask = ry >= 0 && ry < region.height() && rx >= 0 && rx < region.width()
                                    && alpha[ry * region.width() + rx] != 0;
                            for (int b = 0; b < es; b++) {
                                int k = (y * 80 + x) * es + b;
                                if (!inMask) {
                                    assertThat(got[k]).as("type %d pixel %d,%d", type, x, y).isEqualTo(orig[k]);
                                } else if (got[k] != orig[k]) {
                                    changed++;
                                }
                            }
                        }
                    }
                    assertThat(changed).as("the mask's pixels keep the filter's output").isGreaterThan(1000);
                }
            }
        }
    }

    private static byte[] bytes(Mat m) {
        byte[] b = new byte[(int) (m.total() * m.elemSize())];
        try (BytePointer p = m.data()) {
            p.get(b);
        }
        return b;
    }
}
