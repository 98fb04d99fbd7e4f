package io.github.anonymizer.eval;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MaskShape;
import io.github.anonymizer.api.MediaException;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.FrameReport;
import io.github.anonymizer.core.internal.MaskGeometry;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The quality harness: runs an {@link Anonymizer} (any detector, filter, mask and detection size)
 * over a {@link GroundTruthSet} and measures precision, recall and AP at IoU 0.5 and the hidden-face
 * rate: the share of ground-truth faces whose box is at least {@value #HIDDEN_COVERAGE} covered by
 * the masks the anonymizer actually applied. On sets with WIDER difficulty subsets every subset is
 * reported; faces outside a subset, and WIDER's invalid faces, are ignored.
 *
 * <p>AP is computed from every detection at or above {@link #AP_FLOOR} (the whole precision-recall
 * curve); precision, recall and the hidden-face rate at the anonymizer's own threshold.
 *
 * <p>Stateless and thread-safe; an evaluation runs on the calling thread.
 */
public final class Evaluator {

    /** Coverage from which a face counts as hidden. */
    public static final double HIDDEN_COVERAGE = 0.8;

    /** Lowest score kept for the AP curve. */
    public static final double AP_FLOOR = 0.01;

    private Evaluator() {}

    /** Evaluates at IoU 0.5. */
    public static EvaluationReport evaluate(Anonymizer anonymizer, GroundTruthSet set) {
        return evaluate(anonymizer, set, 0.5);
    }

    /**
     * Evaluates.
     *
     * @param iouThreshold the IoU from which a detection matches a face (0.5 is standard; 0.3 suits
     *     the tight dlib boxes)
     * @throws MediaException naming an image that is missing or cannot be decoded
     */
    public static EvaluationReport evaluate(Anonymizer anonymizer, GroundTruthSet set, double iouThreshold) {
        List<Difficulty> subsets = set.hasDifficulties() ? List.of(Difficulty.values()) : List.of(Difficulty.ALL);
        Map<Difficulty, Metrics> metrics = new EnumMap<>(Difficulty.class);
        for (Difficulty d : subsets) {
            metrics.put(d, new Metrics(d, iouThreshold, anonymizer.threshold()));
        }
        long nanos = 0;
        int timed = 0;
        boolean warm = false;
        for (GroundTruthSet.GroundTruthImage image : set.images()) {
            if (!Files.isRegularFile(image.file())) {
                throw new MediaException(image.file(), "image listed in " + set.folder().resolve("gt.txt") + " is missing");
            }
            try (Mat frame = opencv_imgcodecs.imread(image.file().toString(), opencv_imgcodecs.IMREAD_COLOR)) {
                if (frame.empty()) {
                    throw new MediaException(image.file(), "cannot be decoded as an image");
                }
                List<Detection> all = anonymizer.detections(frame, Math.min(AP_FLOOR, anonymizer.threshold()));
                if (!warm) {
                    try (Mat warmup = frame.clone()) {
                        anonymizer.processInPlace(warmup);
                    }
                    warm = true;
                }
                long t0 = System.nanoTime();
                FrameReport report = anonymizer.processInPlace(frame);
                nanos += System.nanoTime() - t0;
                timed++;
                int w = frame.cols();
                int h = frame.rows();
                double[] coverage = coverage(image.faces(), report.regions(), w, h, anonymizer.feather());
                double[] asBoxes = coverage(image.faces(), reshaped(report.regions(), MaskShape.BOX), w, h, 0);
                double[] asEllipses = coverage(image.faces(), reshaped(report.regions(), MaskShape.ELLIPSE), w, h, 0);
                for (Metrics m : metrics.values()) {
                    m.add(image.faces(), all, coverage, asBoxes, asEllipses);
                }
            }
        }
        List<Metrics.Result> results = new ArrayList<>();
        for (Difficulty d : subsets) {
            results.add(metrics.get(d).result());
        }
        String settings = String.format(Locale.ROOT, "threshold %.2f, %s mask x%.2f, IoU %.2f", anonymizer.threshold(),
                anonymizer.maskShape().name().toLowerCase(Locale.ROOT), anonymizer.maskScale(), iouThreshold);
        return new EvaluationReport(set.folder().getFileName().toString(), anonymizer.detectorDescription(), settings,
                set.images().size(), timed == 0 ? 0 : nanos / 1e6 / timed, results);
    }

    private static List<FaceRegion> reshaped(List<FaceRegion> regions, MaskShape shape) {
        return regions.stream().map(r -> new FaceRegion(r.x(), r.y(), r.width(), r.height(), r.maskBox(), shape,
                r.detection(), r.trackId(), r.frameWidth(), r.frameHeight())).toList();
    }

    /**
     * The hidden-face rate measured on pixels instead of mask geometry: the share of counted faces
     * (subset ALL) of which at least {@value #HIDDEN_COVERAGE} of the box's pixels differ between the
     * input and the anonymized output. Independent of how masks are computed, so it cross-checks
     * {@link #evaluate}; use a filter that changes every pixel it touches (a solid fill in a colour
     * absent from the faces).
     */
    public static double hiddenRateByPixels(Anonymizer anonymizer, GroundTruthSet set) {
        int faces = 0;
        int hidden = 0;
        for (GroundTruthSet.GroundTruthImage image : set.images()) {
            try (Mat frame = opencv_imgcodecs.imread(image.file().toString(), opencv_imgcodecs.IMREAD_COLOR);
                    Mat out = frame.clone()) {
                if (frame.empty()) {
                    throw new MediaException(image.file(), "cannot be decoded as an image");
                }
                anonymizer.processInPlace(out);
                for (GroundTruthFace f : image.faces()) {
                    if (f.counts(Difficulty.ALL)) {
                        faces++;
                        if (changedFraction(frame, out, f.box()) >= HIDDEN_COVERAGE) {
                            hidden++;
                        }
                    }
                }
            }
        }
        return faces == 0 ? 0 : (double) hidden / faces;
    }

    /** The fraction of the box's pixels (clipped to the frame) in which any channel differs. */
    public static double changedFraction(Mat before, Mat after, Box box) {
        int w = before.cols();
        int x1 = (int) Math.max(0, Math.floor(box.x()));
        int y1 = (int) Math.max(0, Math.floor(box.y()));
        int x2 = (int) Math.min(w, Math.ceil(box.x2()));
        int y2 = (int) Math.min(before.rows(), Math.ceil(box.y2()));
        if (x2 <= x1 || y2 <= y1) {
            return 0;
        }
        int ch = before.channels();
        int total = 0;
        int changed = 0;
        try (UByteIndexer ia = before.createIndexer(); UByteIndexer ib = after.createIndexer()) {
            for (int y = y1; y < y2; y++) {
                for (int x = x1; x < x2; x++) {
                    boolean diff = false;
                    for (int c = 0; c < ch; c++) {
                        diff |= ia.get(y, x, c) != ib.get(y, x, c);
                    }
                    total++;
                    if (diff) {
                        changed++;
                    }
                }
            }
        }
        return (double) changed / total;
    }

    /**
     * For each face, the fraction of its box (clipped to the frame) covered by the union of the
     * masks; a feathered pixel counts when its alpha is at least one half.
     */
    public static double[] coverage(List<GroundTruthFace> faces, List<FaceRegion> regions, int width, int height,
            double feather) {
        boolean[] covered = new boolean[width * height];
        for (FaceRegion r : regions) {
            byte[] alpha = MaskGeometry.alpha(r, feather);
            for (int j = 0; j < r.height(); j++) {
                for (int i = 0; i < r.width(); i++) {
                    if (alpha == null || (alpha[j * r.width() + i] & 0xff) >= 128) {
                        covered[(r.y() + j) * width + r.x() + i] = true;
                    }
                }
            }
        }
        double[] out = new double[faces.size()];
        for (int g = 0; g < faces.size(); g++) {
            Box b = faces.get(g).box();
            int x1 = (int) Math.max(0, Math.floor(b.x()));
            int y1 = (int) Math.max(0, Math.floor(b.y()));
            int x2 = (int) Math.min(width, Math.ceil(b.x2()));
            int y2 = (int) Math.min(height, Math.ceil(b.y2()));
            int total = 0;
            int hit = 0;
            for (int y = y1; y < y2; y++) {
                for (int x = x1; x < x2; x++) {
                    total++;
                    if (covered[y * width + x]) {
                        hit++;
                    }
                }
            }
            out[g] = total == 0 ? 0 : (double) hit / total;
        }
        return out;
    }
}
