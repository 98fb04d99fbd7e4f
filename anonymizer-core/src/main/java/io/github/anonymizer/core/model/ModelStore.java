package io.github.anonymizer.core.model;

import io.github.anonymizer.api.ModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds detector model files. Every detector that needs weights resolves them here, in this order:
 * <ol>
 *   <li>an explicit path given by the application (a detector option such as {@code model=...});
 *   <li>the model directory: the environment variable {@code ANONYMIZER_MODEL_DIR}, or the system
 *       property {@code anonymizer.model.dir} (the property wins when both are set);
 *   <li>the per-user cache directory ({@code $XDG_CACHE_HOME/anonymizer/models}, else
 *       {@code ~/.cache/anonymizer/models}; on Windows {@code %LOCALAPPDATA%\anonymizer\models});
 *   <li>only when the user asked for it ({@code anonymizer models install ID} or
 *       {@link ModelDownloader}), a download from the model's official URL, verified against the
 *       publisher's digest.
 * </ol>
 * Inside a model directory or the cache, a model's files live in a folder named after the model id
 * ({@code <dir>/centerface/centerface.onnx}), the layout of the project's shared models folder.
 * Resolution never touches the network.
 *
 * <p>Immutable and thread-safe.
 */
public final class ModelStore {

    /** Environment variable naming the model directory. */
    public static final String ENV_MODEL_DIR = "ANONYMIZER_MODEL_DIR";

    /** System property naming the model directory (wins over the environment variable). */
    public static final String PROPERTY_MODEL_DIR = "anonymizer.model.dir";

    private final List<Path> searchDirs;
    private final Path cacheDir;

    private ModelStore(List<Path> searchDirs, Path cacheDir) {
        this.searchDirs = List.copyOf(searchDirs);
        this.cacheDir = cacheDir;
    }

    /** The store configured from the environment: model directory (if set), then the user cache. */
    public static ModelStore defaults() {
        List<Path> dirs = new ArrayList<>();
        configuredModelDir().ifPresent(dirs::add);
        Path cache = userCacheDir();
        dirs.add(cache);
        return new ModelStore(dirs, cache);
    }

    /** A store that searches exactly these directories and installs into {@code cacheDir}. */
    public static ModelStore of(List<Path> searchDirs, Path cacheDir) {
        Objects.requireNonNull(cacheDir, "cacheDir");
        List<Path> dirs = new ArrayList<>(searchDirs);
        if (!dirs.contains(cacheDir)) {
            dirs.add(cacheDir);
        }
        return new ModelStore(dirs, cacheDir);
    }

    /** The directory named by {@code anonymizer.model.dir} or {@code ANONYMIZER_MODEL_DIR}, if set. */
    public static Optional<Path> configuredModelDir() {
        String prop = System.getProperty(PROPERTY_MODEL_DIR);
        if (prop != null && !prop.isBlank()) {
            return Optional.of(Path.of(prop));
        }
        String env = System.getenv(ENV_MODEL_DIR);
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env));
        }
        return Optional.empty();
    }

    /** The per-user cache directory (it may not exist yet). */
    public static Path userCacheDir() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String localAppData = System.getenv("LOCALAPPDATA");
        if (os.contains("win") && localAppData != null && !localAppData.isBlank()) {
            return Path.of(localAppData, "anonymizer", "models");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "anonymizer", "models");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "anonymizer", "models");
    }

    /** The directories searched, in order (the cache last). */
    public List<Path> searchDirs() {
        return searchDirs;
    }

    /** Where {@code install} puts models. */
    public Path cacheDir() {
        return cacheDir;
    }

    /** The first existing {@code <dir>/<modelId>/<fileName>} in the search directories. */
    public Optional<Path> find(String modelId, String fileName) {
        for (Path dir : searchDirs) {
            Path p = dir.resolve(modelId).resolve(fileName);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves one model file without any network access.
     *
     * @param explicit a path the application gave (a file), or {@code null}
     * @throws ModelException naming the model, the explicit path or every place searched, and how
     *     to install the model
     */
    public Path resolve(String modelId, String fileName, Path explicit) {
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) {
                throw new ModelException(modelId, explicit, Files.exists(explicit)
                        ? "is not a regular file" : "file not found (given explicitly)");
            }
            if (!Files.isReadable(explicit)) {
                throw new ModelException(modelId, explicit, "file is not readable");
            }
            return explicit;
        }
        return find(modelId, fileName).orElseThrow(() -> new ModelException(modelId, null, fileName + " not found in "
                + searchDirs.stream().map(d -> d.resolve(modelId).toString()).toList()
                + "; install it with 'anonymizer models install " + modelId + "', set " + ENV_MODEL_DIR
                + " to a folder holding " + modelId + "/" + fileName + ", or give the file's path explicitly"));
    }
}
