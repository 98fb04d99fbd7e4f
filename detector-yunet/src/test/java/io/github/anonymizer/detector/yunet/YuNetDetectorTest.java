package io.github.anonymizer.detector.yunet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.api.Point;
import io.github.anonymizer.testing.FaceMatching;
import io.github.anonymizer.testing.GroundTruth;
import io.github.anonymizer.testing.SharedData;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class YuNetDetectorTest {

    private static Mat dlib(String name) {
        return imread(GroundTruth.of("dlib").image(name).toString(), IMREAD_COLOR);
    }

    private static List<Detection> byScore(List<Detection> d) {
        return d.stream().sorted(Comparator.comparingDouble(Detection::score).reversed()).toList();
    }

    @Test
    void fiveLandmarksInFaceOrder() {
        GroundTruth truth = GroundTruth.of("dlib");
        try (YuNetDetectorFactory f = SharedModels.builder().build(); FaceDetector d = f.create();
                Mat photo = dlib("2007_007763.jpg")) {
            List<Detection> found = d.detect(photo, 0.6);
            assertThat(FaceMatching.found(truth.faces().get("2007_007763.jpg"), found, 0.3)).isEqualTo(7);
            for (Detection det : found) {
                List<Point> p = det.landmarks();
                assertThat(p).hasSize(5);
                Box around = det.box().scaledAboutCenter(1.2);
                assertThat(p).allSatisfy(q -> assertThat(around.contains(q.x(), q.y())).as("%s in %s", q, around).isTrue());
                // right eye (the subject's) left of the left eye in the image, mouth corners likewise; eyes above mouth
                assertThat(p.get(0).x()).isLessThan(p.get(1).x());
                assertThat(p.get(3).x()).isLessThan(p.get(4).x());
                assertThat(Math.max(p.get(0).y(), p.get(1).y())).isLessThan(Math.min(p.get(3).y(), p.get(4).y()));
                assertThat(p.get(2).y()).isBetween(Math.min(p.get(0).y(), p.get(1).y()), Math.max(p.get(3).y(), p.get(4).y()));
            }
        }
    }

    @Test
    void fixedInputSizeMapsBoxesBackToTheFrame() {
        try (YuNetDetectorFactory nativeSize = SharedModels.builder().build();
                YuNetDetectorFactory half = SharedModels.builder().inputSize(180, 240).build();
                FaceDetector a = nativeSize.create();
                FaceDetector b = half.create();
                Mat photo = dlib("2008_001009.jpg")) {
            assertThat(photo.cols()).isEqualTo(360);
            List<Detection> full = byScore(a.detect(photo, 0.6));
            List<Detection> small = byScore(b.detect(photo, 0.6));
            assertThat(full).hasSize(2);
            assertThat(small).hasSameSizeAs(full);
            for (int i = 0; i < full.size(); i++) {
                assertThat(small.get(i).box().iou(full.get(i).box())).as("face %d", i).isGreaterThan(0.7);
            }
            assertThat(half.description()).contains("180x240");
            assertThat(nativeSize.description()).contains("native size");
        }
    }

    @Test
    void changingFrameSizesGiveTheSameResultsAsFreshDetectors() {
        String[] names = {"2008_001009.jpg", "2008_002470.jpg", "2008_001009.jpg", "2009_004587.jpg"};
        try (YuNetDetectorFactory f = SharedModels.builder().build(); FaceDetector reused = f.create()) {
            for (String name : names) {
                try (Mat photo = dlib(name); FaceDetector fresh = f.create()) {
                    assertThat(reused.detect(photo, 0.3)).as(name).isEqualTo(fresh.detect(photo, 0.3)).isNotEmpty();
                }
            }
        }
    }

    @Test
    void thinFramesNeverGiveGarbage() {
        // OpenCV 4.13's FaceDetectorYN returned phantom, partly non-finite rows now and then for
        // inputs with a side up to 32 (300x20 in 22 of 60 runs); such frames are padded to 64
        int[][] sizes = {{300, 20}, {20, 300}, {1000, 10}, {1, 1}, {32, 32}, {63, 64}};
        try (YuNetDetectorFactory f = SharedModels.builder().build(); FaceDetector d = f.create()) {
            for (int round = 0; round < 30; round++) {
                for (int[] s : sizes) {
                    try (Scalar grey = new Scalar(128, 128, 128, 0); Mat frame = new Mat(s[1], s[0], CV_8UC3, grey)) {
                        assertThat(d.detect(frame, 0.6)).as("round %d, %dx%d", round, s[0], s[1]).isEmpty();
                    }
                }
            }
        }
    }

    @Test
    void aThinStripWithAFaceIsDetected() {
        GroundTruth truth = GroundTruth.of("dlib");
        Box face = truth.faces().get("2008_001009.jpg").get(1); // 125 214 90 91
        try (YuNetDetectorFactory f = SharedModels.builder().build(); FaceDetector d = f.create();
                Mat photo = dlib("2008_001009.jpg");
                Rect strip = new Rect(0, 200, 360, 120);
                Mat region = new Mat(photo, strip)) {
            List<Detection> found = d.detect(region, 0.6);
            assertThat(FaceMatching.found(List.of(face.translated(0, -200)), found, 0.5)).as("%s", found).isEqualTo(1);
        }
    }

    @Test
    void scoreFloorCutsLowScoresOnly() {
        try (YuNetDetectorFactory low = SharedModels.builder().build();
                YuNetDetectorFactory high = SharedModels.builder().scoreFloor(0.5).build();
                FaceDetector a = low.create();
                FaceDetector b = high.create();
                Mat crowd = imread(SharedData.faces("wider-originals").resolve("images")
                        .resolve("0_Parade_marchingband_1_465.jpg").toString(), IMREAD_COLOR)) {
            List<Detection> all = a.detect(crowd, 0.0);
            assertThat(all).anySatisfy(d -> assertThat(d.score()).isLessThan(0.5));
            List<Detection> floored = b.detect(crowd, 0.0);
            assertThat(floored).isNotEmpty().allSatisfy(d -> assertThat(d.score()).isGreaterThanOrEqualTo(0.5));
            // NMS keeps higher scores first, so the floored result is exactly the default one above 0.5
            assertThat(byScore(floored)).isEqualTo(byScore(a.detect(crowd, 0.5)));
        }
    }
}
