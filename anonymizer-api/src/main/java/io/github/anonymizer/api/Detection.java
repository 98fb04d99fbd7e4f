package io.github.anonymizer.api;

import java.util.List;
import java.util.Objects;

/**
 * One face found by a detector.
 *
 * <p>Immutable and thread-safe. The constructor rejects a score outside {@code [0, 1]} (NaN
 * included): a detector that produces such a score is broken, and failing loudly is safer than
 * guessing whether the face should be hidden.
 *
 * @param box the face in full-frame pixels (may extend past the frame border)
 * @param score detector confidence in {@code [0, 1]}; one threshold means the same for every detector
 * @param landmarks facial landmarks in full-frame pixels, empty when the detector gives none. For
 *     five-point detectors (CenterFace, YuNet) the order is: the eye on the image's left, the other
 *     eye, the nose tip, the mouth corner on the image's left, the other mouth corner
 * @param detectorId the id of the detector that produced it (for example {@code "haar"})
 */
public record Detection(Box box, double score, List<Point> landmarks, String detectorId) {

    public Detection {
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(detectorId, "detectorId");
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException(
                    "detection score must be in [0, 1], got " + score + " from detector " + detectorId);
        }
        landmarks = landmarks == null ? List.of() : List.copyOf(landmarks);
    }

    /** A detection without landmarks. */
    public Detection(Box box, double score, String detectorId) {
        this(box, score, List.of(), detectorId);
    }

    /** This detection with box and landmarks multiplied by {@code (sx, sy)}. */
    public Detection mapped(double sx, double sy) {
        return new Detection(box.mapped(sx, sy), score, landmarks.stream().map(p -> p.mapped(sx, sy)).toList(), detectorId);
    }

    /** This detection with box and landmarks moved by {@code (dx, dy)}. */
    public Detection translated(double dx, double dy) {
        return new Detection(
                box.translated(dx, dy), score, landmarks.stream().map(p -> p.translated(dx, dy)).toList(), detectorId);
    }
}
