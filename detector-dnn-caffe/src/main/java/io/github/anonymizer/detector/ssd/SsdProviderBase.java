package io.github.anonymizer.detector.ssd;

import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.api.spi.FaceDetectorProvider;
import io.github.anonymizer.api.spi.OptionSpec;
import io.github.anonymizer.core.model.ModelStore;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the SSD providers share: their options (model, sha256, config, size, mean, scale, swapRB,
 * tiled, tileSize, tileOverlap, nms, plus a subclass's own), parsing them into an
 * {@link SsdDetectorFactory.Builder}, the cheap availability check and opening. A subclass says
 * which preset the options select.
 *
 * <p>Immutable and thread-safe; nothing is loaded before {@link #open}.
 */
abstract class SsdProviderBase implements FaceDetectorProvider {

    private final String id;
    private final String description;
    private final int priority;
    private final SsdPreset defaults;
    private final List<OptionSpec> options;

    SsdProviderBase(String id, String description, int priority, SsdPreset defaults, List<OptionSpec> extraOptions) {
        this.id = id;
        this.description = description;
        this.priority = priority;
        this.defaults = defaults;
        List<OptionSpec> all = new ArrayList<>(commonOptions(defaults));
        all.addAll(extraOptions);
        this.options = List.copyOf(all);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final int priority() {
        return priority;
    }

    @Override
    public final List<OptionSpec> options() {
        return options;
    }

    /**
     * Checks the options and that the model files are there (nothing is read).
     *
     * @throws InvalidOptionException for an unknown or invalid option
     */
    @Override
    public final Optional<String> unavailableReason(DetectorOptions options) {
        DetectorOptions o = checked(options);
        return unavailable(o, path(o, "model"), path(o, "config"));
    }

    /**
     * Loads the detector.
     *
     * @throws InvalidOptionException for an unknown or invalid option
     * @throws io.github.anonymizer.api.ModelException when the model files are missing or broken
     */
    @Override
    public final FaceDetectorFactory open(DetectorOptions options) {
        DetectorOptions o = checked(options);
        Optional<Path> model = path(o, "model");
        Optional<Path> config = path(o, "config");
        SsdDetectorFactory.Builder b = apply(o, SsdDetectorFactory.builder(preset(o, model, config)));
        model.ifPresent(b::weightsFile);
        config.ifPresent(b::configFile);
        return b.build();
    }

    /**
     * The preset the options select.
     *
     * @throws io.github.anonymizer.api.ModelException when no preset's files can be found
     */
    abstract SsdPreset preset(DetectorOptions o, Optional<Path> model, Optional<Path> config);

    /** Why the selected preset's files cannot be found, or empty. */
    Optional<String> unavailable(DetectorOptions o, Optional<Path> model, Optional<Path> config) {
        return missingFiles(preset(o, model, config), model, config);
    }

    /** The options, checked: unknown names and bad values fail before any file is looked at. */
    private DetectorOptions checked(DetectorOptions options) {
        DetectorOptions o = options == null ? DetectorOptions.empty() : options;
        o.requireKnown(id, this.options);
        apply(o, SsdDetectorFactory.builder(defaults));
        return o;
    }

    /** The options both SSD providers accept, with the preset's defaults in the help text. */
    static List<OptionSpec> commonOptions(SsdPreset p) {
        String size = p.inputWidth() + "x" + p.inputHeight();
        double[] m = p.mean();
        List<OptionSpec> list = new ArrayList<>();
        list.add(new OptionSpec("model", "path of the weights file (.caffemodel, or .pb for TensorFlow); default: "
                + p.modelId() + "/" + p.weightsFile() + " in the model directory (ANONYMIZER_MODEL_DIR) or the user cache",
                null));
        list.add(new OptionSpec("sha256", "required SHA-256 of the weights file (64 hex digits); a different file is "
                + "refused", null));
        list.add(new OptionSpec("config", "path of the network description (.prototxt, or .pbtxt for TensorFlow); "
                + "default: the file beside the model's default weights", null));
        list.add(new OptionSpec("size", "network input size WxH (each 16..4096); the whole frame is resized to it",
                size));
        list.add(new OptionSpec("mean", "mean subtracted per channel, B/G/R separated by '/'",
                (int) m[0] + "/" + (int) m[1] + "/" + (int) m[2]));
        list.add(new OptionSpec("scale", "multiplier applied to pixel values after the mean is subtracted", "1"));
        list.add(new OptionSpec("swapRB", "true to feed RGB instead of BGR", "false"));
        list.add(new OptionSpec("tiled", "true: also run on overlapping tiles at native scale and merge the boxes; "
                + "finds small faces in big frames, one network pass per tile", "false"));
        list.add(new OptionSpec("tileSize", "tile size WxH in frame pixels (smaller than size: tiles are enlarged and "
                + "smaller faces are found, at more passes)", size));
        list.add(new OptionSpec("tileOverlap", "minimum overlap of neighbouring tiles as a fraction of the tile, "
                + "in [0, 0.9]; faces up to that size fit wholly in a tile", "0.5"));
        list.add(new OptionSpec("nms", "IoU in (0, 1] from which boxes of different passes are the same face", "0.3"));
        return List.copyOf(list);
    }

    /** Applies the common options (all but model and config) to a builder. */
    static SsdDetectorFactory.Builder apply(DetectorOptions o, SsdDetectorFactory.Builder b) {
        o.get("sha256").ifPresent(b::sha256);
        o.get("size").ifPresent(v -> {
            int[] wh = parseSize("size", v);
            set("size", v, () -> b.inputSize(wh[0], wh[1]));
        });
        o.get("mean").ifPresent(v -> {
            double[] m = parseMean(v);
            set("mean", v, () -> b.mean(m[0], m[1], m[2]));
        });
        if (o.get("scale").isPresent()) {
            double s = o.getDouble("scale", 1);
            set("scale", String.valueOf(s), () -> b.scale(s));
        }
        b.swapRB(o.getBoolean("swapRB", false));
        b.tiled(o.getBoolean("tiled", false));
        o.get("tileSize").ifPresent(v -> {
            int[] wh = parseSize("tileSize", v);
            set("tileSize", v, () -> b.tileSize(wh[0], wh[1]));
        });
        if (o.get("tileOverlap").isPresent()) {
            double f = o.getDouble("tileOverlap", 0.5);
            set("tileOverlap", String.valueOf(f), () -> b.tileOverlap(f));
        }
        if (o.get("nms").isPresent()) {
            double iou = o.getDouble("nms", 0.3);
            set("nms", String.valueOf(iou), () -> b.nmsThreshold(iou));
        }
        return b;
    }

    /** The path given in option {@code name}, if any. */
    static Optional<Path> path(DetectorOptions o, String name) {
        try {
            return o.getPath(name);
        } catch (InvalidPathException e) {
            throw new InvalidOptionException(name, "not a valid path: '" + o.get(name).orElse("") + "'");
        }
    }

    /**
     * Why a preset's two files cannot be found (explicit paths first, then the model store), or
     * empty when both are there. Nothing is read.
     */
    static Optional<String> missingFiles(SsdPreset p, Optional<Path> weights, Optional<Path> config) {
        ModelStore store = ModelStore.defaults();
        List<String> missing = new ArrayList<>();
        check(store, p.modelId(), p.weightsFile(), weights, "model", missing);
        check(store, p.modelId(), p.configFile(), config, "config", missing);
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join("; ", missing) + " (searched " + store.searchDirs() + "; install with "
                + "'anonymizer models install " + p.modelId() + "', set " + ModelStore.ENV_MODEL_DIR
                + ", or give model=PATH,config=PATH)");
    }

    private static void check(ModelStore store, String modelId, String file, Optional<Path> explicit, String option,
            List<String> missing) {
        if (explicit.isPresent()) {
            Path e = explicit.get();
            if (!Files.isRegularFile(e) || !Files.isReadable(e)) {
                missing.add(e + " (option " + option + ") is missing or not a readable file");
            }
        } else if (store.find(modelId, file).isEmpty()) {
            missing.add(modelId + "/" + file + " is not installed");
        }
    }

    static int[] parseSize(String option, String v) {
        String[] wh = v.strip().toLowerCase(Locale.ROOT).split("x");
        try {
            if (wh.length == 2) {
                return new int[] {Integer.parseInt(wh[0].strip()), Integer.parseInt(wh[1].strip())};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidOptionException(option, "expected WIDTHxHEIGHT such as 300x300, got '" + v + "'");
    }

    static double[] parseMean(String v) {
        String[] parts = v.strip().split("\\s*/\\s*");
        if (parts.length == 3) {
            try {
                return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                    Double.parseDouble(parts[2])};
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new InvalidOptionException("mean", "expected three numbers B/G/R such as 104/177/123, got '" + v + "'");
    }

    private static void set(String option, String value, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException(option, e.getMessage() + " (value '" + value + "')");
        }
    }
}
