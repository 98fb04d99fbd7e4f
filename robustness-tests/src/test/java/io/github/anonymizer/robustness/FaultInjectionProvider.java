package io.github.anonymizer.robustness;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.api.spi.FaceDetectorProvider;
import io.github.anonymizer.api.spi.OptionSpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * A detector for fault injection, registered (test class path only) as {@code fault-injection} so
 * that the command line and the library can be driven into detection failures on chosen frames.
 * It "finds" one face in the middle third of every frame; on a chosen frame it fails instead.
 *
 * <p>Options: {@code mode} = {@code throw} (a RuntimeException), {@code null} (returns null),
 * {@code nan} (a detection with a NaN score), {@code error} (throws an {@link Error});
 * {@code failAt} = the call number (1-based, counted over the whole factory) that fails;
 * {@code failEvery} = every N-th call fails; {@code failBright} = {@code true}: frames whose mean
 * brightness is above 200 fail. Priority -1000 and reported unavailable, so automatic selection
 * never picks it.
 *
 * <p>Thread-safe (the call counter is atomic; detectors hold no other state).
 */
public final class FaultInjectionProvider implements FaceDetectorProvider {

    static final String ID = "fault-injection";

    private static final List<OptionSpec> OPTIONS = List.of(new OptionSpec("mode", "throw, null, nan or error", "throw"),
            new OptionSpec("failAt", "the 1-based call that fails (0: none)", "0"),
            new OptionSpec("failEvery", "every N-th call fails (0: none)", "0"),
            new OptionSpec("failBright", "frames with a mean above 200 fail", "false"));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "test detector that fails on chosen frames";
    }

    @Override
    public int priority() {
        return -1000;
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public Optional<String> unavailableReason(DetectorOptions options) {
        return Optional.of("a test detector: open it by id");
    }

    @Override
    public FaceDetectorFactory open(DetectorOptions options) {
        options.requireKnown(ID, OPTIONS);
        return new Factory(options.getString("mode", "throw"), options.getInt("failAt", 0), options.getInt("failEvery", 0),
                options.getBoolean("failBright", false));
    }

    /** Counts calls over all its detectors and fails the chosen ones. */
    static final class Factory implements FaceDetectorFactory {
        final String mode;
        final long failAt;
        final long failEvery;
        final boolean failBright;
        final AtomicLong calls = new AtomicLong();
        final AtomicLong failures = new AtomicLong();

        Factory(String mode, long failAt, long failEvery, boolean failBright) {
            this.mode = mode;
            this.failAt = failAt;
            this.failEvery = failEvery;
            this.failBright = failBright;
        }

        @Override
        public String id() {
            return ID;
        }

        @Override
        public double defaultThreshold() {
            return 0.5;
        }

        @Override
        public String description() {
            return "fault injection (" + mode + ")";
        }

        @Override
        public FaceDetector create() {
            return new FaceDetector() {
                @Override
                public String id() {
                    return ID;
                }

                @Override
                public List<Detection> detect(Mat bgr, double minScore) {
                    long n = calls.incrementAndGet();
                    boolean fail = n == failAt || (failEvery > 0 && n % failEvery == 0) || (failBright && bright(bgr));
                    Box middle = new Box(bgr.cols() / 3.0, bgr.rows() / 3.0, bgr.cols() / 3.0, bgr.rows() / 3.0);
                    if (!fail) {
                        return List.of(new Detection(middle, 0.9, ID));
                    }
                    failures.incrementAndGet();
                    switch (mode) {
                        case "null":
                            return null;
                        case "nan":
                            return List.of(new Detection(middle, Double.NaN, ID));
                        case "error":
                            throw new StackOverflowError("injected error at call " + n);
                        default:
                            throw new IllegalStateException("injected failure at call " + n);
                    }
                }

                @Override
                public void close() {
                    // nothing native
                }
            };
        }

        @Override
        public void close() {
            // nothing native
        }
    }

    private static boolean bright(Mat bgr) {
        try (Scalar mean = opencv_core.mean(bgr)) {
            return (mean.get(0) + mean.get(1) + mean.get(2)) / 3 > 200;
        }
    }
}
