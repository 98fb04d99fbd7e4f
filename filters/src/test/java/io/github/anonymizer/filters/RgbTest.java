package io.github.anonymizer.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RgbTest {

    @Test
    void parsesHexDecimalAndNames() {
        assertThat(Rgb.parse("#FF8000")).isEqualTo(new Rgb(255, 128, 0));
        assertThat(Rgb.parse("ff8000")).isEqualTo(new Rgb(255, 128, 0));
        assertThat(Rgb.parse(" 1, 2 ,3 ")).isEqualTo(new Rgb(1, 2, 3));
        assertThat(Rgb.parse("Black")).isEqualTo(Rgb.BLACK);
        assertThat(Rgb.parse("green")).isEqualTo(Rgb.GREEN);
        assertThat(new Rgb(255, 128, 0)).hasToString("#ff8000");
        assertThat(Rgb.parse(new Rgb(9, 200, 77).toString())).isEqualTo(new Rgb(9, 200, 77));
    }

    @Test
    void luminanceIsBt601() {
        assertThat(Rgb.WHITE.luminance()).isCloseTo(255, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(new Rgb(255, 0, 0).luminance()).isCloseTo(76.245, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void rejectsBadColours() {
        for (String bad : new String[] {"", "#12345", "#12345g", "1,2", "1,2,300", "purple", "1,x,3", "#-12345"}) {
            assertThatThrownBy(() -> Rgb.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("colour '" + bad + "'").hasMessageContaining("#rrggbb");
        }
        assertThatThrownBy(() -> new Rgb(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("red");
        assertThatThrownBy(() -> new Rgb(0, 0, 999)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blue");
    }
}
