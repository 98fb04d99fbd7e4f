package io.github.anonymizer.core.model;

import java.util.Objects;

/**
 * One published digest compared with a file's actual digest.
 *
 * <p>Immutable and thread-safe.
 *
 * @param expected the catalog's digest
 * @param actual the file's digest with the same algorithm, lower-case hex
 */
public record DigestCheck(PublishedDigest expected, String actual) {

    public DigestCheck {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
    }

    /** Whether the file's digest equals the published one. */
    public boolean matches() {
        return expected.hex().equals(actual);
    }

    /** For messages: {@code "expected SHA-1 4f2f..., actual SHA-1 0a0c..."}. */
    public String describe() {
        String label = expected.algorithm().label();
        return "expected " + label + " " + expected.hex() + ", actual " + label + " " + actual;
    }
}
