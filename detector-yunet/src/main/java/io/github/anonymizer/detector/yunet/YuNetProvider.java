package io.github.anonymizer.detector.yunet;

import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.api.spi.FaceDetectorProvider;
import io.github.anonymizer.api.spi.OptionSpec;
import io.github.anonymizer.core.model.ModelStore;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Registers YuNet: id {@code "yunet"}, priority 80. Options:
 * <ul>
 *   <li>{@code model}: path of the ONNX file; default {@code yunet/face_detection_yunet_2023mar.onnx}
 *       in the model directory or user cache ({@link ModelStore});
 *   <li>{@code sha256}: required SHA-256 of the model file; default none;
 *   <li>{@code size}: {@code native} (default: each frame at its own size) or {@code WxH};
 *   <li>{@code scoreFloor}: lowest score threshold handed to FaceDetectorYN, default 0.01;
 *   <li>{@code nms}: NMS IoU in (0, 1], default 0.3;
 *   <li>{@code topK}: candidates kept before NMS, default 5000.
 * </ul>
 * Unknown options and invalid values throw {@link InvalidOptionException}.
 *
 * <p>Stateless, cheap and thread-safe: nothing is loaded before {@link #open}.
 */
public final class YuNetProvider implements FaceDetectorProvider {

    private static final List<OptionSpec> OPTIONS = List.of(
            new OptionSpec("model", "path of the YuNet ONNX file; default: " + YuNetDetectorFactory.MODEL_ID + "/"
                    + YuNetDetectorFactory.MODEL_FILE + " in the model directory (ANONYMIZER_MODEL_DIR) or the user cache",
                    null),
            new OptionSpec("sha256", "required SHA-256 of the model file (64 hex digits); a different file is refused",
                    null),
            new OptionSpec("size", "native (each frame at its own size) or WxH (frames resized to it, boxes mapped back)",
                    "native"),
            new OptionSpec("scoreFloor", "lowest score threshold handed to FaceDetectorYN, in [0, 1]; lower requests "
                    + "get detections from this score up", String.valueOf(YuNetDetectorFactory.DEFAULT_SCORE_FLOOR)),
            new OptionSpec("nms", "IoU in (0, 1] from which overlapping boxes are merged",
                    String.valueOf(YuNetDetectorFactory.DEFAULT_NMS)),
            new OptionSpec("topK", "candidates kept before non-maximum suppression, in [1, 100000]",
                    String.valueOf(YuNetDetectorFactory.DEFAULT_TOP_K)));

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public YuNetProvider() {}

    @Override
    public String id() {
        return YuNetDetectorFactory.ID;
    }

    @Override
    public String description() {
        return "YuNet (OpenCV FaceDetectorYN, ONNX): fast and accurate, box + 5 landmarks, detects at native size";
    }

    @Override
    public int priority() {
        return 80;
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    /**
     * Checks the options and that the model file is there (nothing is read).
     *
     * @throws InvalidOptionException for an unknown or invalid option
     */
    @Override
    public Optional<String> unavailableReason(DetectorOptions options) {
        DetectorOptions o = options == null ? DetectorOptions.empty() : options;
        builder(o);
        Optional<Path> explicit = modelPath(o);
        if (explicit.isPresent()) {
            Path p = explicit.get();
            return Files.isRegularFile(p) && Files.isReadable(p) ? Optional.empty()
                    : Optional.of("model file " + p + " (option model) is missing or not a readable file");
        }
        ModelStore store = ModelStore.defaults();
        if (store.find(YuNetDetectorFactory.MODEL_ID, YuNetDetectorFactory.MODEL_FILE).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(YuNetDetectorFactory.MODEL_ID + "/" + YuNetDetectorFactory.MODEL_FILE + " is not installed in "
                + store.searchDirs() + "; install it with 'anonymizer models install " + YuNetDetectorFactory.MODEL_ID
                + "', set " + ModelStore.ENV_MODEL_DIR + ", or give model=PATH");
    }

    /**
     * Loads the detector.
     *
     * @throws InvalidOptionException for an unknown or invalid option
     * @throws io.github.anonymizer.api.ModelException when the model is missing or broken
     */
    @Override
    public FaceDetectorFactory open(DetectorOptions options) {
        return builder(options == null ? DetectorOptions.empty() : options).build();
    }

    /** Parses and validates the options into a builder. */
    static YuNetDetectorFactory.Builder builder(DetectorOptions o) {
        o.requireKnown(YuNetDetectorFactory.ID, OPTIONS);
        YuNetDetectorFactory.Builder b = YuNetDetectorFactory.builder();
        modelPath(o).ifPresent(b::modelFile);
        o.get("sha256").ifPresent(b::sha256);
        String size = o.getString("size", "native").strip().toLowerCase(Locale.ROOT);
        if (!size.equals("native")) {
            String[] wh = size.split("x");
            int w;
            int h;
            try {
                if (wh.length != 2) {
                    throw new NumberFormatException();
                }
                w = Integer.parseInt(wh[0].strip());
                h = Integer.parseInt(wh[1].strip());
            } catch (NumberFormatException e) {
                throw new InvalidOptionException("size", "expected native or WIDTHxHEIGHT such as 640x480, got '"
                        + o.getString("size", "") + "'");
            }
            set("size", size, () -> b.inputSize(w, h));
        }
        if (o.get("scoreFloor").isPresent()) {
            double v = o.getDouble("scoreFloor", YuNetDetectorFactory.DEFAULT_SCORE_FLOOR);
            set("scoreFloor", String.valueOf(v), () -> b.scoreFloor(v));
        }
        if (o.get("nms").isPresent()) {
            double v = o.getDouble("nms", YuNetDetectorFactory.DEFAULT_NMS);
            set("nms", String.valueOf(v), () -> b.nmsThreshold(v));
        }
        if (o.get("topK").isPresent()) {
            int v = o.getInt("topK", YuNetDetectorFactory.DEFAULT_TOP_K);
            set("topK", String.valueOf(v), () -> b.topK(v));
        }
        return b;
    }

    private static Optional<Path> modelPath(DetectorOptions o) {
        try {
            return o.getPath("model");
        } catch (InvalidPathException e) {
            throw new InvalidOptionException("model", "not a valid path: '" + o.get("model").orElse("") + "'");
        }
    }

    private static void set(String option, String value, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException(option, e.getMessage() + " (value '" + value + "')");
        }
    }
}
