package io.github.anonymizer.core.model;

import io.github.anonymizer.api.ModelException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The {@code <file>.sha256} pin written beside an installed file, in {@code sha256sum} format
 * ({@code <hex>  <name>}), so {@code sha256sum -c} works in the model folder too. Stateless.
 */
final class Sidecar {

    static final String SUFFIX = ".sha256";

    private Sidecar() {}

    static Path of(Path file) {
        return file.resolveSibling(file.getFileName() + SUFFIX);
    }

    /** The pinned SHA-256, if a sidecar exists. */
    static Optional<String> read(String modelId, Path file) {
        Path sidecar = of(file);
        if (!Files.exists(sidecar)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(sidecar, StandardCharsets.US_ASCII).strip();
            String first = text.isEmpty() ? "" : text.split("\\s+", 2)[0];
            String hex = DigestAlgorithm.SHA_256.normalize(first);
            if (hex == null) {
                throw new ModelException(modelId, file, "its SHA-256 pin " + sidecar
                        + " is malformed (expected '<64 hex digits>  <file name>'); the file is not loaded. "
                        + "Reinstall the model or delete the pin.");
            }
            return Optional.of(hex);
        } catch (IOException e) {
            throw new ModelException(modelId, file, "cannot read its SHA-256 pin " + sidecar + ": " + e, e);
        }
    }

    /** Writes the pin atomically (temp file in the same folder, then an atomic move). */
    static void write(Path file, String sha256) throws IOException {
        Path sidecar = of(file);
        Path tmp = Files.createTempFile(file.getParent(), "." + sidecar.getFileName() + ".", ".part");
        try {
            Files.writeString(tmp, sha256 + "  " + file.getFileName() + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
