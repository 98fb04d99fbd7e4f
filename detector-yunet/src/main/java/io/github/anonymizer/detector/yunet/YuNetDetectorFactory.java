package io.github.anonymizer.detector.yunet;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.github.anonymizer.api.DetectorException;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.ModelException;
import io.github.anonymizer.core.model.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.FaceDetectorYN;

/**
 * YuNet ({@code face_detection_yunet_2023mar.onnx}) through OpenCV's {@code FaceDetectorYN}: box,
 * five landmarks and score per face. The shared model, from which {@link #create()} makes one
 * detector (one {@code FaceDetectorYN}) per worker thread.
 *
 * <pre>{@code
 * try (YuNetDetectorFactory yunet = YuNetDetectorFactory.builder().build();
 *      Anonymizer anonymizer = Anonymizer.builder().detector(yunet).build()) {
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Input size.</b> By default every frame is detected at its own size: before a frame whose
 * size differs from the previous one, the detector calls {@code FaceDetectorYN.setInputSize}
 * (which pads to a multiple of 32). {@link Builder#inputSize} fixes a size instead: frames are
 * resized to it and the boxes mapped back. Large frames at native size cost memory and time in
 * proportion to their area; the {@code Anonymizer}'s detection size/scale can shrink them first.
 *
 * <p><b>Model bytes are read once.</b> {@link Builder#build()} resolves the file through
 * {@link ModelStore} (which checks SHA-256 pins and that the file is a complete ONNX model), reads
 * it, and checks that OpenCV loads it and runs one frame (a broken file
 * fails there with a {@link ModelException}); every {@link #create()} builds its network from those
 * bytes in memory. This class never calls {@code cv::setNumThreads} (process-wide).
 *
 * <p><b>Thread-safe</b>: {@link #create()} may be called from any thread. The factory holds no
 * native state; {@link #close()} is idempotent and {@code create()} after it throws
 * {@link IllegalStateException}.
 */
public final class YuNetDetectorFactory implements FaceDetectorFactory {

    /** The detector id. */
    public static final String ID = "yunet";

    /** The model id: the folder name in a model directory. */
    public static final String MODEL_ID = "yunet";

    /** The model file name inside its folder. */
    public static final String MODEL_FILE = "face_detection_yunet_2023mar.onnx";

    /** The threshold YuNet was measured at. */
    public static final double DEFAULT_THRESHOLD = 0.6;

    /** Default IoU of FaceDetectorYN's non-maximum suppression. */
    public static final double DEFAULT_NMS = 0.3;

    /** Default number of candidates kept before non-maximum suppression. */
    public static final int DEFAULT_TOP_K = 5000;

    /** Default lowest score threshold handed to FaceDetectorYN. */
    public static final double DEFAULT_SCORE_FLOOR = 0.01;

    /** Files larger than this are refused (the model is 232 KB). */
    static final long MAX_BYTES = 256L << 20;

    /**
     * The resolved settings.
     *
     * <p>Immutable and thread-safe.
     *
     * @param scoreFloor lowest score threshold handed to FaceDetectorYN
     * @param nms IoU of FaceDetectorYN's non-maximum suppression
     * @param topK candidates kept before non-maximum suppression
     * @param fixedWidth fixed detection width, or 0 for each frame's own size
     * @param fixedHeight fixed detection height, or 0 for each frame's own size
     */
    record Settings(double scoreFloor, double nms, int topK, int fixedWidth, int fixedHeight) {}

    private final Path modelPath;
    private final byte[] model;
    private final Settings settings;
    private final double defaultThreshold;
    private volatile boolean closed;

    private YuNetDetectorFactory(Path modelPath, byte[] model, Settings settings, double defaultThreshold) {
        this.modelPath = modelPath;
        this.model = model;
        this.settings = settings;
        this.defaultThreshold = defaultThreshold;
    }

    /** A builder with the defaults: model from the model store, native input size, NMS 0.3, topK 5000. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public double defaultThreshold() {
        return defaultThreshold;
    }

    @Override
    public String description() {
        String size = settings.fixedWidth() > 0 ? settings.fixedWidth() + "x" + settings.fixedHeight() : "native size";
        return String.format(Locale.ROOT, "YuNet (OpenCV FaceDetectorYN, %s), %s, NMS %.2f, topK %d", modelPath, size,
                settings.nms(), settings.topK());
    }

    /** The model file that was loaded. */
    public Path modelPath() {
        return modelPath;
    }

