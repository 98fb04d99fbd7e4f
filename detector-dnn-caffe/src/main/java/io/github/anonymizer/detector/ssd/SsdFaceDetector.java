package io.github.anonymizer.detector.ssd;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.DetectorException;
import io.github.anonymizer.api.FaceDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * One SSD network instance and its reusable buffers. Created by {@link SsdDetectorFactory#create()}.
 *
 * <p><b>Confined to one thread</b>: {@code cv::dnn::Net} is not thread-safe. Owns its {@link Net}
 * and every native buffer; {@link #close()} releases them and is idempotent.
 */
final class SsdFaceDetector implements FaceDetector {

    /** Share of the tile size within which a box counts as touching a tile side. */
    static final double CUT_MARGIN = 0.04;

    private final String id;
    private final Net net;
    private final SsdSettings settings;
    private final Size inputSize;
    private final Scalar mean;
    private final Scalar padColor;
    private final Mat blob = new Mat();
    private final Mat levelImage = new Mat();
    private final Mat padded = new Mat();
    private boolean closed;

    /** Takes ownership of {@code net}. */
    SsdFaceDetector(String id, Net net, SsdSettings settings) {
        this.id = id;
        this.net = net;
        this.settings = settings;
        double[] m = settings.mean();
        this.inputSize = new Size(settings.inputWidth(), settings.inputHeight());
        this.mean = new Scalar(m[0], m[1], m[2], 0);
        // a padded pixel must become 0 after mean subtraction, whatever the channel order of the blob
        this.padColor = settings.swapRB() ? new Scalar(m[2], m[1], m[0], 0) : new Scalar(m[0], m[1], m[2], 0);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<Detection> detect(Mat bgr, double minScore) {
        if (closed) {
            throw new IllegalStateException("detector '" + id + "' is closed");
        }
        Objects.requireNonNull(bgr, "frame");
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("minScore must be in [0, 1], got " + minScore);
        }
        if (bgr.isNull() || bgr.empty() || bgr.type() != CV_8UC3 || bgr.dims() != 2) {
            throw new IllegalArgumentException("detector '" + id + "' takes a non-empty 8-bit 3-channel BGR frame "
                    + "(CV_8UC3), got " + (bgr.isNull() || bgr.empty() ? "an empty Mat" : "type " + bgr.type()
                    + " with " + bgr.dims() + " dimensions"));
        }
        try {
            List<BoxMerger.Candidate> found = new ArrayList<>();
            int w = bgr.cols();
            int h = bgr.rows();
            // whole frame resized to the network input: the plain (non-tiled) detector
            pass(bgr, minScore, w, h, 0, 0, 1, null, found);
            if (settings.tiled()) {
                for (TilePlan.Level level : TilePlan.plan(w, h, settings.tileWidth(), settings.tileHeight(),
                        settings.tileOverlap(), minGlobalFace(w, h))) {
                    tiles(bgr, level, minScore, found);
                }
            }
            return BoxMerger.merge(found, settings.nmsThreshold());
        } catch (DetectorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DetectorException(id, "detection failed on a " + bgr.cols() + "x" + bgr.rows() + " frame: "
                    + e.getMessage(), e);
        }
    }

    /** The smallest face, in frame pixels, the whole-frame pass can find: the smallest prior box, scaled up. */
    private double minGlobalFace(int w, int h) {
        return settings.smallestAnchor()
                * Math.max((double) w / settings.inputWidth(), (double) h / settings.inputHeight());
    }

    private void tiles(Mat frame, TilePlan.Level level, double minScore, List<BoxMerger.Candidate> found) {
        Mat image = frame;
        if (level.scale() != 1) {
            try (Size size = new Size(level.width(), level.height())) {
                opencv_imgproc.resize(frame, levelImage, size, 0, 0, opencv_imgproc.INTER_AREA);
            }
            image = levelImage;
        }
        int tw = settings.tileWidth();
        int th = settings.tileHeight();
        for (TilePlan.Tile t : level.tiles()) {
            try (Rect rect = new Rect(t.x(), t.y(), t.width(), t.height()); Mat roi = new Mat(image, rect)) {
                Mat input = roi;
                if (t.width() < tw || t.height() < th) {
                    // the frame is smaller than a tile in one direction: pad rather than stretch;
                    // ISOLATED, or OpenCV would pad a region of a larger Mat with its neighbours
                    opencv_core.copyMakeBorder(roi, padded, 0, th - t.height(), 0, tw - t.width(),
                            opencv_core.BORDER_CONSTANT | opencv_core.BORDER_ISOLATED, padColor);
                    input = padded;
                }
                pass(input, minScore, input.cols(), input.rows(), t.x(), t.y(), level.scale(), t, found);
            }
        }
    }

    /**
     * Runs the network on {@code input} (resized to the input size) and adds its detections, mapped
     * onto a {@code width x height} area at {@code (dx, dy)} of a level image of scale {@code scale}.
     */
    private void pass(Mat input, double minScore, int width, int height, int dx, int dy, double scale,
            TilePlan.Tile tile, List<BoxMerger.Candidate> found) {
        opencv_dnn.blobFromImage(input, blob, settings.scale(), inputSize, mean, settings.swapRB(), false, CV_32F);
        net.setInput(blob);
        try (Mat out = net.forward()) {
            SsdOutput.decode(id, out, minScore, (score, x1, y1, x2, y2) -> {
                Box inLevel = SsdOutput.toPixels(x1, y1, x2, y2, width, height, dx, dy, 1);
                boolean cut = tile != null && touchesInnerSide(inLevel, tile);
                Box box = scale == 1 ? inLevel : inLevel.mapped(1 / scale, 1 / scale);
                found.add(new BoxMerger.Candidate(new Detection(box, score, id), cut));
            });
        }
    }

    private static boolean touchesInnerSide(Box b, TilePlan.Tile t) {
        double mx = CUT_MARGIN * t.width();
        double my = CUT_MARGIN * t.height();
        return (t.leftInner() && b.x() <= t.x() + mx)
                || (t.topInner() && b.y() <= t.y() + my)
                || (t.rightInner() && b.x2() >= t.x() + t.width() - mx)
                || (t.bottomInner() && b.y2() >= t.y() + t.height() - my);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (net; blob; levelImage; padded; inputSize; mean; padColor) {
            // closed in reverse order by try-with-resources
        }
    }
}
