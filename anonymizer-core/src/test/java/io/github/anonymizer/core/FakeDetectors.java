package io.github.anonymizer.core;

import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.RegionFilter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Test doubles: a factory whose detectors return what a function says, and a fill filter. */
final class FakeDetectors {
    private FakeDetectors() {}

    /** Detectors answering {@code answer.apply(input)}; counts creations and closes. */
    static final class Factory implements FaceDetectorFactory {
        final Function<Mat, List<Detection>> answer;
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger closedDetectors = new AtomicInteger();
        volatile boolean closed;

        Factory(Function<Mat, List<Detection>> answer) {
            this.answer = answer;
        }

        static Factory fixed(List<Detection> detections) {
            return new Factory(m -> detections);
        }

        @Override
        public String id() {
            return "fake";
        }

        @Override
        public double defaultThreshold() {
            return 0.5;
        }

        @Override
        public String description() {
            return "fake detector for tests";
        }

        @Override
        public FaceDetector create() {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            created.incrementAndGet();
            return new FaceDetector() {
                boolean detectorClosed;

                @Override
                public String id() {
                    return "fake";
                }

                @Override
                public List<Detection> detect(Mat bgr, double minScore) {
                    if (detectorClosed) {
                        throw new IllegalStateException("detector closed");
                    }
                    return answer.apply(bgr);
                }

                @Override
                public void close() {
                    if (!detectorClosed) {
                        detectorClosed = true;
                        closedDetectors.incrementAndGet();
                    }
                }
            };
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Fills the whole region with one value in every channel. */
    record Fill(double value) implements RegionFilter {
        @Override
        public String id() {
            return "fill";
        }

        @Override
        public void apply(Mat roi, FaceRegion region) {
            try (Scalar s = new Scalar(value, value, value, value)) {
                roi.put(s);
            }
        }
    }
}
