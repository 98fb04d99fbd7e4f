package io.github.anonymizer.core.model;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One file of a model: its official name, where the publisher serves it, its published size and
 * digests, and other names under which a copy is accepted from a model directory.
 *
 * <p>Alternative names exist for files that cannot be had in their official form (a rebuild, a
 * copy modified so that a loader can read it). Resolution accepts a file under an alternative
 * name, but {@code install} always writes the official name, and an alternative is never
 * given the official digest: verification compares its bytes like any other file's and reports
 * it as "not the official file" unless the bytes are the official ones.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the official file name (what {@code install} writes)
 * @param format what kind of file it is (for the cheap sanity check before loading)
 * @param urls official download locations, tried in order (HTTPS)
 * @param size the published size in bytes, if known
 * @param digests digests of the official file; empty when none is published
 * @param alternatives other accepted names (rebuilds, modified copies)
 * @param required whether the model cannot be used without this file
 */
public record ModelFile(String name, ModelFormat format, List<URI> urls, OptionalLong size,
        List<PublishedDigest> digests, List<Alternative> alternatives, boolean required) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    /**
     * Another name under which a copy of this file is accepted from a model directory.
     *
     * <p>Immutable and thread-safe.
     *
     * @param name the file name
     * @param description what such a file is, for reports (e.g. "rebuild from ...")
     */
    public record Alternative(String name, String description) {
        public Alternative {
            requirePlainName(name, "alternative name");
            Objects.requireNonNull(description, "description");
        }
    }

    public ModelFile {
        requirePlainName(name, "file name");
        Objects.requireNonNull(format, "format");
        urls = List.copyOf(urls);
        Objects.requireNonNull(size, "size");
        digests = List.copyOf(digests);
        alternatives = List.copyOf(alternatives);
        for (URI u : urls) {
            if (!"https".equalsIgnoreCase(u.getScheme())) {
                throw new IllegalArgumentException(name + ": official URL must be HTTPS: " + u);
            }
        }
        if (size.isPresent() && size.getAsLong() <= 0) {
            throw new IllegalArgumentException(name + ": size must be positive");
        }
        boolean gitBlob = digests.stream().anyMatch(d -> d.algorithm() == DigestAlgorithm.GIT_BLOB_SHA_1);
        if (gitBlob && size.isEmpty()) {
            throw new IllegalArgumentException(name + ": a git blob digest needs the published size");
        }
        for (Alternative a : alternatives) {
            if (a.name().equals(name)) {
                throw new IllegalArgumentException(name + ": alternative equals the official name");
            }
        }
    }

    /** Checks that {@code s} is a plain file or folder name (no separators, no "..", not empty). */
    static String requirePlainName(String s, String what) {
        if (s == null || !NAME.matcher(s).matches() || s.contains("..")) {
            throw new IllegalArgumentException(what + " '" + s + "' is not a plain name "
                    + "(letters, digits, '.', '_', '-'; no path separators)");
        }
        return s;
    }

    /** The digests that decide whether a file is official (third-party ones excluded). */
    public List<PublishedDigest> authoritativeDigests() {
        return digests.stream().filter(PublishedDigest::authoritative).toList();
    }

    /** Whether a download of this file can be verified (there is an authoritative digest). */
    public boolean verifiable() {
        return !authoritativeDigests().isEmpty();
    }

    /** The official name followed by the alternative names. */
    public List<String> allNames() {
        List<String> names = new ArrayList<>();
        names.add(name);
        alternatives.forEach(a -> names.add(a.name()));
        return List.copyOf(names);
    }

    /** The alternative with this name, if any. */
    public Optional<Alternative> alternative(String fileName) {
        return alternatives.stream().filter(a -> a.name().equals(fileName)).findFirst();
    }

    /** Whether {@code fileName} is this file's official or an alternative name. */
    public boolean hasName(String fileName) {
        return name.equals(fileName) || alternative(fileName).isPresent();
    }

    /** Short summary for listings: {@code "centerface.onnx (7,532,772 bytes)"}. */
    public String summary() {
        return size.isPresent() ? String.format(Locale.ROOT, "%s (%,d bytes)", name, size.getAsLong()) : name;
    }
}
