package io.github.anonymizer.robustness;

import io.github.anonymizer.api.spi.FaceDetectorProvider;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.Detectors;
import io.github.anonymizer.core.model.ModelStore;
import io.github.anonymizer.testing.SharedData;
import java.util.List;

/**
 * The detectors that ship with the project, with their models taken from the shared models folder
 * (through {@link ModelStore#PROPERTY_MODEL_DIR}, as a user's ANONYMIZER_MODEL_DIR would).
 * Stateless apart from setting that system property once.
 */
final class Bundled {

    /** Every bundled detector id, best first; all of them must be on this module's class path. */
    static final List<String> DETECTORS = List.of("centerface", "yunet", "ssd-res10", "ssd-yufacedetectnet", "haar", "lbp");

    private Bundled() {}

    /** Points the model store at the shared models; skips the test (fails under CI=true) without them. */
    static synchronized void useSharedModels() {
        System.setProperty(ModelStore.PROPERTY_MODEL_DIR, SharedData.models().toString());
    }

    /** An anonymizer with the given bundled detector and default settings. */
    static Anonymizer anonymizer(String id) {
        useSharedModels();
        return Anonymizer.builder().detector(id).build();
    }

    /** The registered providers other than this module's test detector. */
    static List<String> registeredIds() {
        return Detectors.providers().stream().map(FaceDetectorProvider::id)
                .filter(id -> !id.equals(FaultInjectionProvider.ID)).toList();
    }
}
