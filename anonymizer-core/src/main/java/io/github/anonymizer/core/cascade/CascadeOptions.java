package io.github.anonymizer.core.cascade;

import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.api.spi.OptionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;

/**
 * The names of the {@link DetectorOptions} the cascade providers share, and (for {@link
 * CascadeDetectorProvider}) their specs and mapping onto a {@link CascadeDetectorBuilder}. The
 * values of {@value #CASCADE} depend on the detector.
 *
 * <p>Stateless and thread-safe.
 */
public final class CascadeOptions {

    /** Which built-in cascade; values depend on the detector. */
    public static final String CASCADE = "cascade";
    /** A cascade XML file of the user's own, instead of a built-in one. */
    public static final String CASCADE_FILE = "cascadeFile";
    public static final String SCALE_FACTOR = "scaleFactor";
    public static final String MIN_NEIGHBORS = "minNeighbors";
    public static final String MIN_SIZE = "minSize";
    public static final String MAX_SIZE = "maxSize";
    public static final String EQUALIZE_HIST = "equalizeHist";
    public static final String MIRROR = "mirror";

    private CascadeOptions() {}

    /**
     * The option specs: {@code cascade} (described by the caller) followed by the shared ones with
     * the detector's defaults.
     */
    static List<OptionSpec> specs(OptionSpec cascade, CascadeSettings defaults) {
        return List.of(
                cascade,
                new OptionSpec(CASCADE_FILE, "path of a cascade XML of your own (OpenCV 3+ traincascade format) instead of a"
                        + " built-in cascade; not together with " + CASCADE, null),
                new OptionSpec(SCALE_FACTOR, "image shrink factor between scales, > 1; smaller finds more faces and is slower",
                        Double.toString(defaults.scaleFactor())),
                new OptionSpec(MIN_NEIGHBORS, "overlapping raw windows a face needs, >= 0; higher gives fewer false faces and"
                        + " more missed ones", Integer.toString(defaults.minNeighbors())),
                new OptionSpec(MIN_SIZE, "smallest face side in pixels, >= 0 (the cascade window is a lower bound anyway)",
                        Integer.toString(defaults.minSize())),
                new OptionSpec(MAX_SIZE, "largest face side in pixels, 0 = no limit", Integer.toString(defaults.maxSize())),
                new OptionSpec(EQUALIZE_HIST, "histogram-equalize the grey image before detection (true/false)",
                        Boolean.toString(defaults.equalizeHistogram())),
                new OptionSpec(MIRROR, "also run on the mirrored frame and merge (true/false); default true for profile"
                        + " cascades, false otherwise", null));
    }

    /**
     * Applies every shared option present in {@code options} to {@code builder} (not {@value
     * #CASCADE}, which the provider maps itself, before calling this).
     *
     * @throws InvalidOptionException naming the option when a value does not parse or is out of range
     */
    static <B extends CascadeDetectorBuilder<?, B>> B apply(DetectorOptions options, B builder) {
        if (options.get(SCALE_FACTOR).isPresent()) {
            double v = options.getDouble(SCALE_FACTOR, 0);
            set(SCALE_FACTOR, () -> builder.scaleFactor(v));
        }
        if (options.get(MIN_NEIGHBORS).isPresent()) {
            int v = options.getInt(MIN_NEIGHBORS, 0);
            set(MIN_NEIGHBORS, () -> builder.minNeighbors(v));
        }
        if (options.get(MIN_SIZE).isPresent()) {
            int v = options.getInt(MIN_SIZE, 0);
            set(MIN_SIZE, () -> builder.minSize(v));
        }
        if (options.get(MAX_SIZE).isPresent()) {
            int v = options.getInt(MAX_SIZE, 0);
            set(MAX_SIZE, () -> builder.maxSize(v));
        }
        if (options.get(EQUALIZE_HIST).isPresent()) {
            boolean v = options.getBoolean(EQUALIZE_HIST, true);
            builder.equalizeHistogram(v);
        }
        if (options.get(MIRROR).isPresent()) {
            boolean v = options.getBoolean(MIRROR, false);
            builder.mirror(v);
        }
        Optional<Path> file = options.get(CASCADE_FILE).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of);
        if (options.get(CASCADE_FILE).isPresent() && file.isEmpty()) {
            throw new InvalidOptionException(CASCADE_FILE, "expected a file path, got an empty value");
        }
        file.ifPresent(f -> set(CASCADE_FILE, () -> builder.cascadeFile(f)));
        return builder;
    }

    /**
     * Applies {@code options} (see {@link #apply}) and builds the factory.
     *
     * @throws InvalidOptionException naming the option when a value is invalid
     * @throws io.github.anonymizer.api.ModelException when the cascade cannot be found or read
     */
    static <B extends CascadeDetectorBuilder<?, B>> FaceDetectorFactory open(DetectorOptions options, B builder) {
        apply(options, builder);
        try {
            return builder.build();
        } catch (IllegalArgumentException e) { // the only cross-option check: maxSize below minSize
            throw new InvalidOptionException(MAX_SIZE, e.getMessage());
        }
    }

    /**
     * Why a cascade provider cannot open with these options right now, without loading anything:
     * the user's cascade file is missing, or the built-in cascade's jar is not on the class path.
     * Invalid option values are not reported here ({@code open} reports them).
     *
     * @param chosen the built-in cascade the options select
     */
    static Optional<String> unavailableReason(DetectorOptions options, BundledCascade chosen) {
        Optional<String> file = options.get(CASCADE_FILE).map(String::strip).filter(s -> !s.isEmpty());
        if (file.isPresent()) {
            return Files.isRegularFile(Path.of(file.get()))
                    ? Optional.empty()
                    : Optional.of("cascade file " + file.get() + " not found");
        }
        if (!chosen.isOnClassPath()) {
            return Optional.of("cascade " + chosen.fileName() + " not on the class path: add the OpenCV natives for "
                    + Loader.getPlatform() + " (org.bytedeco:opencv with that classifier, or opencv-platform)");
        }
        return Optional.empty();
    }

    private static void set(String option, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidOptionException(option, e.getMessage());
        }
    }
}
