package io.github.anonymizer.detector.haar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.ModelException;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.api.spi.OptionSpec;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HaarDetectorTest {

    private final HaarDetectorProvider provider = new HaarDetectorProvider();

    @Test
    void builderFromTheReadme() {
        try (FaceDetectorFactory haar = HaarDetector.builder().cascade(HaarCascade.FRONTAL_ALT2).minNeighbors(4).build()) {
            assertThat(haar.id()).isEqualTo("haar");
            assertThat(haar.defaultThreshold()).isEqualTo(0.5);
            assertThat(haar.description()).startsWith("Haar cascade haarcascade_frontalface_alt2.xml")
                    .contains("minNeighbors 4", "scaleFactor 1.1", "minSize 8", "equalizeHist on");
        }
    }

    @ParameterizedTest
    @EnumSource(HaarCascade.class)
    void everyCascadeOpensThroughTheProvider(HaarCascade cascade) {
        try (FaceDetectorFactory factory = provider.open(DetectorOptions.of(Map.of("cascade", cascade.optionValue())))) {
            assertThat(factory.description()).contains(cascade.bundled().fileName());
            assertThat(factory.description().contains("also mirrored")).isEqualTo(cascade == HaarCascade.PROFILE);
            factory.create().close();
        }
    }

    @Test
    void providerPriorityOptionsAndAvailability() {
        assertThat(provider.id()).isEqualTo(HaarDetector.ID);
        assertThat(provider.priority()).isEqualTo(20);
        assertThat(provider.unavailableReason(DetectorOptions.empty())).isEmpty();
        OptionSpec cascade = provider.options().get(0);
        assertThat(cascade.name()).isEqualTo("cascade");
        assertThat(cascade.defaultValue()).isEqualTo("frontal-default");
        assertThat(cascade.description()).contains("frontal-default, frontal-alt, frontal-alt2, profile");
        assertThat(provider.options()).filteredOn(o -> o.name().equals("scaleFactor"))
                .singleElement().extracting(OptionSpec::defaultValue).isEqualTo("1.1");
    }

    @Test
    void anLbpCascadeFileIsRejectedNamingTheFile(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("lbp.xml");
        String resource = "org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/lbpcascades/lbpcascade_frontalface.xml";
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            Files.write(file, in.readAllBytes());
        }
        assertThatThrownBy(() -> HaarDetector.builder().cascadeFile(file).build())
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("needs a HAAR cascade");
    }
}
