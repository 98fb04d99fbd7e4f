package io.github.anonymizer.detector.ssd;

import io.github.anonymizer.api.spi.DetectorOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Registers libfacedetection's YuFaceDetectNet v2 (Caffe SSD): id {@code "ssd-yufacedetectnet"},
 * priority 50. Options: model, sha256, config, size, mean, scale, swapRB, tiled, tileSize,
 * tileOverlap, nms (see {@link #options()}). Unknown options and invalid values throw
 * {@link io.github.anonymizer.api.InvalidOptionException}.
 *
 * <p>Stateless, cheap and thread-safe: nothing is loaded before {@link #open}.
 */
public final class YuFaceDetectNetProvider extends SsdProviderBase {

    /** The provider id. */
    public static final String ID = "ssd-yufacedetectnet";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public YuFaceDetectNetProvider() {
        super(ID, "libfacedetection YuFaceDetectNet v2 SSD (OpenCV DNN, Caffe): small and fast, finds smaller faces "
                + "than res10; tiled=true for small faces in big frames", 50, SsdPreset.YUFACEDETECTNET, List.of());
    }

    @Override
    SsdPreset preset(DetectorOptions o, Optional<Path> model, Optional<Path> config) {
        return SsdPreset.YUFACEDETECTNET;
    }
}
