package io.github.anonymizer.core.track;

/**
 * How long a face stays hidden after the detector stops seeing it, and how tracks are matched.
 *
 * <p>Immutable and thread-safe. The constructor validates every field and names the one that is
 * wrong; the {@code with...} methods return modified copies.
 *
 * <h2>Defaults</h2>
 * {@link #forFrameRate(double)} scales the hold with the frame rate, so that it covers the same
 * time at 15, 30 or 60 fps: a forward hold of {@value #FORWARD_HOLD_SECONDS} s (6 frames at 29.97
 * fps), a backward hold of {@value #BACKWARD_HOLD_SECONDS} s (3 frames), matching at IoU
 * {@value #DEFAULT_IOU_THRESHOLD}, constant-velocity prediction, and held boxes grown by
 * {@value #DEFAULT_GROWTH_PER_FRAME} of their size per missed frame. Detectors lose a face for a
 * few frames at a time (motion blur, a head turning to profile, a hand passing); a hold much longer
 * than a fraction of a second mostly leaves masks hanging where a face has already left, which is
 * harmless for privacy but visible. Each missed frame is covered by a mask that is larger than the
 * last one seen, so a face that keeps moving stays inside it.
 *
 * @param forwardFrames frames after the last detection during which a lost face stays hidden
 *     ({@code >= 0}; 0 hides a face only in frames where it was detected)
 * @param backwardFrames frames before the first detection of a new face that are hidden too, at the
 *     place it was first seen ({@code >= 0}); a {@code Pipeline} delays its output by this many
 *     frames, so keep it small for live streams where latency matters
 * @param iouThreshold the lowest intersection-over-union, in {@code (0, 1]}, at which a detection
 *     continues an existing track
 * @param predictMotion whether a held face's box moves on at the velocity the track had
 * @param growthPerFrame how much a held box grows per missed frame, as a fraction of its size, in
 *     {@code [0, 1]}
 */
public record HoldSettings(
        int forwardFrames, int backwardFrames, double iouThreshold, boolean predictMotion, double growthPerFrame) {

    /** Forward hold used by {@link #forFrameRate(double)}, in seconds. */
    public static final double FORWARD_HOLD_SECONDS = 0.2;

    /** Backward hold used by {@link #forFrameRate(double)}, in seconds. */
    public static final double BACKWARD_HOLD_SECONDS = 0.1;

    /** Frame rate assumed when a stream does not say. */
    public static final double ASSUMED_FRAME_RATE = 30;

    public static final double DEFAULT_IOU_THRESHOLD = 0.3;

    public static final double DEFAULT_GROWTH_PER_FRAME = 0.05;

    /** Upper bound of either hold, in frames: the backward hold keeps that many frames in memory. */
    public static final int MAX_HOLD_FRAMES = 1000;

    public HoldSettings {
        if (forwardFrames < 0 || forwardFrames > MAX_HOLD_FRAMES) {
            throw new IllegalArgumentException(
                    "forward hold must be in [0, " + MAX_HOLD_FRAMES + "] frames, got " + forwardFrames);
        }
        if (backwardFrames < 0 || backwardFrames > MAX_HOLD_FRAMES) {
            throw new IllegalArgumentException(
                    "backward hold must be in [0, " + MAX_HOLD_FRAMES + "] frames, got " + backwardFrames);
        }
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("track IoU threshold must be in (0, 1], got " + iouThreshold);
        }
        if (!(growthPerFrame >= 0 && growthPerFrame <= 1)) {
            throw new IllegalArgumentException("hold growth per frame must be in [0, 1], got " + growthPerFrame);
        }
    }

    /**
     * The defaults for a stream of this frame rate (see the class comment); a rate of 0, negative or
     * not finite means unknown, and {@value #ASSUMED_FRAME_RATE} fps is assumed. Both holds are at
     * least one frame.
     */
    public static HoldSettings forFrameRate(double framesPerSecond) {
        double fps = framesPerSecond > 0 && Double.isFinite(framesPerSecond) ? framesPerSecond : ASSUMED_FRAME_RATE;
        int forward = (int) Math.min(MAX_HOLD_FRAMES, Math.max(1, Math.round(fps * FORWARD_HOLD_SECONDS)));
        int backward = (int) Math.min(MAX_HOLD_FRAMES, Math.max(1, Math.round(fps * BACKWARD_HOLD_SECONDS)));
        return new HoldSettings(forward, backward, DEFAULT_IOU_THRESHOLD, true, DEFAULT_GROWTH_PER_FRAME);
    }

    /** The defaults for an unknown frame rate: {@code forFrameRate(0)}. */
    public static HoldSettings defaults() {
        return forFrameRate(0);
    }

    /**
     * No temporal protection: faces are hidden only in frames where they are detected. Tracks
     * still get ids. For measurements and for applications that do their own tracking.
     */
    public static HoldSettings none() {
        return new HoldSettings(0, 0, DEFAULT_IOU_THRESHOLD, true, DEFAULT_GROWTH_PER_FRAME);
    }

    public HoldSettings withForwardFrames(int frames) {
        return new HoldSettings(frames, backwardFrames, iouThreshold, predictMotion, growthPerFrame);
    }

    public HoldSettings withBackwardFrames(int frames) {
        return new HoldSettings(forwardFrames, frames, iouThreshold, predictMotion, growthPerFrame);
    }

    public HoldSettings withIouThreshold(double threshold) {
        return new HoldSettings(forwardFrames, backwardFrames, threshold, predictMotion, growthPerFrame);
    }

    public HoldSettings withPredictMotion(boolean predict) {
        return new HoldSettings(forwardFrames, backwardFrames, iouThreshold, predict, growthPerFrame);
    }

    public HoldSettings withGrowthPerFrame(double growth) {
        return new HoldSettings(forwardFrames, backwardFrames, iouThreshold, predictMotion, growth);
    }
}
