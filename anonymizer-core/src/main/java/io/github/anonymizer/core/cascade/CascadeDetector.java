package io.github.anonymizer.core.cascade;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.DetectorException;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.core.internal.Frames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * One thread's cascade detector: its own {@link CascadeClassifier} plus reusable scratch images.
 *
 * <p><b>Confined to one thread.</b> Converts the BGR frame to grey (equalized by default) into a
 * reused buffer, runs {@code detectMultiScale3} with {@code outputRejectLevels = true} and maps each
 * group's level weight to a score with {@link CascadeScore}. With {@link CascadeSettings#mirror()}
 * it also runs on the mirrored grey image, maps those boxes back and merges both sets, suppressing
 * a box that overlaps a higher-scored one by IoU &gt; {@value #MIRROR_MERGE_IOU}. Detections are
 * returned best score first (ties by position), so repeated runs give equal lists.
 */
final class CascadeDetector implements FaceDetector {

    /** Boxes from the two orientations overlapping more than this are one face. */
    static final double MIRROR_MERGE_IOU = 0.5;

    /**
     * Best score first, ties by position: OpenCV's parallel scan returns groups in a varying order,
     * and results should not.
     */
    static final Comparator<Detection> ORDER = Comparator.comparingDouble(Detection::score).reversed()
            .thenComparingDouble(d -> d.box().x()).thenComparingDouble(d -> d.box().y())
            .thenComparingDouble(d -> d.box().width()).thenComparingDouble(d -> d.box().height());

    private final String id;
    private final CascadeClassifier classifier;
    private final CascadeScore score;
    private final CascadeSettings settings;
    private final int minWidth;
    private final int minHeight;
    private final Mat gray = new Mat();
    private final Mat mirrored = new Mat();
    private final RectVector rects = new RectVector();
    private final Size minSize;
    private final Size maxSize;
    private boolean closed;

    CascadeDetector(String id, CascadeClassifier classifier, CascadeModel model, CascadeSettings settings) {
        this.id = id;
        this.classifier = classifier;
        this.score = model.score();
        this.settings = settings;
        this.minWidth = Math.max(model.windowWidth(), settings.minSize());
        this.minHeight = Math.max(model.windowHeight(), settings.minSize());
        this.minSize = new Size(settings.minSize(), settings.minSize());
        this.maxSize = new Size(settings.maxSize(), settings.maxSize());
    }

    @Override
    public String id() {
        return id;
    }

    /**
     * {@inheritDoc}
     *
     * @throws NullPointerException when {@code bgr} is null
     * @throws IllegalArgumentException when {@code bgr} is empty or not {@code CV_8UC3}, or
     *     {@code minScore} is not in {@code [0, 1]}
     */
    @Override
    public List<Detection> detect(Mat bgr, double minScore) {
        Objects.requireNonNull(bgr, "bgr");
        if (closed) {
            throw new IllegalStateException("detector '" + id + "' is closed");
        }
        if (bgr.isNull() || bgr.empty()) {
            throw new IllegalArgumentException("detector '" + id + "': the frame is empty; expected a CV_8UC3 BGR image");
        }
        if (bgr.type() != CV_8UC3) {
            throw new IllegalArgumentException("detector '" + id + "': expected a CV_8UC3 BGR frame, got "
                    + Frames.describe(bgr));
        }
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("detector '" + id + "': minScore must be in [0, 1], got " + minScore);
        }
        int width = bgr.cols();
        int height = bgr.rows();
        if (width < minWidth || height < minHeight) {
            return List.of(); // no window fits: OpenCV would scan nothing
        }
        try {
            cvtColor(bgr, gray, COLOR_BGR2GRAY);
            if (settings.equalizeHistogram()) {
                equalizeHist(gray, gray);
            }
            List<Detection> found = new ArrayList<>();
            scan(gray, -1, found);
            if (settings.mirror()) {
                flip(gray, mirrored, 1);
                scan(mirrored, width, found);
                found = suppressOverlaps(found);
            }
            found.removeIf(d -> d.score() < minScore);
            found.sort(ORDER);
            return found;
        } catch (RuntimeException e) {
            throw new DetectorException(id, "detection failed on a " + width + "x" + height + " frame: " + e.getMessage(), e);
        }
    }

    /** Runs the cascade on {@code image}; {@code mirrorWidth >= 0} maps boxes back from a mirrored image of that width. */
    private void scan(Mat image, int mirrorWidth, List<Detection> out) {
        try (IntPointer levels = new IntPointer(); DoublePointer weights = new DoublePointer()) {
            classifier.detectMultiScale3(image, rects, levels, weights, settings.scaleFactor(), settings.minNeighbors(), 0,
                    minSize, maxSize, true);
            long n = rects.size();
            if (weights.limit() < n) {
                throw new IllegalStateException("OpenCV returned " + n + " boxes but " + weights.limit() + " level weights");
            }
            for (long i = 0; i < n; i++) {
                try (Rect r = rects.get(i)) {
                    double x = mirrorWidth >= 0 ? mirrorWidth - r.x() - r.width() : r.x();
                    out.add(new Detection(new Box(x, r.y(), r.width(), r.height()), score.score(weights.get(i)), id));
                }
            }
        }
    }

    /** Greedy non-maximum suppression, best score first. */
    static List<Detection> suppressOverlaps(List<Detection> detections) {
        List<Detection> sorted = new ArrayList<>(detections);
        sorted.sort(ORDER);
        List<Detection> kept = new ArrayList<>();
        for (Detection d : sorted) {
            if (kept.stream().noneMatch(k -> k.box().iou(d.box()) > MIRROR_MERGE_IOU)) {
                kept.add(d);
            }
        }
        return kept;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        classifier.close();
        gray.close();
        mirrored.close();
        rects.close();
        minSize.close();
        maxSize.close();
    }
}
