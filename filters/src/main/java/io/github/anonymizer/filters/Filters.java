package io.github.anonymizer.filters;

import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.RegionFilter;
import io.github.anonymizer.api.spi.OptionSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Entry point of the filters module: static factories for every filter, and lookup by id with
 * string options for command lines and configuration files.
 *
 * <p>Stateless and thread-safe. The filters it returns are immutable and thread-safe, except
 * that {@link ImageReplaceFilter} holds native memory: the caller closes it (check
 * {@code instanceof AutoCloseable} on what {@link #byId(String, Map, Mat)} returns).
 *
 * <table>
 *   <caption>Filter ids and their options</caption>
 *   <tr><th>id</th><th>filter</th><th>options</th></tr>
 *   <tr><td>{@code blur}</td><td>{@link GaussianBlurFilter}</td>
 *       <td>{@code strength} (sigma as a fraction of the face size, default 0.2) or {@code sigma} (pixels)</td></tr>
 *   <tr><td>{@code mosaic}</td><td>{@link PixelateFilter}</td>
 *       <td>{@code size} (block pixels, default 20) or {@code blocks} (blocks across the face)</td></tr>
 *   <tr><td>{@code solid}</td><td>{@link SolidFillFilter}</td><td>{@code color} (default black)</td></tr>
 *   <tr><td>{@code img}</td><td>{@link ImageReplaceFilter}</td>
 *       <td>{@code mode}: {@code stretch} (default) or {@code background}; needs a picture</td></tr>
 *   <tr><td>{@code none}</td><td>{@link NoneFilter}</td><td>none</td></tr>
 *   <tr><td>{@code overlay}</td><td>{@link DebugOverlay}</td><td>{@code color} (default green)</td></tr>
 * </table>
 */
public final class Filters {

    /** Id of {@link GaussianBlurFilter}. */
    public static final String BLUR = "blur";
    /** Id of {@link PixelateFilter}. */
    public static final String MOSAIC = "mosaic";
    /** Id of {@link SolidFillFilter}. */
    public static final String SOLID = "solid";
    /** Id of {@link ImageReplaceFilter}. */
    public static final String IMG = "img";
    /** Id of {@link NoneFilter}. */
    public static final String NONE = "none";
    /** Id of {@link DebugOverlay}. */
    public static final String OVERLAY = "overlay";

    private static final String COLOR = "color";
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private static final Map<String, List<OptionSpec>> OPTIONS = options();

    private Filters() {}

    private static Map<String, List<OptionSpec>> options() {
        Map<String, List<OptionSpec>> m = new LinkedHashMap<>();
        m.put(BLUR, List.of(
                new OptionSpec("strength", "Gaussian sigma as a fraction of the smaller side of the face's mask box, in (0, 10]",
                        String.valueOf(GaussianBlurFilter.DEFAULT_RELATIVE_SIGMA)),
                new OptionSpec("sigma", "Gaussian sigma in pixels, the same for every face (instead of strength)", null)));
        m.put(MOSAIC, List.of(
                new OptionSpec("size", "block size in pixels, >= 1", String.valueOf(PixelateFilter.DEFAULT_BLOCK_SIZE)),
                new OptionSpec("blocks", "number of blocks across the smaller side of the face, >= 1 (instead of size)", null)));
        m.put(SOLID, List.of(new OptionSpec(COLOR, "fill colour: #rrggbb, r,g,b or a name (black, white, gray, red, green, blue)",
                Rgb.BLACK.toString())));
        m.put(IMG, List.of(new OptionSpec("mode",
                "stretch: the picture stretched over each face; background: the pixels at the same place in a background "
                        + "frame of the frame's size", "stretch")));
        m.put(NONE, List.of());
        m.put(OVERLAY, List.of(new OptionSpec(COLOR, "colour of outlines and labels: #rrggbb, r,g,b or a name",
                Rgb.GREEN.toString())));
        return Collections.unmodifiableMap(m);
    }

    /** The default filter: {@link GaussianBlurFilter#defaults()}. */
    public static GaussianBlurFilter blur() {
        return GaussianBlurFilter.defaults();
    }

    /** A blur with sigma = {@code fraction} of the face's smaller side; see {@link GaussianBlurFilter#relative}. */
    public static GaussianBlurFilter blur(double fraction) {
        return GaussianBlurFilter.relative(fraction);
    }

    /** A blur with a fixed sigma in pixels; see {@link GaussianBlurFilter#absolute}. */
    public static GaussianBlurFilter blurSigma(double sigmaPixels) {
        return GaussianBlurFilter.absolute(sigmaPixels);
    }

    /** A mosaic of {@value PixelateFilter#DEFAULT_BLOCK_SIZE}-pixel blocks. */
    public static PixelateFilter pixelate() {
        return PixelateFilter.defaults();
    }

    /** A mosaic of blocks of about {@code blockSize} pixels; see {@link PixelateFilter#blockSize}. */
    public static PixelateFilter pixelate(int blockSize) {
        return PixelateFilter.blockSize(blockSize);
    }

    /** A mosaic of {@code blocks} blocks across the face; see {@link PixelateFilter#blocksAcross}. */
    public static PixelateFilter pixelateBlocksAcross(int blocks) {
        return PixelateFilter.blocksAcross(blocks);
    }

    /** A black fill. */
    public static SolidFillFilter solid() {
        return SolidFillFilter.black();
    }

    /** A fill with {@code colour}. */
    public static SolidFillFilter solid(Rgb colour) {
        return SolidFillFilter.of(colour);
    }

    /** A picture stretched over each face; the caller closes it. See {@link ImageReplaceFilter#stretched}. */
    public static ImageReplaceFilter stretched(Mat picture) {
        return ImageReplaceFilter.stretched(picture);
    }

    /** The same place in a background frame; the caller closes it. See {@link ImageReplaceFilter#backgroundPlate}. */
    public static ImageReplaceFilter backgroundPlate(Mat background) {
        return ImageReplaceFilter.backgroundPlate(background);
    }

    /** The filter that changes nothing. */
    public static NoneFilter none() {
        return NoneFilter.instance();
    }

    /** The green debug overlay. */
    public static DebugOverlay overlay() {
        return DebugOverlay.defaults();
    }

    /** The filter ids {@link #byId} knows, in documentation order. */
    public static Set<String> ids() {
        return OPTIONS.keySet();
    }

    /**
     * The options the filter {@code id} accepts, for help texts.
     *
     * @throws InvalidOptionException (option {@code "filter"}) when the id is unknown
     */
    public static List<OptionSpec> options(String id) {
        return specs(id);
    }

    /**
     * The filter with this id configured by {@code options}; for every id but {@code img}, which
     * needs a picture (use {@link #byId(String, Map, Mat)}).
     *
     * @param id one of {@link #ids()}, case-insensitive
     * @param options option name to value, as in {@link #options(String)}; empty for defaults
     * @throws InvalidOptionException naming the id ({@code "filter"}) or the option that is unknown
     *     or has an invalid value
     */
    public static RegionFilter byId(String id, Map<String, String> options) {
        return byId(id, options, null);
    }

    /**
     * The filter with this id configured by {@code options}, with a picture for {@code img}.
     *
     * @param id one of {@link #ids()}, case-insensitive
     * @param options option name to value, as in {@link #options(String)}; empty for defaults
     * @param picture for {@code img} only: the picture to stretch over faces, or the background
     *     frame with option {@code mode=background}; copied, so the caller may close it afterwards.
     *     Must be {@code null} for the other ids
     * @return a new filter; an {@code img} filter is an {@link ImageReplaceFilter} the caller must close
     * @throws InvalidOptionException naming the id ({@code "filter"}), the option or {@code "picture"}
     *     that is missing, unknown or invalid
     */
    public static RegionFilter byId(String id, Map<String, String> options, Mat picture) {
        Objects.requireNonNull(options, "options");
        List<OptionSpec> specs = specs(id);
        String key = id.strip().toLowerCase(Locale.ROOT);
        Set<String> known = specs.stream().map(OptionSpec::name).collect(Collectors.toSet());
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new InvalidOptionException(String.valueOf(e.getKey()), "unknown option of filter '" + key + "'; "
                        + (known.isEmpty() ? "it takes no options"
                                : "known: " + specs.stream().map(OptionSpec::name).collect(Collectors.joining(", "))));
            }
            if (e.getValue() == null) {
                throw new InvalidOptionException(e.getKey(), "filter '" + key + "': the option has no value");
            }
        }
        if (picture != null && !key.equals(IMG)) {
            throw new InvalidOptionException("picture", "filter '" + key + "' takes no picture; only 'img' does");
        }
        return switch (key) {
            case BLUR -> {
                exclusive(key, options, "strength", "sigma");
                if (options.containsKey("sigma")) {
                    yield option(key, options, "sigma", v -> GaussianBlurFilter.absolute(decimal(v)));
                }
                yield options.containsKey("strength")
                        ? option(key, options, "strength", v -> GaussianBlurFilter.relative(decimal(v)))
                        : GaussianBlurFilter.defaults();
            }
            case MOSAIC -> {
                exclusive(key, options, "size", "blocks");
                if (options.containsKey("blocks")) {
                    yield option(key, options, "blocks", v -> PixelateFilter.blocksAcross(Integer.parseInt(v.strip())));
                }
                yield options.containsKey("size")
                        ? option(key, options, "size", v -> PixelateFilter.blockSize(Integer.parseInt(v.strip())))
                        : PixelateFilter.defaults();
            }
            case SOLID -> options.containsKey(COLOR)
                    ? option(key, options, COLOR, v -> SolidFillFilter.of(Rgb.parse(v)))
                    : SolidFillFilter.black();
            case OVERLAY -> options.containsKey(COLOR)
                    ? option(key, options, COLOR, v -> DebugOverlay.of(Rgb.parse(v)))
                    : DebugOverlay.defaults();
            case NONE -> NoneFilter.instance();
            case IMG -> image(options, picture);
            default -> throw new IllegalStateException("no factory for filter id " + key);
        };
    }

    private static ImageReplaceFilter image(Map<String, String> options, Mat picture) {
        String mode = options.getOrDefault("mode", "stretch").strip().toLowerCase(Locale.ROOT);
        if (!mode.equals("stretch") && !mode.equals("background")) {
            throw new InvalidOptionException("mode", "filter 'img': invalid value '" + options.get("mode")
                    + "'; expected stretch or background");
        }
        if (picture == null) {
            throw new InvalidOptionException("picture", "filter 'img' needs a picture"
                    + (mode.equals("stretch") ? " to stretch over faces" : ": the background frame"));
        }
        String what = mode.equals("stretch") ? "picture" : "background";
        try {
            return mode.equals("stretch") ? ImageReplaceFilter.stretched(picture) : ImageReplaceFilter.backgroundPlate(picture);
        } catch (IllegalArgumentException e) {
            throw withCause(new InvalidOptionException("picture", "filter 'img': invalid " + what + ": " + e.getMessage()), e);
        }
    }

    private static List<OptionSpec> specs(String id) {
        Objects.requireNonNull(id, "id");
        List<OptionSpec> specs = OPTIONS.get(id.strip().toLowerCase(Locale.ROOT));
        if (specs == null) {
            throw new InvalidOptionException("filter", "unknown filter id '" + id + "'; known ids: "
                    + String.join(", ", OPTIONS.keySet()));
        }
        return specs;
    }

    private static void exclusive(String id, Map<String, String> options, String a, String b) {
        if (options.containsKey(a) && options.containsKey(b)) {
            throw new InvalidOptionException(b, "filter '" + id + "' takes either '" + a + "' or '" + b + "', not both");
        }
    }

    private static <T> T option(String id, Map<String, String> options, String name, Function<String, T> factory) {
        String value = options.get(name);
        try {
            return factory.apply(value);
        } catch (IllegalArgumentException e) { // includes NumberFormatException
            String why = e instanceof NumberFormatException ? "not a number" : e.getMessage();
            throw withCause(new InvalidOptionException(name, "filter '" + id + "': invalid value '" + value + "': " + why), e);
        }
    }

    private static double decimal(String text) {
        String s = text.strip();
        if (!DECIMAL.matcher(s).matches()) {
            throw new NumberFormatException("not a decimal number: " + text);
        }
        return Double.parseDouble(s);
    }

    private static InvalidOptionException withCause(InvalidOptionException e, Throwable cause) {
        e.initCause(cause);
        return e;
    }
}
