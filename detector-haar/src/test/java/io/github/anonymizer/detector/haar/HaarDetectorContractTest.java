package io.github.anonymizer.detector.haar;

import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.testing.FaceDetectorContract;

class HaarDetectorContractTest extends FaceDetectorContract {

    @Override
    protected FaceDetectorFactory createFactory() {
        return HaarDetector.builder().build();
    }

    @Override
    protected String providerId() {
        return HaarDetector.ID;
    }
}
