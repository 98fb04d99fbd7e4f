package io.github.anonymizer.detector.centerface;

import io.github.anonymizer.api.MaskShape;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.eval.Difficulty;
import io.github.anonymizer.eval.EvaluationReport;
import io.github.anonymizer.eval.Evaluator;
import io.github.anonymizer.eval.GroundTruthSet;
import io.github.anonymizer.filters.SolidFillFilter;
import io.github.anonymizer.testing.SharedData;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Builds the anonymizers the quality tests and the measurement run evaluate: CenterFace, black
 * fill, mask scale 1.3, the given mask shape and threshold.
 */
final class QualityMeasurement {
    private QualityMeasurement() {}

    static EvaluationReport evaluate(CenterFaceDetector detector, String set, MaskShape shape, double threshold,
            Consumer<Anonymizer.Builder> extra) {
        Anonymizer.Builder b = Anonymizer.builder().detector(detector).filter(SolidFillFilter.black())
                .maskScale(1.3).maskShape(shape).threshold(threshold);
        extra.accept(b);
        try (Anonymizer anonymizer = b.build()) {
            return Evaluator.evaluate(anonymizer, GroundTruthSet.load(SharedData.faces(set)));
        }
    }

    /** One line: set, setting, hidden rate, AP, precision and recall of all faces. */
    static String line(String setting, EvaluationReport r) {
        var all = r.result(Difficulty.ALL);
        return String.format(Locale.ROOT, "%-16s %-34s faces %4d hidden %.3f AP %.3f P %.3f R %.3f FP %4d %7.0f ms/frame",
                r.set(), setting, all.faces(), all.hiddenRate(), all.averagePrecision(), all.precision(), all.recall(),
                all.falsePositives(), r.msPerFrame());
    }
}
