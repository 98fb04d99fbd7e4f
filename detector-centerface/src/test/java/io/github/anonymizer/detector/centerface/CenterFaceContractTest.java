package io.github.anonymizer.detector.centerface;

import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.testing.FaceDetectorContract;
import java.util.Map;

/** The shared detector contract, on CenterFace with the shared model. */
class CenterFaceContractTest extends FaceDetectorContract {

    @Override
    protected FaceDetectorFactory createFactory() {
        return CenterFaceDetector.builder().model(TestModels.centerface()).build();
    }

    @Override
    protected String providerId() {
        return "centerface";
    }

    @Override
    protected DetectorOptions providerOptions() {
        return DetectorOptions.of(Map.of("model", TestModels.centerface().toString()));
    }
}
