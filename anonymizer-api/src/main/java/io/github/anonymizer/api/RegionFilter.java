package io.github.anonymizer.api;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Hides one region of a frame: blur, pixelate, fill, replace, or draw a debug overlay.
 *
 * <p><b>Thread-safe</b>: one filter instance serves every worker thread, so implementations keep
 * no mutable state between calls (or confine it per thread).
 *
 * <p>The core calls {@link #apply} with {@code roi}, a view of the frame restricted to the region's
 * pixel rectangle. When {@link #masked()} is true (the default), the core keeps a copy of the
 * rectangle and afterwards restores every pixel outside the mask shape (blending at a feathered
 * edge), so a filter may simply process the whole rectangle and the mask shape is honoured for
 * every filter. Pixels outside the rectangle are never changed. The frame is 8 or 16 bits per
 * channel with 1 (gray), 3 (BGR) or 4 (BGRA) channels.
 */
public interface RegionFilter {

    /** A short id, for example {@code "blur"}, used in logs and command-line options. */
    String id();

    /**
     * Rewrites the pixels of {@code roi}.
     *
     * @param roi the region's pixels: a view into the frame; reading neighbouring frame pixels
     *     through it (as OpenCV filters do at borders) is allowed, writing outside it is not
     * @param region where the region lies and what it hides
     */
    void apply(Mat roi, FaceRegion region);

    /**
     * Whether the core must composite this filter's output through the mask shape. Overlays that
     * only draw outlines or text return {@code false}.
     */
    default boolean masked() {
        return true;
    }
}
