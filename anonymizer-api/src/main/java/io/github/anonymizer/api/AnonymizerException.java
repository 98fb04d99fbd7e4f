package io.github.anonymizer.api;

/**
 * Base class of every exception this library throws on purpose. Unchecked, so that lambdas and
 * streams stay usable; every subclass names the thing that failed (file, model, detector, option).
 *
 * <p>Immutable and thread-safe once thrown.
 */
public class AnonymizerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AnonymizerException(String message) {
        super(message);
    }

    public AnonymizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
