package io.github.anonymizer.eval;

import io.github.anonymizer.api.Box;
import java.util.Objects;
import java.util.Set;

/**
 * One annotated face.
 *
 * <p>Immutable and thread-safe.
 *
 * @param box the face box in image pixels
 * @param invalid WIDER's {@code invalid} flag: such a face never counts (neither hit nor miss)
 * @param subsets the difficulty subsets the face belongs to; {@link Difficulty#ALL} always, and
 *     EASY/MEDIUM/HARD when a {@code difficulty.txt} says so (when the set has no difficulty file,
 *     only ALL)
 */
public record GroundTruthFace(Box box, boolean invalid, Set<Difficulty> subsets) {
    public GroundTruthFace {
        Objects.requireNonNull(box, "box");
        subsets = Set.copyOf(subsets);
    }

    /** Whether the face counts when evaluating {@code subset}. */
    public boolean counts(Difficulty subset) {
        return !invalid && subsets.contains(subset);
    }
}
