package io.github.anonymizer.detector.lbp;

import io.github.anonymizer.core.cascade.BundledCascade;
import io.github.anonymizer.core.cascade.CascadeChoice;

/**
 * The LBP face cascades that ship inside the OpenCV jar.
 *
 * <p>Immutable and thread-safe. Recall figures: ground-truth faces found at IoU 0.3 on the shared
 * {@code faces/dlib} set (9 photos, 43 faces, faces 37 to 90 pixels) with the default settings,
 * measured by {@code LbpDetectorQualityTest}.
 */
public enum LbpCascade implements CascadeChoice {

    /** {@code lbpcascade_frontalface.xml} (24x24 window): the default, recall 0.907. */
    FRONTAL("lbpcascade_frontalface.xml", false),
    /**
     * {@code lbpcascade_frontalface_improved.xml}: a 45x45 window, so it finds no face smaller than
     * 45 pixels (recall 0.186 on the dlib set, whose faces are mostly smaller); its last stage is
     * degenerate, so every detection scores 0.5.
     */
    FRONTAL_IMPROVED("lbpcascade_frontalface_improved.xml", false),
    /**
     * {@code lbpcascade_profileface.xml}: faces in profile; run on the mirrored frame too, for faces
     * turned either way (recall 0.023 on the mostly frontal dlib set).
     */
    PROFILE("lbpcascade_profileface.xml", true);

    private final BundledCascade bundled;

    LbpCascade(String fileName, boolean profile) {
        this.bundled = new BundledCascade("lbpcascades", fileName, profile);
    }

    @Override
    public BundledCascade bundled() {
        return bundled;
    }
}
