package io.github.anonymizer.detector.yunet;

import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.testing.FaceDetectorContract;

/** The detector contract for YuNet at native size. */
class YuNetContractTest extends FaceDetectorContract {

    @Override
    protected FaceDetectorFactory createFactory() {
        return SharedModels.builder().build();
    }

    @Override
    protected String providerId() {
        return YuNetDetectorFactory.ID;
    }

    @Override
    protected DetectorOptions providerOptions() {
        return DetectorOptions.empty().with("model", SharedModels.modelFile().toString());
    }
}
