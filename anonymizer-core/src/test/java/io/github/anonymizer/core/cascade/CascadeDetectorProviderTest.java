package io.github.anonymizer.core.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.ModelException;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.api.spi.OptionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The builder and provider logic the cascade modules share, through a provider defined here. */
class CascadeDetectorProviderTest {

    enum TestCascade implements CascadeChoice {
        FRONTAL_DEFAULT(CascadeModelTest.HAAR_DEFAULT),
        PROFILE(CascadeDetectorTest.HAAR_PROFILE);

        private final BundledCascade bundled;

        TestCascade(BundledCascade bundled) {
            this.bundled = bundled;
        }

        @Override
        public BundledCascade bundled() {
            return bundled;
        }
    }

    static final class TestBuilder extends CascadeDetectorBuilder<TestCascade, TestBuilder> {
        TestBuilder() {
            super("test", "Test cascade", "HAAR", TestCascade.FRONTAL_DEFAULT, CascadeDetectorTest.HAAR_SETTINGS);
        }
    }

    static final class TestProvider extends CascadeDetectorProvider<TestCascade, TestBuilder> {
        TestProvider() {
            super("test", "a test cascade", 7, TestCascade.class, TestCascade.FRONTAL_DEFAULT, CascadeDetectorTest.HAAR_SETTINGS,
                    TestBuilder::new);
        }
    }

    private final TestProvider provider = new TestProvider();

    @TempDir
    Path tmp;

    @Test
    void describesItsOptionsWithTheDefaults() {
        Map<String, OptionSpec> specs = provider.options().stream().collect(Collectors.toMap(OptionSpec::name, Function.identity()));
        assertThat(specs).containsOnlyKeys("cascade", "cascadeFile", "scaleFactor", "minNeighbors", "minSize", "maxSize",
                "equalizeHist", "mirror");
        assertThat(specs.get("cascade").defaultValue()).isEqualTo("frontal-default");
        assertThat(specs.get("cascade").description()).contains("frontal-default, profile");
        assertThat(specs.get("scaleFactor").defaultValue()).isEqualTo("1.1");
        assertThat(specs.get("minNeighbors").defaultValue()).isEqualTo("3");
        assertThat(specs.get("minSize").defaultValue()).isEqualTo("8");
        assertThat(specs.get("maxSize").defaultValue()).isEqualTo("0");
        assertThat(specs.get("equalizeHist").defaultValue()).isEqualTo("true");
        assertThat(provider.priority()).isEqualTo(7);
        assertThat(provider.unavailableReason(DetectorOptions.empty())).isEmpty();
    }

    @Test
    void mapsOptionsOntoTheBuilder() {
        DetectorOptions options = DetectorOptions.parse(
                "cascade=profile, scaleFactor=1.2, minNeighbors=5, minSize=30, maxSize=300, equalizeHist=false, mirror=false");
        try (FaceDetectorFactory factory = provider.open(options)) {
            CascadeDetectorFactory f = (CascadeDetectorFactory) factory;
            assertThat(f.settings()).isEqualTo(new CascadeSettings(1.2, 5, 30, 300, false, false));
            assertThat(f.model().modelId()).isEqualTo("haarcascade_profileface");
            assertThat(f.description()).contains("haarcascade_profileface.xml", "scaleFactor 1.2", "minNeighbors 5",
                    "minSize 30", "maxSize 300", "equalizeHist off");
            assertThat(f.id()).isEqualTo("test");
        }
    }

