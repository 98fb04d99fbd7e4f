package io.github.anonymizer.core.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * What a completed {@link Pipeline} job did. {@code framesRead == framesWritten + droppedFrames +
 * failedFramesDropped}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param framesRead frames read from the source
 * @param framesWritten anonymized frames written to the sink (whole-masked ones included)
 * @param droppedFrames frames the pipeline dropped to keep up with a live source
 * @param sourceDroppedFrames frames a live source dropped itself before the pipeline read them
 * @param failedFramesMasked frames whose detection or filtering failed and that were written
 *     with the whole picture hidden ({@link FailurePolicy#MASK_WHOLE_FRAME})
 * @param failedFramesDropped frames whose detection or filtering failed and that were left out
 *     ({@link FailurePolicy#DROP_FRAME})
 * @param corruptFramesSkipped frames the source skipped because they were corrupt
 * @param tracks face tracks started (distinct track ids)
 * @param heldRegions regions hidden in frames where the detector had missed the face (forward hold)
 * @param backwardRegions regions hidden in frames before a face's first detection (backward hold)
 * @param wallTime time from the start of the job to its end
 */
public record PipelineResult(
        long framesRead,
        long framesWritten,
        long droppedFrames,
        long sourceDroppedFrames,
        long failedFramesMasked,
        long failedFramesDropped,
        long corruptFramesSkipped,
        long tracks,
        long heldRegions,
        long backwardRegions,
        Duration wallTime) {

    public PipelineResult {
        Objects.requireNonNull(wallTime, "wallTime");
    }

    /** Frames written per second of wall time. */
    public double framesPerSecond() {
        double s = wallTime.toNanos() / 1e9;
        return s > 0 ? framesWritten / s : 0;
    }
}
