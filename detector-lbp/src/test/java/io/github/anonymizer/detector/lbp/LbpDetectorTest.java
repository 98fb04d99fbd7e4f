package io.github.anonymizer.detector.lbp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.api.spi.OptionSpec;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class LbpDetectorTest {

    @Test
    void defaultsAndProvider() {
        LbpDetectorProvider provider = new LbpDetectorProvider();
        assertThat(provider.id()).isEqualTo("lbp");
        assertThat(provider.priority()).isEqualTo(15).isLessThan(20);
        assertThat(provider.unavailableReason(DetectorOptions.empty())).isEmpty();
        assertThat(provider.options().get(0).description()).contains("frontal, frontal-improved, profile");
        assertThat(provider.options()).filteredOn(o -> o.name().equals("scaleFactor"))
                .singleElement().extracting(OptionSpec::defaultValue).isEqualTo("1.05");
        try (FaceDetectorFactory lbp = LbpDetector.builder().build()) {
            assertThat(lbp.id()).isEqualTo("lbp");
            assertThat(lbp.description()).startsWith("LBP cascade lbpcascade_frontalface.xml")
                    .contains("scaleFactor 1.05", "minNeighbors 3", "equalizeHist on");
        }
    }

    @ParameterizedTest
    @EnumSource(LbpCascade.class)
    void everyCascadeOpensThroughTheProvider(LbpCascade cascade) {
        try (FaceDetectorFactory factory = new LbpDetectorProvider().open(
                DetectorOptions.of(Map.of("cascade", cascade.optionValue(), "minNeighbors", "4")))) {
            assertThat(factory.description()).contains(cascade.bundled().fileName(), "minNeighbors 4");
            assertThat(factory.description().contains("also mirrored")).isEqualTo(cascade == LbpCascade.PROFILE);
            factory.create().close();
        }
    }
}
