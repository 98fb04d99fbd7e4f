package io.github.anonymizer.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.MaskShape;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorOptionsTest {

    @Test
    void parsesNameValuePairs() {
        DetectorOptions o = DetectorOptions.parse(" scaleFactor=1.2 , minNeighbors=4,cascade=alt2");
        assertThat(o.getDouble("scaleFactor", 1.1)).isEqualTo(1.2);
        assertThat(o.getInt("minNeighbors", 3)).isEqualTo(4);
        assertThat(o.getString("cascade", "default")).isEqualTo("alt2");
        assertThat(o.getInt("absent", 7)).isEqualTo(7);
        assertThat(DetectorOptions.parse("").asMap()).isEmpty();
    }

    @Test
    void typedGettersNameTheOption() {
        DetectorOptions o = DetectorOptions.parse("scaleFactor=big,flag=maybe,shape=circle");
        assertThatThrownBy(() -> o.getDouble("scaleFactor", 1))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("scaleFactor")
                .hasMessageContaining("big");
        assertThatThrownBy(() -> o.getBoolean("flag", false)).hasMessageContaining("flag");
        assertThatThrownBy(() -> o.getEnum("shape", MaskShape.class, MaskShape.BOX))
                .hasMessageContaining("ellipse, box");
        assertThatThrownBy(() -> DetectorOptions.parse("novalue")).isInstanceOf(InvalidOptionException.class);
    }

    @Test
    void unknownOptionsAreRejectedWithTheKnownOnesListed() {
        DetectorOptions o = DetectorOptions.parse("minNeighbours=3");
        assertThatThrownBy(() -> o.requireKnown("haar", List.of(new OptionSpec("minNeighbors", "d", "3"))))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("minNeighbours")
                .hasMessageContaining("haar")
                .hasMessageContaining("minNeighbors");
    }
}
