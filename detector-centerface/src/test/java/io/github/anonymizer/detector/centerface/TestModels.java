package io.github.anonymizer.detector.centerface;

import io.github.anonymizer.testing.SharedData;
import java.nio.file.Path;

/** Where the tests find the shared CenterFace model. */
final class TestModels {
    private TestModels() {}

    /** The SHA-256 that the shared model's PROVENANCE.txt gives. */
    static final String SHARED_SHA256 = "8c69f93192a38bd06888e32360054a3109969d658297cc1381719b3037b34497";

    /** {@code shared/models/centerface/centerface.onnx}; skips the test when the shared folder is absent. */
    static Path centerface() {
        return SharedData.models().resolve(CenterFaceDetector.MODEL_ID).resolve(CenterFaceDetector.MODEL_FILE);
    }
}
