package io.github.anonymizer.detector.ssd;

import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.spi.DetectorOptions;

/**
 * The detector contract in tiled mode (YuFaceDetectNet, the cheaper network, with the same photo
 * choice as {@link YuFaceDetectNetContractTest}). The contract's photos (360x480 to 500x375 from
 * dlib) are larger than a 320x240 tile, so tiles, their merging and the whole-frame pass are all
 * exercised, also by the 8-thread test. (The contract's leak loop runs on a half-size photo that
 * fits one tile; {@link TiledModeTest} has a leak loop over tiles.)
 */
class TiledContractTest extends YuFaceDetectNetContractTest {

    @Override
    protected FaceDetectorFactory createFactory() {
        return SharedModels.builder(SsdPreset.YUFACEDETECTNET).tiled(true).build();
    }

    @Override
    protected DetectorOptions providerOptions() {
        return super.providerOptions().with("tiled", "true");
    }
}
