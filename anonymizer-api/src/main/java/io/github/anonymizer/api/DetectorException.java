package io.github.anonymizer.api;

/**
 * A face detector could not be created or failed on a frame. The message names the detector.
 * A frame whose detection failed must never be written out un-anonymized.
 *
 * <p>Immutable and thread-safe once thrown.
 */
public class DetectorException extends AnonymizerException {
    private static final long serialVersionUID = 1L;
    private final String detectorId;

    public DetectorException(String detectorId, String message) {
        super("detector '" + detectorId + "': " + message);
        this.detectorId = detectorId;
    }

    public DetectorException(String detectorId, String message, Throwable cause) {
        super("detector '" + detectorId + "': " + message, cause);
        this.detectorId = detectorId;
    }

    /** The id of the detector that failed. */
    public String detectorId() {
        return detectorId;
    }
}
