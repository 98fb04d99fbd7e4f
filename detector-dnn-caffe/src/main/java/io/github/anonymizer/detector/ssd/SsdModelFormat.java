package io.github.anonymizer.detector.ssd;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The file formats OpenCV DNN reads an SSD from.
 *
 * <p>Immutable and thread-safe.
 */
public enum SsdModelFormat {
    /** A binary {@code .caffemodel} with a text {@code deploy.prototxt}. */
    CAFFE,
    /** A frozen TensorFlow graph {@code .pb} with OpenCV's text {@code .pbtxt}. */
    TENSORFLOW;

    /** The format a weights file's name suggests: {@code .pb} is TensorFlow, anything else Caffe. */
    public static SsdModelFormat ofWeightsFile(Path weights) {
        String name = weights.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".pb") ? TENSORFLOW : CAFFE;
    }
}
