package io.github.anonymizer.detector.haar;

import io.github.anonymizer.core.cascade.BundledCascade;
import io.github.anonymizer.core.cascade.CascadeChoice;

/**
 * The Haar face cascades that ship inside the OpenCV jar.
 *
 * <p>Immutable and thread-safe. Recall figures: ground-truth faces found at IoU 0.3 on the shared
 * {@code faces/dlib} set (9 photos, 43 faces) with the default settings, measured by {@code
 * HaarDetectorQualityTest}.
 */
public enum HaarCascade implements CascadeChoice {

    /** {@code haarcascade_frontalface_default.xml}: the best recall of the frontal cascades (0.977), the default. */
    FRONTAL_DEFAULT("haarcascade_frontalface_default.xml", false),
    /** {@code haarcascade_frontalface_alt.xml}: recall 0.907. */
    FRONTAL_ALT("haarcascade_frontalface_alt.xml", false),
    /** {@code haarcascade_frontalface_alt2.xml}: recall 0.884. */
    FRONTAL_ALT2("haarcascade_frontalface_alt2.xml", false),
    /**
     * {@code haarcascade_profileface.xml}: faces in profile. OpenCV's cascade only finds faces turned
     * one way, so the detector also runs it on the mirrored frame and merges the boxes (recall 0.581
     * on the mostly frontal dlib set; 0.372 without the mirrored pass).
     */
    PROFILE("haarcascade_profileface.xml", true);

    private final BundledCascade bundled;

    HaarCascade(String fileName, boolean profile) {
        this.bundled = new BundledCascade("haarcascades", fileName, profile);
    }

    @Override
    public BundledCascade bundled() {
        return bundled;
    }
}
