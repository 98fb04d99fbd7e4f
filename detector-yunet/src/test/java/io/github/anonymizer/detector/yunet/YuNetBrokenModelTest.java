package io.github.anonymizer.detector.yunet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.anonymizer.api.ModelException;
import io.github.anonymizer.core.model.ModelStore;
import io.github.anonymizer.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken, wrong and missing model files give a {@link ModelException} naming the model id and the
 * file, at build time, never a native crash (the JVM running this test survives them all).
 */
class YuNetBrokenModelTest {

    @TempDir
    Path tmp;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }

    private static void assertModelError(Path file) {
        YuNetDetectorFactory.Builder b = SharedModels.builder().modelFile(file); // outside: may skip the test
        assertThatThrownBy(b::build)
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.modelId()).isEqualTo("yunet");
                    assertThat(e.path()).isEqualTo(file);
                    assertThat(e.getMessage()).contains("yunet").contains(file.toString());
                });
    }

    @Test
    void truncatedCopies() throws IOException {
        byte[] model = Files.readAllBytes(SharedModels.modelFile());
        assertModelError(write("half.onnx", Arrays.copyOf(model, model.length / 2)));
        assertModelError(write("almost.onnx", Arrays.copyOf(model, model.length - 10)));
        assertModelError(write("head.onnx", Arrays.copyOf(model, 16)));
    }

    @Test
    void wrongFormats() throws IOException {
        assertModelError(write("photo.onnx",
                Files.readAllBytes(SharedData.faces("dlib").resolve("images").resolve("2008_001009.jpg"))));
        assertModelError(write("caffe.onnx", Files.readAllBytes(
                SharedData.models().resolve("yufacedetectnet-caffe").resolve("yufacedetectnet-open-v2.caffemodel"))));
        assertModelError(write("text.onnx", "not a model\n".getBytes()));
        assertModelError(Files.createFile(tmp.resolve("empty.onnx")));
    }

    @Test
    void anotherOnnxNetwork() throws IOException {
        // a valid ONNX file that is not YuNet (CenterFace): loads, but has none of YuNet's outputs
        Path centerface = SharedData.models().resolve("centerface").resolve("centerface.onnx");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(centerface), "no centerface.onnx");
        assertModelError(centerface);
    }

    @Test
    void wrongSha256() {
        YuNetDetectorFactory.Builder wrong = SharedModels.builder().sha256("0".repeat(64));
        assertThatThrownBy(wrong::build)
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.modelId()).isEqualTo("yunet");
                    assertThat(e.path()).isEqualTo(SharedModels.modelFile());
                    assertThat(e.getMessage()).contains("SHA-256");
                });
        // the published digest of the official file (MODELS.md)
        try (YuNetDetectorFactory f = SharedModels.builder()
                .sha256("8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4").build()) {
            assertThat(f.modelPath()).isEqualTo(SharedModels.modelFile());
        }
    }

    @Test
    void missingFile() {
        assertModelError(tmp.resolve("nothing.onnx"));
        ModelStore empty = ModelStore.of(List.of(tmp), tmp.resolve("cache"));
        assertThatThrownBy(() -> YuNetDetectorFactory.builder().modelStore(empty).build())
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.modelId()).isEqualTo("yunet");
                    assertThat(e.getMessage()).contains(YuNetDetectorFactory.MODEL_FILE).contains(tmp.toString());
                });
    }
}
