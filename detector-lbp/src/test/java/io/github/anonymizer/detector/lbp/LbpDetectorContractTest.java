package io.github.anonymizer.detector.lbp;

import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.testing.FaceDetectorContract;

class LbpDetectorContractTest extends FaceDetectorContract {

    @Override
    protected FaceDetectorFactory createFactory() {
        return LbpDetector.builder().build();
    }

    @Override
    protected String providerId() {
        return LbpDetector.ID;
    }
}
