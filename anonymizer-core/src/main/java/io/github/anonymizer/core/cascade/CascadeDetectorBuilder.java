package io.github.anonymizer.core.cascade;

import io.github.anonymizer.api.DetectorException;
import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.ModelException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The builder the cascade detector modules share ({@code HaarDetector.builder()}, {@code
 * LbpDetector.builder()}); a subclass only names the module's detector id, feature type, enum of
 * built-in cascades and defaults. Every setter validates its argument at once and throws {@link
 * IllegalArgumentException} naming the setting; the cascade is loaded by {@link #build()}.
 *
 * <p><b>Not thread-safe</b>: confine a builder to one thread. {@link #build()} may be called more
 * than once; each call returns a new, independent factory.
 *
 * @param <E> the module's enum of built-in cascades
 * @param <B> the concrete builder type, returned by the setters for chaining
 */
public abstract class CascadeDetectorBuilder<E extends Enum<E> & CascadeChoice, B extends CascadeDetectorBuilder<E, B>> {

    private final String detectorId;
    private final String kind;
    private final String featureType;
    private double scaleFactor;
    private int minNeighbors;
    private int minSize;
    private int maxSize;
    private boolean equalizeHistogram;
    private Boolean mirror;
    private Path cascadeFile;
    private E cascade;
    private boolean cascadeChosen;

    /**
     * @param detectorId the detector id ({@code "haar"})
     * @param kind for descriptions ({@code "Haar cascade"})
     * @param featureType the feature type cascades must have ({@code "HAAR"}, {@code "LBP"})
     * @param defaultCascade the built-in cascade used unless another one or a file is chosen
     * @param defaults the starting settings; {@code mirror} there is ignored (it follows the cascade)
     */
    protected CascadeDetectorBuilder(String detectorId, String kind, String featureType, E defaultCascade,
            CascadeSettings defaults) {
        this.detectorId = Objects.requireNonNull(detectorId, "detectorId");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.featureType = Objects.requireNonNull(featureType, "featureType");
        this.cascade = Objects.requireNonNull(defaultCascade, "defaultCascade");
        this.scaleFactor = defaults.scaleFactor();
        this.minNeighbors = defaults.minNeighbors();
        this.minSize = defaults.minSize();
        this.maxSize = defaults.maxSize();
        this.equalizeHistogram = defaults.equalizeHistogram();
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Which built-in cascade to use (each module has a default).
     *
     * @throws IllegalStateException when a {@link #cascadeFile} was set
     */
    public B cascade(E cascade) {
        Objects.requireNonNull(cascade, "cascade");
        if (cascadeFile != null) {
            throw new IllegalStateException("cascadeFile was already set to " + cascadeFile
                    + "; choose either a built-in cascade or a cascade file, not both");
        }
        this.cascade = cascade;
        this.cascadeChosen = true;
        return self();
    }

    /** How much the image shrinks between scales, {@code > 1} (smaller finds more faces, slower). */
    public B scaleFactor(double scaleFactor) {
        CascadeSettings.checkScaleFactor(scaleFactor);
        this.scaleFactor = scaleFactor;
        return self();
    }

    /** How many overlapping raw windows a face needs, {@code >= 0}. */
    public B minNeighbors(int minNeighbors) {
        CascadeSettings.checkMinNeighbors(minNeighbors);
        this.minNeighbors = minNeighbors;
        return self();
    }

    /** The smallest face side in pixels, {@code >= 0}. */
    public B minSize(int minSize) {
        CascadeSettings.checkMinSize(minSize);
        this.minSize = minSize;
        return self();
    }

    /** The largest face side in pixels, or 0 for no limit. */
    public B maxSize(int maxSize) {
        CascadeSettings.checkMaxSize(maxSize);
        this.maxSize = maxSize;
        return self();
    }

    /** Whether to histogram-equalize the grey image first (on by default). */
    public B equalizeHistogram(boolean equalize) {
        this.equalizeHistogram = equalize;
        return self();
    }

    /**
     * Whether to also run on the mirrored frame and merge. By default on for the built-in profile
     * cascades (which find faces turned one way only) and off otherwise.
     */
    public B mirror(boolean mirror) {
        this.mirror = mirror;
        return self();
    }

    /**
     * Uses a cascade XML file of your own instead of a built-in one. It is read by {@link #build()},
     * which throws a {@link ModelException} naming the file when it is missing or not a cascade of
     * this detector's feature type.
     *
     * @throws IllegalStateException when a built-in cascade was chosen explicitly
     */
    public B cascadeFile(Path file) {
        Objects.requireNonNull(file, "file");
        if (cascadeChosen) {
            throw new IllegalStateException("cascade was already set to " + cascade.optionValue()
                    + "; choose either a built-in cascade or a cascade file, not both");
        }
        this.cascadeFile = file;
        return self();
    }

    /**
     * Loads the cascade and returns a factory; the caller closes it.
     *
     * @throws IllegalArgumentException when {@code maxSize} is below {@code minSize}
     * @throws ModelException when the cascade cannot be found or read
     * @throws DetectorException when OpenCV's native libraries cannot be loaded
     */
    public FaceDetectorFactory build() {
        BundledCascade bundled = cascadeFile == null ? cascade.bundled() : null;
        boolean mirrored = mirror != null ? mirror : bundled != null && bundled.profile();
        CascadeSettings settings = new CascadeSettings(scaleFactor, minNeighbors, minSize, maxSize, equalizeHistogram, mirrored);
        CascadeModel model = bundled != null
                ? CascadeModel.bundled(detectorId, bundled, featureType)
                : CascadeModel.fromFile(detectorId, cascadeFile, featureType);
        return new CascadeDetectorFactory(detectorId, kind, model, settings);
    }
}
