package io.github.anonymizer.core.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;

/** Small models for download tests, and digest helpers independent of {@link DigestSet}. Test helper. */
final class TestModels {

    static final String ID = "tiny";
    static final String FILE = "tiny.onnx";

    private TestModels() {}

    /** A minimal ONNX-shaped protobuf: ir_version, then a {@code graph} field of {@code payload} random bytes. */
    static byte[] onnx(int payload, long seed) {
        byte[] graph = new byte[payload];
        new Random(seed).nextBytes(graph);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x08);
        out.write(0x07);
        out.write(0x3a);
        for (long v = payload; ; v >>>= 7) {
            if (v < 0x80) {
                out.write((int) v);
                break;
            }
            out.write((int) (v & 0x7f) | 0x80);
        }
        out.writeBytes(graph);
        return out.toByteArray();
    }

    static String hex(String algorithm, byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            for (byte[] p : parts) {
                md.update(p);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String sha256(byte[] b) {
        return hex("SHA-256", b);
    }

    static String gitBlob(byte[] b) {
        return hex("SHA-1", ("blob " + b.length + "\0").getBytes(StandardCharsets.US_ASCII), b);
    }

    /** A one-file model whose official file is {@code content}, pinned by SHA-256 and size. */
    static ModelInfo model(byte[] content) {
        return model(new ModelFile(FILE, ModelFormat.ONNX, List.of(URI.create("https://models.invalid/tiny.onnx")),
                OptionalLong.of(content.length),
                List.of(PublishedDigest.publisher(DigestAlgorithm.SHA_256, sha256(content), "test")),
                List.of(), true));
    }

    static ModelInfo model(ModelFile... files) {
        return new ModelInfo(ID, "Tiny", "test model", URI.create("https://models.invalid/"), "none",
                URI.create("https://models.invalid/licence"), List.of(files));
    }

    /** A copy of a catalog file (under its official or an alternative name) in the shared models folder. */
    record SharedCopy(ModelInfo model, ModelFile file, Path path) {
        String key() {
            return model.id() + "/" + path.getFileName();
        }
    }

    /** Every catalog file present in {@code shared}, under any of its names. */
    static List<SharedCopy> sharedCopies(Path shared) {
        List<SharedCopy> copies = new java.util.ArrayList<>();
        for (ModelInfo m : ModelCatalog.all()) {
            for (ModelFile f : m.files()) {
                for (String name : f.allNames()) {
                    Path p = shared.resolve(m.id()).resolve(name);
                    if (Files.isRegularFile(p)) {
                        copies.add(new SharedCopy(m, f, p));
                    }
                }
            }
        }
        return copies;
    }

    /** Code that may throw, for {@link #withSystemProperty}. */
    interface Action {
        void run() throws Exception;
    }

    /** Runs {@code action} with a system property set, then restores the old value. */
    static void withSystemProperty(String key, String value, Action action) throws Exception {
        String old = System.getProperty(key);
        System.setProperty(key, value);
        try {
            action.run();
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }

    /** Every regular file under {@code dir} (none when it does not exist). */
    static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
