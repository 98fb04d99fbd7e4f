package io.github.anonymizer.testing;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores detections against ground-truth boxes, for tests that assert detection quality.
 *
 * <p>Stateless and thread-safe.
 */
public final class FaceMatching {

    private FaceMatching() {}

    /**
     * How many ground-truth faces are found: detections, best score first, are matched one-to-one
     * to the unmatched face with the highest IoU, if that IoU is at least {@code minIou}.
     */
    public static int found(List<Box> truth, List<Detection> detections, double minIou) {
        List<Detection> sorted = new ArrayList<>(detections);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        boolean[] matched = new boolean[truth.size()];
        int found = 0;
        for (Detection d : sorted) {
            int best = -1;
            double bestIou = minIou;
            for (int g = 0; g < truth.size(); g++) {
                double iou = matched[g] ? -1 : d.box().iou(truth.get(g));
                if (iou >= bestIou) {
                    bestIou = iou;
                    best = g;
                }
            }
            if (best >= 0) {
                matched[best] = true;
                found++;
            }
        }
        return found;
    }

    /**
     * The fraction of {@code face}'s pixels (pixel centres of the integer grid cells the box
     * touches) inside at least one ellipse inscribed in a detection box scaled by {@code maskScale}
     * about its centre: the geometry of the default ellipse mask.
     */
    public static double ellipseCoverage(Box face, List<Detection> detections, double maskScale) {
        List<Box> masks = detections.stream().map(d -> d.box().scaledAboutCenter(maskScale)).toList();
        int x0 = (int) Math.floor(face.x());
        int y0 = (int) Math.floor(face.y());
        int x1 = (int) Math.ceil(face.x2());
        int y1 = (int) Math.ceil(face.y2());
        long inside = 0;
        long all = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                all++;
                double px = x + 0.5;
                double py = y + 0.5;
                for (Box m : masks) {
                    double u = (px - m.centerX()) / (m.width() / 2);
                    double v = (py - m.centerY()) / (m.height() / 2);
                    if (u * u + v * v <= 1) {
                        inside++;
                        break;
                    }
                }
            }
        }
        return all == 0 ? 0 : (double) inside / all;
    }

    /** How many of {@code truth} have {@link #ellipseCoverage} of at least {@code minCoverage}. */
    public static int covered(List<Box> truth, List<Detection> detections, double maskScale, double minCoverage) {
        int n = 0;
        for (Box face : truth) {
            if (ellipseCoverage(face, detections, maskScale) >= minCoverage) {
                n++;
            }
        }
        return n;
    }
}
