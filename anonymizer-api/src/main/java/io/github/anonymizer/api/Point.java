package io.github.anonymizer.api;

/**
 * A point in full-frame pixel coordinates, such as a facial landmark.
 *
 * <p>Immutable and thread-safe.
 *
 * @param x horizontal position in pixels
 * @param y vertical position in pixels
 */
public record Point(double x, double y) {

    public Point {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("point coordinates must be finite, got x=" + x + " y=" + y);
        }
    }

    /** This point with x multiplied by {@code sx} and y by {@code sy}. */
    public Point mapped(double sx, double sy) {
        return new Point(x * sx, y * sy);
    }

    /** This point moved by {@code (dx, dy)}. */
    public Point translated(double dx, double dy) {
        return new Point(x + dx, y + dy);
    }
}
