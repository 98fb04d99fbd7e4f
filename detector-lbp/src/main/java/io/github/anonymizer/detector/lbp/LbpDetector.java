package io.github.anonymizer.detector.lbp;

import io.github.anonymizer.core.cascade.CascadeDetectorBuilder;
import io.github.anonymizer.core.cascade.CascadeScore;
import io.github.anonymizer.core.cascade.CascadeSettings;

/**
 * Entry point of the OpenCV LBP (local binary pattern) cascade face detector for code users:
 *
 * <pre>{@code
 * try (FaceDetectorFactory lbp = LbpDetector.builder().cascade(LbpCascade.FRONTAL).build()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Faster and weaker than the Haar detector. The cascade XML is read from inside the OpenCV
 * natives jar (nothing to download) or from a file given with {@link Builder#cascadeFile}. Defaults:
 * {@link LbpCascade#FRONTAL}, scaleFactor {@value #DEFAULT_SCALE_FACTOR} (finer than Haar's 1.1: on
 * the dlib set it finds 39 of 43 faces instead of 34), minNeighbors {@value #DEFAULT_MIN_NEIGHBORS},
 * minSize {@value #DEFAULT_MIN_SIZE}, no maxSize, histogram equalization on. Scores: see {@link
 * CascadeScore}; the factory's default threshold is 0.5, which keeps exactly what OpenCV's {@code
 * detectMultiScale} keeps. Detections carry detector id {@value #ID}.
 *
 * <p>Stateless and thread-safe; the builders it returns are not.
 */
public final class LbpDetector {

    /** The detector and provider id. */
    public static final String ID = "lbp";
    /** Default {@code scaleFactor}. */
    public static final double DEFAULT_SCALE_FACTOR = 1.05;
    /** Default {@code minNeighbors}. */
    public static final int DEFAULT_MIN_NEIGHBORS = 3;
    /** Default {@code minSize} in pixels. */
    public static final int DEFAULT_MIN_SIZE = 8;

    static final CascadeSettings DEFAULTS =
            new CascadeSettings(DEFAULT_SCALE_FACTOR, DEFAULT_MIN_NEIGHBORS, DEFAULT_MIN_SIZE, 0, true, false);

    private LbpDetector() {}

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds an LBP {@link io.github.anonymizer.api.FaceDetectorFactory}. Setters validate at once
     * ({@link IllegalArgumentException} naming the setting); {@link #build()} loads the cascade.
     *
     * <p>Not thread-safe: confine to one thread.
     */
    public static final class Builder extends CascadeDetectorBuilder<LbpCascade, Builder> {

        private Builder() {
            super(ID, "LBP cascade", "LBP", LbpCascade.FRONTAL, DEFAULTS);
        }
    }
}
