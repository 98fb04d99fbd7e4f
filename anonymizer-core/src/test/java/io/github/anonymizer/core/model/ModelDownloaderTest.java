package io.github.anonymizer.core.model;

import static io.github.anonymizer.core.model.TestModels.FILE;
import static io.github.anonymizer.core.model.TestModels.ID;
import static io.github.anonymizer.core.model.TestModels.filesUnder;
import static io.github.anonymizer.core.model.TestModels.model;
import static io.github.anonymizer.core.model.TestModels.onnx;
import static io.github.anonymizer.core.model.TestModels.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.ModelException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDownloaderTest {

    static final String PATH = "/" + ID + "/" + FILE;

    @TempDir
    Path tmp;

    LoopbackServer server;
    Path cache;

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
        cache = tmp.resolve("cache");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    ModelDownloader downloader() {
        return ModelDownloader.builder().baseUrl(server.base()).idleTimeout(Duration.ofSeconds(20)).build();
    }

    ModelStore store() {
        return ModelStore.of(List.of(), cache);
    }

    @Test
    void installsVerifiedFileWithPinAndResolveFindsIt() throws IOException {
        byte[] content = onnx(300_000, 1);
        server.serve(PATH, content);
        List<long[]> progress = new ArrayList<>();

        InstallResult result = store().install(model(content), downloader(),
                (id, file, bytes, total) -> progress.add(new long[] {bytes, total}));

        Path installed = cache.resolve(ID).resolve(FILE);
        assertThat(installed).hasBinaryContent(content);
        assertThat(Files.readString(Sidecar.of(installed))).isEqualTo(sha256(content) + "  " + FILE + "\n");
        assertThat(filesUnder(cache)).containsExactlyInAnyOrder(installed, Sidecar.of(installed));
        InstallResult.InstalledFile f = result.files().get(0);
        assertThat(f.downloaded()).isTrue();
        assertThat(f.verified()).isTrue();
        assertThat(f.sha256()).isEqualTo(sha256(content));
        assertThat(f.size()).isEqualTo(content.length);
        assertThat(f.source()).isEqualTo(server.base().resolve(ID + "/" + FILE));
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).containsExactly(content.length, content.length);
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i)[0]).isGreaterThanOrEqualTo(progress.get(i - 1)[0]);
        }
        assertThat(store().resolve(ID, FILE, null)).isEqualTo(installed);

        // a second install finds the good copy and does not download again
        int hits = server.hits();
        InstallResult again = store().install(model(content), downloader(), ProgressListener.NONE);
        assertThat(again.files().get(0).downloaded()).isFalse();
        assertThat(server.hits()).isEqualTo(hits);
    }

    @Test
    void verifiesGitBlobAndSha1Digests() throws IOException {
        byte[] content = onnx(5_000, 2);
        server.serve(PATH, content);
        ModelInfo m = model(new ModelFile(FILE, ModelFormat.ONNX, List.of(URI.create("https://models.invalid/x")),
                OptionalLong.of(content.length),
                List.of(PublishedDigest.publisher(DigestAlgorithm.GIT_BLOB_SHA_1, TestModels.gitBlob(content), "t"),
                        PublishedDigest.publisher(DigestAlgorithm.SHA_1, TestModels.hex("SHA-1", content), "t")),
                List.of(), true));

        InstallResult r = store().install(m, downloader(), ProgressListener.NONE);

        assertThat(r.files().get(0).checks()).hasSize(2).allMatch(DigestCheck::matches);
        assertThat(cache.resolve(ID).resolve(FILE)).hasBinaryContent(content);
    }

    @Test
    void wrongDigestNamesExpectedAndActualAndLeavesNothing() throws IOException {
        byte[] official = onnx(100_000, 3);
        byte[] served = onnx(100_000, 4); // same size, other bytes
        server.serve(PATH, served);

        assertThatThrownBy(() -> store().install(model(official), downloader(), ProgressListener.NONE))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("'" + ID + "'")
                .hasMessageContaining(server.base().resolve(ID + "/" + FILE).toString())
                .hasMessageContaining("expected SHA-256 " + sha256(official))
                .hasMessageContaining("actual SHA-256 " + sha256(served));
        assertThat(filesUnder(cache)).isEmpty();
        assertThat(cache.resolve(ID)).doesNotExist();
    }

    @Test
    void connectionClosedMidBodyLeavesNothing() throws Exception {
        byte[] content = onnx(200_000, 5);
        byte[] half = Arrays.copyOf(content, content.length / 2);
        try (ClosingServer closing = new ClosingServer("HTTP/1.1 200 OK\r\nContent-Length: " + content.length, half)) {
            ModelDownloader d = ModelDownloader.builder().baseUrl(closing.base()).idleTimeout(Duration.ofSeconds(60))
                    .build();

            assertThatThrownBy(() -> store().install(model(content), d, ProgressListener.NONE))
                    .isInstanceOf(ModelException.class)
                    .hasMessageContaining("'" + ID + "'")
                    .hasMessageContaining(closing.base().resolve(ID + "/" + FILE).toString())
                    .hasMessageContaining("nothing was installed")
                    .hasMessageNotContaining("stalled:");
        }
        assertThat(filesUnder(cache)).isEmpty();
        assertThat(cache.resolve(ID)).doesNotExist();
    }

    @Test
    void contentLengthLieWithoutPublishedSizeLeavesNothing() throws Exception {
        byte[] content = onnx(50_000, 6);
        ModelInfo noSize = model(new ModelFile(FILE, ModelFormat.ONNX, List.of(URI.create("https://models.invalid/x")),
                OptionalLong.empty(), List.of(PublishedDigest.publisher(DigestAlgorithm.SHA_256, sha256(content), "t")),
                List.of(), true));
        // announces more than it sends, then closes: the whole official file arrives, but the server lied
        try (ClosingServer closing = new ClosingServer("HTTP/1.1 200 OK\r\nContent-Length: " + (content.length + 1000),
                content)) {
            ModelDownloader d = ModelDownloader.builder().baseUrl(closing.base()).idleTimeout(Duration.ofSeconds(60))
                    .build();

            assertThatThrownBy(() -> store().install(noSize, d, ProgressListener.NONE))
                    .isInstanceOf(ModelException.class)
                    .hasMessageContaining("nothing was installed")
                    .hasMessageNotContaining("stalled:");
        }
        assertThat(filesUnder(cache)).isEmpty();
    }

    @Test
    void serverGoingAwayBeforeAnswerLeavesNothing() throws Exception {
        byte[] content = onnx(1_000, 15);
        try (ClosingServer closing = new ClosingServer("HTTP/1.1 200 OK", new byte[0])) {
            // a status line and no Content-Length: the body runs until the close, and is empty
            ModelDownloader d = ModelDownloader.builder().baseUrl(closing.base()).build();

            assertThatThrownBy(() -> store().install(model(content), d, ProgressListener.NONE))
                    .isInstanceOf(ModelException.class)
                    .hasMessageContaining("gave 0 bytes, expected " + content.length);
        }
        assertThat(filesUnder(cache)).isEmpty();
    }

    @Test
    void announcedSizeDifferentFromPublishedSizeIsRefused() throws IOException {
        byte[] content = onnx(10_000, 7);
        byte[] longer = Arrays.copyOf(content, content.length + 10);
        server.serve(PATH, longer);

        assertThatThrownBy(() -> store().install(model(content), downloader(), ProgressListener.NONE))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("announces " + longer.length + " bytes")
                .hasMessageContaining("published size is " + content.length);
        assertThat(filesUnder(cache)).isEmpty();
    }

    @Test
    void moreBytesThanPublishedWithoutContentLengthIsRefused() throws IOException {
        byte[] content = onnx(10_000, 8);
        byte[] longer = Arrays.copyOf(content, content.length + 10);
        server.on(PATH, ex -> LoopbackServer.send(ex, 200, 0, longer, longer.length)); // chunked

        assertThatThrownBy(() -> store().install(model(content), downloader(), ProgressListener.NONE))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("more than " + content.length + " bytes");
        assertThat(filesUnder(cache)).isEmpty();
    }

    @Test
    void http404NamesStatusAndUrl() throws IOException {
        byte[] content = onnx(1_000, 9);
        // nothing registered at PATH: the server answers 404

        assertThatThrownBy(() -> store().install(model(content), downloader(), ProgressListener.NONE))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining(server.base().resolve(ID + "/" + FILE).toString());
        assertThat(server.hits()).isEqualTo(1);
        assertThat(filesUnder(cache)).isEmpty();
    }

    /** Sends the headers and 1000 bytes, counts {@code sending} down, then waits for {@code release}. */
    static com.sun.net.httpserver.HttpHandler stalling(byte[] content, CountDownLatch sending, CountDownLatch release) {
        return ex -> {
            ex.sendResponseHeaders(200, content.length);
            ex.getResponseBody().write(content, 0, 1000);
            ex.getResponseBody().flush();
            sending.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    void stalledDownloadTimesOutAndLeavesNothing() throws Exception {
        byte[] content = onnx(100_000, 10);
        CountDownLatch release = new CountDownLatch(1);
        server.on(PATH, stalling(content, new CountDownLatch(1), release));
        ModelDownloader impatient = ModelDownloader.builder().baseUrl(server.base())
                .idleTimeout(Duration.ofSeconds(1)).build();
        try {
            assertThatThrownBy(() -> store().install(model(content), impatient, ProgressListener.NONE))
                    .isInstanceOf(ModelException.class)
                    .hasMessageContaining("stalled");
            assertThat(filesUnder(cache)).isEmpty();
        } finally {
            release.countDown();
        }
    }

    @Test
    void interruptionStopsTheDownloadAndLeavesNothing() throws Exception {
        byte[] content = onnx(100_000, 16);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch sending = new CountDownLatch(1);
        server.on(PATH, stalling(content, sending, release));
        Thread caller = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                if (sending.await(20, TimeUnit.SECONDS)) {
                    caller.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        interrupter.start();
        try {
            assertThatThrownBy(() -> store().install(model(content), downloader(), ProgressListener.NONE))
                    .isInstanceOf(ModelException.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
            assertThat(filesUnder(cache)).isEmpty();
        } finally {
            release.countDown();
            interrupter.join();
        }
    }

    @Test
    void fileWithoutPublishedDigestNeedsExplicitPermission() throws IOException {
        byte[] text = "layer {\n  name: \"data\"\n  type: \"Input\"\n}\n".getBytes(StandardCharsets.UTF_8);
        server.serve("/" + ID + "/net.prototxt", text);
        ModelInfo m = model(new ModelFile("net.prototxt", ModelFormat.CAFFE_PROTOTXT,
                List.of(URI.create("https://models.invalid/net.prototxt")), OptionalLong.empty(), List.of(), List.of(),
                true));

        assertThatThrownBy(() -> store().install(m, downloader(), ProgressListener.NONE))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("no digest is published for net.prototxt")
                .hasMessageContaining("--allow-unverified");
        assertThat(server.hits()).isZero();
        assertThat(filesUnder(cache)).isEmpty();

        ModelDownloader allowing = ModelDownloader.builder().baseUrl(server.base()).allowUnverified(true).build();
        InstallResult r = store().install(m, allowing, ProgressListener.NONE);

        assertThat(r.anyUnverified()).isTrue();
        Path installed = cache.resolve(ID).resolve("net.prototxt");
        assertThat(installed).hasBinaryContent(text);
        assertThat(Files.readString(Sidecar.of(installed))).startsWith(sha256(text));
    }

    @Test
    void wrongFormatIsRefusedEvenWithoutDigest() throws IOException {
        byte[] html = "<html>rate limited</html>".getBytes(StandardCharsets.UTF_8);
        server.serve(PATH, html);
        ModelInfo m = model(new ModelFile(FILE, ModelFormat.ONNX, List.of(URI.create("https://models.invalid/x")),
                OptionalLong.empty(), List.of(), List.of(), true));
        ModelDownloader allowing = ModelDownloader.builder().baseUrl(server.base()).allowUnverified(true).build();

        assertThatThrownBy(() -> store().install(m, allowing, ProgressListener.NONE))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("not a valid ONNX model");
        assertThat(filesUnder(cache)).isEmpty();
    }

    @Test
    void gitLfsPointerIsNamedInTheError() throws IOException {
        byte[] official = onnx(2_000, 11);
        byte[] pointer = ("version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256(official)
                + "\nsize " + official.length + "\n").getBytes(StandardCharsets.US_ASCII);
        server.serve(PATH, pointer);
        ModelInfo noSize = model(new ModelFile(FILE, ModelFormat.ONNX, List.of(URI.create("https://models.invalid/x")),
                OptionalLong.empty(), List.of(PublishedDigest.publisher(DigestAlgorithm.SHA_256, sha256(official), "t")),
                List.of(), true));

        assertThatThrownBy(() -> store().install(noSize, downloader(), ProgressListener.NONE))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("Git LFS pointer")
                .hasMessageContaining("actual SHA-256 " + sha256(pointer));
        assertThat(filesUnder(cache)).isEmpty();
    }

    @Test
    void damagedInstalledFileFailsResolveAndIsReplacedByInstall() throws IOException {
        byte[] content = onnx(20_000, 12);
        server.serve(PATH, content);
        store().install(model(content), downloader(), ProgressListener.NONE);
        Path installed = cache.resolve(ID).resolve(FILE);
        byte[] truncated = Arrays.copyOf(content, content.length - 100);
        Files.write(installed, truncated);

        assertThatThrownBy(() -> store().resolve(ID, FILE, null))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("'" + ID + "'")
                .hasMessageContaining(installed.toString())
                .hasMessageContaining("expected " + sha256(content))
                .hasMessageContaining("actual " + sha256(truncated));

        InstallResult r = store().install(model(content), downloader(), ProgressListener.NONE);
        assertThat(r.files().get(0).downloaded()).isTrue();
        assertThat(store().resolve(ID, FILE, null)).hasBinaryContent(content);
    }

    @Test
    void failedSecondFileKeepsTheVerifiedFirstAndLeavesNoTempFile() throws IOException {
        byte[] a = onnx(5_000, 13);
        byte[] b = onnx(5_000, 14);
        server.serve("/" + ID + "/a.onnx", a);
        server.serve("/" + ID + "/b.onnx", a); // wrong bytes for b
        ModelInfo m = model(file("a.onnx", a), file("b.onnx", b));

        assertThatThrownBy(() -> store().install(m, downloader(), ProgressListener.NONE))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("b.onnx");
        Path dir = cache.resolve(ID);
        assertThat(filesUnder(cache)).containsExactlyInAnyOrder(dir.resolve("a.onnx"), Sidecar.of(dir.resolve("a.onnx")));
    }

    private static ModelFile file(String name, byte[] content) {
        return new ModelFile(name, ModelFormat.ONNX, List.of(URI.create("https://models.invalid/" + name)),
                OptionalLong.of(content.length),
                List.of(PublishedDigest.publisher(DigestAlgorithm.SHA_256, sha256(content), "t")), List.of(), true);
    }

    @Test
    void mirrorMustBeHttpsExceptOnThisMachine() {
        assertThatThrownBy(() -> ModelDownloader.builder().baseUrl(URI.create("http://mirror.example/models")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("HTTPS");
        assertThatThrownBy(() -> ModelDownloader.builder().baseUrl(URI.create("file:///tmp/models")))
                .isInstanceOf(InvalidOptionException.class);
        assertThat(ModelDownloader.builder().baseUrl(URI.create("https://mirror.example/models")).build().baseUrl())
                .contains(URI.create("https://mirror.example/models/"));
    }

    @Test
    void officialSourcesAreUsedWithoutMirrorAndMirrorLayoutOtherwise() {
        ModelInfo yunet = ModelCatalog.get("yunet");
        ModelFile f = yunet.files().get(0);
        ModelDownloader official = ModelDownloader.builder().baseUrl(null).build();
        assertThat(official.sources(yunet, f)).isEqualTo(f.urls());
        assertThat(downloader().sources(yunet, f))
                .containsExactly(server.base().resolve("yunet/face_detection_yunet_2023mar.onnx"));
    }

    @Test
    void configuredMirrorComesFromSystemProperty() throws Exception {
        TestModels.withSystemProperty(ModelDownloader.PROPERTY_BASE_URL, server.base().toString(),
                () -> assertThat(ModelDownloader.defaults().baseUrl()).contains(server.base()));
        TestModels.withSystemProperty(ModelDownloader.PROPERTY_BASE_URL, "ftp://mirror.example/",
                () -> assertThatThrownBy(ModelDownloader::configuredBaseUrl).isInstanceOf(InvalidOptionException.class)
                        .hasMessageContaining(ModelDownloader.PROPERTY_BASE_URL));
    }
}
