package io.github.anonymizer.filters;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_MAKETYPE;
import static org.bytedeco.opencv.global.opencv_core.mixChannels;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.UnsupportedFrameException;
import java.util.Objects;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Pixel-format helpers shared by the filters: format checks, the colour part of a 4-channel
 * frame, colour values per depth.
 *
 * <p>Stateless and thread-safe. Methods that return a {@code Mat} return a new one the caller
 * owns (the filters call them inside a {@code PointerScope}).
 */
final class Pixels {

    private Pixels() {}

    /**
     * Checks that {@code roi} is a frame region the filters support and that it has the size of
     * {@code region}'s pixel rectangle.
     *
     * @throws UnsupportedFrameException when depth or channel count are unsupported
     * @throws IllegalArgumentException when the roi is empty or does not match the region
     */
    static void check(Mat roi, FaceRegion region) {
        Objects.requireNonNull(roi, "roi");
        Objects.requireNonNull(region, "region");
        if (roi.isNull() || roi.empty()) {
            throw new IllegalArgumentException("roi is empty or released; expected the " + region.width() + "x"
                    + region.height() + " pixels of the region");
        }
        checkFormat(roi, "frame");
        if (roi.cols() != region.width() || roi.rows() != region.height()) {
            throw new IllegalArgumentException("roi is " + roi.cols() + "x" + roi.rows() + " but the region is "
                    + region.width() + "x" + region.height() + "; pass the frame restricted to the region's rectangle");
        }
    }

    /** Throws {@link UnsupportedFrameException} unless {@code m} is 8U/16U with 1, 3 or 4 channels. */
    static void checkFormat(Mat m, String what) {
        int depth = m.depth();
        int channels = m.channels();
        if ((depth != CV_8U && depth != CV_16U) || (channels != 1 && channels != 3 && channels != 4)) {
            throw new UnsupportedFrameException(what + " has " + channels + " channel(s) of depth " + depthName(depth)
                    + "; supported: 8-bit or 16-bit unsigned (CV_8U, CV_16U) with 1 (gray), 3 (BGR) or 4 (BGRA) channels");
        }
    }

    static String depthName(int depth) {
        return switch (depth) {
            case 0 -> "CV_8U";
            case 1 -> "CV_8S";
            case 2 -> "CV_16U";
            case 3 -> "CV_16S";
            case 4 -> "CV_32S";
            case 5 -> "CV_32F";
            case 6 -> "CV_64F";
            case 7 -> "CV_16F";
            default -> "#" + depth;
        };
    }

    /** The number of colour channels a frame with {@code channels} channels has: 1 (gray) or 3. */
    static int colourChannels(int channels) {
        return channels == 1 ? 1 : 3;
    }

    /** The largest value of a channel: 255 for 8-bit, 65535 for 16-bit. */
    static double maxValue(int depth) {
        return depth == CV_16U ? 65535 : 255;
    }

    /**
     * A new Mat with the colour channels of {@code roi}: a copy for gray and BGR, the BGR part of a
     * BGRA frame. Filters work on it and write it back with {@link #writeColour}; the copy also
     * keeps them from reading pixels outside the region.
     */
    static Mat colourCopy(Mat roi) {
        Mat copy = new Mat();
        if (roi.channels() == 4) {
            cvtColor(roi, copy, COLOR_BGRA2BGR);
        } else {
            roi.copyTo(copy);
        }
        return copy;
    }

    /**
     * Writes {@code colour} (as made by {@link #colourCopy}, same size and depth) into {@code roi}
     * in place: all channels for gray and BGR, channels 0..2 for BGRA (alpha stays as it was).
     */
    static void writeColour(Mat colour, Mat roi) {
        if (colour.cols() != roi.cols() || colour.rows() != roi.rows() || colour.depth() != roi.depth()
                || colour.channels() != colourChannels(roi.channels())) {
            // copyTo would silently reallocate the roi and detach it from the frame: never let that happen
            throw new IllegalStateException("internal error: result " + colour.cols() + "x" + colour.rows() + "x"
                    + colour.channels() + " does not match roi " + roi.cols() + "x" + roi.rows() + "x" + roi.channels());
        }
        if (roi.channels() == 4) {
            mixChannels(colour, 1, roi, 1, new int[] {0, 0, 1, 1, 2, 2}, 3);
        } else {
            colour.copyTo(roi);
        }
    }

    /** {@code colour} as a pixel value of a frame with this depth and colour-channel count (1 or 3). */
    static Scalar scalar(Rgb colour, int depth, int colourChannels) {
        double k = depth == CV_16U ? 257 : 1;
        if (colourChannels == 1) {
            double v = Math.round(colour.luminance() * k);
            return new Scalar(v, v, v, 0);
        }
        return new Scalar(colour.blue() * k, colour.green() * k, colour.red() * k, 0);
    }

    /**
     * A new Mat with {@code src}'s pixels converted to {@code depth} (8U/16U, scaled by 257) and
     * {@code colourChannels} channels (1 gray or 3 BGR; alpha is dropped).
     */
    static Mat convert(Mat src, int depth, int colourChannels) {
        Mat channelsDone = new Mat();
        int code = switch (src.channels() * 10 + colourChannels) {
            case 11, 33 -> -1;
            case 13 -> COLOR_GRAY2BGR;
            case 31 -> COLOR_BGR2GRAY;
            case 41 -> COLOR_BGRA2GRAY;
            case 43 -> COLOR_BGRA2BGR;
            default -> throw new IllegalArgumentException(
                    "cannot convert " + src.channels() + " channels to " + colourChannels);
        };
        if (code < 0) {
            src.copyTo(channelsDone);
        } else {
            cvtColor(src, channelsDone, code);
        }
        if (src.depth() == depth) {
            return channelsDone;
        }
        Mat out = new Mat();
        double scale = depth == CV_16U ? 257.0 : 1.0 / 257.0;
        channelsDone.convertTo(out, CV_MAKETYPE(depth, colourChannels), scale, 0);
        channelsDone.close();
        return out;
    }

    /**
     * The smaller side of the face the region hides: of the mask box when it has an area (so that a
     * face cut by the frame border is hidden as strongly as a whole one), else of the pixel rectangle.
     */
    static double faceSide(FaceRegion region) {
        Box m = region.maskBox();
        double side = Math.min(m.width(), m.height());
        return side >= 1 ? side : Math.min(region.width(), region.height());
    }
}
