package io.github.anonymizer.detector.ssd;

/**
 * The SSD face detectors this module knows out of the box: which files make up each model, in
 * which format, and how its input must be prepared. Each preset's {@link #modelId()} is the name of
 * the folder that holds its files in a model directory (the layout of the project's shared models
 * folder and of the user cache, see {@code io.github.anonymizer.core.model.ModelStore}).
 *
 * <p>Immutable and thread-safe.
 */
public enum SsdPreset {

    /**
     * OpenCV's res10 ResNet-10 SSD in Caffe form: BGR, 300x300, mean (104, 177, 123). The official
     * weights file or a rebuild under the name {@code res10_300x300_ssd_iter_140000_from_uint8.caffemodel}
     * (the project's shared folder holds that rebuild from the 8-bit TensorFlow release).
     */
    RES10_CAFFE("res10-caffe", "ssd-res10", SsdModelFormat.CAFFE,
            "res10_300x300_ssd_iter_140000.caffemodel", "deploy.prototxt",
            300, 300, new double[] {104, 177, 123}, 0.5, 30),

    /** The same res10 network in OpenCV's TensorFlow form (8-bit weights, graph tuned for 300x300). */
    RES10_TF("res10-tf", "ssd-res10", SsdModelFormat.TENSORFLOW,
            "opencv_face_detector_uint8.pb", "opencv_face_detector.pbtxt",
            300, 300, new double[] {104, 177, 123}, 0.5, 30),

    /**
     * libfacedetection's YuFaceDetectNet v2 (Caffe): BGR, mean (104, 117, 123), trained at 320x240,
     * anchors from 10 pixels, so it finds smaller faces than res10 at the same input size. The
     * official prototxt, or {@code yufacedetectnet-open-v2.opencv.prototxt}: a copy without the two
     * {@code visualize} lines of DetectionOutput that OpenCV 4.6 could not parse (4.13 reads
     * both).
     */
    YUFACEDETECTNET("yufacedetectnet-caffe", "ssd-yufacedetectnet", SsdModelFormat.CAFFE,
            "yufacedetectnet-open-v2.caffemodel", "yufacedetectnet-open-v2.prototxt",
            320, 240, new double[] {104, 117, 123}, 0.5, 10);

    private final String modelId;
    private final String detectorId;
    private final SsdModelFormat format;
    private final String weightsFile;
    private final String configFile;
    private final int inputWidth;
    private final int inputHeight;
    private final double[] mean;
    private final double defaultThreshold;
    private final int smallestAnchor;

    SsdPreset(String modelId, String detectorId, SsdModelFormat format, String weightsFile, String configFile,
            int inputWidth, int inputHeight, double[] mean, double defaultThreshold, int smallestAnchor) {
        this.modelId = modelId;
        this.detectorId = detectorId;
        this.format = format;
        this.weightsFile = weightsFile;
        this.configFile = configFile;
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.mean = mean;
        this.defaultThreshold = defaultThreshold;
        this.smallestAnchor = smallestAnchor;
    }

    /** The model id, which is also the folder name in a model directory, e.g. {@code res10-caffe}. */
    public String modelId() {
        return modelId;
    }

    /** The detector id its detections carry, e.g. {@code ssd-res10}. */
    public String detectorId() {
        return detectorId;
    }

    public SsdModelFormat format() {
        return format;
    }

    /**
     * File name of the weights inside the model folder: the official name, as in the model catalog
     * ({@code io.github.anonymizer.core.model.ModelCatalog}), which also accepts its alternative
     * names (res10's {@code _from_uint8} rebuild).
     */
    public String weightsFile() {
        return weightsFile;
    }

    /**
     * File name of the network description (Caffe prototxt or TensorFlow pbtxt) inside the model
     * folder: the official name (the catalog accepts its alternative names too).
     */
    public String configFile() {
        return configFile;
    }

    /** Network input width the model was trained and measured at. */
    public int inputWidth() {
        return inputWidth;
    }

    /** Network input height the model was trained and measured at. */
    public int inputHeight() {
        return inputHeight;
    }

    /** Per-channel mean subtracted from the input, in blob channel order (B, G, R). */
    public double[] mean() {
        return mean.clone();
    }

    /** The score threshold the model was measured at. */
    public double defaultThreshold() {
        return defaultThreshold;
    }

    /** Side of the smallest prior box in network pixels (faces much smaller than this are missed). */
    public int smallestAnchor() {
        return smallestAnchor;
    }
}
