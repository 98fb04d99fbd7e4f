package io.github.anonymizer.detector.ssd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.testing.GroundTruth;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * res10 in Caffe form (the shared rebuild) and in TensorFlow form (OpenCV's official file) are the
 * same network: at 300x300 on every dlib photo they give the same detections down to score 0.2
 * (count, IoU above 0.99 and corners within 2 pixels in all, scores within 1e-3).
 */
class Res10FormsAgreeTest {

    @Test
    void caffeAndTensorFlowGiveTheSameDetectionsOnDlib() {
        GroundTruth truth = GroundTruth.of("dlib");
        int compared = 0;
        try (SsdDetectorFactory caffe = SharedModels.builder(SsdPreset.RES10_CAFFE).build();
                SsdDetectorFactory tf = SharedModels.builder(SsdPreset.RES10_TF).build();
                FaceDetector c = caffe.create();
                FaceDetector t = tf.create()) {
            assertThat(caffe.description()).contains("Caffe");
            assertThat(tf.description()).contains("TensorFlow");
            for (String name : truth.faces().keySet()) {
                try (Mat photo = imread(truth.image(name).toString(), IMREAD_COLOR)) {
                    List<Detection> a = byScore(c.detect(photo, 0.2));
                    List<Detection> b = byScore(t.detect(photo, 0.2));
                    assertThat(b).as("%s: TF detections vs Caffe %s", name, a).hasSameSizeAs(a);
                    for (int i = 0; i < a.size(); i++) {
                        Detection x = a.get(i);
                        Detection y = b.get(i);
                        assertThat(y.score()).as("%s #%d score", name, i).isCloseTo(x.score(), within(1e-3));
                        assertThat(y.box().iou(x.box())).as("%s #%d IoU", name, i).isGreaterThan(0.99);
                        assertThat(Math.abs(y.box().x() - x.box().x()) + Math.abs(y.box().y() - x.box().y())
                                + Math.abs(y.box().x2() - x.box().x2()) + Math.abs(y.box().y2() - x.box().y2()))
                                .as("%s #%d corner distance in pixels", name, i).isLessThan(2.0);
                    }
                    compared += a.size();
                }
            }
        }
        assertThat(compared).as("detections compared").isGreaterThanOrEqualTo(43);
    }

    private static List<Detection> byScore(List<Detection> d) {
        return d.stream().sorted(Comparator.comparingDouble(Detection::score).reversed()).toList();
    }
}
