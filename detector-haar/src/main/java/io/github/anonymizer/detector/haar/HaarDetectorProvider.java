package io.github.anonymizer.detector.haar;

import io.github.anonymizer.core.cascade.CascadeDetectorProvider;
import java.util.Optional;

/**
 * The {@value HaarDetector#ID} detector provider, registered in {@code META-INF/services}. Options
 * ({@link #options()}): {@code cascade} (frontal-default, frontal-alt, frontal-alt2, profile),
 * {@code cascadeFile}, {@code scaleFactor}, {@code minNeighbors}, {@code minSize}, {@code maxSize},
 * {@code equalizeHist}, {@code mirror}; they map onto {@link HaarDetector.Builder}. Needs no model
 * file.
 *
 * <p>Stateless and thread-safe; cheap to construct (nothing is loaded before {@link #open}).
 */
public final class HaarDetectorProvider extends CascadeDetectorProvider<HaarCascade, HaarDetector.Builder> {

    /** Priority among the built-in detectors: above LBP (15), below every neural detector. */
    public static final int PRIORITY = 20;

    /** For {@link java.util.ServiceLoader}. */
    public HaarDetectorProvider() {
        super(HaarDetector.ID, "OpenCV Haar cascade (Viola-Jones), built in, no model file: upright frontal faces of"
                + " 20-24 px and more; misses small, turned and occluded faces", PRIORITY, HaarCascade.class,
                HaarCascade.FRONTAL_DEFAULT, HaarDetector.DEFAULTS, HaarDetector::builder);
    }

    /**
     * Measured with {@code anonymizer --detector haar evaluate ../shared/data/faces/wider-originals}
     * and the same for centerface (README, quality table).
     */
    @Override
    public Optional<String> fallbackWarning() {
        return Optional.of("no deep face detector is installed, so the Haar cascade is used. It misses most faces that"
                + " are small, turned or partly hidden: in the crowd photos of the test set it hid 13% of the faces,"
                + " CenterFace 82%. Install a deep detector with 'anonymizer models install centerface' (or yunet), or point ANONYMIZER_MODEL_DIR at a folder holding centerface/centerface.onnx.");
    }
}
