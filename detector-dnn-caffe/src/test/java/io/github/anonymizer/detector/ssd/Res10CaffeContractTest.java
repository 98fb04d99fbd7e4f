package io.github.anonymizer.detector.ssd;

import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.testing.FaceDetectorContract;

/** The detector contract for res10 in Caffe form, plain mode. */
class Res10CaffeContractTest extends FaceDetectorContract {

    @Override
    protected FaceDetectorFactory createFactory() {
        return SharedModels.builder(SsdPreset.RES10_CAFFE).build();
    }

    @Override
    protected String providerId() {
        return Res10SsdProvider.ID;
    }

    @Override
    protected DetectorOptions providerOptions() {
        return SharedModels.explicitFiles(SsdPreset.RES10_CAFFE);
    }
}
