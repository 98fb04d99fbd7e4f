package io.github.anonymizer.filters;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An 8-bit sRGB colour for {@link SolidFillFilter} and {@link DebugOverlay}. Filters write it as
 * B, G, R on colour frames, as its {@linkplain #luminance() luminance} on gray frames, and scaled
 * by 257 (so that 255 becomes 65535) on 16-bit frames.
 *
 * <p>Immutable and thread-safe.
 *
 * @param red red, 0..255
 * @param green green, 0..255
 * @param blue blue, 0..255
 */
public record Rgb(int red, int green, int blue) {

    /** Black, {@code #000000}: the default of {@link SolidFillFilter}. */
    public static final Rgb BLACK = new Rgb(0, 0, 0);
    /** White, {@code #ffffff}. */
    public static final Rgb WHITE = new Rgb(255, 255, 255);
    /** Green, {@code #00ff00}: the default of {@link DebugOverlay}. */
    public static final Rgb GREEN = new Rgb(0, 255, 0);

    private static final Map<String, Rgb> NAMES = Map.of(
            "black", BLACK,
            "white", WHITE,
            "gray", new Rgb(128, 128, 128),
            "grey", new Rgb(128, 128, 128),
            "red", new Rgb(255, 0, 0),
            "green", GREEN,
            "blue", new Rgb(0, 0, 255));

    public Rgb {
        check("red", red);
        check("green", green);
        check("blue", blue);
    }

    private static void check(String name, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException(name + " must be in 0..255, was " + value);
        }
    }

    /**
     * Parses {@code "#rrggbb"}, {@code "rrggbb"} (hexadecimal), {@code "r,g,b"} (decimal, 0..255)
     * or one of the names black, white, gray, grey, red, green, blue (any case).
     *
     * @throws IllegalArgumentException naming the text and the accepted forms when it is none of these
     */
    public static Rgb parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip().toLowerCase(Locale.ROOT);
        Rgb named = NAMES.get(s);
        if (named != null) {
            return named;
        }
        try {
            if (s.contains(",")) {
                String[] parts = s.split(",", -1);
                if (parts.length == 3) {
                    return new Rgb(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()),
                            Integer.parseInt(parts[2].strip()));
                }
            } else {
                String hex = s.startsWith("#") ? s.substring(1) : s;
                if (hex.length() == 6 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    int v = Integer.parseInt(hex, 16);
                    return new Rgb((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
                }
            }
        } catch (IllegalArgumentException e) { // NumberFormatException or a component out of range
            throw invalid(text, ": " + e.getMessage(), e);
        }
        throw invalid(text, "", null);
    }

    private static IllegalArgumentException invalid(String text, String detail, Throwable cause) {
        return new IllegalArgumentException("colour '" + text + "' is invalid" + detail
                + "; expected #rrggbb, r,g,b (0..255) or a name ("
                + String.join(", ", NAMES.keySet().stream().sorted().toList()) + ")", cause);
    }

    /**
     * The luma that OpenCV's BGR-to-gray conversion gives this colour (ITU-R BT.601:
     * {@code 0.299 R + 0.587 G + 0.114 B}), unrounded, in 0..255.
     */
    public double luminance() {
        return 0.299 * red + 0.587 * green + 0.114 * blue;
    }

    /** This colour as {@code #rrggbb}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "#%02x%02x%02x", red, green, blue);
    }
}
