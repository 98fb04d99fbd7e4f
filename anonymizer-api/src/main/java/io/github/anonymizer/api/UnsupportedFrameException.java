package io.github.anonymizer.api;

/**
 * A frame has a pixel format the library cannot process (for example a floating-point Mat or a
 * two-channel image). The message names the format found and the formats accepted.
 *
 * <p>Immutable and thread-safe once thrown.
 */
public class UnsupportedFrameException extends AnonymizerException {
    private static final long serialVersionUID = 1L;

    public UnsupportedFrameException(String message) {
        super(message);
    }
}
