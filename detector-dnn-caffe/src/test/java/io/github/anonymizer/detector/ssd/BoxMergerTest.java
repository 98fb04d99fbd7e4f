package io.github.anonymizer.detector.ssd;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoxMergerTest {

    private static BoxMerger.Candidate c(double x, double y, double w, double h, double score, boolean cut) {
        return new BoxMerger.Candidate(new Detection(new Box(x, y, w, h), score, "t"), cut);
    }

    @Test
    void overlappingBoxesKeepTheBestScore() {
        List<Detection> out = BoxMerger.merge(List.of(c(10, 10, 50, 50, 0.7, false), c(12, 11, 50, 50, 0.9, false),
                c(200, 10, 50, 50, 0.6, false)), 0.3);
        assertThat(out).extracting(Detection::score).containsExactly(0.9, 0.6);
    }

    @Test
    void aCutBoxInsideAWholeOneIsADuplicateEvenWhenItScoresHigher() {
        // the right half of a face, cut by a tile border, inside the whole face found by another tile
        List<Detection> out = BoxMerger.merge(List.of(c(100, 100, 60, 60, 0.8, false), c(130, 100, 30, 60, 0.95, true)),
                0.3);
        assertThat(out).extracting(Detection::box).containsExactly(new Box(100, 100, 60, 60));
    }

    @Test
    void aCutBoxWithNothingAroundItIsKept() {
        List<Detection> out = BoxMerger.merge(List.of(c(100, 100, 60, 60, 0.8, false), c(400, 100, 30, 60, 0.6, true)),
                0.3);
        assertThat(out).hasSize(2);
    }

    @Test
    void wholeBoxesBarelyOverlappingAreBothKept() {
        // two faces side by side: IoU below the threshold
        List<Detection> out = BoxMerger.merge(List.of(c(0, 0, 50, 50, 0.9, false), c(40, 0, 50, 50, 0.8, false)), 0.3);
        assertThat(out).hasSize(2);
    }
}
