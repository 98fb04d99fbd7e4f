package io.github.anonymizer.core.internal;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.github.anonymizer.api.UnsupportedFrameException;
import java.util.Objects;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Checks frame formats and converts frames to the 8-bit BGR that detectors take.
 *
 * <p>Stateless and thread-safe.
 */
public final class Frames {

    private Frames() {}

    /**
     * Rejects frames the library cannot process.
     *
     * @throws NullPointerException for null
     * @throws UnsupportedFrameException for an empty Mat, a depth other than 8U/16U, or a channel
     *     count other than 1, 3 or 4
     */
    public static void requireSupported(Mat frame) {
        Objects.requireNonNull(frame, "frame");
        if (frame.isNull() || frame.empty() || frame.cols() <= 0 || frame.rows() <= 0) {
            throw new UnsupportedFrameException("the frame is empty (0x0); a frame needs at least 1x1 pixels");
        }
        int depth = frame.depth();
        int channels = frame.channels();
        if ((depth != CV_8U && depth != CV_16U) || (channels != 1 && channels != 3 && channels != 4)) {
            throw new UnsupportedFrameException("unsupported frame type " + describe(frame)
                    + "; supported: 8-bit or 16-bit with 1 (gray), 3 (BGR) or 4 (BGRA) channels");
        }
        if (frame.dims() > 2) {
            throw new UnsupportedFrameException("unsupported frame with " + frame.dims() + " dimensions; frames are 2-D");
        }
    }

    /** For messages: {@code "640x480 8U C3"}. */
    public static String describe(Mat m) {
        String[] depths = {"8U", "8S", "16U", "16S", "32S", "32F", "64F", "16F"};
        int d = m.depth();
        return m.cols() + "x" + m.rows() + " " + (d >= 0 && d < depths.length ? depths[d] : "depth" + d) + " C" + m.channels();
    }

    /**
     * The frame as 8-bit BGR, resized to {@code width x height} when those are positive and differ
     * from the frame. Returns {@code frame} itself when nothing needs converting; otherwise writes
     * into {@code scratch1}/{@code scratch2} (owned by the caller and reused between frames) and
     * returns one of them.
     */
    public static Mat toDetectorInput(Mat frame, int width, int height, Mat scratch1, Mat scratch2) {
        Mat current = frame;
        if (current.depth() == CV_16U) {
            current.convertTo(scratch1, CV_8U, 1.0 / 257, 0);
            current = scratch1;
        }
        if (current.channels() != 3) {
            Mat dst = current == scratch1 ? scratch2 : scratch1;
            int code = current.channels() == 1 ? opencv_imgproc.COLOR_GRAY2BGR : opencv_imgproc.COLOR_BGRA2BGR;
            opencv_imgproc.cvtColor(current, dst, code);
            current = dst;
        }
        if (width > 0 && height > 0 && (width != current.cols() || height != current.rows())) {
            Mat dst = current == scratch1 ? scratch2 : scratch1;
            boolean shrinking = (long) width * height < (long) current.cols() * current.rows();
            try (Size size = new Size(width, height)) {
                opencv_imgproc.resize(current, dst, size, 0, 0,
                        shrinking ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR);
            }
            current = dst;
        }
        assert current.type() == CV_8UC3;
        return current;
    }
}
