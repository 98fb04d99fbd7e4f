package io.github.anonymizer.detector.ssd;

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
 * file at fault, at build time, never a native crash (the JVM running this test survives them all).
 */
class BrokenModelTest {

    @TempDir
    Path tmp;

    private static Path shared(SsdPreset p, boolean weights) {
        return SharedModels.file(p, weights);
    }

    private Path copy(Path from, String name, int keepBytes) throws IOException {
        byte[] b = Files.readAllBytes(from);
        Path to = tmp.resolve(name);
        Files.write(to, keepBytes < 0 ? b : Arrays.copyOf(b, keepBytes));
        return to;
    }

    /** The build fails with a ModelException naming the model and one of {@code files}. */
    private static void assertModelError(SsdDetectorFactory.Builder b, String modelId, Path... files) {
        assertThatThrownBy(b::build).isInstanceOfSatisfying(ModelException.class, e -> {
            assertThat(e.modelId()).isEqualTo(modelId);
            assertThat(e.path()).isIn((Object[]) files);
            assertThat(e.getMessage()).contains(modelId).contains(e.path().toString());
        });
    }

    @Test
    void truncatedCaffeWeights() throws IOException {
        Path w = shared(SsdPreset.RES10_CAFFE, true);
        for (int keep : new int[] {(int) Files.size(w) / 2, (int) Files.size(w) - 100, 64}) {
            Path bad = copy(w, "res10-" + keep + ".caffemodel", keep);
            assertModelError(SharedModels.builder(SsdPreset.RES10_CAFFE).weightsFile(bad), "res10-caffe", bad);
        }
    }

    @Test
    void truncatedPrototxt() throws IOException {
        Path c = shared(SsdPreset.RES10_CAFFE, false);
        Path bad = copy(c, "deploy.prototxt", (int) Files.size(c) / 2);
        assertModelError(SharedModels.builder(SsdPreset.RES10_CAFFE).configFile(bad), "res10-caffe", bad);
    }

    @Test
    void truncatedTensorFlowGraph() throws IOException {
        Path w = shared(SsdPreset.RES10_TF, true);
        Path bad = copy(w, "graph.pb", (int) Files.size(w) / 3);
        assertModelError(SharedModels.builder(SsdPreset.RES10_TF).weightsFile(bad), "res10-tf", bad);
    }

    @Test
    void wrongFormats() throws IOException {
        Path photo = SharedData.faces("dlib").resolve("images").resolve("2008_001009.jpg");
        Path jpegWeights = copy(photo, "photo.caffemodel", -1);
        assertModelError(SharedModels.builder(SsdPreset.RES10_CAFFE).weightsFile(jpegWeights), "res10-caffe",
                jpegWeights);
        Path jpegGraph = copy(photo, "photo.pb", -1);
        assertModelError(SharedModels.builder(SsdPreset.RES10_TF).weightsFile(jpegGraph), "res10-tf", jpegGraph);
        // weights and description swapped: either file may be named, depending on which is checked first
        Path w = shared(SsdPreset.RES10_CAFFE, true);
        Path c = shared(SsdPreset.RES10_CAFFE, false);
        assertModelError(SharedModels.builder(SsdPreset.RES10_CAFFE).configFile(w).weightsFile(c), "res10-caffe", w, c);
        // text where the description should be, but not a network
        Path text = tmp.resolve("notes.prototxt");
        Files.writeString(text, "this is not a network\n");
        assertModelError(SharedModels.builder(SsdPreset.RES10_CAFFE).configFile(text), "res10-caffe", text);
        // an empty file
        Path empty = Files.createFile(tmp.resolve("empty.caffemodel"));
        assertModelError(SharedModels.builder(SsdPreset.RES10_CAFFE).weightsFile(empty), "res10-caffe", empty);
    }

    @Test
    void weightsOfAnotherNetwork() {
        // YuFaceDetectNet's weights with res10's description: parsed, but the layers do not fit
        Path other = shared(SsdPreset.YUFACEDETECTNET, true);
        assertModelError(SharedModels.builder(SsdPreset.RES10_CAFFE).weightsFile(other), "res10-caffe", other);
    }

    @Test
    void wrongSha256() {
        Path w = shared(SsdPreset.YUFACEDETECTNET, true);
        assertModelError(SharedModels.builder(SsdPreset.YUFACEDETECTNET).sha256("0".repeat(64)), "yufacedetectnet-caffe",
                w);
        try (SsdDetectorFactory f = SharedModels.builder(SsdPreset.YUFACEDETECTNET)
                .sha256("6cb11ef465b5fcf6db24a31ac504dc805f9a35a2827e9b9e2eeeefd5021f7cad").build()) {
            assertThat(f.weightsPath()).isEqualTo(w);
        }
    }

    @Test
    void missingFiles() {
        Path missing = tmp.resolve("nothing-here.caffemodel");
        assertModelError(SharedModels.builder(SsdPreset.RES10_CAFFE).weightsFile(missing), "res10-caffe", missing);
        ModelStore empty = ModelStore.of(List.of(tmp), tmp.resolve("cache"));
        assertThatThrownBy(() -> SsdDetectorFactory.builder(SsdPreset.YUFACEDETECTNET).modelStore(empty).build())
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.modelId()).isEqualTo("yufacedetectnet-caffe");
                    assertThat(e.getMessage()).contains("yufacedetectnet-open-v2").contains(tmp.toString());
                });
    }

    @Test
    void officialYuFaceDetectNetPrototxtWithVisualizeLinesLoads() throws IOException {
        // libfacedetection's own prototxt has two DetectionOutput lines OpenCV 4.6 could not parse;
        // OpenCV 4.13 reads them, so the official file works as it is
        Path opencvCopy = shared(SsdPreset.YUFACEDETECTNET, false);
        String text = Files.readString(opencvCopy);
        assertThat(text).doesNotContain("visualize");
        String official = text.replace("keep_top_k: 50", "keep_top_k: 50\n    visualize: false\n    visualize_threshold: 0.3");
        assertThat(official).contains("visualize_threshold");
        Path withVisualize = tmp.resolve("yufacedetectnet-open-v2.prototxt");
        Files.writeString(withVisualize, official);
        try (SsdDetectorFactory f = SharedModels.builder(SsdPreset.YUFACEDETECTNET).configFile(withVisualize).build()) {
            assertThat(f.configPath()).isEqualTo(withVisualize);
            f.create().close();
        }
    }
}
