package io.github.anonymizer.core;

import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceRegion;
import java.util.List;

/**
 * What happened to one frame: the faces hidden, the masks applied to them, and the faces found but
 * deliberately left visible.
 *
 * <p>Immutable and thread-safe.
 *
 * @param hidden detections whose faces were hidden (score at or above the threshold, passing the
 *     size limits, regions and predicate), in full-frame pixels
 * @param regions the masks actually applied, one per hidden face that touches the frame (each
 *     carries its detection)
 * @param spared detections at or above the threshold that were left visible on purpose (outside
 *     the size limits or regions of interest, or refused by the predicate)
 */
public record FrameReport(List<Detection> hidden, List<FaceRegion> regions, List<Detection> spared) {
    public FrameReport {
        hidden = List.copyOf(hidden);
        regions = List.copyOf(regions);
        spared = List.copyOf(spared);
    }
}
