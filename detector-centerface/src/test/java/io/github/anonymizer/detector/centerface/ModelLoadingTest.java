package io.github.anonymizer.detector.centerface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.anonymizer.api.DetectorException;
import io.github.anonymizer.api.ModelException;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.core.model.ModelStore;
import io.github.anonymizer.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model resolution and broken model files: every failure is a {@link ModelException} naming the
 * model id and the file, never a crash or a half-open detector.
 */
class ModelLoadingTest {

    @TempDir
    Path tmp;

    private final String savedModelDir = System.getProperty(ModelStore.PROPERTY_MODEL_DIR);

    @AfterEach
    void restoreModelDir() {
        if (savedModelDir == null) {
            System.clearProperty(ModelStore.PROPERTY_MODEL_DIR);
        } else {
            System.setProperty(ModelStore.PROPERTY_MODEL_DIR, savedModelDir);
        }
    }

    private static void assertNamesModelAndFile(Throwable e, Path file) {
        assertThat(e).isInstanceOf(ModelException.class);
        ModelException m = (ModelException) e;
        assertThat(m.modelId()).isEqualTo("centerface");
        assertThat(m.path()).isEqualTo(file);
        assertThat(m.getMessage()).contains("centerface").contains(file.toString());
    }

    @Test
    void truncatedModelIsAModelException() throws IOException {
        byte[] full = Files.readAllBytes(TestModels.centerface());
        for (int length : new int[] {full.length / 2, full.length - 1000, 100}) {
            Path truncated = tmp.resolve("truncated-" + length + ".onnx");
            Files.write(truncated, Arrays.copyOf(full, length));
            Throwable e = catchModelError(() -> CenterFaceDetector.builder().model(truncated).build());
            assertNamesModelAndFile(e, truncated);
        }
    }

    @Test
    void textFileRenamedOnnxIsAModelException() throws IOException {
        Path text = tmp.resolve("centerface.onnx");
        Files.writeString(text, "this is not a neural network\n", StandardCharsets.UTF_8);
        Throwable e = catchModelError(() -> CenterFaceDetector.builder().model(text).build());
        assertNamesModelAndFile(e, text);
    }

