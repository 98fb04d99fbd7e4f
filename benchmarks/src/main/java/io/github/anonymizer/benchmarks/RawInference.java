package io.github.anonymizer.benchmarks;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.core.cascade.CascadeDetectorFactory;
import io.github.anonymizer.core.cascade.CascadeSettings;
import io.github.anonymizer.detector.centerface.CenterFaceDetector;
import io.github.anonymizer.detector.ssd.SsdDetectorFactory;
import io.github.anonymizer.detector.ssd.SsdModelFormat;
import io.github.anonymizer.detector.ssd.SsdPreset;
import io.github.anonymizer.detector.yunet.YuNetDetectorFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_dnn.Net;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;
import org.bytedeco.opencv.opencv_core.StringVector;

/**
 * The bare inference call of a detector, prepared once for one input: ONNX Runtime {@code run()}
 * for CenterFace, OpenCV {@code Net.forward()} for the SSDs and YuNet, {@code detectMultiScale3}
 * for the cascades. Set up with the same model file and settings the detector uses, so that
 * {@code detect()} minus this is the detector's own pre- and post-processing.
 *
 * <p>Confined to one thread; {@link #close()} frees every native object.
 */
interface RawInference extends AutoCloseable {

    /** Runs the inference once; returns a number derived from the output so it is not dead code. */
    long run();

    @Override
    void close();

    /**
     * The raw call for the detector made by {@code factory}, on {@code bgr} (the frame exactly as
     * the detector receives it, already at the detection size).
     *
     * @throws IllegalArgumentException for a factory of unknown type
     */
    static RawInference of(FaceDetectorFactory factory, Mat bgr) {
        if (factory instanceof CenterFaceDetector c) {
            return new OrtRun(c, bgr);
        }
        if (factory instanceof SsdDetectorFactory s) {
            return new SsdForward(s, bgr);
        }
        if (factory instanceof YuNetDetectorFactory y) {
            return new YuNetForward(y, bgr);
        }
        if (factory instanceof CascadeDetectorFactory c) {
            return new Cascade(c, bgr);
        }
        throw new IllegalArgumentException("no raw inference call known for detector " + factory.id() + " ("
                + factory.getClass().getName() + ")");
    }

    /** ONNX Runtime {@code run()} of CenterFace with the detector's threads, outputs bound to direct buffers. */
    final class OrtRun implements RawInference {
        private final OrtSession.SessionOptions options;
        private final OrtSession session;
        private final OnnxTensor input;
        private final Map<String, OnnxTensor> outputs;

        OrtRun(CenterFaceDetector model, Mat bgr) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            int w = (bgr.cols() + 31) / 32 * 32;
            int h = (bgr.rows() + 31) / 32 * 32;
            int gw = w / 4;
            int gh = h / 4;
            try {
                options = new OrtSession.SessionOptions();
                options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
                options.setIntraOpNumThreads(model.threads());
                options.setInterOpNumThreads(model.interOpThreads());
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.addConfigEntry("session.inter_op.allow_spinning", "0");
                session = env.createSession(model.modelFile().toString(), options);
                FloatBuffer in = direct(3 * w * h);
                fillRgbPlanes(bgr, w, h, in);
                input = OnnxTensor.createTensor(env, in, new long[] {1, 3, h, w});
                outputs = Map.of(
                        "537", OnnxTensor.createTensor(env, direct(gw * gh), new long[] {1, 1, gh, gw}),
                        "538", OnnxTensor.createTensor(env, direct(2 * gw * gh), new long[] {1, 2, gh, gw}),
                        "539", OnnxTensor.createTensor(env, direct(2 * gw * gh), new long[] {1, 2, gh, gw}),
                        "540", OnnxTensor.createTensor(env, direct(10 * gw * gh), new long[] {1, 10, gh, gw}));
            } catch (OrtException e) {
                throw new IllegalStateException("cannot set up ONNX Runtime for " + model.modelFile() + ": " + e, e);
            }
        }

        private static FloatBuffer direct(int floats) {
            return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }

        /** The frame resized to the network size as RGB float planes, as the detector feeds it. */
        private static void fillRgbPlanes(Mat bgr, int w, int h, FloatBuffer out) {
            try (Mat resized = new Mat(); Mat floats = new Mat(); Size size = new Size(w, h);
                    MatVector planes = new MatVector()) {
                opencv_imgproc.resize(bgr, resized, size, 0, 0, opencv_imgproc.INTER_LINEAR);
                resized.convertTo(floats, CV_32F);
                opencv_core.split(floats, planes);
                float[] plane = new float[w * h];
                for (int c = 2; c >= 0; c--) { // R, G, B
                    try (Mat p = planes.get(c); org.bytedeco.javacpp.FloatPointer fp =
                            new org.bytedeco.javacpp.FloatPointer(p.data())) {
                        fp.capacity(plane.length).get(plane);
                    }
                    out.put(plane);
                }
                out.rewind();
            }
        }

