package io.github.anonymizer.core.image;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;

/**
 * Pixel-layout operations used by the reader: turning an image upright by its EXIF orientation,
 * and bringing decoded layouts into {8U, 16U} x {1, 3, 4 channels}.
 *
 * <p>Stateless and thread-safe.
 */
final class MatOps {

    private MatOps() {}

    /**
     * The image as displayed for an EXIF/TIFF orientation value (1..8): 2 mirrors left-right,
     * 3 turns 180 degrees, 4 mirrors top-bottom, 5 transposes, 6 turns 90 degrees clockwise,
     * 7 transposes across the other diagonal, 8 turns 90 degrees counter-clockwise.
     *
     * @return a new Mat owned by the caller, or {@code src} itself for orientation 1 (and any
     *     value outside 2..8)
     */
    static Mat upright(Mat src, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return src;
        }
        Mat dst = new Mat();
        try {
            switch (orientation) {
                case 2:
                    opencv_core.flip(src, dst, 1);
                    break;
                case 3:
                    opencv_core.rotate(src, dst, opencv_core.ROTATE_180);
                    break;
                case 4:
                    opencv_core.flip(src, dst, 0);
                    break;
                case 5:
                    opencv_core.transpose(src, dst);
                    break;
                case 6:
                    opencv_core.rotate(src, dst, opencv_core.ROTATE_90_CLOCKWISE);
                    break;
                case 7:
                    try (Mat t = new Mat()) {
                        opencv_core.transpose(src, t);
                        opencv_core.flip(t, dst, -1);
                    }
                    break;
                default: // 8
                    opencv_core.rotate(src, dst, opencv_core.ROTATE_90_COUNTERCLOCKWISE);
                    break;
            }
            return dst;
        } catch (RuntimeException e) {
            dst.close();
            throw e;
        }
    }

    /**
     * Brings a decoded image into a layout the library processes: 8U or 16U with 1, 3 or 4
     * channels. Two channels (gray + alpha) become BGRA.
     *
     * @return {@code src} itself when it already fits, else a new Mat owned by the caller
     * @throws IllegalArgumentException naming the layout when it cannot be converted without
     *     guessing (signed, 32-bit or floating-point samples; more than 4 channels)
     */
    static Mat normalizeLayout(Mat src) {
        int depth = src.depth();
        int channels = src.channels();
        if (depth != CV_8U && depth != CV_16U) {
            throw new IllegalArgumentException("unsupported sample type " + depthName(depth)
                    + "; supported: 8-bit or 16-bit unsigned samples");
        }
        if (channels == 1 || channels == 3 || channels == 4) {
            return src;
        }
        if (channels == 2) {
            try (MatVector planes = new MatVector(); MatVector bgra = new MatVector(4)) {
                opencv_core.split(src, planes);
                Mat gray = planes.get(0);
                bgra.put(0, gray);
                bgra.put(1, gray);
                bgra.put(2, gray);
                bgra.put(3, planes.get(1));
                Mat dst = new Mat();
                opencv_core.merge(bgra, dst);
                return dst;
            }
        }
        throw new IllegalArgumentException("unsupported number of channels: " + channels
                + "; supported: 1 (gray), 2 (gray + alpha), 3 (BGR) or 4 (BGRA)");
    }

    static String depthName(int depth) {
        String[] names = {"8U", "8S", "16U", "16S", "32S", "32F", "64F", "16F"};
        return depth >= 0 && depth < names.length ? names[depth] : "depth " + depth;
    }

    /** For messages: {@code "640x480 8U C3"}. */
    static String describe(Mat m) {
        return m.cols() + "x" + m.rows() + " " + depthName(m.depth()) + " C" + m.channels();
    }
}