    @Test
    void aFileThatPassesTheFormatCheckButNotOnnxRuntimeIsAModelException() throws IOException {
        // ir_version 6, a "graph" (field 7) of garbage bytes, an "opset_import" (field 8): the cheap
        // protobuf walk accepts it, ONNX Runtime's parser does not
        byte[] garbage = new byte[40];
        Arrays.fill(garbage, (byte) 0xff);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {0x08, 0x06, 0x3a, (byte) garbage.length});
        out.write(garbage);
        out.write(new byte[] {0x42, 0x02, 0x10, 0x0b});
        Path fake = tmp.resolve("fake.onnx");
        Files.write(fake, out.toByteArray());
        Throwable e = catchModelError(() -> CenterFaceDetector.builder().model(fake).build());
        assertNamesModelAndFile(e, fake);
        assertThat(e).hasMessageContaining("ONNX Runtime cannot load it");
    }

    @Test
    void emptyFileIsAModelException() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.onnx"));
        Throwable e = catchModelError(() -> CenterFaceDetector.builder().model(empty).build());
        assertNamesModelAndFile(e, empty);
        assertThat(e).hasMessageContaining("empty");
    }

    @Test
    void missingFileIsAModelException() {
        Path missing = tmp.resolve("nowhere.onnx");
        Throwable e = catchModelError(() -> CenterFaceDetector.builder().model(missing).build());
        assertNamesModelAndFile(e, missing);
        assertThat(e).hasMessageContaining("not found");
    }

    @Test
    void anOnnxModelThatIsNotCenterFaceIsRefused() {
        Path yunet = SharedData.models().resolve("yunet").resolve("face_detection_yunet_2023mar.onnx");
        Throwable e = catchModelError(() -> CenterFaceDetector.builder().model(yunet).build());
        assertNamesModelAndFile(e, yunet);
        assertThat(e).hasMessageContaining("not CenterFace");
    }

    @Test
    void sha256PinIsChecked() {
        Path model = TestModels.centerface();
        try (CenterFaceDetector d = CenterFaceDetector.builder().model(model).sha256(TestModels.SHARED_SHA256.toUpperCase())
                .build()) {
            assertThat(d.modelSha256()).isEqualTo(TestModels.SHARED_SHA256);
        }
        String wrong = "77e394b51108381b4c4f7b4baf1c64ca9f4aba73e5e803b2636419578913b5fe";
        Throwable e = catchModelError(() -> CenterFaceDetector.builder().model(model).sha256(wrong).build());
        assertNamesModelAndFile(e, model);
        assertThat(e).hasMessageContaining(wrong).hasMessageContaining(TestModels.SHARED_SHA256);
    }

    @Test
    void defaultModelIsResolvedThroughTheModelStore() {
        System.setProperty(ModelStore.PROPERTY_MODEL_DIR, SharedData.models().toString());
        try (CenterFaceDetector d = CenterFaceDetector.builder().build()) {
            assertThat(d.modelFile()).isEqualTo(TestModels.centerface());
        }
        assertThat(new CenterFaceDetectorProvider().unavailableReason(DetectorOptions.empty())).isEmpty();
    }

    @Test
    void absentDefaultModelMakesTheProviderUnavailableAndOpenThrows() {
        System.setProperty(ModelStore.PROPERTY_MODEL_DIR, tmp.toString());
        CenterFaceDetectorProvider provider = new CenterFaceDetectorProvider();
        boolean inCache = ModelStore.defaults().find("centerface", "centerface.onnx").isPresent();
        org.junit.jupiter.api.Assumptions.assumeFalse(inCache, "a CenterFace model is installed in the user cache");
        assertThat(provider.unavailableReason(DetectorOptions.empty())).hasValueSatisfying(
                r -> assertThat(r).contains("centerface.onnx").contains(tmp.toString()));
        Throwable e = catchModelError(() -> provider.open(DetectorOptions.empty()));
        assertThat(e).isInstanceOf(ModelException.class).hasMessageContaining("centerface");
    }

    @Test
    void explicitModelOptionIsCheckedWithoutLoading() {
        CenterFaceDetectorProvider provider = new CenterFaceDetectorProvider();
        Path missing = tmp.resolve("missing.onnx");
        assertThat(provider.unavailableReason(DetectorOptions.of(Map.of("model", missing.toString()))))
                .hasValueSatisfying(r -> assertThat(r).contains(missing.toString()));
        assertThat(provider.unavailableReason(DetectorOptions.of(Map.of("model", TestModels.centerface().toString()))))
                .isEmpty();
    }

    @Test
    void gpuProviderWithoutTheGpuBuildSaysWhatToAdd() {
        org.junit.jupiter.api.Assumptions.assumeFalse(
                ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA),
                "this ONNX Runtime has CUDA");
        CenterFaceDetectorProvider provider = new CenterFaceDetectorProvider();
        DetectorOptions cuda = DetectorOptions.of(Map.of("model", TestModels.centerface().toString(), "provider", "cuda"));
        assertThat(provider.unavailableReason(cuda)).hasValueSatisfying(
                r -> assertThat(r).contains("cuda").contains("com.microsoft.onnxruntime:onnxruntime_gpu"));
        assertThatThrownBy(() -> provider.open(cuda)).isInstanceOf(DetectorException.class)
                .hasMessageContaining("centerface").hasMessageContaining("onnxruntime_gpu");
        assertThatThrownBy(() -> CenterFaceDetector.builder().model(TestModels.centerface())
                .provider(ExecutionProvider.DIRECTML).build()).isInstanceOf(DetectorException.class)
                .hasMessageContaining("directml").hasMessageContaining("--use_dml");
    }

    private static Throwable catchModelError(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a ModelException, but the model loaded");
    }
}
