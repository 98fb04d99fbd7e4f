package io.github.anonymizer.detector.ssd;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.anonymizer.eval.Difficulty;
import io.github.anonymizer.eval.EvaluationReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hidden-face rate (share of ground-truth faces whose box is at least 80% covered by the applied
 * box masks, scale 1.3) on the shared face sets, against floors taken from the Python reference
 * runs: at most 0.03 below the reference, lower only where the reference is below 0.1. The tiled
 * rows' floors come from this module's own measurement (plain: 0.005 and 0.040 on
 * wider-originals), far above the plain detector, so they fail if tiling breaks.
 */
class SsdQualityTest {

    @ParameterizedTest(name = "{0} tiled={1} on {2}: hidden rate >= {3} (reference {4})")
    @CsvSource({
        // preset,         tiled, set,             floor, reference
        "RES10_CAFFE,      false, dlib,            0.95,  0.977",
        "RES10_CAFFE,      false, wider-originals, 0.004, 0.005",
        "RES10_CAFFE,      false, wider416-dev,    0.05,  0.070",
        "YUFACEDETECTNET,  false, dlib,            0.90,  0.930",
        "YUFACEDETECTNET,  false, wider-originals, 0.03,  0.040",
        "YUFACEDETECTNET,  false, wider416-dev,    0.10,  0.129",
        "RES10_CAFFE,      true,  wider-originals, 0.17,  0.204",
        "YUFACEDETECTNET,  true,  wider-originals, 0.47,  0.508",
        "YUFACEDETECTNET,  true,  dlib,            0.95,  0.977",
    })
    void hiddenFaceRate(SsdPreset preset, boolean tiled, String set, double floor, double reference) {
        try (SsdDetectorFactory f = SharedModels.builder(preset).tiled(tiled).build()) {
            EvaluationReport r = SharedModels.evaluate(f, preset.defaultThreshold(), set);
            assertThat(r.result(Difficulty.ALL).hiddenRate()).as("hidden-face rate (reference %s)", reference)
                    .isGreaterThanOrEqualTo(floor);
        }
    }
}
