package io.github.anonymizer.core.pipeline;

import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.DetectorException;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.RegionFilter;
import java.util.List;
import java.util.function.LongFunction;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Fake detectors that read the frame number from pixel (0, 0) and answer per frame. */
final class TestDetectors {
    private TestDetectors() {}

    /** What to do for frame i: return these faces (or throw). */
    interface Behaviour {
        List<Detection> detect(long frame) throws InterruptedException;
    }

    static Detection face(long frame) {
        return new Detection(TestFrames.face(frame), 0.9, "fake");
    }

    /** The moving test face in every frame. */
    static Behaviour always() {
        return i -> List.of(face(i));
    }

    /** The face everywhere except where {@code missed} says. */
    static Behaviour missing(LongFunction<Boolean> missed) {
        return i -> missed.apply(i) ? List.of() : List.of(face(i));
    }

    /** Thread-safe factory; its detectors are confined to one thread each, as the API requires. */
    static final class Factory implements FaceDetectorFactory {
        private final Behaviour behaviour;

        Factory(Behaviour behaviour) {
            this.behaviour = behaviour;
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
            return "fake detector reading the frame number from pixel (0, 0)";
        }

        @Override
        public FaceDetector create() {
            return new FaceDetector() {
                @Override
                public String id() {
                    return "fake";
                }

                @Override
                public List<Detection> detect(Mat bgr, double minScore) {
                    long i = TestFrames.indexOf(bgr);
                    try {
                        return behaviour.detect(i);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new DetectorException("fake", "interrupted in frame " + i, e);
                    }
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public void close() {}
    }

    /** Fills the whole region with white. */
    static class White implements RegionFilter {
        @Override
        public String id() {
            return "white";
        }

        @Override
        public void apply(Mat roi, FaceRegion region) {
            try (Scalar s = new Scalar(255, 255, 255, 255)) {
                roi.put(s);
            }
        }
    }
}
