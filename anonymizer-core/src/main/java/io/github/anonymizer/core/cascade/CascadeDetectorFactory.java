package io.github.anonymizer.core.cascade;

import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.api.FaceDetectorFactory;
import java.util.Objects;

/**
 * A {@link FaceDetectorFactory} for an OpenCV cascade: shares one parsed {@link CascadeModel} and
 * gives every detector its own {@code CascadeClassifier} (OpenCV's is not thread-safe).
 *
 * <p>Scores are mapped by {@link CascadeScore}: every detection scores at least {@link
 * CascadeScore#DECISION_SCORE}, and {@link #defaultThreshold()} is that value, so at the default
 * threshold a detector keeps exactly what OpenCV's {@code detectMultiScale} keeps.
 *
 * <p><b>Thread-safe</b>. Owns its model: {@link #close()} closes it. {@link #close()} is idempotent;
 * {@link #create()} after it throws {@link IllegalStateException}.
 */
public final class CascadeDetectorFactory implements FaceDetectorFactory {

    private final String id;
    private final String kind;
    private final CascadeModel model;
    private final CascadeSettings settings;
    private volatile boolean closed;

    /**
     * A factory that takes ownership of {@code model}.
     *
     * @param id the detector id, used in {@link io.github.anonymizer.api.Detection#detectorId()}
     * @param kind a short name for descriptions, for example {@code "Haar cascade"}
     * @param model the parsed cascade; closed with this factory
     * @param settings how to scan
     */
    public CascadeDetectorFactory(String id, String kind, CascadeModel model, CascadeSettings settings) {
        this.id = Objects.requireNonNull(id, "id");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.model = Objects.requireNonNull(model, "model");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String id() {
        return id;
    }

    /** {@link CascadeScore#DECISION_SCORE}: keeps every box OpenCV's {@code detectMultiScale} keeps. */
    @Override
    public double defaultThreshold() {
        return CascadeScore.DECISION_SCORE;
    }

    @Override
    public String description() {
        return kind + " " + model.source() + " (" + settings.summary() + ")";
    }

    /** The scan settings. */
    public CascadeSettings settings() {
        return settings;
    }

    /** The parsed cascade (for its window size, feature type and score mapping). */
    public CascadeModel model() {
        return model;
    }

    @Override
    public FaceDetector create() {
        if (closed) {
            throw new IllegalStateException("detector factory '" + id + "' is closed");
        }
        return new CascadeDetector(id, model.newClassifier(), model, settings);
    }

    @Override
    public void close() {
        closed = true;
        model.close();
    }

    @Override
    public String toString() {
        return "CascadeDetectorFactory[" + id + ": " + description() + "]";
    }
}
