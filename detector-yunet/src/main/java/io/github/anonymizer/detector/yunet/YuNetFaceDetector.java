package io.github.anonymizer.detector.yunet;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.DetectorException;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.api.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.FaceDetectorYN;

/**
 * One YuNet instance ({@code cv::FaceDetectorYN}) and its buffers. Created by
 * {@link YuNetDetectorFactory#create()}.
 *
 * <p><b>Confined to one thread</b>: {@code FaceDetectorYN} holds a {@code cv::dnn::Net} and mutable
 * settings (input size, score threshold). Owns every native object; {@link #close()} releases them
 * and is idempotent.
 */
final class YuNetFaceDetector implements FaceDetector {

    /** Values per row of FaceDetectorYN's output: box (4), five landmarks (10), score. */
    static final int ROW = 15;

    /**
     * Smallest side handed to FaceDetectorYN. With OpenCV 4.13, an input whose padded side is 32
     * (any side up to 32 pixels) now and then yields garbage rows (non-finite boxes, phantom faces
     * on a uniform frame), as if a buffer were read uninitialized; from 64 on it never did in our
     * runs. Smaller frames are padded with black at the right and bottom, as FaceDetectorYN itself
     * pads to a multiple of 32.
     */
    static final int MIN_SIDE = 64;

    private final FaceDetectorYN yn;
    private final YuNetDetectorFactory.Settings settings;
    private final Mat faces = new Mat();
    private final Mat resized = new Mat();
    private final Mat padded = new Mat();
    private final Scalar black = new Scalar(0, 0, 0, 0);
    private int inputWidth;
    private int inputHeight;
    private boolean closed;

    /** Takes ownership of {@code yn}, created at {@code width x height}. */
    YuNetFaceDetector(FaceDetectorYN yn, YuNetDetectorFactory.Settings settings, int width, int height) {
        this.yn = yn;
        this.settings = settings;
        this.inputWidth = width;
        this.inputHeight = height;
    }

    @Override
    public String id() {
        return YuNetDetectorFactory.ID;
    }

    @Override
    public List<Detection> detect(Mat bgr, double minScore) {
        if (closed) {
            throw new IllegalStateException("detector '" + id() + "' is closed");
        }
        Objects.requireNonNull(bgr, "frame");
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("minScore must be in [0, 1], got " + minScore);
        }
        if (bgr.isNull() || bgr.empty() || bgr.type() != CV_8UC3 || bgr.dims() != 2) {
            throw new IllegalArgumentException("detector '" + id() + "' takes a non-empty 8-bit 3-channel BGR frame "
                    + "(CV_8UC3), got " + (bgr.isNull() || bgr.empty() ? "an empty Mat" : "type " + bgr.type()
                    + " with " + bgr.dims() + " dimensions"));
        }
        try {
            return run(bgr, minScore);
        } catch (DetectorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DetectorException(id(), "detection failed on a " + bgr.cols() + "x" + bgr.rows() + " frame: "
                    + e.getMessage(), e);
        }
    }

    private List<Detection> run(Mat bgr, double minScore) {
        Mat input = bgr;
        int w = settings.fixedWidth() > 0 ? settings.fixedWidth() : bgr.cols();
        int h = settings.fixedHeight() > 0 ? settings.fixedHeight() : bgr.rows();
        if (w != bgr.cols() || h != bgr.rows()) {
            boolean shrinking = (long) w * h < (long) bgr.cols() * bgr.rows();
            try (Size size = new Size(w, h)) {
                opencv_imgproc.resize(bgr, resized, size, 0, 0,
                        shrinking ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR);
            }
            input = resized;
        }
        int pw = Math.max(w, MIN_SIDE);
        int ph = Math.max(h, MIN_SIDE);
        if (pw != w || ph != h) {
            // ISOLATED: a region of a larger Mat must be padded with black, not with its neighbours
            opencv_core.copyMakeBorder(input, padded, 0, ph - h, 0, pw - w,
                    opencv_core.BORDER_CONSTANT | opencv_core.BORDER_ISOLATED, black);
            input = padded;
        } else if (input.isSubmatrix()) {
            // FaceDetectorYN pads to a multiple of 32 with copyMakeBorder, which would take the
            // pixels around a region of a larger Mat: detect on a copy of the region alone
            input.copyTo(padded);
            input = padded;
        }
        if (pw != inputWidth || ph != inputHeight) {
            try (Size size = new Size(pw, ph)) {
                yn.setInputSize(size);
            }
            inputWidth = pw;
            inputHeight = ph;
        }
        yn.setScoreThreshold((float) Math.max(minScore, settings.scoreFloor()));
        faces.release(); // FaceDetectorYN leaves the output untouched when it finds nothing to do
        yn.detect(input, faces);
        if (faces.empty()) {
            return List.of();
        }
        if (faces.cols() != ROW || faces.type() != CV_32F) {
            throw new DetectorException(id(), "unexpected FaceDetectorYN output " + faces.rows() + "x" + faces.cols()
                    + " type " + faces.type() + "; expected Nx15 float");
        }
        double sx = (double) bgr.cols() / w;
        double sy = (double) bgr.rows() / h;
        float[] v = new float[faces.rows() * ROW];
        try (BytePointer data = faces.data(); FloatPointer f = new FloatPointer(data)) {
            f.capacity(v.length).get(v);
        }
        List<Detection> out = new ArrayList<>(faces.rows());
        for (int r = 0; r < faces.rows(); r++) {
            int o = r * ROW;
            double score = v[o + 14];
            if (score < minScore) {
                continue;
            }
            for (int k = 0; k < ROW; k++) {
                if (!Float.isFinite(v[o + k])) {
                    throw new DetectorException(id(), "FaceDetectorYN produced a non-finite value in detection " + r);
                }
            }
            Box box = new Box(v[o] * sx, v[o + 1] * sy, Math.max(0, v[o + 2]) * sx, Math.max(0, v[o + 3]) * sy);
            List<Point> landmarks = new ArrayList<>(5);
            for (int k = 0; k < 5; k++) {
                landmarks.add(new Point(v[o + 4 + 2 * k] * sx, v[o + 5 + 2 * k] * sy));
            }
            out.add(new Detection(box, Math.min(1, Math.max(0, score)), landmarks, id()));
        }
        return out;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (yn; faces; resized; padded; black) {
            // closed in reverse order by try-with-resources
        }
    }
}
