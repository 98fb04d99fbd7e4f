package io.github.anonymizer.detector.centerface;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.DetectorException;
import io.github.anonymizer.api.FaceDetector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * One thread's CenterFace detector: the reusable buffers of each detection scale, and the calls to
 * the shared session of its {@link CenterFaceDetector}.
 *
 * <p><b>Confined to one thread.</b> Buffers are allocated for the first frame and reused while
 * the frame size stays the same (a video), reallocated when it changes. {@link #close()} frees
 * them and is idempotent; {@link #detect} after it throws {@link IllegalStateException}.
 */
final class CenterFaceRunner implements FaceDetector {

    /** Largest network input, in pixels: keeps every buffer below 2 GB. */
    static final long MAX_INPUT_PIXELS = 100_000_000L;

    private final CenterFaceDetector model;
    private final double nms;
    private final Pass[] passes;
    private boolean closed;

    CenterFaceRunner(CenterFaceDetector model, double[] scales, double nms) {
        this.model = model;
        this.nms = nms;
        this.passes = new Pass[scales.length];
        for (int i = 0; i < scales.length; i++) {
            passes[i] = new Pass(scales[i]);
        }
    }

    @Override
    public String id() {
        return CenterFaceDetector.ID;
    }

    @Override
    public List<Detection> detect(Mat bgr, double minScore) {
        if (closed) {
            throw new IllegalStateException("this CenterFace detector is closed");
        }
        Objects.requireNonNull(bgr, "frame");
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("minScore must be in [0, 1], got " + minScore);
        }
        if (bgr.isNull() || bgr.empty() || bgr.type() != CV_8UC3 || bgr.dims() != 2) {
            throw new IllegalArgumentException("CenterFace takes an 8-bit 3-channel BGR frame (CV_8UC3) of at least "
                    + "1x1 pixels, got " + (bgr.isNull() || bgr.empty() ? "an empty Mat"
                    : "type " + bgr.type() + " with " + bgr.channels() + " channels, " + bgr.cols() + "x" + bgr.rows()));
        }
        if (passes.length == 1) {
            return passes[0].detect(bgr, minScore);
        }
        List<Detection> all = new ArrayList<>();
        for (Pass p : passes) {
            all.addAll(p.detect(bgr, minScore));
        }
        return CenterFaceDecoder.nms(all, nms);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Pass p : passes) {
            p.release();
        }
    }

    /** The network input of the first pass after the last call (native byte order), for tests. */
    ByteBuffer inputForTest() {
        return passes[0].inputBytes.duplicate().order(ByteOrder.nativeOrder());
    }

    static int ceil32(long v) {
        return (int) ((Math.max(1, v) + 31) / 32 * 32);
    }

    /** The buffers of one detection scale. */
    private final class Pass {
        private final double scale;
        private final Mat resized = new Mat();
        private final Mat floats = new Mat();
        private int inW;
        private int inH;
        private ByteBuffer inputBytes;
        private FloatBuffer input;
        private FloatBuffer heat;
        private FloatBuffer scaleMap;
        private FloatBuffer offset;
        private FloatBuffer landmarks;
        private BytePointer inputPointer;
        private Mat[] planes;
        private MatVector planeVector;

        Pass(double scale) {
            this.scale = scale;
        }

        List<Detection> detect(Mat bgr, double minScore) {
            int w = bgr.cols();
            int h = bgr.rows();
            int targetW = ceil32(Math.round(w * scale));
            int targetH = ceil32(Math.round(h * scale));
            if ((long) targetW * targetH > MAX_INPUT_PIXELS) {
                throw new DetectorException(CenterFaceDetector.ID, "the " + w + "x" + h + " frame at detection scale "
                        + scale + " needs a " + targetW + "x" + targetH + " network input, more than "
                        + MAX_INPUT_PIXELS + " pixels; detect on a smaller copy (Anonymizer detectionScale below 1)");
            }
            ensure(targetW, targetH);
            try {
                Mat src = bgr;
                if (targetW != w || targetH != h) {
                    try (Size size = new Size(targetW, targetH)) {
                        opencv_imgproc.resize(bgr, resized, size, 0, 0, opencv_imgproc.INTER_LINEAR);
                    }
                    src = resized;
                }
                src.convertTo(floats, CV_32F);
                // B, G, R channels into the R, G, B planes of the NCHW input buffer
                opencv_core.split(floats, planeVector);
            } catch (RuntimeException e) {
                throw new DetectorException(CenterFaceDetector.ID, "preparing the " + targetW + "x" + targetH
                        + " network input from a " + w + "x" + h + " frame failed: " + e.getMessage(), e);
            }
            model.run(input, inW, inH, heat, scaleMap, offset, landmarks);
            return CenterFaceDecoder.decode(heat, scaleMap, offset, landmarks, inH / CenterFaceDecoder.STRIDE,
                    inW / CenterFaceDecoder.STRIDE, inW, inH, minScore, nms, (double) w / inW, (double) h / inH,
                    CenterFaceDetector.ID);
        }

        /** (Re)allocates the buffers for a {@code w x h} network input. */
        private void ensure(int w, int h) {
            if (w == inW && h == inH) {
                return;
            }
            releaseBuffers();
            int plane = w * h;
            int grid = plane / (CenterFaceDecoder.STRIDE * CenterFaceDecoder.STRIDE);
            ByteBuffer in = ByteBuffer.allocateDirect(3 * plane * Float.BYTES).order(ByteOrder.nativeOrder());
            inputBytes = in;
            input = in.asFloatBuffer();
            heat = direct(grid);
            scaleMap = direct(2 * grid);
            offset = direct(2 * grid);
            landmarks = direct(10 * grid);
            inputPointer = new BytePointer(in);
            long planeBytes = (long) plane * Float.BYTES;
            // split() writes channel 0 (B) first: B -> plane 2, G -> plane 1, R -> plane 0
            planes = new Mat[] {
                new Mat(h, w, CV_32FC1, new BytePointer(inputPointer).position(2 * planeBytes)),
                new Mat(h, w, CV_32FC1, new BytePointer(inputPointer).position(planeBytes)),
                new Mat(h, w, CV_32FC1, new BytePointer(inputPointer).position(0)),
            };
            planeVector = new MatVector(planes);
            inW = w;
            inH = h;
        }

        private FloatBuffer direct(int floats) {
            return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }

        private void releaseBuffers() {
            if (planeVector != null) {
                planeVector.close();
                for (Mat m : planes) {
                    m.close();
                }
                inputPointer.close();
            }
            planeVector = null;
            planes = null;
            inputPointer = null;
            inputBytes = null;
            input = heat = scaleMap = offset = landmarks = null;
            inW = inH = 0;
        }

        void release() {
            releaseBuffers();
            resized.close();
            floats.close();
        }
    }
}
