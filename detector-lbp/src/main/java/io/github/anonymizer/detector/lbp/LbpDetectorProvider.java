package io.github.anonymizer.detector.lbp;

import io.github.anonymizer.core.cascade.CascadeDetectorProvider;
import java.util.Optional;

/**
 * The {@value LbpDetector#ID} detector provider, registered in {@code META-INF/services}. Options
 * ({@link #options()}): {@code cascade} (frontal, frontal-improved, profile), {@code cascadeFile},
 * {@code scaleFactor}, {@code minNeighbors}, {@code minSize}, {@code maxSize}, {@code
 * equalizeHist}, {@code mirror}; they map onto {@link LbpDetector.Builder}. Needs no model file.
 *
 * <p>Stateless and thread-safe; cheap to construct (nothing is loaded before {@link #open}).
 */
public final class LbpDetectorProvider extends CascadeDetectorProvider<LbpCascade, LbpDetector.Builder> {

    /** Priority among the built-in detectors: the lowest (Haar is 20). */
    public static final int PRIORITY = 15;

    /** For {@link java.util.ServiceLoader}. */
    public LbpDetectorProvider() {
        super(LbpDetector.ID, "OpenCV LBP cascade, built in, no model file: fastest and weakest; upright frontal faces"
                + " of 24 px and more", PRIORITY, LbpCascade.class, LbpCascade.FRONTAL, LbpDetector.DEFAULTS, LbpDetector::builder);
    }

    /**
     * Measured with {@code anonymizer --detector lbp evaluate ../shared/data/faces/wider-originals}
     * and the same for centerface (README, quality table).
     */
    @Override
    public Optional<String> fallbackWarning() {
        return Optional.of("no deep face detector is installed, so the LBP cascade is used. It misses most faces that"
                + " are small, turned or partly hidden: in the crowd photos of the test set it hid 12% of the faces,"
                + " CenterFace 82%. Install a deep detector with 'anonymizer models install centerface' (or yunet), or point ANONYMIZER_MODEL_DIR at a folder holding centerface/centerface.onnx.");
    }
}
