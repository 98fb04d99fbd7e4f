package io.github.anonymizer.core.model;

import static io.github.anonymizer.core.model.TestModels.onnx;
import static io.github.anonymizer.core.model.TestModels.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.ModelException;
import io.github.anonymizer.core.model.VerificationReport.FileReport;
import io.github.anonymizer.core.model.VerificationReport.Status;
import io.github.anonymizer.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

    static final String YUNET = "face_detection_yunet_2023mar.onnx";

    @TempDir
    Path tmp;

    static Path put(Path dir, String id, String name, byte[] content) throws IOException {
        Path p = dir.resolve(id).resolve(name);
        Files.createDirectories(p.getParent());
        return Files.write(p, content);
    }

    @Test
    void resolutionOrderIsExplicitThenConfiguredDirThenCache() throws IOException {
        Path configured = tmp.resolve("configured");
        Path cache = tmp.resolve("cache");
        Path inConfigured = put(configured, "yunet", YUNET, onnx(100, 1));
        Path inCache = put(cache, "yunet", YUNET, onnx(100, 2));
        Path explicit = Files.write(tmp.resolve("mine.onnx"), onnx(100, 3));
        ModelStore store = ModelStore.of(List.of(configured), cache);

        assertThat(store.searchDirs()).containsExactly(configured, cache);
        assertThat(store.resolve("yunet", YUNET, explicit)).isEqualTo(explicit);
        assertThat(store.resolve("yunet", YUNET, null)).isEqualTo(inConfigured);
        Files.delete(inConfigured);
        assertThat(store.resolve("yunet", YUNET, null)).isEqualTo(inCache);
        Files.delete(inCache);
        assertThatThrownBy(() -> store.resolve("yunet", YUNET, null))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("'yunet'")
                .hasMessageContaining(configured.resolve("yunet").toString())
                .hasMessageContaining(cache.resolve("yunet").toString())
                .hasMessageContaining("anonymizer models install yunet");
        assertThatThrownBy(() -> store.resolve("yunet", YUNET, tmp.resolve("absent.onnx")))
                .isInstanceOf(ModelException.class).hasMessageContaining("given explicitly");
    }

    @Test
    void defaultsPutTheConfiguredDirBeforeTheUserCache() throws Exception {
        TestModels.withSystemProperty(ModelStore.PROPERTY_MODEL_DIR, tmp.toString(), () -> {
            ModelStore store = ModelStore.defaults();
            assertThat(store.searchDirs()).containsExactly(tmp, ModelStore.userCacheDir());
            assertThat(store.cacheDir()).isEqualTo(ModelStore.userCacheDir());
        });
    }

    @Test
    void alternativeNamesAreFoundAfterTheRequestedNameInEachDir() throws IOException {
        Path dir = tmp.resolve("models");
        Path cache = tmp.resolve("cache");
        String official = "res10_300x300_ssd_iter_140000.caffemodel";
        String rebuild = "res10_300x300_ssd_iter_140000_from_uint8.caffemodel";
        Path rebuildInDir = put(dir, "res10-caffe", rebuild, onnx(100, 4)); // any protobuf passes the cheap check
        Path officialInCache = put(cache, "res10-caffe", official, caffe());
        ModelStore store = ModelStore.of(List.of(dir), cache);

        // the configured dir wins over the cache, even with the rebuild
        assertThat(store.find("res10-caffe", official)).contains(rebuildInDir);
        Path officialInDir = put(dir, "res10-caffe", official, caffe());
        assertThat(store.find("res10-caffe", official)).contains(officialInDir);
        assertThat(store.find("res10-caffe", rebuild)).contains(rebuildInDir);
        Files.delete(officialInDir);
        Files.delete(rebuildInDir);
        assertThat(store.resolve("res10-caffe", official, null)).isEqualTo(officialInCache);
        // names outside the catalog get no alternatives
        assertThat(store.find("res10-caffe", "other.caffemodel")).isEmpty();
        assertThatThrownBy(() -> store.find("res10-caffe", "../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }

    /** A minimal Caffe NetParameter: one {@code layer} (field 100) holding a name. */
    static byte[] caffe() {
        return new byte[] {(byte) 0xa2, 0x06, 0x03, 0x0a, 0x01, 'x'};
    }

    @Test
    void pinBesideTheFileIsCheckedAtResolve() throws IOException {
        Path cache = tmp.resolve("cache");
        byte[] good = onnx(1000, 5);
        Path file = put(cache, "yunet", YUNET, good);
        Sidecar.write(file, sha256(good));
        ModelStore store = ModelStore.of(List.of(), cache);
        assertThat(store.resolve("yunet", YUNET, null)).isEqualTo(file);

        byte[] other = onnx(1000, 6); // same size, other bytes: still a valid protobuf
        Files.write(file, other);
        assertThatThrownBy(() -> store.resolve("yunet", YUNET, null))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("'yunet'")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("expected " + sha256(good))
                .hasMessageContaining("actual " + sha256(other));

        Files.writeString(Sidecar.of(file), "not a digest\n");
        assertThatThrownBy(() -> store.resolve("yunet", YUNET, null))
                .isInstanceOf(ModelException.class).hasMessageContaining("malformed");
    }

    @Test
    void applicationCanRequireASha256() throws IOException {
        byte[] content = onnx(1000, 7);
        Path explicit = Files.write(tmp.resolve("m.onnx"), content);
        ModelStore store = ModelStore.of(List.of(), tmp.resolve("cache"));

        assertThat(store.resolve("centerface", "centerface.onnx", explicit, sha256(content).toUpperCase()))
                .isEqualTo(explicit);
        String wrong = sha256(onnx(1000, 8));
        assertThatThrownBy(() -> store.resolve("centerface", "centerface.onnx", explicit, wrong))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("'centerface'")
                .hasMessageContaining(explicit.toString())
                .hasMessageContaining("expected " + wrong)
                .hasMessageContaining("actual " + sha256(content));
        assertThatThrownBy(() -> store.resolve("centerface", "centerface.onnx", explicit, "abc"))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("sha256");
    }

    @Test
    void resolveRunsTheFormatCheck() throws IOException {
        byte[] content = onnx(1000, 9);
        Path cut = put(tmp, "yunet", YUNET, java.util.Arrays.copyOf(content, 500));
        ModelStore store = ModelStore.of(List.of(tmp), tmp.resolve("cache"));
        assertThatThrownBy(() -> store.resolve("yunet", YUNET, null))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("'yunet'")
                .hasMessageContaining(cut.toString())
                .hasMessageContaining("truncated");
        // an explicit file is checked by the catalog's format for that model file, whatever its name
        Path text = Files.writeString(tmp.resolve("weights.bin"), "layer { }\n");
        assertThatThrownBy(() -> store.resolve("yunet", YUNET, text))
                .isInstanceOf(ModelException.class).hasMessageContaining("not a valid ONNX model");
    }

    @Test
    void resolveAndVerifyNeverTouchTheNetwork() throws Exception {
        try (LoopbackServer server = new LoopbackServer()) {
            TestModels.withSystemProperty(ModelDownloader.PROPERTY_BASE_URL, server.base().toString(),
                    () -> resolveAndVerifyOffline(server));
        }
    }

    private void resolveAndVerifyOffline(LoopbackServer server) throws IOException {
        Path dir = tmp.resolve("models");
        put(dir, "yunet", YUNET, onnx(1000, 10));
        ModelStore store = ModelStore.of(List.of(dir), tmp.resolve("cache"));

        assertThat(store.resolve("yunet", YUNET, null)).exists();
        assertThat(store.verify("yunet").files().get(0).status()).isEqualTo(Status.NOT_OFFICIAL);
        assertThatThrownBy(() -> store.resolve("centerface", "centerface.onnx", null))
                .isInstanceOf(ModelException.class);
        assertThat(store.verify("centerface").files().get(0).status()).isEqualTo(Status.MISSING);
        assertThat(server.hits()).isZero();
    }

    @Test
    void verifyReportsSharedRebuildsAsNotOfficialAndOfficialFilesAsOfficial() throws IOException {
        Path shared = SharedData.models();
        Map<String, String> sums = sha256sums(shared);
        ModelStore store = ModelStore.of(List.of(shared), tmp.resolve("cache"));
        Map<String, Status> seen = new HashMap<>();
        for (String id : ModelCatalog.ids()) {
            VerificationReport report = store.verify(id);
            assertThat(report.usable()).as(report.toText()).isTrue();
            for (FileReport f : report.files()) {
                String key = id + "/" + f.foundName();
                seen.put(key, f.status());
                assertThat(f.sha256()).as(key).isEqualTo(sums.get(key));
                assertThat(f.size()).isEqualTo(Files.size(f.path()));
            }
        }
        assertThat(seen).containsOnly(
                Map.entry("centerface/centerface.onnx", Status.NOT_OFFICIAL),
                Map.entry("yunet/" + YUNET, Status.OFFICIAL),
                Map.entry("res10-caffe/deploy.prototxt", Status.NO_PUBLISHED_DIGEST),
                Map.entry("res10-caffe/res10_300x300_ssd_iter_140000_from_uint8.caffemodel", Status.NOT_OFFICIAL),
                Map.entry("res10-tf/opencv_face_detector_uint8.pb", Status.OFFICIAL),
                Map.entry("res10-tf/opencv_face_detector.pbtxt", Status.NO_PUBLISHED_DIGEST),
                Map.entry("yufacedetectnet-caffe/yufacedetectnet-open-v2.opencv.prototxt", Status.NOT_OFFICIAL),
                Map.entry("yufacedetectnet-caffe/yufacedetectnet-open-v2.caffemodel", Status.OFFICIAL));

        String centerface = store.verify("centerface").toText();
        assertThat(centerface).contains("not the official file: a rebuild or a modified copy")
                .contains("expected git blob SHA-1 1487d5fe214feb569865b225216b24c8f4ef1050")
                .contains("differs from the SHA-256 reported by a third party");
        assertThat(store.verify("res10-caffe").toText()).contains("found as res10_300x300_ssd_iter_140000_from_uint8");
        assertThat(store.verify("yunet").allOfficial()).isTrue();
        assertThat(store.verify("res10-caffe").allOfficial()).isFalse();
    }

    /** {@code shared/models/SHA256SUMS}: an independent record of every file's SHA-256. */
    static Map<String, String> sha256sums(Path shared) throws IOException {
        Map<String, String> sums = new HashMap<>();
        for (String line : Files.readAllLines(shared.resolve("SHA256SUMS"))) {
            String[] parts = line.trim().split("\\s+", 2);
            if (parts.length == 2) {
                sums.put(parts[1].replaceFirst("^\\./", ""), parts[0]);
            }
        }
        return sums;
    }

    @Test
    void verifyReportsDamagedFilesWithoutThrowing() throws IOException {
        Path cache = tmp.resolve("cache");
        byte[] content = onnx(1000, 11);
        Path file = put(cache, "yunet", YUNET, content);
        Sidecar.write(file, sha256(onnx(1000, 12)));
        ModelStore store = ModelStore.of(List.of(), cache);

        VerificationReport report = store.verify("yunet");
        FileReport f = report.files().get(0);
        assertThat(f.status()).isEqualTo(Status.DAMAGED);
        assertThat(f.pinned()).isTrue();
        assertThat(f.problem()).contains("does not match its pin");
        assertThat(report.usable()).isFalse();
        assertThat(report.toText()).contains("NOT USABLE").contains("DAMAGED");
        assertThat(store.available("yunet")).isTrue();
        assertThat(store.available("centerface")).isFalse();
    }
}
