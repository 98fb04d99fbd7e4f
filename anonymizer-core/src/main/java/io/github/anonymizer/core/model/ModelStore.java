package io.github.anonymizer.core.model;

import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * For catalog files ({@link ModelCatalog}) an alternative name (a rebuild, a modified copy) is
 * accepted too. Resolution never touches the network; before returning a file it checks the
 * file's SHA-256 pin ({@code <file>.sha256}, written by {@link #install}) and, optionally, a
 * SHA-256 the application expects, then runs the cheap {@link ModelFormat} check.
 *
 * <p>Commands: {@code models list} = {@link ModelCatalog#all()} (+ {@link #available(String)});
 * {@code models install ID} = {@link #install(String, ProgressListener)};
 * {@code models verify [ID]} = {@link #verify(String)}.
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

    /**
     * The first existing copy of a model file in the search directories. In each directory the
     * requested name is tried first, then, for a catalog file, its official name and its
     * {@linkplain ModelFile.Alternative alternative names} (a rebuild, a modified copy).
     */
    public Optional<Path> find(String modelId, String fileName) {
        ModelFile.requirePlainName(modelId, "model id");
        ModelFile.requirePlainName(fileName, "file name");
        List<String> names = candidateNames(modelId, fileName);
        for (Path dir : searchDirs) {
            for (String name : names) {
                Path p = dir.resolve(modelId).resolve(name);
                if (Files.isRegularFile(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> candidateNames(String modelId, String fileName) {
        List<String> names = new ArrayList<>();
        names.add(fileName);
        catalogFile(modelId, fileName).ifPresent(f -> f.allNames().stream()
                .filter(n -> !n.equals(fileName)).forEach(names::add));
        return names;
    }

    private static Optional<ModelFile> catalogFile(String modelId, String fileName) {
        return ModelCatalog.find(modelId).flatMap(m -> m.file(fileName));
    }

    /**
     * Resolves one model file without any network access, then checks it before it is loaded: its
     * SHA-256 pin ({@code <file>.sha256}, written by {@code install}) when there is one, and the
     * cheap format check of {@link ModelFormat} (the catalog's format for the file, else the one
     * its extension suggests).
     *
     * @param explicit a path the application gave (a file), or {@code null}
     * @throws ModelException naming the model, the explicit path or every place searched, and how
     *     to install the model; or naming the file when it fails its pin or its format check
     */
    public Path resolve(String modelId, String fileName, Path explicit) {
        return resolve(modelId, fileName, explicit, null);
    }

    /**
     * Like {@link #resolve(String, String, Path)}, and the file's SHA-256 must also equal
     * {@code expectedSha256} when that is given (a detector's {@code sha256=} option).
     *
     * @param expectedSha256 64 hex digits, or {@code null} / blank for no check
     * @throws InvalidOptionException when {@code expectedSha256} is not 64 hex digits
     * @throws ModelException naming expected and actual SHA-256 when they differ
     */
    public Path resolve(String modelId, String fileName, Path explicit, String expectedSha256) {
        String expected = null;
        if (expectedSha256 != null && !expectedSha256.isBlank()) {
            expected = DigestAlgorithm.SHA_256.normalize(expectedSha256);
            if (expected == null) {
                throw new InvalidOptionException("sha256", "'" + expectedSha256 + "' is not a SHA-256 (64 hex digits)");
            }
        }
        Path file = locate(modelId, fileName, explicit);
        checkIntegrity(modelId, file, expected);
        Optional<ModelFormat> format = catalogFile(modelId, fileName).map(ModelFile::format)
                .or(() -> ModelFormat.forFileName(file.getFileName().toString()))
                .or(() -> ModelFormat.forFileName(fileName));
        format.orElse(ModelFormat.BINARY).check(modelId, file);
        return file;
    }

    private Path locate(String modelId, String fileName, Path explicit) {
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

    private static void checkIntegrity(String modelId, Path file, String expectedSha256) {
        Optional<String> pin = Sidecar.read(modelId, file);
        if (pin.isEmpty() && expectedSha256 == null) {
            return;
        }
        String actual;
        try {
            actual = DigestSet.sha256(file);
        } catch (IOException e) {
            throw new ModelException(modelId, file, "cannot be read: " + e, e);
        }
        if (pin.isPresent() && !pin.get().equals(actual)) {
            throw new ModelException(modelId, file, "SHA-256 does not match its pin " + Sidecar.of(file)
                    + ": expected " + pin.get() + ", actual " + actual
                    + "; the file is damaged or was replaced and is not loaded. Reinstall it with "
                    + "'anonymizer models install " + modelId + "' (or delete the pin if you replaced it on purpose)");
        }
        if (expectedSha256 != null && !expectedSha256.equals(actual)) {
            throw new ModelException(modelId, file, "SHA-256 does not match the one the application expects "
                    + "(sha256=): expected " + expectedSha256 + ", actual " + actual + "; the file is not loaded");
        }
    }

    /** Whether every required file of a catalog model is found (without reading the files). */
    public boolean available(String modelId) {
        return ModelCatalog.get(modelId).requiredFiles().stream().allMatch(f -> find(modelId, f.name()).isPresent());
    }

    /**
     * Downloads a catalog model into the cache with the default downloader (official URLs, or the
     * mirror configured by {@link ModelDownloader#PROPERTY_BASE_URL}); only files with a published
     * digest. The only method of this class that uses the network.
     *
     * @throws ModelException for an unknown id or a failed download (see {@link ModelDownloader})
     */
    public InstallResult install(String modelId, ProgressListener listener) {
        return install(ModelCatalog.get(modelId), ModelDownloader.defaults(), listener);
    }

    /** Downloads a catalog model into the cache with {@code downloader}. */
    public InstallResult install(String modelId, ModelDownloader downloader, ProgressListener listener) {
        return install(ModelCatalog.get(modelId), downloader, listener);
    }

    /** Downloads {@code model} (a catalog entry or an application's own) into the cache. */
    public InstallResult install(ModelInfo model, ModelDownloader downloader, ProgressListener listener) {
        return downloader.install(model, cacheDir, listener);
    }

    /**
     * Checks the files resolution would load for a catalog model: presence, size, SHA-256, whether
     * they are the official files, their pins and their format. Never touches the network and
     * never throws for a rebuild or a damaged file (see {@link VerificationReport}).
     *
     * @throws ModelException for an unknown model id
     */
    public VerificationReport verify(String modelId) {
        return verify(ModelCatalog.get(modelId));
    }

    /** Like {@link #verify(String)} for any model description. */
    public VerificationReport verify(ModelInfo model) {
        List<VerificationReport.FileReport> reports = new ArrayList<>();
        for (ModelFile file : model.files()) {
            Optional<Path> found = Optional.empty();
            for (Path dir : searchDirs) {
                for (String name : file.allNames()) {
                    Path p = dir.resolve(model.id()).resolve(name);
                    if (found.isEmpty() && Files.isRegularFile(p)) {
                        found = Optional.of(p);
                    }
                }
            }
            reports.add(found.map(p -> verifyFile(model.id(), file, p))
                    .orElseGet(() -> new VerificationReport.FileReport(file, null, VerificationReport.Status.MISSING,
                            -1, null, List.of(), false, null)));
        }
        return new VerificationReport(model.id(), reports);
    }

    /** Verifies one file at {@code path} against the catalog entry {@code file}. */
    public static VerificationReport.FileReport verifyFile(String modelId, ModelFile file, Path path) {
        Map<DigestAlgorithm, String> actual;
        long size;
        try {
            size = Files.size(path);
            actual = DigestSet.ofFile(path, file.digests().stream().map(PublishedDigest::algorithm).toList());
        } catch (IOException e) {
            return new VerificationReport.FileReport(file, path, VerificationReport.Status.DAMAGED, -1, null,
                    List.of(), false, "cannot be read: " + e);
        }
        String sha256 = actual.get(DigestAlgorithm.SHA_256);
        List<DigestCheck> checks = file.digests().stream()
                .map(d -> new DigestCheck(d, actual.get(d.algorithm()))).toList();
        boolean pinned = Files.exists(Sidecar.of(path));
        String problem = null;
        try {
            checkIntegrity(modelId, path, null);
            file.format().check(modelId, path);
        } catch (ModelException e) {
            problem = e.getMessage();
        }
        VerificationReport.Status status;
        if (problem != null) {
            status = VerificationReport.Status.DAMAGED;
        } else if (!file.verifiable()) {
            status = VerificationReport.Status.NO_PUBLISHED_DIGEST;
        } else if (ModelDownloader.authoritativeMatch(checks)
                && (file.size().isEmpty() || file.size().getAsLong() == size)) {
            status = VerificationReport.Status.OFFICIAL;
        } else {
            status = VerificationReport.Status.NOT_OFFICIAL;
        }
        return new VerificationReport.FileReport(file, path, status, size, sha256, checks, pinned, problem);
    }
}
