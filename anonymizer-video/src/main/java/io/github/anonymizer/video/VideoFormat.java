package io.github.anonymizer.video;

import java.util.Objects;

/**
 * The shape of the frames given to a {@link VideoSink}: size, frame rate and display rotation.
 *
 * <p>Frames are always upright (as a viewer sees them). A non-zero {@code rotation} is written as
 * display metadata, with the pixels stored turned back by that angle, so that the output is stored
 * exactly like an input that carried the same rotation (phone videos).
 *
 * <p>Immutable and thread-safe.
 *
 * @param width upright frame width in pixels
 * @param height upright frame height in pixels
 * @param frameRate frames per second, e.g. {@code 30000/1001}
 * @param rotation clockwise degrees a player turns the stored picture to show it: 0, 90, 180 or 270
 */
public record VideoFormat(int width, int height, Rational frameRate, int rotation) {
    public VideoFormat {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("frame size must be at least 1x1, got " + width + "x" + height);
        }
        Objects.requireNonNull(frameRate, "frame rate");
        if (frameRate.num() <= 0) {
            throw new IllegalArgumentException("frame rate must be positive, got " + frameRate);
        }
        if (rotation != 0 && rotation != 90 && rotation != 180 && rotation != 270) {
            throw new IllegalArgumentException("rotation must be 0, 90, 180 or 270, got " + rotation);
        }
    }

    /** Upright frames with no rotation metadata. */
    public static VideoFormat of(int width, int height, Rational frameRate) {
        return new VideoFormat(width, height, frameRate, 0);
    }

    /** The width of the picture as stored in the file (swapped with the height for 90 and 270). */
    public int storedWidth() {
        return rotation % 180 == 0 ? width : height;
    }

    /** The height of the picture as stored in the file. */
    public int storedHeight() {
        return rotation % 180 == 0 ? height : width;
    }
}
