package io.github.anonymizer.core.model;

import java.util.HexFormat;
import java.util.Locale;

/**
 * How a published digest was computed.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum DigestAlgorithm {
    /** SHA-256 of the file's bytes. */
    SHA_256("SHA-256", 64, "SHA-256"),
    /** SHA-1 of the file's bytes (what OpenCV publishes for its sample models). */
    SHA_1("SHA-1", 40, "SHA-1"),
    /**
     * Git's blob id: SHA-1 of {@code "blob " + size + "\0"} followed by the bytes; the id GitHub
     * shows for a file at a commit.
     */
    GIT_BLOB_SHA_1("SHA-1", 40, "git blob SHA-1");

    private final String jcaName;
    private final int hexLength;
    private final String label;

    DigestAlgorithm(String jcaName, int hexLength, String label) {
        this.jcaName = jcaName;
        this.hexLength = hexLength;
        this.label = label;
    }

    /** The {@link java.security.MessageDigest} algorithm name. */
    public String jcaName() {
        return jcaName;
    }

    /** Number of lower-case hex digits of a digest. */
    public int hexLength() {
        return hexLength;
    }

    /** Human-readable name, for messages ("SHA-256", "git blob SHA-1"). */
    public String label() {
        return label;
    }

    /** Whether {@code hex} is a well-formed lower-case digest of this algorithm. */
    public boolean isWellFormed(String hex) {
        if (hex == null || hex.length() != hexLength) {
            return false;
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** Lower-cases and trims {@code hex}; returns {@code null} when it is not a well-formed digest. */
    String normalize(String hex) {
        if (hex == null) {
            return null;
        }
        String h = hex.trim().toLowerCase(Locale.ROOT);
        return isWellFormed(h) ? h : null;
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
