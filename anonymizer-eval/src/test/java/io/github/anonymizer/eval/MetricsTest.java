package io.github.anonymizer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricsTest {

    static GroundTruthFace gt(double x, double y, double w, double h) {
        return new GroundTruthFace(new Box(x, y, w, h), false, Set.of(Difficulty.ALL));
    }

    static Detection det(double x, double y, double w, double h, double s) {
        return new Detection(new Box(x, y, w, h), s, "t");
    }

    @Test
    void perfectDetectionsGiveApOne() {
        Metrics m = new Metrics(Difficulty.ALL, 0.5, 0.5);
        m.add(List.of(gt(0, 0, 10, 10), gt(20, 0, 10, 10)), List.of(det(0, 0, 10, 10, 0.9), det(20, 0, 10, 10, 0.8)),
                new double[] {1, 0.5});
        Metrics.Result r = m.result();
        assertThat(r.averagePrecision()).isEqualTo(1.0);
        assertThat(r.recall()).isEqualTo(1.0);
        assertThat(r.precision()).isEqualTo(1.0);
        assertThat(r.hiddenFaces()).isEqualTo(1);
        assertThat(r.hiddenRate()).isEqualTo(0.5);
    }

    @Test
    void apFollowsTheVocAllPointDefinition() {
        // scores: TP 0.9, FP 0.8, TP 0.7; 3 faces. P/R points: (1/3, 1), (1/3, .5), (2/3, 2/3)
        // envelope: precision at recall 1/3 = 1, at 2/3 = 2/3 -> AP = 1/3 * 1 + 1/3 * 2/3 = 5/9
        Metrics m = new Metrics(Difficulty.ALL, 0.5, 0.75);
        m.add(List.of(gt(0, 0, 10, 10), gt(20, 0, 10, 10), gt(40, 0, 10, 10)),
                List.of(det(0, 0, 10, 10, 0.9), det(100, 100, 10, 10, 0.8), det(20, 0, 10, 10, 0.7)),
                new double[] {0, 0, 0});
        Metrics.Result r = m.result();
        assertThat(r.averagePrecision()).isCloseTo(5.0 / 9, within(1e-12));
        assertThat(r.truePositives()).isEqualTo(1); // at threshold 0.75
        assertThat(r.falsePositives()).isEqualTo(1);
    }

    @Test
    void duplicatesAreFalsePositivesAndIgnoredFacesDoNotCount() {
        GroundTruthFace ignored = new GroundTruthFace(new Box(50, 0, 10, 10), true, Set.of(Difficulty.ALL));
        Metrics m = new Metrics(Difficulty.ALL, 0.5, 0);
        m.add(List.of(gt(0, 0, 10, 10), ignored),
                List.of(det(0, 0, 10, 10, 0.9), det(1, 0, 10, 10, 0.8), det(50, 0, 10, 10, 0.95)),
                new double[] {1, 1});
        Metrics.Result r = m.result();
        assertThat(r.faces()).isEqualTo(1);
        assertThat(r.truePositives()).isEqualTo(1);
        assertThat(r.falsePositives()).isEqualTo(1);
        assertThat(r.hiddenFaces()).isEqualTo(1);
    }
}