    @Test
    void profileCascadesMirrorByDefault() {
        try (CascadeDetectorFactory profile = (CascadeDetectorFactory) provider.open(DetectorOptions.parse("cascade=PROFILE"));
                CascadeDetectorFactory frontal = (CascadeDetectorFactory) provider.open(DetectorOptions.empty())) {
            assertThat(profile.settings().mirror()).isTrue();
            assertThat(profile.description()).contains("also mirrored");
            assertThat(frontal.settings()).isEqualTo(CascadeDetectorTest.HAAR_SETTINGS);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "scaleFactor=1|scaleFactor|> 1",
        "scaleFactor=fast|scaleFactor|expected a number",
        "minNeighbors=-1|minNeighbors|>= 0",
        "minNeighbors=2.5|minNeighbors|integer",
        "minSize=-3|minSize|>= 0",
        "maxSize=-1|maxSize|>= 0",
        "minSize=100,maxSize=50|maxSize|minSize (100)",
        "equalizeHist=maybe|equalizeHist|true or false",
        "mirror=2|mirror|true or false",
        "cascade=sideways|cascade|frontal-default, profile",
        "cascadeFile=  |cascadeFile|empty",
        "cascade=profile,cascadeFile=/x.xml|cascadeFile|not both",
        "threshold=0.5|threshold|known options: cascade, cascadeFile"
    })
    void invalidOptionsAreInvalidOptionExceptionsNamingTheOption(String text, String option, String message) {
        assertThatThrownBy(() -> provider.open(DetectorOptions.parse(text)).close())
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.option()).isEqualTo(option))
                .hasMessageContaining(message);
    }

    @Test
    void cascadeFileIsLoadedAndAMissingOneIsNamed() throws Exception {
        Path file = tmp.resolve("mine.xml");
        Files.write(file, CascadeModelTest.resourceBytes(CascadeModelTest.HAAR_DEFAULT));
        DetectorOptions options = DetectorOptions.of(Map.of("cascadeFile", file.toString()));
        assertThat(provider.unavailableReason(options)).isEmpty();
        try (CascadeDetectorFactory factory = (CascadeDetectorFactory) provider.open(options)) {
            assertThat(factory.model().file()).contains(file);
            assertThat(factory.settings().mirror()).isFalse();
            assertThat(factory.description()).contains(file.toString());
        }
        Path missing = tmp.resolve("missing.xml");
        DetectorOptions missingOptions = DetectorOptions.of(Map.of("cascadeFile", missing.toString()));
        assertThat(provider.unavailableReason(missingOptions)).hasValueSatisfying(r -> assertThat(r).contains(missing.toString()));
        assertThatThrownBy(() -> provider.open(missingOptions).close())
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.path()).isEqualTo(missing))
                .hasMessageContaining(missing.toString());
    }

    @Test
    void builderFailsFastNamingTheSetting() {
        TestBuilder builder = new TestBuilder();
        assertThatThrownBy(() -> builder.scaleFactor(0.9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scaleFactor").hasMessageContaining("0.9");
        assertThatThrownBy(() -> builder.minNeighbors(-2)).hasMessageContaining("minNeighbors");
        assertThatThrownBy(() -> builder.minSize(-2)).hasMessageContaining("minSize");
        assertThatThrownBy(() -> builder.maxSize(-2)).hasMessageContaining("maxSize");
        assertThatThrownBy(() -> builder.cascadeFile(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new TestBuilder().cascade(TestCascade.PROFILE).cascadeFile(Path.of("a.xml")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cascade was already set to profile");
        assertThatThrownBy(() -> new TestBuilder().cascadeFile(Path.of("a.xml")).cascade(TestCascade.PROFILE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cascadeFile was already set to a.xml");
        assertThatThrownBy(() -> new TestBuilder().minSize(60).maxSize(30).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSize");
    }

    @Test
    void eachBuildReturnsAnIndependentFactory() {
        TestBuilder builder = new TestBuilder().mirror(true);
        FaceDetectorFactory first = builder.build();
        try (FaceDetectorFactory second = builder.build()) {
            first.close();
            assertThatThrownBy(first::create).isInstanceOf(IllegalStateException.class);
            second.create().close();
            assertThat(((CascadeDetectorFactory) second).settings().mirror()).isTrue();
        }
    }
}