    @Override
    public FaceDetector create() {
        if (closed) {
            throw new IllegalStateException("detector factory '" + ID + "' is closed");
        }
        int w = settings.fixedWidth() > 0 ? settings.fixedWidth() : 320;
        int h = settings.fixedHeight() > 0 ? settings.fixedHeight() : 320;
        try {
            return new YuNetFaceDetector(newDetector(model, settings, w, h), settings, w, h);
        } catch (RuntimeException e) {
            throw new DetectorException(ID, "cannot create FaceDetectorYN from " + modelPath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private static FaceDetectorYN newDetector(byte[] model, Settings s, int w, int h) {
        try (Size size = new Size(w, h)) {
            FaceDetectorYN yn = FaceDetectorYN.create("onnx", model, new byte[0], size, (float) s.scoreFloor(),
                    (float) s.nms(), s.topK(), opencv_dnn.DNN_BACKEND_OPENCV, opencv_dnn.DNN_TARGET_CPU);
            if (yn == null || yn.isNull()) {
                throw new IllegalStateException("OpenCV returned no detector");
            }
            return yn;
        }
    }

    /** Loads the bytes into a detector and runs it on one flat frame. */
    private static void validate(Path path, byte[] model, Settings s) {
        try (FaceDetectorYN yn = newDetector(model, s, 64, 64);
                Mat probe = new Mat(64, 64, CV_8UC3, new Scalar(128, 128, 128, 0));
                Mat out = new Mat()) {
            yn.detect(probe, out);
            if (!out.empty() && out.cols() != YuNetFaceDetector.ROW) {
                throw new ModelException(MODEL_ID, path, "the network's output has " + out.cols()
                        + " values per face, not 15; is this a YuNet model?");
            }
        } catch (ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            String m = String.valueOf(e.getMessage()).strip();
            int nl = m.indexOf('\n');
            throw new ModelException(MODEL_ID, path, "not a working YuNet ONNX model: " + (nl < 0 ? m : m.substring(0, nl)),
                    e);
        }
    }

    private static byte[] read(Path file) {
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new ModelException(MODEL_ID, file, "file is empty");
            }
            if (size > MAX_BYTES) {
                throw new ModelException(MODEL_ID, file, "file is " + size + " bytes, far more than a YuNet model; "
                        + "is it the right file?");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelException(MODEL_ID, file, "cannot read: " + e, e);
        }
    }

    /**
     * Configures a {@link YuNetDetectorFactory}. Setters validate at once and name the setting in
     * the exception.
     *
     * <p>Confined to one thread.
     */
    public static final class Builder {
        private ModelStore store;
        private Path modelFile;
        private String sha256;
        private double scoreFloor = DEFAULT_SCORE_FLOOR;
        private double nms = DEFAULT_NMS;
        private int topK = DEFAULT_TOP_K;
        private int width;
        private int height;
        private double defaultThreshold = DEFAULT_THRESHOLD;

        private Builder() {}

        /** Where the model is looked up when no file is given (default {@link ModelStore#defaults()}). */
        public Builder modelStore(ModelStore store) {
            this.store = Objects.requireNonNull(store, "model store");
            return this;
        }

        /** The ONNX file instead of {@code yunet/face_detection_yunet_2023mar.onnx} in the model store. */
        public Builder modelFile(Path file) {
            this.modelFile = Objects.requireNonNull(file, "model file");
            return this;
        }

        /**
         * The SHA-256 (64 hex digits) the model file must have; a different file is refused with a
         * {@link ModelException} (default: no check beyond the model store's own pin).
         */
        public Builder sha256(String hex) {
            this.sha256 = Objects.requireNonNull(hex, "sha256");
            return this;
        }

        /**
         * The lowest score threshold handed to FaceDetectorYN, in [0, 1] (default 0.01): calls that ask
         * for less get detections from this score up. Raising it saves decoding and NMS work when
         * callers ask for very low scores.
         */
        public Builder scoreFloor(double floor) {
            if (!(floor >= 0 && floor <= 1)) {
                throw new IllegalArgumentException("score floor must be in [0, 1], got " + floor);
            }
            this.scoreFloor = floor;
            return this;
        }

        /** IoU of FaceDetectorYN's non-maximum suppression, in (0, 1] (default 0.3). */
        public Builder nmsThreshold(double iou) {
            if (!(iou > 0 && iou <= 1)) {
                throw new IllegalArgumentException("NMS threshold must be in (0, 1], got " + iou);
            }
            this.nms = iou;
            return this;
        }

        /** Candidates kept before non-maximum suppression, in [1, 100000] (default 5000). */
        public Builder topK(int k) {
            if (k < 1 || k > 100_000) {
                throw new IllegalArgumentException("topK must be in [1, 100000], got " + k);
            }
            this.topK = k;
            return this;
        }

        /**
         * Detects on frames resized to exactly {@code width x height} (each 16..8192) instead of each
         * frame's own size; boxes are mapped back to the frame.
         */
        public Builder inputSize(int width, int height) {
            if (width < 16 || height < 16 || width > 8192 || height > 8192) {
                throw new IllegalArgumentException("input size must be within 16..8192 per side, got " + width + "x"
                        + height);
            }
            this.width = width;
            this.height = height;
            return this;
        }

        /** Detects each frame at its own size (the default). */
        public Builder nativeInputSize() {
            this.width = 0;
            this.height = 0;
            return this;
        }

        /** The threshold reported by {@link YuNetDetectorFactory#defaultThreshold()} (default 0.6). */
        public Builder defaultThreshold(double threshold) {
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new IllegalArgumentException("default threshold must be in [0, 1], got " + threshold);
            }
            this.defaultThreshold = threshold;
            return this;
        }

        /**
         * Resolves and loads the model.
         *
         * @throws ModelException naming the model id and file when it is missing, unreadable, not an
         *     ONNX model, fails a SHA-256 check or does not run as YuNet
         * @throws io.github.anonymizer.api.InvalidOptionException when the SHA-256 is not 64 hex digits
         */
        public YuNetDetectorFactory build() {
            ModelStore s = store != null ? store : ModelStore.defaults();
            Path path = s.resolve(MODEL_ID, MODEL_FILE, modelFile, sha256);
            byte[] bytes = read(path);
            Settings settings = new Settings(scoreFloor, nms, topK, width, height);
            validate(path, bytes, settings);
            return new YuNetDetectorFactory(path, bytes, settings, defaultThreshold);
        }
    }
}
