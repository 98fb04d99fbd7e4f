package io.github.anonymizer.detector.yunet;

import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MaskShape;
import io.github.anonymizer.api.RegionFilter;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.model.ModelStore;
import io.github.anonymizer.eval.EvaluationReport;
import io.github.anonymizer.eval.Evaluator;
import io.github.anonymizer.eval.GroundTruthSet;
import io.github.anonymizer.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/** Test helpers: the shared models folder as a model store, and evaluation with the harness. */
final class SharedModels {

    private SharedModels() {}

    /** A store that searches only the shared models folder (never the user cache). */
    static ModelStore store() {
        Path models = SharedData.models();
        return ModelStore.of(List.of(models), models.resolveSibling("no-such-cache-dir"));
    }

    static YuNetDetectorFactory.Builder builder() {
        return YuNetDetectorFactory.builder().modelStore(store());
    }

    /** The shared YuNet file. */
    static Path modelFile() {
        return SharedData.models().resolve(YuNetDetectorFactory.MODEL_ID).resolve(YuNetDetectorFactory.MODEL_FILE);
    }

    /** Leaves the pixels alone: the evaluation measures where the masks go, not how they look. */
    static final RegionFilter NO_OP = new RegionFilter() {
        @Override
        public String id() {
            return "no-op";
        }

        @Override
        public void apply(Mat roi, FaceRegion region) {
            // nothing
        }
    };

    /** Evaluates a factory on a shared face set with box masks of scale 1.3 and prints the report. */
    static EvaluationReport evaluate(YuNetDetectorFactory factory, double threshold, String set) {
        try (Anonymizer a = Anonymizer.builder().detector(factory).maskShape(MaskShape.BOX).maskScale(1.3)
                .filter(NO_OP).threshold(threshold).build()) {
            EvaluationReport r = Evaluator.evaluate(a, GroundTruthSet.load(SharedData.faces(set)));
            System.out.print(r.toText());
            return r;
        }
    }
}
