package io.github.anonymizer.api;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Finds faces in one frame.
 *
 * <p><b>Confined to one thread</b>: an instance may hold native state (an OpenCV cascade or
 * network, reusable buffers) that is not safe for concurrent use. Applications normally do not
 * call detectors directly: an {@code Anonymizer} keeps one instance per worker thread, created by
 * a {@link FaceDetectorFactory}. Whoever creates a detector closes it; {@link #close()} is
 * idempotent and {@link #detect} after {@code close()} throws {@link IllegalStateException}.
 *
 * <h2>Contract for implementations</h2>
 * <ul>
 *   <li>The input is an 8-bit, 3-channel BGR {@link Mat} ({@code CV_8UC3}) of any size from 1x1,
 *       continuous or a region of a larger Mat. Implementations must not modify it or keep a
 *       reference to it after returning.
 *   <li>Boxes and landmarks are returned in the input's pixel coordinates; they may extend past
 *       the border. Scores are in {@code [0, 1]}.
 *   <li>Only detections with {@code score >= minScore} need to be returned (returning more is
 *       allowed; the caller filters again).
 *   <li>A failure is reported as a {@link DetectorException}; never as an empty list.
 * </ul>
 */
public interface FaceDetector extends AutoCloseable {

    /** The id of this detector, as used in {@link Detection#detectorId()}. */
    String id();

    /**
     * Detects faces.
     *
     * @param bgr the frame, {@code CV_8UC3} BGR; not modified
     * @param minScore the lowest score the caller is interested in, in {@code [0, 1]}
     * @return the faces found, in no particular order; never null
     * @throws DetectorException when detection fails
     * @throws IllegalStateException after {@link #close()}
     */
    List<Detection> detect(Mat bgr, double minScore);

    /** Releases native state. Idempotent. */
    @Override
    void close();
}
