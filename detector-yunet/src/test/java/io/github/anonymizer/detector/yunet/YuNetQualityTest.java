package io.github.anonymizer.detector.yunet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.anonymizer.eval.Difficulty;
import io.github.anonymizer.eval.EvaluationReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hidden-face rate (share of ground-truth faces whose box is at least 80% covered by the applied
 * box masks, scale 1.3) of YuNet at native size and threshold 0.6 on the shared face sets, against
 * floors 0.03 below the Python reference runs.
 */
class YuNetQualityTest {

    @ParameterizedTest(name = "{0}: hidden rate >= {1} (reference {2})")
    @CsvSource({
        "dlib,            0.97, 1.000",
        "wider-originals, 0.69, 0.717",
        "wider416-dev,    0.27, 0.300",
    })
    void hiddenFaceRate(String set, double floor, double reference) {
        try (YuNetDetectorFactory f = SharedModels.builder().build()) {
            assertThat(f.defaultThreshold()).isEqualTo(0.6);
            EvaluationReport r = SharedModels.evaluate(f, f.defaultThreshold(), set);
            assertThat(r.result(Difficulty.ALL).hiddenRate()).as("hidden-face rate (reference %s)", reference)
                    .isGreaterThanOrEqualTo(floor);
        }
    }
}
