package io.github.anonymizer.eval;

import io.github.anonymizer.api.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Accumulates detection quality for one difficulty subset over many images: PASCAL VOC matching at
 * an IoU threshold (greedy by score; a detection whose best ground-truth match does not count in
 * the subset is ignored, neither hit nor false positive), all-point interpolated AP, precision and
 * recall at the operating threshold, and the hidden-face rate.
 *
 * <p>Confined to one thread.
 */
public final class Metrics {

    private final Difficulty subset;
    private final double iouThreshold;
    private final double operatingThreshold;
    private final List<double[]> scored = new ArrayList<>(); // {score, 1 if TP else 0}
    private int faces;
    private int hiddenFaces;
    private int hiddenBox;
    private int hiddenEllipse;
    private int tpAtThreshold;
    private int fpAtThreshold;

    public Metrics(Difficulty subset, double iouThreshold, double operatingThreshold) {
        this.subset = subset;
        this.iouThreshold = iouThreshold;
        this.operatingThreshold = operatingThreshold;
    }

    /**
     * Adds one image.
     *
     * @param truth the image's faces
     * @param detections every detection to score for AP (any score)
     * @param coverage per ground-truth face, the fraction of its box covered by the applied masks
     */
    public void add(List<GroundTruthFace> truth, List<Detection> detections, double[] coverage) {
        add(truth, detections, coverage, coverage, coverage);
    }

    /**
     * Adds one image, with the coverage the same regions would give as box and as ellipse masks, so
     * one run reports the hidden-face rate for both shapes.
     */
    public void add(List<GroundTruthFace> truth, List<Detection> detections, double[] coverage, double[] asBoxes,
            double[] asEllipses) {
        for (int g = 0; g < truth.size(); g++) {
            if (truth.get(g).counts(subset)) {
                faces++;
                if (coverage[g] >= Evaluator.HIDDEN_COVERAGE) {
                    hiddenFaces++;
                }
                if (asBoxes[g] >= Evaluator.HIDDEN_COVERAGE) {
                    hiddenBox++;
                }
                if (asEllipses[g] >= Evaluator.HIDDEN_COVERAGE) {
                    hiddenEllipse++;
                }
            }
        }
        List<Detection> sorted = new ArrayList<>(detections);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        boolean[] matched = new boolean[truth.size()];
        for (Detection d : sorted) {
            int best = -1;
            double bestIou = 0;
            for (int g = 0; g < truth.size(); g++) {
                double iou = d.box().iou(truth.get(g).box());
                if (iou > bestIou) {
                    bestIou = iou;
                    best = g;
                }
            }
            boolean tp;
            if (best >= 0 && bestIou >= iouThreshold) {
                if (!truth.get(best).counts(subset)) {
                    continue; // matched an ignored face
                }
                tp = !matched[best];
                matched[best] = true;
            } else {
                tp = false;
            }
            scored.add(new double[] {d.score(), tp ? 1 : 0});
            if (d.score() >= operatingThreshold) {
                if (tp) {
                    tpAtThreshold++;
                } else {
                    fpAtThreshold++;
                }
            }
        }
    }

    /** The figures so far. */
    public Result result() {
        List<double[]> s = new ArrayList<>(scored);
        s.sort((a, b) -> Double.compare(b[0], a[0]));
        int n = s.size();
        double[] precision = new double[n];
        double[] recall = new double[n];
        int tp = 0;
        for (int i = 0; i < n; i++) {
            tp += (int) s.get(i)[1];
            precision[i] = (double) tp / (i + 1);
            recall[i] = faces == 0 ? 0 : (double) tp / faces;
        }
        // all-point interpolation: precision envelope, area under the step curve
        for (int i = n - 2; i >= 0; i--) {
            precision[i] = Math.max(precision[i], precision[i + 1]);
        }
        double ap = 0;
        double prevRecall = 0;
        for (int i = 0; i < n; i++) {
            ap += (recall[i] - prevRecall) * precision[i];
            prevRecall = recall[i];
        }
        int det = tpAtThreshold + fpAtThreshold;
        return new Result(subset, faces, tpAtThreshold, fpAtThreshold,
                det == 0 ? 0 : (double) tpAtThreshold / det,
                faces == 0 ? 0 : (double) tpAtThreshold / faces,
                ap,
                hiddenFaces,
                faces == 0 ? 0 : (double) hiddenFaces / faces,
                faces == 0 ? 0 : (double) hiddenBox / faces,
                faces == 0 ? 0 : (double) hiddenEllipse / faces);
    }

    /**
     * Quality figures for one subset. Immutable.
     *
     * @param subset the difficulty subset
     * @param faces ground-truth faces that count
     * @param truePositives matched detections at or above the operating threshold
     * @param falsePositives unmatched detections at or above the operating threshold
     * @param precision at the operating threshold
     * @param recall at the operating threshold
     * @param averagePrecision VOC all-point AP over every scored detection
     * @param hiddenFaces faces whose box is covered at least {@value Evaluator#HIDDEN_COVERAGE} by the masks
     * @param hiddenRate {@code hiddenFaces / faces}: the privacy number, with the masks as applied
     * @param hiddenRateBox the hidden-face rate the same detections give with box masks
     * @param hiddenRateEllipse the hidden-face rate the same detections give with (hard) ellipse masks
     */
    public record Result(Difficulty subset, int faces, int truePositives, int falsePositives, double precision,
            double recall, double averagePrecision, int hiddenFaces, double hiddenRate, double hiddenRateBox,
            double hiddenRateEllipse) {}
}
