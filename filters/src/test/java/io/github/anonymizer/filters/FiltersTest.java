package io.github.anonymizer.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.RegionFilter;
import io.github.anonymizer.api.spi.OptionSpec;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // PointerScope blocks release the native objects made in them
class FiltersTest {

    @Test
    void factories() {
        assertThat(Filters.blur()).isEqualTo(GaussianBlurFilter.defaults());
        assertThat(Filters.blur(0.3)).isEqualTo(GaussianBlurFilter.relative(0.3));
        assertThat(Filters.blurSigma(9)).isEqualTo(GaussianBlurFilter.absolute(9));
        assertThat(Filters.pixelate()).isEqualTo(PixelateFilter.blockSize(20));
        assertThat(Filters.pixelate(12)).isEqualTo(PixelateFilter.blockSize(12));
        assertThat(Filters.pixelateBlocksAcross(8)).isEqualTo(PixelateFilter.blocksAcross(8));
        assertThat(Filters.solid()).isEqualTo(SolidFillFilter.black());
        assertThat(Filters.solid(Rgb.WHITE).colour()).isEqualTo(Rgb.WHITE);
        assertThat(Filters.none()).isSameAs(NoneFilter.instance());
        assertThat(Filters.overlay()).isEqualTo(DebugOverlay.defaults());
        try (PointerScope scope = new PointerScope(); Mat pic = new Mat(4, 4, CV_8UC3, new Scalar(1));
                ImageReplaceFilter s = Filters.stretched(pic); ImageReplaceFilter b = Filters.backgroundPlate(pic)) {
            assertThat(s.mode()).isEqualTo(ImageReplaceFilter.Mode.STRETCHED);
            assertThat(b.mode()).isEqualTo(ImageReplaceFilter.Mode.BACKGROUND_PLATE);
        }
    }

    @Test
    void idsAndOptions() {
        assertThat(Filters.ids()).containsExactly("blur", "mosaic", "solid", "img", "none", "overlay");
        assertThat(Filters.options("blur")).extracting(OptionSpec::name).containsExactly("strength", "sigma");
        assertThat(Filters.options("blur").get(0).defaultValue()).isEqualTo("0.2");
        assertThat(Filters.options("MOSAIC")).extracting(OptionSpec::name).containsExactly("size", "blocks");
        assertThat(Filters.options("none")).isEmpty();
        assertThatThrownBy(() -> Filters.options("gauss")).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("gauss").hasMessageContaining("blur, mosaic, solid, img, none, overlay");
    }

    @Test
    void byIdBuildsConfiguredFilters() {
        assertThat(Filters.byId("blur", Map.of())).isEqualTo(GaussianBlurFilter.defaults());
        assertThat(Filters.byId(" Blur ", Map.of("strength", "0.35"))).isEqualTo(GaussianBlurFilter.relative(0.35));
        assertThat(Filters.byId("blur", Map.of("sigma", "12.5"))).isEqualTo(GaussianBlurFilter.absolute(12.5));
        assertThat(Filters.byId("mosaic", Map.of())).isEqualTo(PixelateFilter.defaults());
        assertThat(Filters.byId("mosaic", Map.of("size", "15"))).isEqualTo(PixelateFilter.blockSize(15));
        assertThat(Filters.byId("mosaic", Map.of("blocks", "8"))).isEqualTo(PixelateFilter.blocksAcross(8));
        assertThat(Filters.byId("solid", Map.of())).isEqualTo(SolidFillFilter.black());
        assertThat(Filters.byId("solid", Map.of("color", "#ff0000"))).isEqualTo(SolidFillFilter.rgb(255, 0, 0));
        assertThat(Filters.byId("none", Map.of())).isSameAs(NoneFilter.instance());
        assertThat(Filters.byId("overlay", Map.of("color", "white"))).isEqualTo(DebugOverlay.of(Rgb.WHITE));
        try (PointerScope scope = new PointerScope()) {
            Mat pic = new Mat(4, 4, CV_8UC3, new Scalar(1));
            RegionFilter img = Filters.byId("img", Map.of(), pic);
            RegionFilter plate = Filters.byId("img", Map.of("mode", "background"), pic);
            assertThat(img).isInstanceOf(ImageReplaceFilter.class).isInstanceOf(AutoCloseable.class);
            assertThat(((ImageReplaceFilter) img).mode()).isEqualTo(ImageReplaceFilter.Mode.STRETCHED);
            assertThat(((ImageReplaceFilter) plate).mode()).isEqualTo(ImageReplaceFilter.Mode.BACKGROUND_PLATE);
            ((ImageReplaceFilter) img).close();
            ((ImageReplaceFilter) plate).close();
        }
    }

    @Test
    void byIdNamesWhatIsWrong() {
        assertInvalid(() -> Filters.byId("gauss", Map.of()), "filter", "unknown filter id 'gauss'");
        assertInvalid(() -> Filters.byId("blur", Map.of("radius", "3")), "radius", "known: strength, sigma");
        assertInvalid(() -> Filters.byId("none", Map.of("size", "3")), "size", "takes no options");
        assertInvalid(() -> Filters.byId("blur", Map.of("strength", "0")), "strength", "'0'");
        assertInvalid(() -> Filters.byId("blur", Map.of("strength", "strong")), "strength", "not a number");
        assertInvalid(() -> Filters.byId("blur", Map.of("sigma", "NaN")), "sigma", "not a number");
        assertInvalid(() -> Filters.byId("blur", Map.of("sigma", "0x1p3")), "sigma", "not a number");
        assertInvalid(() -> Filters.byId("blur", Map.of("sigma", "3", "strength", "0.1")), "sigma", "not both");
        assertInvalid(() -> Filters.byId("mosaic", Map.of("size", "0")), "size", "block size must be >= 1");
        assertInvalid(() -> Filters.byId("mosaic", Map.of("blocks", "2.5")), "blocks", "not a number");
        assertInvalid(() -> Filters.byId("mosaic", Map.of("blocks", "4", "size", "3")), "blocks", "not both");
        assertInvalid(() -> Filters.byId("solid", Map.of("color", "mauve")), "color", "mauve");
        assertInvalid(() -> Filters.byId("img", Map.of()), "picture", "needs a picture");
        assertInvalid(() -> Filters.byId("img", Map.of("mode", "tile")), "mode", "stretch or background");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("color", null);
        assertInvalid(() -> Filters.byId("solid", nullValue), "color", "no value");
        try (PointerScope scope = new PointerScope()) {
            Mat pic = new Mat(4, 4, CV_8UC3, new Scalar(1));
            assertInvalid(() -> Filters.byId("blur", Map.of(), pic), "picture", "takes no picture");
            assertInvalid(() -> Filters.byId("img", Map.of(), new Mat()), "picture", "empty");
            assertInvalid(() -> Filters.byId("img", Map.of("mode", "background"), new Mat(2, 2, CV_32FC1)), "picture", "CV_32F");
        }
    }

    private static void assertInvalid(ThrowingCallable call, String option, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidOptionException.class, e -> {
            assertThat(e.option()).isEqualTo(option);
            assertThat(e.getMessage()).contains("'" + option + "'").contains(messagePart);
        });
    }
}
