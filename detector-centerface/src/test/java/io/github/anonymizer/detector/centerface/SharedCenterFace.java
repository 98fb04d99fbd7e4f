package io.github.anonymizer.detector.centerface;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the test classes that share one detector with the default settings on the shared model,
 * opened before the class's tests and closed after them. Test classes run one at a time.
 */
abstract class SharedCenterFace {

    /** The shared detector of the running test class. */
    static CenterFaceDetector centerface;

    @BeforeAll
    static void openCenterFace() {
        centerface = CenterFaceDetector.builder().model(TestModels.centerface()).build();
    }

    @AfterAll
    static void closeCenterFace() {
        if (centerface != null) {
            centerface.close();
            centerface = null;
        }
    }
}
