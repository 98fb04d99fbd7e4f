package io.github.anonymizer.core.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HoldSettingsTest {

    @Test
    void defaultsScaleWithTheFrameRate() {
        assertThat(HoldSettings.forFrameRate(29.97)).extracting(HoldSettings::forwardFrames, HoldSettings::backwardFrames)
                .containsExactly(6, 3);
        assertThat(HoldSettings.forFrameRate(60)).extracting(HoldSettings::forwardFrames, HoldSettings::backwardFrames)
                .containsExactly(12, 6);
        assertThat(HoldSettings.forFrameRate(5)).extracting(HoldSettings::forwardFrames, HoldSettings::backwardFrames)
                .containsExactly(1, 1);
        assertThat(HoldSettings.forFrameRate(0)).isEqualTo(HoldSettings.forFrameRate(30)).isEqualTo(HoldSettings.defaults());
        assertThat(HoldSettings.forFrameRate(Double.NaN)).isEqualTo(HoldSettings.defaults());
        assertThat(HoldSettings.forFrameRate(1e9).forwardFrames()).isEqualTo(HoldSettings.MAX_HOLD_FRAMES);
        HoldSettings d = HoldSettings.defaults();
        assertThat(d.iouThreshold()).isEqualTo(0.3);
        assertThat(d.predictMotion()).isTrue();
        assertThat(HoldSettings.none().forwardFrames()).isZero();
        assertThat(HoldSettings.none().backwardFrames()).isZero();
    }

    @Test
    void withersChangeOneField() {
        HoldSettings s = HoldSettings.none().withForwardFrames(4).withBackwardFrames(2).withIouThreshold(0.5)
                .withPredictMotion(false).withGrowthPerFrame(0.2);
        assertThat(s).isEqualTo(new HoldSettings(4, 2, 0.5, false, 0.2));
    }

    @Test
    void badValuesAreRejectedWithTheirName() {
        assertThatThrownBy(() -> HoldSettings.none().withForwardFrames(-1)).hasMessageContaining("forward hold");
        assertThatThrownBy(() -> HoldSettings.none().withBackwardFrames(1001)).hasMessageContaining("backward hold");
        assertThatThrownBy(() -> HoldSettings.none().withIouThreshold(0)).hasMessageContaining("IoU threshold");
        assertThatThrownBy(() -> HoldSettings.none().withIouThreshold(Double.NaN)).hasMessageContaining("IoU threshold");
        assertThatThrownBy(() -> HoldSettings.none().withGrowthPerFrame(-0.1)).hasMessageContaining("growth");
    }
}
