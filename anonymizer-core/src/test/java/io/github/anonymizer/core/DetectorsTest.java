package io.github.anonymizer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.api.spi.FaceDetectorProvider;
import io.github.anonymizer.api.spi.OptionSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Detector selection through ServiceLoader, with the two test providers registered in src/test/resources. */
class DetectorsTest {

    /** Better, but its "model" is never installed. */
    public static final class Strong implements FaceDetectorProvider {
        @Override
        public String id() {
            return "test-strong";
        }

        @Override
        public String description() {
            return "strong test detector";
        }

        @Override
        public int priority() {
            return 90;
        }

        @Override
        public List<OptionSpec> options() {
            return List.of();
        }

        @Override
        public Optional<String> unavailableReason(DetectorOptions options) {
            return Optional.of("model not installed");
        }

        @Override
        public FaceDetectorFactory open(DetectorOptions options) {
            throw new AssertionError("must not be opened");
        }
    }

    /** Always available, weak: warns when chosen automatically. */
    public static final class Weak implements FaceDetectorProvider {
        @Override
        public String id() {
            return "test-weak";
        }

        @Override
        public String description() {
            return "weak test detector";
        }

        @Override
        public int priority() {
            return 1;
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(new OptionSpec("level", "a test option", "1"));
        }

        @Override
        public Optional<String> unavailableReason(DetectorOptions options) {
            return Optional.empty();
        }

        @Override
        public Optional<String> fallbackWarning() {
            return Optional.of("weak detector in use.");
        }

        @Override
        public FaceDetectorFactory open(DetectorOptions options) {
            options.requireKnown(id(), options());
            return FakeDetectors.Factory.fixed(List.of());
        }
    }

    @Test
    void providersAreListedBestFirst() {
        assertThat(Detectors.providers()).extracting(FaceDetectorProvider::id).containsExactly("test-strong", "test-weak");
        assertThat(Detectors.provider("TEST-WEAK")).isPresent();
    }

    @Test
    void theBestAvailableDetectorIsChosenAndAWeakFallbackWarnsWithTheReasons() {
        Detectors.Selection s = Detectors.openBest(DetectorOptions.empty());
        assertThat(s.provider().id()).isEqualTo("test-weak");
        assertThat(s.skipped()).containsExactly("test-strong: model not installed");
        assertThat(s.warning()).contains("weak detector in use.").contains("test-strong: model not installed");
        try (Anonymizer a = Anonymizer.builder().build()) {
            assertThat(a.selectionWarning()).contains(s.warning());
        }
    }

    @Test
    void unknownIdsAndOptionsNameWhatIsAvailable() {
        assertThatThrownBy(() -> Detectors.open("nope", DetectorOptions.empty())).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("nope").hasMessageContaining("test-strong, test-weak");
        assertThatThrownBy(() -> Detectors.open("test-weak", DetectorOptions.parse("levle=2")))
                .hasMessageContaining("levle").hasMessageContaining("level");
    }
}
