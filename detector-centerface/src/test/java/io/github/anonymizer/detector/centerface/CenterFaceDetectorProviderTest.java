package io.github.anonymizer.detector.centerface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.api.spi.FaceDetectorProvider;
import io.github.anonymizer.api.spi.OptionSpec;
import io.github.anonymizer.core.Detectors;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Registration, options and their validation. */
class CenterFaceDetectorProviderTest {

    private final CenterFaceDetectorProvider provider = new CenterFaceDetectorProvider();

    private DetectorOptions withModel(String... keyValues) {
        DetectorOptions o = DetectorOptions.of(Map.of("model", TestModels.centerface().toString()));
        for (int i = 0; i < keyValues.length; i += 2) {
            o = o.with(keyValues[i], keyValues[i + 1]);
        }
        return o;
    }

    @Test
    void isRegisteredAsAServiceWithPriority100() {
        assertThat(ServiceLoader.load(FaceDetectorProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(CenterFaceDetectorProvider.class);
        FaceDetectorProvider p = Detectors.provider("centerface").orElseThrow();
        assertThat(p.id()).isEqualTo("centerface");
        assertThat(p.priority()).isEqualTo(100);
        assertThat(p.description()).contains("CenterFace");
    }

    @Test
    void documentsEveryOption() {
        assertThat(provider.options()).extracting(OptionSpec::name).containsExactly("model", "sha256", "threads",
                "interOpThreads", "provider", "nms", "scales", "smallFaces");
        assertThat(provider.options()).allSatisfy(o -> assertThat(o.description()).isNotBlank());
    }

    @Test
    void unknownOptionIsRejectedByNameInBothCalls() {
        DetectorOptions bad = DetectorOptions.of(Map.of("treshold", "0.3"));
        assertThatThrownBy(() -> provider.open(bad)).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("treshold").hasMessageContaining("centerface").hasMessageContaining("threads");
        assertThatThrownBy(() -> provider.unavailableReason(bad)).isInstanceOf(InvalidOptionException.class);
    }

    @Test
    void invalidValuesNameTheOption() {
        String[][] cases = {
            {"threads", "0"}, {"threads", "two"}, {"interOpThreads", "-1"}, {"nms", "1.5"}, {"nms", "x"},
            {"provider", "tpu"}, {"sha256", "abc"}, {"scales", "1+x"}, {"scales", "0"}, {"scales", "1+2+3+4+5"},
            {"smallFaces", "maybe"}, {"model", "\0"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> CenterFaceDetectorProvider.builder(DetectorOptions.of(Map.of(c[0], c[1]))))
                    .as("%s=%s", c[0], c[1]).isInstanceOf(InvalidOptionException.class)
                    .satisfies(e -> assertThat(((InvalidOptionException) e).option()).isEqualTo(c[0]));
        }
        assertThatThrownBy(() -> CenterFaceDetectorProvider.builder(
                DetectorOptions.of(Map.of("smallFaces", "true", "scales", "1+2"))))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("not both");
    }

    @Test
    void optionsReachTheDetector() {
        try (FaceDetectorFactory f = provider.open(withModel("threads", "2", "interOpThreads", "1", "nms", "0.4",
                "provider", "CPU", "scales", "1+1.5", "sha256", TestModels.SHARED_SHA256))) {
            CenterFaceDetector d = (CenterFaceDetector) f;
            assertThat(d.threads()).isEqualTo(2);
            assertThat(d.interOpThreads()).isEqualTo(1);
            assertThat(d.nms()).isEqualTo(0.4);
            assertThat(d.provider()).isEqualTo(ExecutionProvider.CPU);
            assertThat(d.scales()).containsExactly(1, 1.5);
            assertThat(d.description()).contains("2 threads").contains("scales 1+1.5");
        }
        try (FaceDetectorFactory f = provider.open(withModel("smallFaces", "true"))) {
            assertThat(((CenterFaceDetector) f).scales()).containsExactly(CenterFaceDetector.SMALL_FACE_SCALES);
        }
    }

    @Test
    void builderRejectsBadSettingsByName() {
        CenterFaceDetector.Builder b = CenterFaceDetector.builder();
        assertThatThrownBy(() -> b.threads(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
        assertThatThrownBy(() -> b.interOpThreads(0)).hasMessageContaining("interOpThreads");
        assertThatThrownBy(() -> b.nms(0)).hasMessageContaining("nms");
        assertThatThrownBy(() -> b.scales()).hasMessageContaining("scales");
        assertThatThrownBy(() -> b.scales(9)).hasMessageContaining("(0, 8]");
        assertThatThrownBy(() -> b.sha256("xyz")).hasMessageContaining("sha256");
        assertThatThrownBy(() -> b.model(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void providerAndBuilderAgreeOnDefaults() {
        try (CenterFaceDetector d = CenterFaceDetector.builder().model(TestModels.centerface()).build()) {
            for (OptionSpec o : provider.options()) {
                switch (o.name()) {
                    case "threads" -> assertThat(o.defaultValue()).isEqualTo(String.valueOf(d.threads()));
                    case "interOpThreads" -> assertThat(o.defaultValue()).isEqualTo(String.valueOf(d.interOpThreads()));
                    case "nms" -> assertThat(Double.parseDouble(o.defaultValue())).isEqualTo(d.nms());
                    case "provider" -> assertThat(o.defaultValue()).isEqualTo(d.provider().optionValue());
                    case "scales" -> assertThat(CenterFaceDetectorProvider.parseScales(o.defaultValue()))
                            .containsExactly(d.scales());
                    default -> { }
                }
            }
        }
    }
}
