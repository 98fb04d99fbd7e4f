package io.github.anonymizer.detector.ssd;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.github.anonymizer.api.DetectorException;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.ModelException;
import io.github.anonymizer.core.model.ModelStore;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * SSD face detectors on OpenCV DNN (res10 in Caffe or TensorFlow form, YuFaceDetectNet): the shared
 * model, from which {@link #create()} makes one detector per worker thread.
 *
 * <pre>{@code
 * try (SsdDetectorFactory ssd = SsdDetectorFactory.builder(SsdPreset.YUFACEDETECTNET).tiled(true).build();
 *      Anonymizer anonymizer = Anonymizer.builder().detector(ssd).build()) {
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Model bytes are read once.</b> {@link Builder#build()} resolves the two files through
 * {@link ModelStore} (explicit path, model directory, user cache; the store checks SHA-256 pins and
 * runs its cheap format check before anything is parsed), reads them into memory, checks
 * that OpenCV parses them and that one forward pass gives an SSD output (so a broken or mismatched
 * file fails here with a {@link ModelException}, not on the first frame). Every {@link #create()}
 * then builds a new {@code cv::dnn::Net} from those bytes with {@code readNetFromCaffe} /
 * {@code readNetFromTensorflow} on memory buffers; the files are not read again.
 *
 * <p><b>Threads.</b> {@code cv::dnn::Net} is not thread-safe, so each detector has its own
 * network. This class never calls {@code cv::setNumThreads}: that setting is process-wide and
 * belongs to the application. OpenCV's default pool uses every core for one forward pass, and a
 * parallel region started while another is running executes on its calling thread, so several
 * worker threads do not multiply the thread count.
 *
 * <p><b>Thread-safe</b>: {@link #create()} may be called from any thread. The factory holds no
 * native state; {@link #close()} is idempotent and {@code create()} after it throws
 * {@link IllegalStateException}.
 */
public final class SsdDetectorFactory implements FaceDetectorFactory {

    private final SsdPreset preset;
    private final Path weightsPath;
    private final Path configPath;
    private final byte[] weights;
    private final byte[] config;
    private final SsdSettings settings;
    private final double defaultThreshold;
    private volatile boolean closed;

    private SsdDetectorFactory(Builder b, Path weightsPath, Path configPath, byte[] weights, byte[] config,
            SsdSettings settings) {
        this.preset = b.preset;
        this.weightsPath = weightsPath;
        this.configPath = configPath;
        this.weights = weights;
        this.config = config;
        this.settings = settings;
        this.defaultThreshold = b.defaultThreshold;
    }

    /** A builder for a preset; every setting starts at the preset's value. */
    public static Builder builder(SsdPreset preset) {
        return new Builder(Objects.requireNonNull(preset, "preset"));
    }

    @Override
    public String id() {
        return preset.detectorId();
    }

    @Override
    public double defaultThreshold() {
        return defaultThreshold;
    }

    @Override
    public String description() {
        String model = switch (preset) {
            case RES10_CAFFE, RES10_TF -> "OpenCV res10 SSD";
            case YUFACEDETECTNET -> "libfacedetection YuFaceDetectNet v2 SSD";
        };
        return model + " (" + (preset.format() == SsdModelFormat.CAFFE ? "Caffe" : "TensorFlow") + ", "
                + weightsPath + "), " + settings.describe() + ", OpenCV DNN";
    }

    /** The preset in use. */
    public SsdPreset preset() {
        return preset;
    }

    /** The weights file that was loaded. */
    public Path weightsPath() {
        return weightsPath;
    }

    /** The network description file that was loaded. */
    public Path configPath() {
        return configPath;
    }

    /** Whether the tiled mode is on. */
    public boolean tiled() {
        return settings.tiled();
    }

    SsdSettings settings() {
        return settings;
    }

    @Override
    public FaceDetector create() {
        if (closed) {
            throw new IllegalStateException("detector factory '" + id() + "' is closed");
        }
        Net net;
        try {
            net = readNet(preset.format(), weights, config);
        } catch (RuntimeException e) {
            throw new DetectorException(id(), "cannot create the network from " + weightsPath + ": " + e.getMessage(), e);
        }
        return new SsdFaceDetector(id(), net, settings);
    }

    @Override
    public void close() {
        closed = true;
    }

    private static Net readNet(SsdModelFormat format, byte[] weights, byte[] config) {
        Net net = format == SsdModelFormat.CAFFE
                ? opencv_dnn.readNetFromCaffe(config, weights)
                : opencv_dnn.readNetFromTensorflow(weights, config);
        if (net == null || net.isNull() || net.empty()) {
            if (net != null) {
                net.close();
            }
            throw new IllegalStateException("OpenCV returned an empty network");
        }
        return net;
    }

    /**
     * Parses the files step by step, so that the error names the file at fault, then runs one
     * forward pass and checks the output shape.
     */
    private static void validate(SsdPreset preset, Path weightsPath, Path configPath, byte[] weights, byte[] config,
            SsdSettings s) {
        String id = preset.modelId();
        boolean caffe = preset.format() == SsdModelFormat.CAFFE;
        // step 1: the file that can be parsed alone
        try (Net alone = caffe ? opencv_dnn.readNetFromCaffe(config) : opencv_dnn.readNetFromTensorflow(weights)) {
            if (alone.empty()) {
                throw new IllegalStateException("OpenCV returned an empty network");
            }
        } catch (RuntimeException e) {
            Path bad = caffe ? configPath : weightsPath;
            throw new ModelException(id, bad, "not a valid " + (caffe ? "Caffe network description (prototxt)"
                    : "TensorFlow graph (.pb)") + ": " + firstLine(e), e);
        }
        // step 2: both files together
        Net net;
        try {
            net = readNet(preset.format(), weights, config);
        } catch (RuntimeException e) {
            Path bad = caffe ? weightsPath : configPath;
            throw new ModelException(id, bad, "not a valid " + (caffe ? "Caffe model (.caffemodel)"
                    : "TensorFlow graph description (.pbtxt)") + " for " + (caffe ? configPath : weightsPath)
                    + ": " + firstLine(e), e);
        }
        // step 3: one forward pass on a flat image must give an SSD detection output
        try (net; Mat probe = new Mat(s.inputHeight(), s.inputWidth(), CV_8UC3, new Scalar(128, 128, 128, 0));
                Size size = new Size(s.inputWidth(), s.inputHeight());
                Scalar mean = new Scalar(s.mean()[0], s.mean()[1], s.mean()[2], 0);
                Mat blob = opencv_dnn.blobFromImage(probe, s.scale(), size, mean, s.swapRB(), false, CV_32F)) {
            net.setInput(blob);
            try (Mat out = net.forward()) {
                if (!SsdOutput.isDetectionOutput(out)) {
                    throw new ModelException(id, weightsPath, "the network's output is " + SsdOutput.shape(out)
                            + ", not an SSD detection output 1x1xNx7; is this a face SSD?");
                }
            }
        } catch (ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelException(id, weightsPath, "the weights do not run with " + configPath + " at "
                    + s.inputWidth() + "x" + s.inputHeight() + ": " + firstLine(e), e);
        }
    }

    private static String firstLine(RuntimeException e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /**
     * Configures an {@link SsdDetectorFactory}. Setters validate at once and name the setting in
     * the exception.
     *
     * <p>Confined to one thread.
     */
    public static final class Builder {
        private final SsdPreset preset;
        private ModelStore store;
        private Path weightsFile;
        private Path configFile;
        private String sha256;
        private int inputWidth;
        private int inputHeight;
        private double[] mean;
        private double scale = 1;
        private boolean swapRB;
        private boolean tiled;
        private int tileWidth;
        private int tileHeight;
        private double tileOverlap = 0.5;
        private double nms = 0.3;
        private double defaultThreshold;

        private Builder(SsdPreset preset) {
            this.preset = preset;
            this.inputWidth = preset.inputWidth();
            this.inputHeight = preset.inputHeight();
            this.mean = preset.mean();
            this.defaultThreshold = preset.defaultThreshold();
        }

        /** Where model files are looked up when no path is given (default {@link ModelStore#defaults()}). */
        public Builder modelStore(ModelStore store) {
            this.store = Objects.requireNonNull(store, "model store");
            return this;
        }

        /** The weights file ({@code .caffemodel} or {@code .pb}) instead of the preset's file in the model store. */
        public Builder weightsFile(Path file) {
            this.weightsFile = Objects.requireNonNull(file, "weights file");
            return this;
        }

        /** The network description ({@code .prototxt} or {@code .pbtxt}) instead of the preset's file. */
        public Builder configFile(Path file) {
            this.configFile = Objects.requireNonNull(file, "config file");
            return this;
        }

        /**
         * The SHA-256 (64 hex digits) the weights file must have; a different file is refused with a
         * {@link ModelException} (default: no check beyond the model store's own pin).
         */
        public Builder sha256(String hex) {
            this.sha256 = Objects.requireNonNull(hex, "sha256");
            return this;
        }

        /** Network input size (default: the preset's, e.g. 300x300); each side in [16, 4096]. */
        public Builder inputSize(int width, int height) {
            requireSide("input width", width);
            requireSide("input height", height);
            this.inputWidth = width;
            this.inputHeight = height;
            return this;
        }

        /** Mean subtracted per channel, in blob channel order (B, G, R unless swapRB); each in [0, 255]. */
        public Builder mean(double b, double g, double r) {
            for (double v : new double[] {b, g, r}) {
                if (!(v >= 0 && v <= 255)) {
                    throw new IllegalArgumentException("mean values must be in [0, 255], got " + b + "," + g + "," + r);
                }
            }
            this.mean = new double[] {b, g, r};
            return this;
        }

        /** Multiplier applied after the mean is subtracted (default 1), in (0, 1000]. */
        public Builder scale(double scale) {
            if (!(scale > 0 && scale <= 1000)) {
                throw new IllegalArgumentException("scale must be in (0, 1000], got " + scale);
            }
            this.scale = scale;
            return this;
        }

        /** Feed RGB instead of BGR (default false: all presets take BGR). */
        public Builder swapRB(boolean swap) {
            this.swapRB = swap;
            return this;
        }

        /**
         * Tiled mode (default off): besides the whole frame resized to the input size, run the network
         * on overlapping tiles at native scale and merge the boxes. Finds small faces in big frames at
         * the cost of one forward pass per tile. On frames so large that the whole-frame pass misses
         * faces too big for a tile, half-scale tiled levels fill the gap.
         */
        public Builder tiled(boolean tiled) {
            this.tiled = tiled;
            return this;
        }

        /**
         * Tile size in frame pixels (default: the input size, so tiles are seen at native scale).
         * Smaller tiles are enlarged to the input size and find smaller faces, at more passes.
         */
        public Builder tileSize(int width, int height) {
            requireSide("tile width", width);
            requireSide("tile height", height);
            this.tileWidth = width;
            this.tileHeight = height;
            return this;
        }

        /**
         * Minimum overlap of neighbouring tiles, as a fraction of the tile size, in [0, 0.9]
         * (default 0.5): every face up to that size lies wholly inside some tile; larger ones are
         * left to the whole-frame pass (and half-scale levels where that one cannot see them).
         */
        public Builder tileOverlap(double fraction) {
            if (!(fraction >= 0 && fraction <= 0.9)) {
                throw new IllegalArgumentException("tile overlap must be in [0, 0.9], got " + fraction);
            }
            this.tileOverlap = fraction;
            return this;
        }

        /** IoU from which two boxes of different passes are the same face, in (0, 1] (default 0.3). */
        public Builder nmsThreshold(double iou) {
            if (!(iou > 0 && iou <= 1)) {
                throw new IllegalArgumentException("NMS threshold must be in (0, 1], got " + iou);
            }
            this.nms = iou;
            return this;
        }

        /** The threshold reported by {@link SsdDetectorFactory#defaultThreshold()} (default: the preset's). */
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
         * @throws ModelException naming the model id and file when a file is missing, unreadable, of the
         *     wrong format, fails a SHA-256 check or does not run
         * @throws io.github.anonymizer.api.InvalidOptionException when the SHA-256 is not 64 hex digits
         */
        public SsdDetectorFactory build() {
            ModelStore s = store != null ? store : ModelStore.defaults();
            Path w = s.resolve(preset.modelId(), preset.weightsFile(), weightsFile, sha256);
            Path c = s.resolve(preset.modelId(), preset.configFile(), configFile);
            byte[] wb = ModelFiles.read(preset.modelId(), w);
            byte[] cb = ModelFiles.read(preset.modelId(), c);
            SsdSettings settings = new SsdSettings(inputWidth, inputHeight, mean, scale, swapRB, tiled,
                    tileWidth > 0 ? tileWidth : inputWidth, tileHeight > 0 ? tileHeight : inputHeight, tileOverlap,
                    preset.smallestAnchor(), nms);
            validate(preset, w, c, wb, cb, settings);
            return new SsdDetectorFactory(this, w, c, wb, cb, settings);
        }

        private static void requireSide(String name, int v) {
            if (v < 16 || v > 4096) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be in [16, 4096], got %d", name, v));
            }
        }
    }
}
