package io.github.anonymizer.core.track;

import io.github.anonymizer.api.Detection;
import java.util.Objects;

/**
 * One face to hide in one frame, as decided by a {@link HoldTracker}: either a detection of this
 * frame, or a face held from earlier frames that the detector missed in this one.
 *
 * <p>Immutable and thread-safe.
 *
 * @param trackId the track's id, {@code >= 0}, unique within one tracker (one video)
 * @param detection the detection to hide: this frame's own detection when {@code missedFrames == 0};
 *     for a held face, the last detection carried to where the face is expected now, enlarged
 * @param missedFrames 0 when detected in this frame, else the number of consecutive frames the
 *     detector has missed this face (1 for the first missed frame)
 * @param newTrack whether this frame's detection starts a new track (a face not seen in the
 *     previous frames, within the hold): the frames before it may deserve a backward hold
 */
public record TrackedFace(long trackId, Detection detection, int missedFrames, boolean newTrack) {

    public TrackedFace {
        Objects.requireNonNull(detection, "detection");
        if (trackId < 0) {
            throw new IllegalArgumentException("track id must be >= 0, got " + trackId);
        }
        if (missedFrames < 0) {
            throw new IllegalArgumentException("missed frames must be >= 0, got " + missedFrames);
        }
        if (newTrack && missedFrames > 0) {
            throw new IllegalArgumentException("a new track cannot have missed frames");
        }
    }

    /** Whether this face is held (missed by the detector in this frame). */
    public boolean held() {
        return missedFrames > 0;
    }
}
