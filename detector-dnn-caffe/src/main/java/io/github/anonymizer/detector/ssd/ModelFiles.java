package io.github.anonymizer.detector.ssd;

import io.github.anonymizer.api.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads model files into memory (after {@code ModelStore.resolve} has run its pin and format checks).
 *
 * <p>Stateless and thread-safe.
 */
final class ModelFiles {

    /** Larger files are refused: no SSD face model comes near this, and the bytes are kept in memory. */
    static final long MAX_BYTES = 512L << 20;

    private ModelFiles() {}

    /**
     * The file's bytes.
     *
     * @throws ModelException naming the model and file when it cannot be read, is empty or too large
     */
    static byte[] read(String modelId, Path file) {
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new ModelException(modelId, file, "file is empty");
            }
            if (size > MAX_BYTES) {
                throw new ModelException(modelId, file, "file is " + size + " bytes, more than any face model; "
                        + "is it the right file?");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelException(modelId, file, "cannot read: " + e, e);
        }
    }
}
