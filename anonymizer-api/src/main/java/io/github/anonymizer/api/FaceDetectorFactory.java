package io.github.anonymizer.api;

/**
 * Creates {@link FaceDetector}s that share loaded, read-only state (a model's weights, an ONNX
 * Runtime session, a parsed cascade).
 *
 * <p><b>Thread-safe</b>: {@link #create()} may be called from any thread; each detector it returns
 * is confined to the thread that uses it. This is the model/predictor split: the factory is the
 * shared model, a detector the per-thread predictor. Closing the factory releases the shared
 * state; detectors created from it must be closed first. {@link #close()} is idempotent and
 * {@link #create()} after {@code close()} throws {@link IllegalStateException}.
 */
public interface FaceDetectorFactory extends AutoCloseable {

    /** The detector id, for example {@code "haar"} or {@code "centerface"}. */
    String id();

    /**
     * The score threshold this detector should be used with when the user gives none: the value at
     * which it was measured (see the README's quality table).
     */
    double defaultThreshold();

    /** A one-line human-readable description, including the model or variant in use. */
    String description();

    /**
     * Creates a detector for use on one thread.
     *
     * @throws DetectorException when the detector cannot be created
     * @throws IllegalStateException after {@link #close()}
     */
    FaceDetector create();

    /** Releases shared native state. Idempotent. */
    @Override
    void close();
}