        @Override
        public long run() {
            try (OrtSession.Result r = session.run(Map.of("input.1", input), outputs)) {
                return r.size();
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime run failed: " + e, e);
            }
        }

        @Override
        public void close() {
            try {
                input.close();
                outputs.values().forEach(OnnxTensor::close);
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            } finally {
                options.close();
            }
        }
    }

    /** {@code Net.forward()} of an SSD on the blob its preset prepares. */
    final class SsdForward implements RawInference {
        private final Net net;
        private final Mat blob;

        SsdForward(SsdDetectorFactory factory, Mat bgr) {
            SsdPreset p = factory.preset();
            String weights = factory.weightsPath().toString();
            String config = factory.configPath().toString();
            net = p.format() == SsdModelFormat.CAFFE ? opencv_dnn.readNetFromCaffe(config, weights)
                    : opencv_dnn.readNetFromTensorflow(weights, config);
            double[] m = p.mean();
            try (Size size = new Size(p.inputWidth(), p.inputHeight()); Scalar mean = new Scalar(m[0], m[1], m[2], 0)) {
                blob = opencv_dnn.blobFromImage(bgr, 1.0, size, mean, false, false, CV_32F);
            }
            net.setInput(blob);
        }

        @Override
        public long run() {
            try (Mat out = net.forward()) {
                return out.total();
            }
        }

        @Override
        public void close() {
            net.close();
            blob.close();
        }
    }

    /**
     * {@code Net.forward()} of the YuNet ONNX graph on the padded blob that {@code FaceDetectorYN}
     * builds (the frame padded to multiples of 32, no mean, no scaling).
     */
    final class YuNetForward implements RawInference {
        private final Net net;
        private final Mat blob;
        private final MatVector outs = new MatVector();
        private final StringVector names;

        YuNetForward(YuNetDetectorFactory factory, Mat bgr) {
            net = opencv_dnn.readNetFromONNX(factory.modelPath().toString());
            int pw = (Math.max(bgr.cols(), 64) + 31) / 32 * 32;
            int ph = (Math.max(bgr.rows(), 64) + 31) / 32 * 32;
            try (Mat padded = new Mat(); Scalar black = new Scalar(0, 0, 0, 0)) {
                opencv_core.copyMakeBorder(bgr, padded, 0, ph - bgr.rows(), 0, pw - bgr.cols(),
                        opencv_core.BORDER_CONSTANT, black);
                blob = opencv_dnn.blobFromImage(padded);
            }
            names = net.getUnconnectedOutLayersNames();
            net.setInput(blob);
        }

        @Override
        public long run() {
            net.forward(outs, names);
            return outs.size();
        }

        @Override
        public void close() {
            net.close();
            blob.close();
            outs.close();
            names.close();
        }
    }

    /** {@code detectMultiScale3} with the detector's settings on the grey (equalized) frame. */
    final class Cascade implements RawInference {
        private final CascadeClassifier classifier;
        private final CascadeSettings s;
        private final Mat gray = new Mat();
        private final RectVector rects = new RectVector();
        private final Size minSize;
        private final Size maxSize;

        Cascade(CascadeDetectorFactory factory, Mat bgr) {
            classifier = factory.model().newClassifier();
            s = factory.settings();
            opencv_imgproc.cvtColor(bgr, gray, opencv_imgproc.COLOR_BGR2GRAY);
            if (s.equalizeHistogram()) {
                opencv_imgproc.equalizeHist(gray, gray);
            }
            minSize = new Size(s.minSize(), s.minSize());
            maxSize = new Size(s.maxSize(), s.maxSize());
        }

        @Override
        public long run() {
            // fresh level/weight vectors per call, as the detector does
            try (IntPointer levels = new IntPointer(); DoublePointer weights = new DoublePointer()) {
                classifier.detectMultiScale3(gray, rects, levels, weights, s.scaleFactor(), s.minNeighbors(), 0,
                        minSize, maxSize, true);
                return rects.size() + weights.limit();
            }
        }

        @Override
        public void close() {
            classifier.close();
            gray.close();
            rects.close();
            minSize.close();
            maxSize.close();
        }
    }
}
