package io.github.anonymizer.core.pipeline;

import io.github.anonymizer.api.FaceRegion;
import java.util.List;

/**
 * Sees what a {@link Pipeline} hid in each frame, just before the frame goes to the sink: for
 * reports (JSON of boxes per frame), metrics ({@link io.github.anonymizer.core.track.MaskLeaks})
 * and debugging.
 *
 * <p>Confined to the pipeline's writer thread: called in output order, one call at a time. An exception
 * thrown here fails the job.
 */
@FunctionalInterface
public interface RegionListener {

    /**
     * @param frame the frame, already anonymized; read it, but do not modify, close or keep it
     * @param regions the regions hidden, each with its track id (held faces included); when the
     *     whole frame was hidden after a failure, one region covering the frame with a {@code null}
     *     detection
     */
    void onFrame(VideoFrame frame, List<FaceRegion> regions);
}
