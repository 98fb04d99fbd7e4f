package io.github.anonymizer.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * Computes SHA-256 and, as needed, SHA-1 and the git blob id in one pass. Confined to one thread.
 */
final class DigestSet {

    private final Map<DigestAlgorithm, MessageDigest> digests = new EnumMap<>(DigestAlgorithm.class);

    /**
     * @param extra algorithms wanted besides SHA-256
     * @param gitBlobSize the size written into the git blob header (the file's size)
     */
    DigestSet(Collection<DigestAlgorithm> extra, long gitBlobSize) {
        digests.put(DigestAlgorithm.SHA_256, newDigest(DigestAlgorithm.SHA_256));
        for (DigestAlgorithm a : extra) {
            if (!digests.containsKey(a)) {
                MessageDigest md = newDigest(a);
                if (a == DigestAlgorithm.GIT_BLOB_SHA_1) {
                    md.update(("blob " + gitBlobSize + "\0").getBytes(StandardCharsets.US_ASCII));
                }
                digests.put(a, md);
            }
        }
    }

    private static MessageDigest newDigest(DigestAlgorithm a) {
        try {
            return MessageDigest.getInstance(a.jcaName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + a.jcaName(), e);
        }
    }

    void update(ByteBuffer bytes) {
        for (MessageDigest md : digests.values()) {
            md.update(bytes.duplicate());
        }
    }

    void update(byte[] bytes, int offset, int length) {
        for (MessageDigest md : digests.values()) {
            md.update(bytes, offset, length);
        }
    }

    /** Lower-case hex digests; the set cannot be used afterwards. */
    Map<DigestAlgorithm, String> finish() {
        Map<DigestAlgorithm, String> out = new EnumMap<>(DigestAlgorithm.class);
        digests.forEach((a, md) -> out.put(a, DigestAlgorithm.hex(md.digest())));
        return out;
    }

    /** Digests of a whole file (SHA-256 always, plus {@code extra}). */
    static Map<DigestAlgorithm, String> ofFile(Path file, Collection<DigestAlgorithm> extra) throws IOException {
        DigestSet set = new DigestSet(extra, Files.size(file));
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                set.update(buf, 0, n);
            }
        }
        return set.finish();
    }

    static String sha256(Path file) throws IOException {
        return ofFile(file, java.util.List.of()).get(DigestAlgorithm.SHA_256);
    }
}
