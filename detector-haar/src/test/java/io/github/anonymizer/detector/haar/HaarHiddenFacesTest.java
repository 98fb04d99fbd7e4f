package io.github.anonymizer.detector.haar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.eval.Difficulty;
import io.github.anonymizer.eval.EvaluationReport;
import io.github.anonymizer.eval.Evaluator;
import io.github.anonymizer.eval.GroundTruthSet;
import io.github.anonymizer.filters.Filters;
import io.github.anonymizer.filters.Rgb;
import io.github.anonymizer.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * The privacy number for the Haar detector at its default settings (through the SPI, default mask:
 * ellipse at scale 1.3): the share of the 43 dlib faces of which at least 80% of the ground-truth
 * box's pixels changed. OpenCV's own cascade in Python, same settings: 0.930.
 */
class HaarHiddenFacesTest {

    @Test
    void hidesAtLeastNinetyPercentOfTheDlibFaces() {
        GroundTruthSet dlib = GroundTruthSet.load(SharedData.faces("dlib"));
        try (Anonymizer a = Anonymizer.builder().detector("haar").filter(Filters.solid(Rgb.GREEN)).build()) {
            double byPixels = Evaluator.hiddenRateByPixels(a, dlib);
            EvaluationReport byMasks = Evaluator.evaluate(a, dlib);
            System.out.printf("haar on dlib: hidden by pixels %.3f, by mask geometry %.3f%n", byPixels,
                    byMasks.result(Difficulty.ALL).hiddenRate());
            assertThat(byPixels).isGreaterThanOrEqualTo(0.90);
            // the two measurements agree: masks are what changes pixels
            assertThat(byMasks.result(Difficulty.ALL).hiddenRate()).isCloseTo(byPixels, org.assertj.core.api.Assertions.within(0.03));
        }
    }
}
