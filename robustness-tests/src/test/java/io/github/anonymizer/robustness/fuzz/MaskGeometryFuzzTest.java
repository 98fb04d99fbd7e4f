package io.github.anonymizer.robustness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.DetectorException;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MaskShape;
import io.github.anonymizer.core.AnonymizedFrame;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.filters.Filters;
import io.github.anonymizer.filters.Rgb;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.javacpp.indexer.UShortIndexer;
import org.bytedeco.javacpp.indexer.Indexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Fuzzes the mask geometry with a custom detector that returns whatever the fuzzer says: boxes
 * partly or wholly outside the frame, zero, negative, huge or non-finite sizes, NaN and
 * out-of-range scores, on frames from 1x1 up, in every supported pixel layout, with mask scales over
 * the whole allowed range (0.5, 10], feathering and a detection scale. The rules checked:
 * <ul>
 *   <li>a detection the API cannot represent (NaN score, negative size, a box that overflows when
 *       mapped from the detection size to the frame...) fails the frame with a {@link
 *       DetectorException}: no output frame, never another exception type;
 *   <li>otherwise the output has the frame's size and type, every region lies inside the frame,
 *       and every pixel outside the regions keeps its exact value (the filter is a solid fill).
 * </ul>
 */
class MaskGeometryFuzzTest {

    private static final int[] TYPES = {opencv_core.CV_8UC1, opencv_core.CV_8UC3, opencv_core.CV_8UC4,
        opencv_core.CV_16UC1, opencv_core.CV_16UC3, opencv_core.CV_16UC4};

    @FuzzTest(maxDuration = "30s")
    void masks(FuzzedDataProvider data) {
        int w = data.consumeInt(1, 48);
        int h = data.consumeInt(1, 48);
        int type = TYPES[data.consumeInt(0, TYPES.length - 1)];
        List<double[]> boxes = new ArrayList<>();
        int n = data.consumeInt(0, 4);
        for (int i = 0; i < n; i++) {
            boxes.add(new double[] {value(data), value(data), value(data), value(data), data.consumeDouble()});
        }
        Anonymizer.Builder b = Anonymizer.builder().detector(new Scripted(boxes)).filter(Filters.solid(new Rgb(255, 0, 255)))
                .threshold(0).maskShape(data.consumeBoolean() ? MaskShape.ELLIPSE : MaskShape.BOX)
                .maskScale(data.consumeRegularDouble(0.5001, 10)).feather(data.consumeRegularDouble(0, 0.5));
        double sx = 1;
        double sy = 1;
        if (data.consumeBoolean()) {
            double scale = data.consumeRegularDouble(0.01, 8);
            b.detectionScale(scale);
            sx = (double) w / Math.max(1, Math.round(w * scale));
            sy = (double) h / Math.max(1, Math.round(h * scale));
        }
        double fx = sx;
        double fy = sy;
        try (Anonymizer a = b.build(); Scalar grey = new Scalar(77, 77, 77, 77); Mat frame = new Mat(h, w, type, grey)) {
            AnonymizedFrame out;
            try {
                out = a.process(frame);
            } catch (DetectorException expected) {
                boolean representable = boxes.stream().allMatch(box -> representable(box, fx, fy));
                assertThat(representable).as("only an unrepresentable detection fails the frame: %s", expected).isFalse();
                return;
            }
            try (out) {
                Mat img = out.image();
                assertThat(img.cols()).isEqualTo(w);
                assertThat(img.rows()).isEqualTo(h);
                assertThat(img.type()).isEqualTo(type);
                for (FaceRegion r : out.report().regions()) {
                    assertThat(r.x()).isBetween(0, w - 1);
                    assertThat(r.y()).isBetween(0, h - 1);
                    assertThat(r.x() + r.width()).isBetween(1, w);
                    assertThat(r.y() + r.height()).isBetween(1, h);
                }
                assertUnchangedOutside(img, out.report().regions());
            }
        }
    }

