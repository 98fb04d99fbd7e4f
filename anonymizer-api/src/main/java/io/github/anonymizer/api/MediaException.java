package io.github.anonymizer.api;

import java.nio.file.Path;

/**
 * An image or video file (or stream) could not be read or written: missing, unreadable, corrupt,
 * of an unsupported format, too large, or the output could not be placed. The message names the
 * file and the reason; no partial output is left behind.
 *
 * <p>Immutable and thread-safe once thrown.
 */
public class MediaException extends AnonymizerException {
    private static final long serialVersionUID = 1L;
    private final String source;

    public MediaException(Path file, String reason) {
        this(String.valueOf(file), reason, null);
    }

    public MediaException(Path file, String reason, Throwable cause) {
        this(String.valueOf(file), reason, cause);
    }

    /** For sources that are not files (camera devices, stream URLs). */
    public MediaException(String source, String reason, Throwable cause) {
        super(source + ": " + reason, cause);
        this.source = source;
    }

    /** The file path or stream address concerned. */
    public String source() {
        return source;
    }
}
