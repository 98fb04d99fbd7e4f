package io.github.anonymizer.core.pipeline;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A snapshot of a running {@link Pipeline}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param framesRead frames read from the source so far
 * @param framesWritten anonymized frames given to the sink so far
 * @param totalFrames the source's frame count when known in advance (files)
 * @param framesPerSecond frames written per second of wall time since the start
 * @param droppedFrames frames dropped to keep up with a live source (by the pipeline or the source)
 * @param failedFrames frames whose detection or filtering failed and that were masked whole or
 *     dropped under the {@link FailurePolicy}
 * @param corruptFramesSkipped frames the source skipped because they were corrupt
 * @param elapsed wall time since the start
 */
public record PipelineProgress(
        long framesRead,
        long framesWritten,
        OptionalLong totalFrames,
        double framesPerSecond,
        long droppedFrames,
        long failedFrames,
        long corruptFramesSkipped,
        Duration elapsed) {

    public PipelineProgress {
        Objects.requireNonNull(totalFrames, "totalFrames");
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
