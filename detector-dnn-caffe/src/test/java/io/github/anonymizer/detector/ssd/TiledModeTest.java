package io.github.anonymizer.detector.ssd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.testing.FaceDetectorContract;
import io.github.anonymizer.testing.FaceMatching;
import io.github.anonymizer.testing.GroundTruth;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/**
 * The tiled mode on synthetic big frames: a real photo pasted into a large grey canvas keeps its
 * faces at native size, which the plain detector (whole frame shrunk to 300x300) cannot see. The
 * tiled detector must find them at the right place, once each.
 */
class TiledModeTest {

    private static final String PHOTO = "2008_001009.jpg";

    /** Pastes {@code rows} of {@link #PHOTO} at {@code (dx, dy)} into a grey canvas; returns the faces moved along. */
    private static List<Box> paste(Mat canvas, int dx, int dy, int fromRow, int toRow) {
        return paste(PHOTO, canvas, dx, dy, fromRow, toRow);
    }

    private static List<Box> paste(String name, Mat canvas, int dx, int dy, int fromRow, int toRow) {
        GroundTruth truth = GroundTruth.of("dlib");
        try (Mat photo = imread(truth.image(name).toString(), IMREAD_COLOR);
                Rect src = new Rect(0, fromRow, photo.cols(), toRow - fromRow);
                Rect dst = new Rect(dx, dy, photo.cols(), toRow - fromRow);
                Mat from = new Mat(photo, src);
                Mat to = new Mat(canvas, dst)) {
            from.copyTo(to);
        }
        return truth.faces().get(name).stream().filter(b -> b.y() >= fromRow && b.y2() <= toRow)
                .map(b -> b.translated(dx, dy - fromRow)).toList();
    }

    private static Mat canvas(int w, int h) {
        try (Scalar grey = new Scalar(110, 110, 110, 0)) {
            return new Mat(h, w, CV_8UC3, grey);
        }
    }

    /** How many detections overlap a face at all (IoU above 0.1): one means no duplicate survived. */
    private static long overlapping(Box face, List<Detection> found) {
        return found.stream().filter(d -> d.box().iou(face) > 0.1).count();
    }

    @Test
    void smallFacesInABigFrameAreFoundOnlyWhenTiled() {
        try (Mat frame = canvas(2000, 1500);
                SsdDetectorFactory plain = SharedModels.builder(SsdPreset.RES10_CAFFE).build();
                SsdDetectorFactory tiled = SharedModels.builder(SsdPreset.RES10_CAFFE).tiled(true).build();
                FaceDetector p = plain.create();
                FaceDetector t = tiled.create()) {
            List<Box> faces = paste(frame, 1210, 700, 0, 480);
            assertThat(faces).hasSize(2);
            List<Detection> fromPlain = p.detect(frame, 0.5);
            List<Detection> fromTiled = t.detect(frame, 0.5);
            assertThat(FaceMatching.found(faces, fromPlain, 0.3)).as("plain: %s", fromPlain).isZero();
            assertThat(FaceMatching.found(faces, fromTiled, 0.5)).as("tiled: %s", fromTiled).isEqualTo(2);
            for (Box face : faces) {
                assertThat(overlapping(face, fromTiled)).as("detections on %s among %s", face, fromTiled).isEqualTo(1);
            }
            assertThat(tiled.description()).contains("tiled 300x300 overlap 0.50");
        }
    }

    @Test
    void framesLowerThanATileArePaddedNotStretched() {
        // 1500x200: lower than YuFaceDetectNet's 240-pixel tiles, so each tile is padded to 320x240
        try (Mat frame = canvas(1500, 200);
                SsdDetectorFactory tiled = SharedModels.builder(SsdPreset.YUFACEDETECTNET).tiled(true).build();
                FaceDetector t = tiled.create()) {
            List<Box> faces = paste(frame, 700, 25, 190, 340);
            assertThat(faces).hasSize(1);
            List<Detection> found = t.detect(frame, 0.5);
            assertThat(FaceMatching.found(faces, found, 0.5)).as("tiled: %s", found).isEqualTo(1);
            assertThat(overlapping(faces.get(0), found)).isEqualTo(1);
        }
    }

    @Test
    void aRegionLowerThanATileIsPaddedWithItsOwnPixelsOnly() {
        // the region (rows 0-200) holds one face; a second face sits right below it in the parent
        try (Mat canvas = canvas(1500, 420);
                SsdDetectorFactory tiled = SharedModels.builder(SsdPreset.YUFACEDETECTNET).tiled(true).build();
                FaceDetector t = tiled.create()) {
            List<Box> faces = paste(canvas, 700, 25, 190, 340);
            paste(canvas, 200, 200, 190, 340);
            try (Rect r = new Rect(0, 0, 1500, 200); Mat region = new Mat(canvas, r); Mat copy = region.clone()) {
                List<Detection> fromRegion = t.detect(region, 0.3);
                assertThat(fromRegion).isEqualTo(t.detect(copy, 0.3));
                assertThat(FaceMatching.found(faces, fromRegion, 0.5)).isEqualTo(1);
            }
        }
    }

    @Test
    void tilesLeakNoNativeObjects() {
        try (Mat frame = canvas(900, 620);
                SsdDetectorFactory tiled = SharedModels.builder(SsdPreset.YUFACEDETECTNET).tiled(true).build();
                FaceDetector t = tiled.create()) {
            List<Box> faces = paste("2008_001322.jpg", frame, 300, 70, 0, 375);
            List<Detection> first = t.detect(frame, 0.5);
            assertThat(FaceMatching.found(faces, first, 0.3)).as("found among %s", first).isEqualTo(3);
            long before = Pointer.totalCount();
            for (int i = 0; i < 25; i++) {
                assertThat(t.detect(frame, 0.5)).isEqualTo(first);
            }
            assertThat(Pointer.totalCount() - before).as("live JavaCPP pointers added by 25 tiled detections")
                    .isLessThanOrEqualTo(FaceDetectorContract.LEAKED_POINTERS_ALLOWED);
        }
    }

    @Test
    void tiledModeKeepsWhatThePlainModeFinds() {
        // on an ordinary photo every plain detection has a tiled counterpart
        GroundTruth truth = GroundTruth.of("dlib");
        try (Mat photo = imread(truth.image("2008_002506.jpg").toString(), IMREAD_COLOR);
                SsdDetectorFactory plain = SharedModels.builder(SsdPreset.RES10_CAFFE).build();
                SsdDetectorFactory tiled = SharedModels.builder(SsdPreset.RES10_CAFFE).tiled(true).build();
                FaceDetector p = plain.create();
                FaceDetector t = tiled.create()) {
            List<Detection> fromPlain = p.detect(photo, 0.5);
            List<Detection> fromTiled = t.detect(photo, 0.5);
            assertThat(fromPlain).isNotEmpty();
            assertThat(fromPlain).allSatisfy(d -> assertThat(fromTiled).anySatisfy(
                    e -> assertThat(e.box().iou(d.box())).isGreaterThan(0.5)));
        }
    }
}