    /**
     * The first finding, kept as a plain test: a box near {@code Double.MAX_VALUE} overflowed while
     * its mask was computed, and {@code process} threw an IllegalArgumentException. Now the mask is
     * clamped far outside the frame and hidden as a box: here the box covers the whole frame.
     */
    @org.junit.jupiter.api.Test
    void aHugeFiniteBoxHidesTheWholeFrame() {
        double big = Double.MAX_VALUE * 0.9; // 1.6 times that (mask scale 1.3) overflows
        try (Anonymizer a = Anonymizer.builder().detector(new Scripted(List.<double[]>of(new double[] {-big / 2, -big / 2, big, big, 0.9})))
                .filter(Filters.solid(new Rgb(255, 0, 255))).build();
                Scalar grey = new Scalar(77, 77, 77, 77); Mat frame = new Mat(8, 10, opencv_core.CV_8UC3, grey);
                AnonymizedFrame out = a.process(frame)) {
            assertThat(out.report().regions()).singleElement().satisfies(r -> {
                assertThat(r.shape()).isEqualTo(MaskShape.BOX);
                assertThat(r.width()).isEqualTo(10);
                assertThat(r.height()).isEqualTo(8);
            });
        }
    }

    /** Fuzzer-chosen numbers with the special values a broken detector gives. */
    private static double value(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 6)) {
            case 0 -> Double.NaN;
            case 1 -> data.consumeBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 2 -> data.consumeBoolean() ? Double.MAX_VALUE : -Double.MAX_VALUE;
            case 3 -> data.consumeDouble();
            default -> data.consumeRegularDouble(-100, 100);
        };
    }

    /** Whether the API can hold the detection, at detection size and mapped to the full frame. */
    private static boolean representable(double[] b, double sx, double sy) {
        boolean finite = Double.isFinite(b[0] * sx) && Double.isFinite(b[1] * sy) && Double.isFinite(b[2] * sx)
                && Double.isFinite(b[3] * sy) && Double.isFinite(b[0]) && Double.isFinite(b[1]);
        return finite && b[2] >= 0 && b[3] >= 0 && b[4] >= 0 && b[4] <= 1;
    }

    private static void assertUnchangedOutside(Mat img, List<FaceRegion> regions) {
        int c = img.channels();
        boolean deep = img.depth() == opencv_core.CV_16U;
        try (Indexer idx = deep ? img.<UShortIndexer>createIndexer() : img.<UByteIndexer>createIndexer()) {
            for (int y = 0; y < img.rows(); y++) {
                for (int x = 0; x < img.cols(); x++) {
                    if (inside(regions, x, y)) {
                        continue;
                    }
                    for (int k = 0; k < c; k++) {
                        double v = idx.getDouble(y, x, k);
                        if (v != 77) {
                            throw new AssertionError("pixel (" + x + "," + y + ") channel " + k + " outside every region changed to " + v);
                        }
                    }
                }
            }
        }
    }

    private static boolean inside(List<FaceRegion> regions, int x, int y) {
        for (FaceRegion r : regions) {
            if (x >= r.x() && x < r.x() + r.width() && y >= r.y() && y < r.y() + r.height()) {
                return true;
            }
        }
        return false;
    }

    /** Returns the fuzzer's boxes as detections; constructing an invalid one throws, as a broken detector would. */
    private static final class Scripted implements FaceDetector {
        private final List<double[]> boxes;

        Scripted(List<double[]> boxes) {
            this.boxes = boxes;
        }

        @Override
        public String id() {
            return "scripted";
        }

        @Override
        public List<Detection> detect(Mat bgr, double minScore) {
            List<Detection> out = new ArrayList<>();
            for (double[] b : boxes) {
                out.add(new Detection(new Box(b[0], b[1], b[2], b[3]), b[4], "scripted"));
            }
            return out;
        }

        @Override
        public void close() {
            // nothing native
        }
    }
}
