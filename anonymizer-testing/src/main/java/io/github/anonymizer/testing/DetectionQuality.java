package io.github.anonymizer.testing;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.api.FaceDetectorFactory;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Measures a detector on a ground-truth face set, for tests that assert quality floors: faces found
 * at IoU 0.3 and 0.5, and faces whose box is at least 80% covered by the default mask geometry
 * (an ellipse inscribed in the detection box scaled by 1.3 about its centre).
 *
 * <p>Stateless and thread-safe.
 *
 * @param faces the valid ground-truth faces
 * @param foundAtIou03 faces matched one-to-one at IoU 0.3
 * @param foundAtIou05 faces matched one-to-one at IoU 0.5
 * @param covered faces at least {@value #MIN_COVERAGE} covered by the ellipse masks
 * @param detections detections at the factory's default threshold
 */
public record DetectionQuality(int faces, int foundAtIou03, int foundAtIou05, int covered, int detections) {

    /** The mask scale of the default ellipse mask. */
    public static final double MASK_SCALE = 1.3;
    /** The coverage at which a face counts as hidden. */
    public static final double MIN_COVERAGE = 0.8;

    /**
     * Runs one detector of {@code factory} over every image of {@code truth} at the factory's
     * default threshold.
     */
    public static DetectionQuality measure(FaceDetectorFactory factory, GroundTruth truth) {
        int faces = 0;
        int found03 = 0;
        int found05 = 0;
        int covered = 0;
        int detections = 0;
        try (FaceDetector detector = factory.create()) {
            for (Map.Entry<String, List<Box>> e : truth.faces().entrySet()) {
                List<Detection> found;
                try (Mat image = imread(truth.image(e.getKey()).toString(), IMREAD_COLOR)) {
                    if (image.empty()) {
                        throw new IllegalStateException("OpenCV cannot decode " + truth.image(e.getKey()));
                    }
                    double threshold = factory.defaultThreshold();
                    found = detector.detect(image, threshold).stream().filter(d -> d.score() >= threshold).toList();
                }
                List<Box> boxes = e.getValue();
                faces += boxes.size();
                found03 += FaceMatching.found(boxes, found, 0.3);
                found05 += FaceMatching.found(boxes, found, 0.5);
                covered += FaceMatching.covered(boxes, found, MASK_SCALE, MIN_COVERAGE);
                detections += found.size();
            }
        }
        return new DetectionQuality(faces, found03, found05, covered, detections);
    }

    /**
     * {@link #measure(FaceDetectorFactory, GroundTruth)}, printing the result on standard output
     * after {@code label} (so that test logs carry the measured numbers).
     */
    public static DetectionQuality measure(String label, FaceDetectorFactory factory, GroundTruth truth) {
        DetectionQuality q = measure(factory, truth);
        System.out.println(label + " on " + truth.folder().getFileName() + ": " + q);
        return q;
    }

    /** Asserts the quality floors: faces found at IoU 0.3, and faces covered; returns this. */
    public DetectionQuality assertAtLeast(int minFoundAtIou03, int minCovered) {
        org.assertj.core.api.Assertions.assertThat(foundAtIou03).as("faces found at IoU 0.3 of %d", faces)
                .isGreaterThanOrEqualTo(minFoundAtIou03);
        org.assertj.core.api.Assertions.assertThat(covered).as("faces covered of %d", faces)
                .isGreaterThanOrEqualTo(minCovered);
        return this;
    }

    /** {@code foundAtIou03 / faces}. */
    public double recallAtIou03() {
        return faces == 0 ? 0 : (double) foundAtIou03 / faces;
    }

    /** {@code foundAtIou05 / faces}. */
    public double recallAtIou05() {
        return faces == 0 ? 0 : (double) foundAtIou05 / faces;
    }

    /** {@code covered / faces}: the hidden-face rate the mask geometry would give. */
    public double coveredRate() {
        return faces == 0 ? 0 : (double) covered / faces;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "%d faces: found %d (%.3f) at IoU 0.3, %d (%.3f) at IoU 0.5, covered %d (%.3f); %d detections", faces,
                foundAtIou03, recallAtIou03(), foundAtIou05, recallAtIou05(), covered, coveredRate(), detections);
    }
}
