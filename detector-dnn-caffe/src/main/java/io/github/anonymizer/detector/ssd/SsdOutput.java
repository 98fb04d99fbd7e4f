package io.github.anonymizer.detector.ssd;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.DetectorException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes the usual SSD {@code DetectionOutput}: a {@code 1x1xNx7} float blob whose rows are
 * {@code [image, class, score, x1, y1, x2, y2]} with corners normalized to the network input.
 *
 * <p>Stateless and thread-safe.
 */
final class SsdOutput {

    /** Receives one decoded row. */
    @FunctionalInterface
    interface Sink {
        /**
         * @param score the score, in (0, 1]
         * @param x1 left edge, normalized
         * @param y1 top edge, normalized
         * @param x2 right edge, normalized
         * @param y2 bottom edge, normalized
         */
        void accept(double score, double x1, double y1, double x2, double y2);
    }

    /** How far above 1 a softmax score may round before it counts as invalid (it is then read as 1). */
    static final double SCORE_SLACK = 1e-4;

    private SsdOutput() {}

    /** Whether a blob has the SSD output shape {@code 1x1xNx7} (float). */
    static boolean isDetectionOutput(Mat out) {
        return out != null && !out.isNull() && out.dims() == 4 && out.size(0) == 1 && out.size(1) == 1
                && out.size(3) == 7 && out.depth() == opencv_core.CV_32F;
    }

    /** For messages: {@code "1x1x200x7 32F"}. */
    static String shape(Mat out) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < out.dims(); i++) {
            sb.append(i == 0 ? "" : "x").append(out.size(i));
        }
        return sb.append(" depth ").append(out.depth()).toString();
    }

    /**
     * Passes every row with {@code score >= minScore} (and above 0: OpenCV pads an empty output with
     * one row of score 0) to the sink. The input is one image, so the image column is not read.
     *
     * @throws DetectorException when the blob is not an SSD output or holds non-finite values
     */
    static void decode(String detectorId, Mat out, double minScore, Sink sink) {
        if (!isDetectionOutput(out)) {
            throw new DetectorException(detectorId, "the network output is " + shape(out)
                    + ", not an SSD detection output 1x1xNx7");
        }
        int rows = out.size(2);
        float[] v = new float[rows * 7];
        try (BytePointer data = out.data(); FloatPointer f = new FloatPointer(data)) {
            f.capacity(v.length).get(v);
        }
        for (int i = 0; i < rows; i++) {
            int o = i * 7;
            float score = v[o + 2];
            if (!(score > 0) || score < minScore) {
                continue; // also skips NaN
            }
            if (score > 1 + SCORE_SLACK || !Float.isFinite(v[o + 3]) || !Float.isFinite(v[o + 4])
                    || !Float.isFinite(v[o + 5]) || !Float.isFinite(v[o + 6])) {
                throw new DetectorException(detectorId, "the network produced an invalid detection row (score "
                        + score + ", box " + v[o + 3] + "," + v[o + 4] + "," + v[o + 5] + "," + v[o + 6] + ")");
            }
            sink.accept(Math.min(1, score), Math.min(v[o + 3], v[o + 5]), Math.min(v[o + 4], v[o + 6]),
                    Math.max(v[o + 3], v[o + 5]), Math.max(v[o + 4], v[o + 6]));
        }
    }

    /** A normalized box mapped onto a {@code width x height} area placed at {@code (dx, dy)}, then divided by {@code scale}. */
    static Box toPixels(double x1, double y1, double x2, double y2, double width, double height, double dx, double dy,
            double scale) {
        return Box.ofCorners((x1 * width + dx) / scale, (y1 * height + dy) / scale, (x2 * width + dx) / scale,
                (y2 * height + dy) / scale);
    }
}
