package io.github.anonymizer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC2;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.DetectorException;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MaskShape;
import io.github.anonymizer.api.UnsupportedFrameException;
import io.github.anonymizer.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class AnonymizerTest {

    static Mat photo() {
        Mat m = opencv_imgcodecs.imread(SharedData.smoke("openmpf_race.jpg").toString());
        assertThat(m.empty()).as("test photo decodes").isFalse();
        return m;
    }

    static byte[] bytes(Mat m) {
        Mat c = m.isContinuous() ? m : m.clone();
        byte[] b = new byte[(int) (c.total() * c.elemSize())];
        try (BytePointer p = c.data()) {
            p.get(b);
        }
        return b;
    }

    static Detection face(double x, double y, double w, double h, double score) {
        return new Detection(new Box(x, y, w, h), score, "fake");
    }

    /** Independent check: is pixel (i, j) clearly outside the ellipse inscribed in the box (by > 1 px)? */
    static boolean clearlyOutsideEllipse(Box m, int i, int j) {
        double rx = m.width() / 2 + 1.5;
        double ry = m.height() / 2 + 1.5;
        double dx = (i + 0.5 - m.centerX()) / rx;
        double dy = (j + 0.5 - m.centerY()) / ry;
        return dx * dx + dy * dy > 1;
    }

    @Test
    void onlyPixelsInsideTheEllipseMasksChangeAndTheInputIsUntouched() {
        try (Mat in = photo()) {
            byte[] before = bytes(in);
            List<Detection> faces = List.of(face(100, 80, 60, 70, 0.9), face(-20, 300, 80, 90, 0.8), face(600, -30, 80, 80, 0.7));
            FakeDetectors.Factory f = FakeDetectors.Factory.fixed(faces);
            try (Anonymizer a = Anonymizer.builder().detector(f).filter(new FakeDetectors.Fill(255)).build();
                    AnonymizedFrame out = a.process(in)) {
                assertThat(bytes(in)).as("input unchanged").isEqualTo(before);
                assertThat(out.report().hidden()).hasSize(3);
                assertThat(out.report().regions()).hasSize(3);
                byte[] after = bytes(out.image());
                int w = in.cols();
                int ch = in.channels();
                int changed = 0;
                for (int k = 0; k < after.length; k++) {
                    if (after[k] != before[k]) {
                        changed++;
                        int px = k / ch;
                        int i = px % w;
                        int j = px / w;
                        boolean insideSome = out.report().regions().stream()
                                .anyMatch(r -> !clearlyOutsideEllipse(r.maskBox(), i, j));
                        assertThat(insideSome).as("changed pixel (%d,%d) lies in a mask", i, j).isTrue();
                    }
                }
                assertThat(changed).isPositive();
                // the mask is the ellipse inscribed in the box scaled 1.3: it covers the face box itself
                for (Detection d : faces) {
                    assertThat(coveredFraction(out.image(), d.box(), 255)).isGreaterThan(0.9);
                }
            }
        }
    }

    /** Share of the box's in-frame pixels whose every channel equals {@code value}. */
    static double coveredFraction(Mat img, Box box, int value) {
        int x1 = (int) Math.max(0, Math.floor(box.x()));
        int y1 = (int) Math.max(0, Math.floor(box.y()));
        int x2 = (int) Math.min(img.cols(), Math.ceil(box.x2()));
        int y2 = (int) Math.min(img.rows(), Math.ceil(box.y2()));
        byte[] b = bytes(img);
        int ch = img.channels();
        int total = 0;
        int hit = 0;
        for (int j = y1; j < y2; j++) {
            for (int i = x1; i < x2; i++) {
                total++;
                boolean all = true;
                for (int c = 0; c < ch; c++) {
                    all &= (b[(j * img.cols() + i) * ch + c] & 0xff) == value;
                }
                if (all) {
                    hit++;
                }
            }
        }
        return total == 0 ? 0 : (double) hit / total;
    }

    @Test
    void boxMasksCoverTheScaledBoxExactly() {
        try (Mat in = new Mat(50, 60, CV_8UC3, new Scalar(10, 20, 30, 0))) {
            FakeDetectors.Factory f = FakeDetectors.Factory.fixed(List.of(face(10, 10, 20, 10, 1)));
            try (Anonymizer a = Anonymizer.builder().detector(f).filter(new FakeDetectors.Fill(200))
                    .maskShape(MaskShape.BOX).maskScale(1.0).build(); AnonymizedFrame out = a.process(in)) {
                byte[] b = bytes(out.image());
                for (int j = 0; j < 50; j++) {
                    for (int i = 0; i < 60; i++) {
                        boolean inBox = i >= 10 && i < 30 && j >= 10 && j < 20;
                        assertThat(b[(j * 60 + i) * 3] & 0xff).as("(%d,%d)", i, j).isEqualTo(inBox ? 200 : 10);
                    }
                }
            }
        }
    }

    @Test
    void featheredEdgesBlendAndTheCentreIsFullyHidden() {
        try (Mat in = new Mat(100, 100, CV_8UC3, new Scalar(0, 0, 0, 0))) {
            FakeDetectors.Factory f = FakeDetectors.Factory.fixed(List.of(face(20, 20, 60, 60, 1)));
            try (Anonymizer a = Anonymizer.builder().detector(f).filter(new FakeDetectors.Fill(200)).maskScale(1)
                    .feather(0.3).build(); AnonymizedFrame out = a.process(in)) {
                byte[] b = bytes(out.image());
                assertThat(b[(50 * 100 + 50) * 3] & 0xff).isEqualTo(200);
                // near the rim (r ~ 0.9 of the radius): partly blended
                int rim = b[(50 * 100 + 77) * 3] & 0xff;
                assertThat(rim).isBetween(1, 199);
                assertThat(b[(5 * 100 + 5) * 3] & 0xff).isZero();
            }
        }
    }

    @Test
    void detectionSizeMapsBoxesBackToFullResolution() {
        AtomicReference<int[]> seen = new AtomicReference<>();
        FakeDetectors.Factory f = new FakeDetectors.Factory(m -> {
            seen.set(new int[] {m.cols(), m.rows(), m.type()});
            return List.of(face(10, 10, 20, 20, 0.9));
        });
        try (Mat in = new Mat(400, 800, CV_8UC4, new Scalar(1, 2, 3, 4));
                Anonymizer a = Anonymizer.builder().detector(f).filter(new FakeDetectors.Fill(9)).detectionSize(200, 100).build();
                AnonymizedFrame out = a.process(in)) {
            assertThat(seen.get()).containsExactly(200, 100, CV_8UC3);
            assertThat(out.report().hidden().get(0).box()).isEqualTo(new Box(40, 40, 80, 80));
        }
        try (Mat in = new Mat(100, 200, CV_16UC1, new Scalar(1000));
                Anonymizer a = Anonymizer.builder().detector(f).filter(new FakeDetectors.Fill(9)).detectionScale(2).build();
                AnonymizedFrame out = a.process(in)) {
            assertThat(seen.get()).containsExactly(400, 200, CV_8UC3);
            assertThat(out.report().hidden().get(0).box()).isEqualTo(new Box(5, 5, 10, 10));
        }
    }

    @Test
    void thresholdSizeLimitsRegionsAndPredicateDecideWhatIsHidden() {
        List<Detection> faces = List.of(
                face(10, 10, 20, 20, 0.9), // kept
                face(100, 10, 20, 20, 0.3), // below threshold: neither hidden nor spared
                face(10, 100, 4, 4, 0.9), // too small
                face(200, 200, 20, 20, 0.9), // in the exclude region
                face(300, 10, 20, 20, 0.95)); // refused by the predicate
        FakeDetectors.Factory f = FakeDetectors.Factory.fixed(faces);
        try (Mat in = new Mat(400, 400, CV_8UC3, new Scalar(0, 0, 0, 0));
                Anonymizer a = Anonymizer.builder().detector(f).filter(new FakeDetectors.Fill(9)).threshold(0.5)
                        .minFaceSize(8).exclude(new Box(180, 180, 60, 60))
                        .hideIf((d, frame) -> d.score() < 0.93).build();
                AnonymizedFrame out = a.process(in)) {
            assertThat(out.report().hidden()).containsExactly(faces.get(0));
            assertThat(out.report().spared()).containsExactlyInAnyOrder(faces.get(2), faces.get(3), faces.get(4));
            assertThat(coveredFraction(out.image(), faces.get(4).box(), 9)).isZero();
        }
        try (Mat in = new Mat(400, 400, CV_8UC3, new Scalar(0, 0, 0, 0));
                Anonymizer a = Anonymizer.builder().detector(f).filter(new FakeDetectors.Fill(9))
                        .include(new Box(0, 0, 50, 400)).maxFaceSize(10).build();
                AnonymizedFrame out = a.process(in)) {
            assertThat(out.report().hidden()).containsExactly(faces.get(2));
        }
    }

    @Test
    void unsupportedFramesGetATypedError() {
        FakeDetectors.Factory f = FakeDetectors.Factory.fixed(List.of());
        try (Anonymizer a = Anonymizer.builder().detector(f).build();
                Mat empty = new Mat();
                Mat floats = new Mat(4, 4, CV_32FC3);
                Mat twoChannels = new Mat(4, 4, CV_8UC2)) {
            assertThatThrownBy(() -> a.process(empty)).isInstanceOf(UnsupportedFrameException.class).hasMessageContaining("empty");
            assertThatThrownBy(() -> a.process(floats)).isInstanceOf(UnsupportedFrameException.class).hasMessageContaining("32F");
            assertThatThrownBy(() -> a.process(twoChannels)).isInstanceOf(UnsupportedFrameException.class).hasMessageContaining("C2");
            assertThatThrownBy(() -> a.process((Mat) null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Test
    void aFailingDetectorFailsTheFrameAndItsWorkerIsReplaced() {
        FakeDetectors.Factory f = new FakeDetectors.Factory(m -> {
            throw new RuntimeException("boom");
        });
        try (Mat in = new Mat(20, 20, CV_8UC3, new Scalar(0, 0, 0, 0));
                Anonymizer a = Anonymizer.builder().detector(f).build()) {
            assertThatThrownBy(() -> a.process(in)).isInstanceOf(DetectorException.class)
                    .hasMessageContaining("fake").hasMessageContaining("boom");
            assertThatThrownBy(() -> a.process(in)).isInstanceOf(DetectorException.class);
            assertThat(f.created.get()).isEqualTo(2);
            assertThat(f.closedDetectors.get()).isEqualTo(2);
        }
        FakeDetectors.Factory nanScores = new FakeDetectors.Factory(m -> List.of(face(1, 1, 5, 5, Double.NaN)));
        try (Mat in = new Mat(20, 20, CV_8UC3, new Scalar(0, 0, 0, 0));
                Anonymizer a = Anonymizer.builder().detector(nanScores).build()) {
            assertThatThrownBy(() -> a.process(in)).isInstanceOf(DetectorException.class).hasMessageContaining("score");
        }
    }

    @Test
    void closeWaitsForCallsInProgressAndLaterCallsFail() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FakeDetectors.Factory f = new FakeDetectors.Factory(m -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(face(1, 1, 5, 5, 0.9));
        });
        Anonymizer a = Anonymizer.builder().detector(f).filter(new FakeDetectors.Fill(1)).build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Mat in = new Mat(20, 20, CV_8UC3, new Scalar(0, 0, 0, 0))) {
            Future<FrameReport> running = pool.submit(() -> a.processInPlace(in));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            Future<?> closing = pool.submit(a::close);
            Thread.sleep(100);
            assertThat(closing.isDone()).as("close waits for the call in progress").isFalse();
            release.countDown();
            assertThat(running.get(10, TimeUnit.SECONDS).hidden()).hasSize(1);
            closing.get(10, TimeUnit.SECONDS);
            assertThat(f.closedDetectors.get()).isEqualTo(f.created.get());
            assertThat(f.closed).as("a caller-owned factory is not closed").isFalse();
            assertThatThrownBy(() -> a.process(in)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            a.close(); // idempotent
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eightThreadsGiveTheSequentialResult() throws Exception {
        List<Detection> faces = List.of(face(100, 80, 60, 70, 0.9), face(300, 200, 50, 50, 0.8));
        FakeDetectors.Factory f = FakeDetectors.Factory.fixed(faces);
        try (Mat in = photo(); Anonymizer a = Anonymizer.builder().detector(f).build()) {
            byte[] expected;
            try (AnonymizedFrame out = a.process(in)) {
                expected = bytes(out.image());
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<byte[]>> results = new ArrayList<>();
                for (int t = 0; t < 32; t++) {
                    results.add(pool.submit(() -> {
                        try (AnonymizedFrame out = a.process(in)) {
                            return bytes(out.image());
                        }
                    }));
                }
                for (Future<byte[]> r : results) {
                    assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(f.created.get()).isBetween(1, 9);
        }
    }

    @Test
    void wholeFrameFallbackHidesEveryPixel() {
        try (Mat in = new Mat(30, 40, CV_8UC3, new Scalar(5, 6, 7, 0));
                Anonymizer a = Anonymizer.builder().detector(FakeDetectors.Factory.fixed(List.of()))
                        .filter(new FakeDetectors.Fill(77)).build()) {
            a.hideWholeFrame(in);
            assertThat(coveredFraction(in, new Box(0, 0, 40, 30), 77)).isEqualTo(1.0);
        }
    }

    @Test
    void regionsOutsideTheFrameAreSkippedAndRegionsCarryTrackIds() {
        try (Anonymizer a = Anonymizer.builder().detector(FakeDetectors.Factory.fixed(List.of())).build()) {
            assertThat(a.regionFor(face(500, 500, 10, 10, 1), 3, 100, 100)).isEmpty();
            FaceRegion r = a.regionFor(face(-5, -5, 10, 10, 1), 3, 100, 100).orElseThrow();
            assertThat(r.trackId()).isEqualTo(3);
            assertThat(r.x()).isZero();
            assertThat(r.width()).isEqualTo(8); // box -5..5 grown by 0.3 x 10 on each side: -8..8, clipped at 0
        }
    }

    @Test
    void builderFailsFastWithClearMessages() {
        assertThatThrownBy(() -> Anonymizer.builder().threshold(1.5)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> Anonymizer.builder().maskScale(-1)).hasMessageContaining("mask scale");
        assertThatThrownBy(() -> Anonymizer.builder().detectionSize(640, 360).detectionScale(0.5))
                .hasMessageContaining("already set to 640x360");
        assertThatThrownBy(() -> Anonymizer.builder().detector("haar").detector("lbp")).hasMessageContaining("'haar'");
        assertThatThrownBy(() -> Anonymizer.builder().detector(FakeDetectors.Factory.fixed(List.of()))
                .minFaceSize(50).maxFaceSize(10).build()).hasMessageContaining("minimum face size");
        assertThatThrownBy(() -> Anonymizer.builder().detector("no-such-detector").build())
                .hasMessageContaining("no-such-detector").hasMessageContaining("available");
    }
}
