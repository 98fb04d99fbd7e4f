package io.github.anonymizer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoxTest {

    @Test
    void iouOfIdenticalBoxesIsOne() {
        Box b = new Box(10, 20, 30, 40);
        assertThat(b.iou(b)).isEqualTo(1.0);
    }

    @Test
    void iouOfHalfOverlap() {
        Box a = new Box(0, 0, 10, 10);
        Box b = new Box(5, 0, 10, 10);
        // intersection 50, union 150
        assertThat(a.iou(b)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(a.iou(new Box(20, 20, 5, 5))).isZero();
        assertThat(a.iou(new Box(0, 0, 0, 0))).isZero();
    }

    @Test
    void scaledAboutCenterKeepsTheCenter() {
        Box b = new Box(10, 10, 20, 40).scaledAboutCenter(1.5);
        assertThat(b.centerX()).isEqualTo(20);
        assertThat(b.centerY()).isEqualTo(30);
        assertThat(b.width()).isEqualTo(30);
        assertThat(b.height()).isEqualTo(60);
        assertThatThrownBy(() -> b.scaledAboutCenter(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.scaledAboutCenter(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNonFiniteAndNegative() {
        assertThatThrownBy(() -> new Box(Double.NaN, 0, 1, 1)).hasMessageContaining("finite");
        assertThatThrownBy(() -> new Box(0, 0, Double.POSITIVE_INFINITY, 1)).hasMessageContaining("finite");
        assertThatThrownBy(() -> new Box(0, 0, -1, 1)).hasMessageContaining("negative");
    }

    @Test
    void intersectionAndContains() {
        Box a = new Box(0, 0, 10, 10);
        assertThat(a.intersection(new Box(5, 5, 10, 10))).isEqualTo(new Box(5, 5, 5, 5));
        assertThat(a.contains(0, 0)).isTrue();
        assertThat(a.contains(10, 5)).isFalse();
        assertThat(a.mapped(2, 3)).isEqualTo(new Box(0, 0, 20, 30));
        assertThat(a.translated(1, 2)).isEqualTo(new Box(1, 2, 10, 10));
    }

    @Test
    void detectionRejectsScoresOutsideTheUnitInterval() {
        Box b = new Box(0, 0, 1, 1);
        assertThatThrownBy(() -> new Detection(b, Double.NaN, "custom")).hasMessageContaining("custom");
        assertThatThrownBy(() -> new Detection(b, 1.5, "custom")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Detection(b, 0.5, "x").mapped(2, 2).box()).isEqualTo(new Box(0, 0, 2, 2));
    }
}
