package io.github.anonymizer.core.model;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code install} did for each file of a model.
 *
 * <p>Immutable and thread-safe.
 *
 * @param modelId the model
 * @param modelDir the folder the files are in ({@code <cache>/<id>})
 * @param files one entry per file, in catalog order
 */
public record InstallResult(String modelId, Path modelDir, List<InstalledFile> files) {

    public InstallResult {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(modelDir, "modelDir");
        files = List.copyOf(files);
    }

    /** Whether any file was installed without a published digest to check it against. */
    public boolean anyUnverified() {
        return files.stream().anyMatch(f -> !f.verified());
    }

    /**
     * One installed file.
     *
     * <p>Immutable and thread-safe.
     *
     * @param fileName the file's name in {@code modelDir}
     * @param path where it is
     * @param downloaded {@code true} when downloaded now, {@code false} when a good copy was already there
     * @param source the URL it came from, or {@code null} when already present
     * @param size its size in bytes
     * @param sha256 its SHA-256 (also written to {@code <file>.sha256})
     * @param verified whether it matched the catalog's authoritative digests; {@code false} only for
     *     a file without a published digest that the user allowed unverified
     * @param checks every catalog digest compared with the file (third-party ones included)
     */
    public record InstalledFile(String fileName, Path path, boolean downloaded, URI source, long size,
            String sha256, boolean verified, List<DigestCheck> checks) {
        public InstalledFile {
            checks = List.copyOf(checks);
        }
    }
}
