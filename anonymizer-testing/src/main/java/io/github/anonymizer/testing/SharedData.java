package io.github.anonymizer.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the shared models and test data ({@code ../shared} beside the project root) for tests.
 *
 * <p>Lookup order: the environment variables {@code ANONYMIZER_MODEL_DIR} and
 * {@code ANONYMIZER_TEST_DATA}; the system property {@code anonymizer.shared.dir} (set by the
 * build); then {@code ../shared} seen from the working directory and its parents. When the folder
 * is missing the test is skipped with a message saying what to set, except under {@code CI=true},
 * where a missing folder fails the test: CI must never pass by skipping.
 *
 * <p>Thread-safe (stateless).
 */
public final class SharedData {

    private SharedData() {}

    /** The models folder ({@code shared/models}); skips or fails the test when absent. */
    public static Path models() {
        return require("ANONYMIZER_MODEL_DIR", "models", "MODELS.md");
    }

    /** The data folder ({@code shared/data}); skips or fails the test when absent. */
    public static Path data() {
        return require("ANONYMIZER_TEST_DATA", "data", "README.md");
    }

    /** A face set under {@code data/faces}, for example {@code "dlib"}. */
    public static Path faces(String set) {
        return data().resolve("faces").resolve(set);
    }

    /** A clip under {@code data/video}. */
    public static Path video(String name) {
        return data().resolve("video").resolve(name);
    }

    /** A photo under {@code data/smoke}. */
    public static Path smoke(String name) {
        return data().resolve("smoke").resolve(name);
    }

    private static Path require(String envVar, String sub, String marker) {
        String env = System.getenv(envVar);
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            if (Files.isRegularFile(p.resolve(marker))) {
                return p;
            }
            return missing(envVar + "=" + env + " does not contain " + marker);
        }
        String prop = System.getProperty("anonymizer.shared.dir");
        if (prop != null && Files.isRegularFile(Path.of(prop, sub, marker))) {
            return Path.of(prop, sub).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve(sub);
            if (Files.isRegularFile(candidate.resolve(marker))) {
                return candidate.normalize();
            }
        }
        return missing("no shared/" + sub + " folder found beside the project");
    }

    private static Path missing(String why) {
        String msg = why + ". Put the shared folder beside the project root (../shared) or set "
                + "ANONYMIZER_MODEL_DIR / ANONYMIZER_TEST_DATA.";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and the shared test data is missing: " + msg);
        }
        Assumptions.abort("skipped: " + msg);
        throw new AssertionError("unreachable");
    }
}
