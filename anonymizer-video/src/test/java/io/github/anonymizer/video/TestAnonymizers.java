package io.github.anonymizer.video;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.DetectorException;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MaskShape;
import io.github.anonymizer.api.RegionFilter;
import io.github.anonymizer.core.Anonymizer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Anonymizers with a fake detector: a fixed box, filled with one grey level, for exact checks. */
final class TestAnonymizers {
    private TestAnonymizers() {}

    /** The box every frame gets, in upright frame pixels (inside 480x480 so it fits both orientations). */
    static final Box BOX = new Box(200, 120, 160, 200);
    /** The grey level the box is filled with. */
    static final int FILL = 16;

    /** Runs a {@link VideoJob} from {@code in} to {@code out} with {@link #fixedBox()}. */
    static VideoJob.Result anonymize(java.nio.file.Path in, java.nio.file.Path out, OutputOptions options) {
        try (Anonymizer a = fixedBox()) {
            return VideoJob.builder(a).input(in).output(out).outputOptions(options).build().run();
        }
    }

    /** Hides {@link #BOX} in every frame with a flat fill. */
    static Anonymizer fixedBox() {
        return failingAt(Long.MAX_VALUE);
    }

    /** Like {@link #fixedBox()}, but detection throws on frame {@code failAt} (counted from 0). */
    static Anonymizer failingAt(long failAt) {
        AtomicLong calls = new AtomicLong();
        FaceDetector detector = new FaceDetector() {
            @Override
            public String id() {
                return "fake";
            }

            @Override
            public List<Detection> detect(Mat bgr, double minScore) {
                if (calls.getAndIncrement() == failAt) {
                    throw new DetectorException("fake", "simulated failure");
                }
                return List.of(new Detection(BOX, 0.99, "fake"));
            }

            @Override
            public void close() {}
        };
        return Anonymizer.builder().detector(detector).filter(new Fill()).maskShape(MaskShape.BOX).maskScale(1.0)
                .build();
    }

    /** Fills the region with {@link #FILL}. */
    static final class Fill implements RegionFilter {
        @Override
        public String id() {
            return "fill";
        }

        @Override
        public void apply(Mat roi, FaceRegion region) {
            try (Scalar s = new Scalar(FILL, FILL, FILL, 0)) {
                roi.put(s);
            }
        }
    }
}
