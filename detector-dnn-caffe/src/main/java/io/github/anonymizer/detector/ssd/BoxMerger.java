package io.github.anonymizer.detector.ssd;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges the detections of overlapping passes (tiles, pyramid levels, the whole-frame pass) into
 * one list. First, greedy non-maximum suppression by score over the boxes that are not cut by a
 * tile border: a box is dropped when its IoU with a kept box reaches the threshold. Then the cut
 * boxes (touching a side shared with another tile, so possibly half a face) are added unless they
 * overlap a kept box that much or lie mostly ({@value #CUT_COVERAGE} of their area) inside one. A
 * cut box with no better box around it is kept: it may be the only sign of a face.
 *
 * <p>Immutable and thread-safe (pure computation).
 */
final class BoxMerger {

    /** Share of a cut box's area inside a kept box from which the cut box is a duplicate. */
    static final double CUT_COVERAGE = 0.5;

    /** A detection and whether it touches an inner tile side. */
    record Candidate(Detection detection, boolean cut) {}

    private BoxMerger() {}

    static List<Detection> merge(List<Candidate> candidates, double iouThreshold) {
        Comparator<Candidate> byScore = Comparator.comparingDouble((Candidate c) -> c.detection().score()).reversed();
        List<Candidate> whole = new ArrayList<>();
        List<Candidate> cut = new ArrayList<>();
        for (Candidate c : candidates) {
            (c.cut() ? cut : whole).add(c);
        }
        whole.sort(byScore);
        cut.sort(byScore);
        List<Detection> kept = new ArrayList<>();
        for (Candidate c : whole) {
            if (!overlapsKept(c.detection().box(), kept, iouThreshold, false)) {
                kept.add(c.detection());
            }
        }
        for (Candidate c : cut) {
            if (!overlapsKept(c.detection().box(), kept, iouThreshold, true)) {
                kept.add(c.detection());
            }
        }
        return kept;
    }

    private static boolean overlapsKept(Box box, List<Detection> kept, double iouThreshold, boolean cut) {
        for (Detection k : kept) {
            if (box.iou(k.box()) >= iouThreshold) {
                return true;
            }
            if (cut && box.area() > 0 && box.intersection(k.box()).area() / box.area() >= CUT_COVERAGE) {
                return true;
            }
        }
        return false;
    }
}
