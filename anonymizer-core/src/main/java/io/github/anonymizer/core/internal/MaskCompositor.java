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
 * the filter's output; anything between (a feathered edge) is blended. Hard-edged masks take the
 * fast path {@link #saveOutside} / {@link #restoreOutside}, which copies only the pixels outside
 * the mask. Thread-safe (the only state is a reusable per-thread Java buffer); every Mat it
 * creates is closed before it returns.
 */
public final class MaskCompositor {

    /** Per-thread buffer for {@link #saveOutside}, grown as needed and reused between frames. */
    private static final ThreadLocal<byte[]> OUTSIDE = ThreadLocal.withInitial(() -> new byte[0]);

    private MaskCompositor() {}

    /**
     * Saves the pixels of {@code roi} outside a hard-edged mask, given as the per-row runs of
     * {@link MaskGeometry#spans}, so that {@link #restoreOutside} can put them back after a filter
     * rewrote the whole rectangle. Copies only those pixels, row segment by row segment, into a
     * buffer of the calling thread that is reused from frame to frame (valid until this thread's
     * next call).
     */
    public static byte[] saveOutside(Mat roi, int[] spans) {
        long es = roi.elemSize();
        long w = roi.cols();
        long bytes = 0;
        for (int j = 0; j < roi.rows(); j++) {
            bytes += (w - (spans[2 * j + 1] - spans[2 * j])) * es;
        }
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("mask region too large: " + bytes + " bytes outside the mask");
        }
        byte[] buf = OUTSIDE.get();
        if (buf.length < bytes) {
            buf = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(bytes, buf.length * 3L / 2))];
            OUTSIDE.set(buf);
        }
        copyOutside(roi, spans, buf, true);
        return buf;
    }

    /** Writes back the pixels {@link #saveOutside} saved from the same {@code roi} and runs. */
    public static void restoreOutside(Mat roi, int[] spans, byte[] saved) {
        copyOutside(roi, spans, saved, false);
    }

    private static void copyOutside(Mat roi, int[] spans, byte[] buf, boolean save) {
        int es = (int) roi.elemSize();
        long step = roi.step();
        int w = roi.cols();
        int off = 0;
        try (BytePointer p = roi.data()) {
            for (int j = 0; j < roi.rows(); j++) {
                long row = j * step;
                int left = spans[2 * j] * es;
                int right = (w - spans[2 * j + 1]) * es;
                if (left > 0) {
                    p.position(row);
                    if (save) {
                        p.get(buf, off, left);
                    } else {
                        p.put(buf, off, left);
                    }
                    off += left;
                }
                if (right > 0) {
                    p.position(row + (long) spans[2 * j + 1] * es);
                    if (save) {
                        p.get(buf, off, right);
                    } else {
                        p.put(buf, off, right);
                    }
                    off += right;
                }
            }
        }
    }

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
