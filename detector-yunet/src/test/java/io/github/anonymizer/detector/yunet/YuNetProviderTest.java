package io.github.anonymizer.detector.yunet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.core.Detectors;
import io.github.anonymizer.core.model.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YuNetProviderTest {

    @TempDir
    Path tmp;

    private static DetectorOptions withModel() {
        return DetectorOptions.empty().with("model", SharedModels.modelFile().toString());
    }

    @Test
    void registeredWithPriority80() {
        assertThat(Detectors.provider("yunet")).get().satisfies(p -> {
            assertThat(p).isInstanceOf(YuNetProvider.class);
            assertThat(p.priority()).isEqualTo(80);
        });
    }

    @Test
    void optionsReachTheDetector() {
        DetectorOptions o = withModel().with("size", "640x480").with("nms", "0.4").with("topK", "100")
                .with("scoreFloor", "0.2");
        try (FaceDetectorFactory f = new YuNetProvider().open(o)) {
            assertThat(f.id()).isEqualTo("yunet");
            assertThat(f.description()).contains("640x480").contains("NMS 0.40").contains("topK 100");
        }
        try (FaceDetectorFactory f = new YuNetProvider().open(withModel().with("size", "native"))) {
            assertThat(f.description()).contains("native size");
        }
    }

    @Test
    void badValuesNameTheOption() {
        YuNetProvider p = new YuNetProvider();
        String[][] bad = {{"size", "640"}, {"size", "8x8"}, {"size", "big"}, {"nms", "0"}, {"nms", "x"},
            {"topK", "0"}, {"topK", "1.5"}, {"scoreFloor", "2"}};
        for (String[] kv : bad) {
            assertThatThrownBy(() -> p.unavailableReason(DetectorOptions.empty().with(kv[0], kv[1])))
                    .as("%s=%s", kv[0], kv[1])
                    .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.option()).isEqualTo(kv[0]));
        }
    }

    @Test
    void unavailableWithoutTheModel() throws Exception {
        Assumptions.assumeFalse(Files.isDirectory(ModelStore.userCacheDir().resolve("yunet")), "yunet in the user cache");
        YuNetProvider p = new YuNetProvider();
        String old = System.getProperty(ModelStore.PROPERTY_MODEL_DIR);
        System.setProperty(ModelStore.PROPERTY_MODEL_DIR, tmp.toString());
        try {
            assertThat(p.unavailableReason(DetectorOptions.empty()))
                    .hasValueSatisfying(r -> assertThat(r).contains("yunet").contains(YuNetDetectorFactory.MODEL_FILE));
        } finally {
            if (old == null) {
                System.clearProperty(ModelStore.PROPERTY_MODEL_DIR);
            } else {
                System.setProperty(ModelStore.PROPERTY_MODEL_DIR, old);
            }
        }
        assertThat(p.unavailableReason(DetectorOptions.parse("model=" + tmp.resolve("none.onnx"))))
                .hasValueSatisfying(r -> assertThat(r).contains("none.onnx"));
        assertThat(p.unavailableReason(withModel())).isEmpty();
    }
}
