package io.github.anonymizer.api;

import java.nio.file.Path;

/**
 * A model file is missing, broken, of the wrong format or fails its checksum. The message names
 * the model id and, where known, the file. A model that fails this way is never loaded.
 *
 * <p>Immutable and thread-safe once thrown.
 */
public class ModelException extends AnonymizerException {
    private static final long serialVersionUID = 1L;
    private final String modelId;
    private final transient Path path;

    public ModelException(String modelId, Path path, String message) {
        this(modelId, path, message, null);
    }

    public ModelException(String modelId, Path path, String message, Throwable cause) {
        super("model '" + modelId + "'" + (path == null ? "" : " (" + path + ")") + ": " + message, cause);
        this.modelId = modelId;
        this.path = path;
    }

    public String modelId() {
        return modelId;
    }

    /** The file concerned, or {@code null} when no file was involved. */
    public Path path() {
        return path;
    }
}
