package io.github.anonymizer.core.model;

import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.ModelException;
import io.github.anonymizer.core.model.InstallResult.InstalledFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads catalog models into the cache, only when called (the user asked for it:
 * {@code anonymizer models install ID}). Nothing else in the library touches the network.
 *
 * <p>For each file that is not already there with the right digest: an HTTPS GET of the
 * official URL (or of {@code <baseUrl>/<id>/<file>} when a mirror is configured), written to a
 * temporary file in the target folder while SHA-256 (and the published digest's algorithm) is
 * computed; then the size, every authoritative published digest and the format are checked, and
 * only then is the file moved atomically to {@code <cache>/<id>/<file>} and its SHA-256 written to
 * {@code <file>.sha256}. On any failure (HTTP error, broken or stalled connection, wrong size or
 * digest, full disk, interruption) the temporary file is deleted, folders created for it are
 * removed when empty, and a {@link ModelException} names the model, the URL, and for a digest
 * mismatch the expected and actual digest. A mirror is verified against the same pinned digests.
 *
 * <p>A file for which no digest is published is refused before anything is downloaded, unless
 * {@link Builder#allowUnverified(boolean)} is set; it is then checked only for its format, and its
 * SHA-256 is pinned from then on.
 *
 * <p>Immutable and thread-safe; each {@code install} call uses its own HTTP client.
 */
public final class ModelDownloader {

    /** System property naming a mirror base URL (wins over the environment variable). */
    public static final String PROPERTY_BASE_URL = "anonymizer.model.baseUrl";
    /** Environment variable naming a mirror base URL. */
    public static final String ENV_BASE_URL = "ANONYMIZER_MODEL_BASE_URL";

    static final long POLL_MILLIS = 200;
    private static final String USER_AGENT = "anonymizer-model-downloader";

    private final URI baseUrl;
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final long maxUnknownSize;
    private final boolean allowUnverified;

    private ModelDownloader(Builder b) {
        this.baseUrl = b.baseUrl;
        this.connectTimeout = b.connectTimeout;
        this.idleTimeout = b.idleTimeout;
        this.maxUnknownSize = b.maxUnknownSize;
        this.allowUnverified = b.allowUnverified;
    }

    /** Official URLs, or the mirror configured by {@link #PROPERTY_BASE_URL} / {@link #ENV_BASE_URL}. */
    public static ModelDownloader defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults (including a configured mirror, if any). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The mirror named by {@code anonymizer.model.baseUrl} or {@code ANONYMIZER_MODEL_BASE_URL}.
     *
     * @throws InvalidOptionException when the value is not an acceptable base URL
     */
    public static Optional<URI> configuredBaseUrl() {
        String prop = System.getProperty(PROPERTY_BASE_URL);
        if (prop != null && !prop.isBlank()) {
            return Optional.of(checkBaseUrl(PROPERTY_BASE_URL, prop.strip()));
        }
        String env = System.getenv(ENV_BASE_URL);
        if (env != null && !env.isBlank()) {
            return Optional.of(checkBaseUrl(ENV_BASE_URL, env.strip()));
        }
        return Optional.empty();
    }

    /** The mirror in use, or empty when the official URLs are used. */
    public Optional<URI> baseUrl() {
        return Optional.ofNullable(baseUrl);
    }

    /** Whether files without a published digest may be downloaded. */
    public boolean allowsUnverified() {
        return allowUnverified;
    }

    /** The URLs a file is fetched from, in the order tried. */
    public List<URI> sources(ModelInfo model, ModelFile file) {
        if (baseUrl != null) {
            return List.of(baseUrl.resolve(model.id() + "/" + file.name()));
        }
        return file.urls();
    }

    /**
     * Installs every file of {@code model} into {@code cacheDir/<id>/}, skipping files already
     * there with the right digest (or, for files without a published digest, with a matching pin).
     *
     * @param listener progress, called on this thread
     * @throws ModelException when a file cannot be installed; files installed before stay (each is
     *     complete and verified), no partial or temporary file is left
     */
    public InstallResult install(ModelInfo model, Path cacheDir, ProgressListener listener) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(listener, "listener");
        Path modelDir = cacheDir.resolve(model.id());
        List<InstalledFile> results = new ArrayList<>();
        List<ModelFile> toDownload = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (ModelFile file : model.files()) {
            Optional<InstalledFile> present = alreadyInstalled(model, file, modelDir.resolve(file.name()));
            if (present.isPresent()) {
                results.add(present.get());
                continue;
            }
            if (!file.verifiable() && !allowUnverified) {
                refused.add(file.name() + " (" + String.join(", ", sources(model, file).stream().map(URI::toString)
                        .toList()) + ")");
            }
            toDownload.add(file);
        }
        if (!refused.isEmpty()) {
            throw new ModelException(model.id(), null, "no digest is published for " + String.join("; ", refused)
                    + ", so a download could not be verified; nothing was downloaded. Allow unverified files "
                    + "(--allow-unverified) to download them anyway (their SHA-256 is then pinned), "
                    + "or put your own copies in " + modelDir);
        }
        if (!toDownload.isEmpty()) {
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NORMAL) // never HTTPS -> HTTP
                    .build();
            for (ModelFile file : toDownload) {
                results.add(download(client, model, file, modelDir.resolve(file.name()), listener));
            }
        }
        results.sort((a, b) -> Integer.compare(indexOf(model, a.fileName()), indexOf(model, b.fileName())));
        return new InstallResult(model.id(), modelDir, results);
    }

    private static int indexOf(ModelInfo model, String fileName) {
        for (int i = 0; i < model.files().size(); i++) {
            if (model.files().get(i).name().equals(fileName)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** A good copy already in the cache: right digest (or matching pin when none is published), right format. */
    private Optional<InstalledFile> alreadyInstalled(ModelInfo model, ModelFile file, Path target) {
        if (!Files.isRegularFile(target)) {
            return Optional.empty();
        }
        try {
            Map<DigestAlgorithm, String> actual = DigestSet.ofFile(target,
                    file.digests().stream().map(PublishedDigest::algorithm).toList());
            String sha256 = actual.get(DigestAlgorithm.SHA_256);
            long size = Files.size(target);
            Optional<String> pin = Sidecar.read(model.id(), target);
            if (pin.isPresent() && !pin.get().equals(sha256)) {
                return Optional.empty();
            }
            List<DigestCheck> checks = checks(file, actual);
            boolean verified = file.verifiable();
            if (verified && (!authoritativeMatch(checks) || !sizeMatches(file, size))) {
                return Optional.empty();
            }
            file.format().check(model.id(), target);
            if (pin.isEmpty()) {
                Sidecar.write(target, sha256);
            }
            return Optional.of(new InstalledFile(file.name(), target, false, null, size, sha256, verified, checks));
        } catch (ModelException | IOException e) {
            return Optional.empty(); // damaged or unreadable: download again
        }
    }

    private InstalledFile download(HttpClient client, ModelInfo model, ModelFile file, Path target,
            ProgressListener listener) {
        List<ModelException> failures = new ArrayList<>();
        for (URI uri : sources(model, file)) {
            try {
                return downloadFrom(client, uri, model, file, target, listener);
            } catch (ModelException e) {
                failures.add(e);
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
        }
        if (failures.size() == 1) {
            throw failures.get(0);
        }
        ModelException all = new ModelException(model.id(), target, "every source failed: "
                + String.join(" | ", failures.stream().map(Throwable::getMessage).toList()));
        failures.forEach(all::addSuppressed);
        throw all;
    }

    private InstalledFile downloadFrom(HttpClient client, URI uri, ModelInfo model, ModelFile file, Path target,
            ProgressListener listener) {
        String id = model.id();
        String from = "download from " + uri;
        checkScheme(id, target, uri);
        long expectedSize = file.size().orElse(-1);
        Path dir = target.getParent();
        List<Path> createdDirs = new ArrayList<>();
        Path tmp = null;
        boolean installed = false;
        try {
            createDirectories(dir, createdDirs);
            tmp = Files.createTempFile(dir, "." + file.name() + ".", ".part");
            DigestSet digests = new DigestSet(file.digests().stream().map(PublishedDigest::algorithm).toList(),
                    expectedSize);
            listener.started(id, file.name(), uri);
            long bytes;
            try (FileSink sink = new FileSink(FileChannel.open(tmp, StandardOpenOption.WRITE), digests,
                    expectedSize >= 0 ? expectedSize : maxUnknownSize)) {
                HttpRequest request = HttpRequest.newBuilder(uri).header("User-Agent", USER_AGENT).GET().build();
                CompletableFuture<HttpResponse<Long>> future = client.sendAsync(request, sink.handler(expectedSize));
                HttpResponse<Long> response = await(future, sink, id, file.name(), from, target, listener);
                int status = response.statusCode();
                if (status != 200) {
                    throw new ModelException(id, target, from + " failed: HTTP " + status
                            + (status / 100 == 3 ? " (redirect not followed: only HTTPS to HTTPS redirects are)" : "")
                            + "; nothing was installed");
                }
                bytes = sink.finish();
            }
            if (expectedSize >= 0 && bytes != expectedSize) {
                throw new ModelException(id, target, from + " gave " + bytes + " bytes, expected " + expectedSize
                        + " (published size); nothing was installed");
            }
            Map<DigestAlgorithm, String> actual = digests.finish();
            List<DigestCheck> checks = checks(file, actual);
            if (!authoritativeMatch(checks)) {
                throw new ModelException(id, target, from + " does not match the published digest: "
                        + String.join("; ", checks.stream().filter(c -> c.expected().authoritative() && !c.matches())
                                .map(DigestCheck::describe).toList())
                        + " (SHA-256 " + actual.get(DigestAlgorithm.SHA_256) + ")" + lfsHint(tmp)
                        + "; nothing was installed");
            }
            try {
                file.format().check(id, tmp);
            } catch (ModelException e) {
                throw new ModelException(id, target, from + " is not usable: " + e.getMessage()
                        + "; nothing was installed", e);
            }
            String sha256 = actual.get(DigestAlgorithm.SHA_256);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try {
                Sidecar.write(target, sha256);
            } catch (IOException e) {
                Files.deleteIfExists(target);
                throw e;
            }
            installed = true;
            listener.progress(id, file.name(), bytes, bytes);
            return new InstalledFile(file.name(), target, true, uri, bytes, sha256, file.verifiable(), checks);
        } catch (IOException e) {
            throw new ModelException(id, target, from + " failed: " + e + "; nothing was installed", e);
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
            if (!installed) {
                for (int i = createdDirs.size() - 1; i >= 0; i--) {
                    deleteQuietly(createdDirs.get(i));
                }
            }
        }
    }

    /** Waits for the download, reporting progress on this thread and enforcing the idle timeout. */
    private HttpResponse<Long> await(CompletableFuture<HttpResponse<Long>> future, FileSink sink, String id,
            String fileName, String from, Path target, ProgressListener listener) {
        long lastBytes = -1;
        long lastChange = System.nanoTime();
        while (true) {
            try {
                return future.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                long now = System.nanoTime();
                long bytes = sink.bytes();
                if (bytes != lastBytes) {
                    lastBytes = bytes;
                    lastChange = now;
                    if (sink.responding()) {
                        listener.progress(id, fileName, bytes, sink.total());
                    }
                } else if (now - lastChange > idleTimeout.toNanos()) {
                    future.cancel(true);
                    sink.abort();
                    throw new ModelException(id, target, from + " stalled: nothing received for "
                            + idleTimeout.toSeconds() + " s; nothing was installed");
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                        ? e.getCause().getCause() : e.getCause();
                throw new ModelException(id, target, from + " failed: " + describe(cause)
                        + "; nothing was installed", cause);
            } catch (InterruptedException e) {
                future.cancel(true);
                sink.abort();
                Thread.currentThread().interrupt();
                throw new ModelException(id, target, from + " was interrupted; nothing was installed", e);
            }
        }
    }

    private String describe(Throwable t) {
        if (t instanceof HttpConnectTimeoutException) {
            return "could not connect within " + connectTimeout.toSeconds() + " s";
        }
        if (t instanceof ConnectException) {
            return "could not connect (" + (t.getMessage() == null ? t : t.getMessage()) + ")";
        }
        String msg = t.getMessage();
        return msg == null || msg.isBlank() ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + msg;
    }

    private static List<DigestCheck> checks(ModelFile file, Map<DigestAlgorithm, String> actual) {
        return file.digests().stream().map(d -> new DigestCheck(d, actual.get(d.algorithm()))).toList();
    }

    static boolean authoritativeMatch(List<DigestCheck> checks) {
        return checks.stream().filter(c -> c.expected().authoritative()).allMatch(DigestCheck::matches);
    }

    private static boolean sizeMatches(ModelFile file, long size) {
        return file.size().isEmpty() || file.size().getAsLong() == size;
    }

    private static String lfsHint(Path tmp) {
        try (InputStream in = Files.newInputStream(tmp)) {
            String head = new String(in.readNBytes(64), StandardCharsets.ISO_8859_1);
            return head.startsWith("version https://git-lfs") ? " (the server sent a Git LFS pointer, not the file)" : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void createDirectories(Path dir, List<Path> created) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.add(p);
        }
        Collections.reverse(missing);
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
                created.add(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (DirectoryNotEmptyException e) {
            // another install is using the folder
        } catch (IOException e) {
            // best effort: the caller already reports the real failure
        }
    }

    private static void checkScheme(String id, Path target, URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(uri.getHost()))) {
            throw new ModelException(id, target, "refusing to download from " + uri
                    + ": only HTTPS (or HTTP to this machine) is allowed");
        }
    }

    static URI checkBaseUrl(String option, String value) {
        URI uri;
        try {
            uri = new URI(value.endsWith("/") ? value : value + "/");
        } catch (java.net.URISyntaxException e) {
            throw new InvalidOptionException(option, "'" + value + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
            throw new InvalidOptionException(option, "'" + value + "' is not an absolute http(s) base URL "
                    + "without query or fragment, such as https://mirror.example/models/");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(uri.getHost()))) {
            throw new InvalidOptionException(option, "'" + value + "' must use HTTPS (plain HTTP only to localhost)");
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    /**
     * Receives the body: hashes and writes each chunk to the temporary file, refuses more bytes
     * than expected. Callbacks come from the HTTP client's threads; {@link #close()} from the
     * waiting thread; all state is guarded by {@code this}.
     */
    private static final class FileSink implements BodySubscriber<Long>, AutoCloseable {
        private final FileChannel channel;
        private final DigestSet digests;
        private final long limit;
        private final CompletableFuture<Long> body = new CompletableFuture<>();
        private volatile long bytes;
        private volatile long total = -1;
        private volatile boolean responding;
        private Flow.Subscription subscription;
        private IOException failure;
        private boolean closed;

        FileSink(FileChannel channel, DigestSet digests, long limit) {
            this.channel = channel;
            this.digests = digests;
            this.limit = limit;
        }

        BodyHandler<Long> handler(long expectedSize) {
            return info -> {
                if (info.statusCode() != 200) {
                    return BodySubscribers.replacing(-1L);
                }
                OptionalLong contentLength = info.headers().firstValueAsLong("Content-Length");
                total = expectedSize >= 0 ? expectedSize : contentLength.orElse(-1);
                if (expectedSize >= 0 && contentLength.isPresent() && contentLength.getAsLong() != expectedSize) {
                    synchronized (this) {
                        failure = new IOException("the server announces " + contentLength.getAsLong()
                                + " bytes (Content-Length), the published size is " + expectedSize);
                    }
                }
                responding = true;
                return this;
            };
        }

        long bytes() {
            return bytes;
        }

        long total() {
            return total;
        }

        boolean responding() {
            return responding;
        }

        @Override
        public synchronized void onSubscribe(Flow.Subscription s) {
            if (closed || failure != null) {
                s.cancel();
                body.completeExceptionally(failure != null ? failure : new IOException("download aborted"));
                return;
            }
            subscription = s;
            s.request(1);
        }

        @Override
        public synchronized void onNext(List<ByteBuffer> items) {
            if (closed || failure != null) {
                return;
            }
            try {
                for (ByteBuffer b : items) {
                    long n = b.remaining();
                    if (bytes + n > limit) {
                        throw new IOException("the server sent more than " + limit + " bytes");
                    }
                    digests.update(b);
                    while (b.hasRemaining()) {
                        channel.write(b);
                    }
                    bytes += n;
                }
            } catch (IOException e) {
                failure = e;
                subscription.cancel();
                body.completeExceptionally(e);
                return;
            }
            subscription.request(1);
        }

        @Override
        public synchronized void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public synchronized void onComplete() {
            body.complete(bytes);
        }

        @Override
        public CompletionStage<Long> getBody() {
            return body;
        }

        /** Flushes the file to disk; returns the number of bytes written. */
        synchronized long finish() throws IOException {
            channel.force(true);
            return bytes;
        }

        /** Stops the download and closes the file; the caller reports why. */
        void abort() {
            try {
                close();
            } catch (IOException e) {
                // the download already failed; closing is best effort
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (!closed) {
                closed = true;
                if (subscription != null && !body.isDone()) {
                    subscription.cancel();
                }
                channel.close();
            }
        }
    }

    /**
     * Configures a {@link ModelDownloader}. Confined to one thread.
     */
    public static final class Builder {
        private URI baseUrl = configuredBaseUrl().orElse(null);
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private long maxUnknownSize = 1L << 30;
        private boolean allowUnverified;

        private Builder() {}

        /**
         * Fetch every file from {@code <baseUrl>/<id>/<file>} instead of the official URLs (a mirror, or
         * a local server in tests); the pinned digests are still enforced. HTTPS only, except plain
         * HTTP to localhost. {@code null} restores the official URLs.
         */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl == null ? null : checkBaseUrl("baseUrl", baseUrl.toString());
            return this;
        }

        /** Time allowed to open a connection (default 30 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** A download fails when nothing arrives for this long, headers included (default 60 s). */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /** Largest download accepted when the catalog gives no size (default 1 GiB). */
        public Builder maxUnknownSize(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxUnknownSize must be positive: " + bytes);
            }
            this.maxUnknownSize = bytes;
            return this;
        }

        /** Allow files without a published digest (default {@code false}); they are pinned by SHA-256. */
        public Builder allowUnverified(boolean allow) {
            this.allowUnverified = allow;
            return this;
        }

        public ModelDownloader build() {
            return new ModelDownloader(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }
    }
}
