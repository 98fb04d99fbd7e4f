package io.github.anonymizer.core.pipeline;

/**
 * What a {@link Pipeline} does with a frame whose detection or filtering failed. Whatever the
 * policy, such a frame is never written with its faces visible, and every use of the policy is
 * counted in the {@link PipelineResult} and {@link PipelineProgress}.
 *
 * <p>Immutable and thread-safe.
 */
public enum FailurePolicy {

    /**
     * The whole job fails with a {@link PipelineException} naming the frame; the sink is closed
     * without {@code finish()}, so a file sink leaves no output. The default for files.
     */
    FAIL,

    /**
     * The frame is written with the whole picture hidden by the anonymizer's filter
     * ({@code Anonymizer.hideWholeFrame}). The default for live sources, where a stream must go
     * on. If hiding the whole frame fails too, the job fails.
     */
    MASK_WHOLE_FRAME,

    /** The frame is left out of the output. */
    DROP_FRAME
}
