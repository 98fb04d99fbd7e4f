package io.github.anonymizer.eval;

/**
 * WIDER FACE difficulty subsets. {@link #ALL} counts every valid face.
 *
 * <p>Immutable and thread-safe.
 */
public enum Difficulty {
    ALL,
    EASY,
    MEDIUM,
    HARD
}
