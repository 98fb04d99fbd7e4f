package io.github.anonymizer.core.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What {@code ModelStore.verify} found for each file of a model: the file that resolution would
 * load, its size and SHA-256, and whether it is the official file. A rebuild or modified copy is
 * reported, not treated as an error; a damaged file (its SHA-256 pin does not match, or it fails
 * the format check) is.
 *
 * <p>Immutable and thread-safe.
 *
 * @param modelId the model
 * @param files one entry per catalog file, in catalog order
 */
public record VerificationReport(String modelId, List<FileReport> files) {

    /** The verdict for one file. Immutable and thread-safe (an enum). */
    public enum Status {
        /** No copy under the official or an alternative name in any searched folder. */
        MISSING,
        /** Every authoritative published digest matches: the publisher's bytes. */
        OFFICIAL,
        /** Present and loadable, but not the official bytes: a rebuild or a modified copy. */
        NOT_OFFICIAL,
        /** Present and loadable; no digest is published, so it cannot be compared. */
        NO_PUBLISHED_DIGEST,
        /** Present but must not be loaded: its pin does not match, or it fails the format check. */
        DAMAGED
    }

    public VerificationReport {
        Objects.requireNonNull(modelId, "modelId");
        files = List.copyOf(files);
    }

    /** Whether every required file is present and none is damaged (the model can be loaded). */
    public boolean usable() {
        return files.stream().allMatch(f -> f.status() != Status.DAMAGED
                && (f.status() != Status.MISSING || !f.file().required()));
    }

    /** Whether every file that has a published digest is the official one, and none is missing or damaged. */
    public boolean allOfficial() {
        return files.stream().allMatch(f -> f.status() == Status.OFFICIAL || f.status() == Status.NO_PUBLISHED_DIGEST);
    }

    /** Several lines, one per file, for a command line. */
    public String toText() {
        return modelId + (usable() ? "" : " (NOT USABLE)") + "\n"
                + files.stream().map(f -> "  " + f.describe()).collect(Collectors.joining("\n"));
    }

    /**
     * One file's verdict.
     *
     * <p>Immutable and thread-safe.
     *
     * @param file the catalog entry
     * @param path the file found, or {@code null} when missing
     * @param status the verdict
     * @param size its size in bytes, or -1 when missing
     * @param sha256 its SHA-256, or {@code null} when missing or unreadable
     * @param checks the catalog's digests compared with the file (third-party ones included)
     * @param pinned whether a {@code <file>.sha256} pin was found (and checked)
     * @param problem why the file is {@link Status#DAMAGED}, or {@code null}
     */
    public record FileReport(ModelFile file, Path path, Status status, long size, String sha256,
            List<DigestCheck> checks, boolean pinned, String problem) {

        public FileReport {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(status, "status");
            checks = List.copyOf(checks);
        }

        /** The name the file was found under (the official or an alternative name), or {@code null}. */
        public String foundName() {
            return path == null ? null : path.getFileName().toString();
        }

        /** One line: name, size, SHA-256 and the verdict in words. */
        public String describe() {
            if (status == Status.MISSING) {
                return file.name() + ": missing";
            }
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: %s, %,d bytes, SHA-256 %s",
                    file.name(), path, size, sha256 == null ? "?" : sha256));
            if (pinned) {
                s.append(", pinned");
            }
            s.append("\n    ");
            String alt = file.alternative(foundName()).map(a -> " (found as " + a.name() + ": " + a.description() + ")")
                    .orElse("");
            switch (status) {
                case OFFICIAL -> s.append("official: ").append(checks.stream().filter(c -> c.expected().authoritative())
                        .map(c -> c.expected().algorithm().label() + " matches (" + sourceWords(c.expected()) + ")")
                        .collect(Collectors.joining(", ")));
                case NOT_OFFICIAL -> s.append("not the official file: a rebuild or a modified copy").append(alt)
                        .append("; ").append(checks.stream().filter(c -> c.expected().authoritative() && !c.matches())
                                .map(DigestCheck::describe).collect(Collectors.joining("; ")));
                case NO_PUBLISHED_DIGEST -> s.append("no published digest to compare with").append(alt);
                case DAMAGED -> s.append("DAMAGED, will not be loaded: ").append(problem);
                default -> throw new IllegalStateException(status.toString());
            }
            checks.stream().filter(c -> !c.expected().authoritative()).forEach(c -> s.append("\n    ")
                    .append(c.matches() ? "also matches " : "differs from ").append("the ")
                    .append(c.expected().algorithm().label()).append(" reported by a third party (")
                    .append(c.expected().hex()).append(", not verified)"));
            return s.toString();
        }

        private static String sourceWords(PublishedDigest d) {
            return switch (d.source()) {
                case PUBLISHER -> d.origin();
                case PROJECT_PINNED -> "pinned by this project: " + d.origin();
                case THIRD_PARTY -> "third party";
            };
        }
    }
}
