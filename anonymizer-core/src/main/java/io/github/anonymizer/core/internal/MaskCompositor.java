package io.github.anonymizer.core.internal;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;

/**
 * Restores the pixels outside a mask after a filter has rewritten a whole rectangle.
 *
 * <p>Pixels with alpha 0 get the saved original back byte for byte; pixels with alpha 255 keep
 * the filter's output; anything between (a feathered edge) is blended. Stateless and thread-safe;
 * every Mat it creates is closed before it returns.
 */
public final class MaskCompositor {

    private MaskCompositor() {}

    /**
     * @param roi the region after filtering (written in place)
     * @param original a copy of the region taken before filtering, same size and type
     * @param alpha row-major alpha, {@code roi.rows() * roi.cols()} values
     */
    public static void composite(Mat roi, Mat original, byte[] alpha) {
        int w = roi.cols();
        int h = roi.rows();
        boolean partial = false;
        boolean anyOutside = false;
        byte[] outside = new byte[alpha.length];
        for (int k = 0; k < alpha.length; k++) {
            int v = alpha[k] & 0xff;
            if (v == 0) {
                outside[k] = (byte) 255;
                anyOutside = true;
            } else if (v != 255) {
                partial = true;
            }
        }
        if (partial) {
            blend(roi, original, alpha);
        }
        if (anyOutside) {
            try (Mat mask = new Mat(h, w, CV_8UC1); BytePointer data = mask.data()) {
                data.put(outside);
                original.copyTo(roi, mask);
            }
        }
    }

    private static void blend(Mat roi, Mat original, byte[] alpha) {
        int w = roi.cols();
        int h = roi.rows();
        int channels = roi.channels();
        int type = roi.type();
        try (Mat a8 = new Mat(h, w, CV_8UC1);
                Mat a = new Mat();
                Mat aN = new Mat();
                MatVector planes = new MatVector(channels);
                Mat filtered = new Mat();
                Mat orig = new Mat();
                Mat diff = new Mat();
                Mat out = new Mat()) {
            try (BytePointer data = a8.data()) {
                data.put(alpha);
            }
            a8.convertTo(a, CV_32F, 1.0 / 255, 0);
            for (int c = 0; c < channels; c++) {
                planes.put(c, a);
            }
            opencv_core.merge(planes, aN);
            roi.convertTo(filtered, CV_32F);
            original.convertTo(orig, CV_32F);
            // out = orig + (filtered - orig) * alpha
            opencv_core.subtract(filtered, orig, diff);
            opencv_core.multiply(diff, aN, diff);
            opencv_core.add(orig, diff, out);
            out.convertTo(roi, type);
        }
    }
}
