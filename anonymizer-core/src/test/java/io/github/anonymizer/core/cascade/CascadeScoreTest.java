package io.github.anonymizer.core.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CascadeScoreTest {

    private final CascadeScore score = new CascadeScore(-3.0, 2.0);

    @Test
    void theDecisionBoundaryScoresOneHalf() {
        assertThat(score.score(-3.0)).isEqualTo(CascadeScore.DECISION_SCORE);
    }

    @Test
    void isALogisticOfTheMarginInUnitsOfSigma() {
        assertThat(score.margin(1.0)).isEqualTo(2.0);
        assertThat(score.score(-1.0)).isCloseTo(1 / (1 + Math.exp(-1)), within(1e-15));
        assertThat(score.score(1.0)).isCloseTo(1 / (1 + Math.exp(-2)), within(1e-15));
    }

    @Test
    void isMonotoneAndStaysInHalfToOne() {
        double previous = 0;
        for (double w = -10; w <= 1000; w += 0.25) {
            double s = score.score(w);
            assertThat(s).isBetween(0.5, 1.0).isGreaterThanOrEqualTo(previous);
            previous = s;
        }
        assertThat(score.score(1e9)).isEqualTo(1.0);
    }

    @Test
    void weightsBelowTheBoundaryAreClampedToOneHalf() {
        assertThat(score.score(-3.0000001)).isEqualTo(0.5);
        assertThat(score.score(-100)).isEqualTo(0.5);
    }

    @Test
    void rejectsNonFiniteInput() {
        assertThatThrownBy(() -> score.score(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CascadeScore(0, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigma");
        assertThatThrownBy(() -> new CascadeScore(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
