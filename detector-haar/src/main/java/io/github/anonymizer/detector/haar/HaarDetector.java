package io.github.anonymizer.detector.haar;

import io.github.anonymizer.core.cascade.CascadeDetectorBuilder;
import io.github.anonymizer.core.cascade.CascadeScore;
import io.github.anonymizer.core.cascade.CascadeSettings;

/**
 * Entry point of the OpenCV Haar cascade face detector (Viola-Jones) for code users:
 *
 * <pre>{@code
 * try (FaceDetectorFactory haar = HaarDetector.builder()
 *         .cascade(HaarCascade.FRONTAL_ALT2)
 *         .minNeighbors(4)
 *         .build()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>The cascade XML is read from inside the OpenCV natives jar (nothing to download) or from a file
 * given with {@link Builder#cascadeFile}. Defaults: {@link HaarCascade#FRONTAL_DEFAULT}, scaleFactor
 * {@value #DEFAULT_SCALE_FACTOR}, minNeighbors {@value #DEFAULT_MIN_NEIGHBORS}, minSize {@value
 * #DEFAULT_MIN_SIZE}, no maxSize, histogram equalization on: the settings of the Python reference
 * measurements. Scores: see {@link CascadeScore}; the factory's default threshold is 0.5, which
 * keeps exactly what OpenCV's {@code detectMultiScale} keeps. Detections carry detector id
 * {@value #ID}.
 *
 * <p>Cascades find upright, mostly frontal faces of at least 20 to 24 pixels; they miss small,
 * turned and occluded faces that the neural detectors find.
 *
 * <p>Stateless and thread-safe; the builders it returns are not.
 */
public final class HaarDetector {

    /** The detector and provider id. */
    public static final String ID = "haar";
    /** Default {@code scaleFactor}. */
    public static final double DEFAULT_SCALE_FACTOR = 1.1;
    /** Default {@code minNeighbors}. */
    public static final int DEFAULT_MIN_NEIGHBORS = 3;
    /** Default {@code minSize} in pixels. */
    public static final int DEFAULT_MIN_SIZE = 8;

    static final CascadeSettings DEFAULTS =
            new CascadeSettings(DEFAULT_SCALE_FACTOR, DEFAULT_MIN_NEIGHBORS, DEFAULT_MIN_SIZE, 0, true, false);

    private HaarDetector() {}

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a Haar {@link io.github.anonymizer.api.FaceDetectorFactory}. Setters validate at once ({@link
     * IllegalArgumentException} naming the setting); {@link #build()} loads the cascade.
     *
     * <p>Not thread-safe: confine to one thread.
     */
    public static final class Builder extends CascadeDetectorBuilder<HaarCascade, Builder> {

        private Builder() {
            super(ID, "Haar cascade", "HAAR", HaarCascade.FRONTAL_DEFAULT, DEFAULTS);
        }
    }
}
