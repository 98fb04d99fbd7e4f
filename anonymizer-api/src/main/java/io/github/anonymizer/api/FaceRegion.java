package io.github.anonymizer.api;

import java.util.Objects;

/**
 * One area of a frame that a {@link RegionFilter} hides: the pixel rectangle it may change and the
 * mask geometry that the core composites the filter's output through.
 *
 * <p>Immutable and thread-safe.
 *
 * @param x left edge of the pixel rectangle, inside the frame
 * @param y top edge of the pixel rectangle, inside the frame
 * @param width width of the pixel rectangle, {@code >= 1}
 * @param height height of the pixel rectangle, {@code >= 1}
 * @param maskBox the full mask box (the scaled face box), which may extend past the frame; the
 *     pixel rectangle is this box clipped to the frame
 * @param shape the mask shape
 * @param detection the detection this region hides, or {@code null} when it hides something that
 *     is not a single face (the whole frame after a detector failure in live mode)
 * @param trackId the id of the track this region belongs to in a video, or {@code -1}
 * @param frameWidth width of the whole frame
 * @param frameHeight height of the whole frame
 */
public record FaceRegion(
        int x,
        int y,
        int width,
        int height,
        Box maskBox,
        MaskShape shape,
        Detection detection,
        long trackId,
        int frameWidth,
        int frameHeight) {

    public FaceRegion {
        Objects.requireNonNull(maskBox, "maskBox");
        Objects.requireNonNull(shape, "shape");
        if (width < 1 || height < 1 || x < 0 || y < 0 || x + width > frameWidth || y + height > frameHeight) {
            throw new IllegalArgumentException("region " + width + "x" + height + "+" + x + "+" + y
                    + " does not lie inside the " + frameWidth + "x" + frameHeight + " frame");
        }
    }

    /** The pixel rectangle as a box. */
    public Box bounds() {
        return new Box(x, y, width, height);
    }
}
