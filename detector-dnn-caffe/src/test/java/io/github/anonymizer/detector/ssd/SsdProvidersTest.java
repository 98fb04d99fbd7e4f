package io.github.anonymizer.detector.ssd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.ModelException;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.core.Detectors;
import io.github.anonymizer.core.model.ModelStore;
import io.github.anonymizer.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two SSD providers: ids, priorities, options, availability and res10's Caffe-to-TF fallback. */
class SsdProvidersTest {

    @TempDir
    Path tmp;

    /** Runs {@code body} with the model directory property set to {@code dir}, restoring it after. */
    private static <T> T withModelDir(Path dir, Callable<T> body) throws Exception {
        String old = System.getProperty(ModelStore.PROPERTY_MODEL_DIR);
        System.setProperty(ModelStore.PROPERTY_MODEL_DIR, dir.toString());
        try {
            return body.call();
        } finally {
            if (old == null) {
                System.clearProperty(ModelStore.PROPERTY_MODEL_DIR);
            } else {
                System.setProperty(ModelStore.PROPERTY_MODEL_DIR, old);
            }
        }
    }

    /** A model directory holding links to some of the shared model folders. */
    private Path modelDir(String... modelIds) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("models"));
        for (String id : modelIds) {
            Files.createSymbolicLink(dir.resolve(id), SharedData.models().resolve(id));
        }
        return dir;
    }

    private static boolean userCacheHas(String modelId) {
        return Files.isDirectory(ModelStore.userCacheDir().resolve(modelId));
    }

    @Test
    void registeredWithTheirPriorities() {
        assertThat(Detectors.provider("ssd-res10")).get().satisfies(p -> {
            assertThat(p).isInstanceOf(Res10SsdProvider.class);
            assertThat(p.priority()).isEqualTo(60);
        });
        assertThat(Detectors.provider("ssd-yufacedetectnet")).get().satisfies(p -> {
            assertThat(p).isInstanceOf(YuFaceDetectNetProvider.class);
            assertThat(p.priority()).isEqualTo(50);
        });
    }

    @Test
    void res10PrefersCaffeAndFallsBackToTensorFlow() throws Exception {
        Res10SsdProvider p = new Res10SsdProvider();
        Path both = modelDir("res10-caffe", "res10-tf");
        try (FaceDetectorFactory f = withModelDir(both, () -> p.open(DetectorOptions.empty()))) {
            assertThat(((SsdDetectorFactory) f).preset()).isEqualTo(SsdPreset.RES10_CAFFE);
        }
        Files.delete(both.resolve("res10-caffe"));
        org.junit.jupiter.api.Assumptions.assumeFalse(userCacheHas("res10-caffe"), "res10-caffe is in the user cache");
        assertThat(withModelDir(both, () -> p.unavailableReason(DetectorOptions.empty()))).isEmpty();
        try (FaceDetectorFactory f = withModelDir(both, () -> p.open(DetectorOptions.empty()))) {
            assertThat(((SsdDetectorFactory) f).preset()).isEqualTo(SsdPreset.RES10_TF);
            assertThat(f.id()).isEqualTo("ssd-res10");
            assertThat(f.description()).contains("TensorFlow");
        }
        // variant=caffe insists on the Caffe form
        assertThat(withModelDir(both, () -> p.unavailableReason(DetectorOptions.parse("variant=caffe"))))
                .hasValueSatisfying(r -> assertThat(r).contains("res10-caffe"));
    }

    @Test
    void unavailableWithoutModelsAndOpenSaysWhy() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(userCacheHas("res10-caffe") || userCacheHas("res10-tf")
                || userCacheHas("yufacedetectnet-caffe"), "models are in the user cache");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Res10SsdProvider res10 = new Res10SsdProvider();
        YuFaceDetectNetProvider yu = new YuFaceDetectNetProvider();
        assertThat(withModelDir(empty, () -> res10.unavailableReason(DetectorOptions.empty())))
                .hasValueSatisfying(r -> assertThat(r).contains("res10-caffe").contains("res10-tf"));
        assertThat(withModelDir(empty, () -> yu.unavailableReason(DetectorOptions.empty())))
                .hasValueSatisfying(r -> assertThat(r).contains("yufacedetectnet-caffe"));
        assertThatThrownBy(() -> withModelDir(empty, () -> res10.open(DetectorOptions.empty())))
                .isInstanceOf(ModelException.class).hasMessageContaining("res10");
        assertThat(yu.unavailableReason(DetectorOptions.parse("model=" + tmp.resolve("none.caffemodel"))))
                .hasValueSatisfying(r -> assertThat(r).contains("none.caffemodel").contains("option model"));
    }

    @Test
    void optionsReachTheDetector() {
        DetectorOptions o = SharedModels.explicitFiles(SsdPreset.YUFACEDETECTNET)
                .with("size", "640x480").with("mean", "100/110/120").with("tiled", "yes").with("tileSize", "200x150")
                .with("tileOverlap", "0.3").with("nms", "0.4").with("swapRB", "false").with("scale", "1");
        try (SsdDetectorFactory f = (SsdDetectorFactory) new YuFaceDetectNetProvider().open(o)) {
            SsdSettings s = f.settings();
            assertThat(s.inputWidth()).isEqualTo(640);
            assertThat(s.inputHeight()).isEqualTo(480);
            assertThat(s.mean()).containsExactly(100, 110, 120);
            assertThat(s.tiled()).isTrue();
            assertThat(s.tileWidth()).isEqualTo(200);
            assertThat(s.tileHeight()).isEqualTo(150);
            assertThat(s.tileOverlap()).isEqualTo(0.3);
            assertThat(s.nmsThreshold()).isEqualTo(0.4);
            assertThat(f.description()).contains("640x480").contains("mean 100/110/120").contains("tiled 200x150");
        }
    }

    @Test
    void badValuesNameTheOption() {
        Res10SsdProvider p = new Res10SsdProvider();
        String[][] bad = {{"size", "300"}, {"size", "8x8"}, {"mean", "104,177"}, {"mean", "1/2/300"},
            {"tiled", "maybe"}, {"tileOverlap", "0.95"}, {"nms", "0"}, {"variant", "onnx"}, {"tileSize", "axb"},
            {"scale", "-1"}};
        for (String[] kv : bad) {
            assertThatThrownBy(() -> p.unavailableReason(DetectorOptions.empty().with(kv[0], kv[1])))
                    .as("%s=%s", kv[0], kv[1])
                    .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.option()).isEqualTo(kv[0]));
        }
    }

    @Test
    void modelOptionWithAPbFilePicksTheTensorFlowForm() {
        DetectorOptions o = SharedModels.explicitFiles(SsdPreset.RES10_TF);
        try (SsdDetectorFactory f = (SsdDetectorFactory) new Res10SsdProvider().open(o)) {
            assertThat(f.preset()).isEqualTo(SsdPreset.RES10_TF);
        }
    }
}
