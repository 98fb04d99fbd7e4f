package io.github.anonymizer.detector.centerface;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.anonymizer.api.MaskShape;
import io.github.anonymizer.eval.EvaluationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The measurement behind the documented defaults (threshold, small-face mode), too slow for every
 * build: run with {@code -Dcenterface.sweep=true}. Prints one line per set and setting.
 */
@EnabledIfSystemProperty(named = "centerface.sweep", matches = "true")
class QualitySweepTest {

    private static final String[] SETS = {"dlib", "wider-originals", "wider416-dev"};

    @Test
    void thresholds() {
        List<String> lines = new ArrayList<>();
        try (CenterFaceDetector d = CenterFaceDetector.builder().model(TestModels.centerface()).threads(2).build()) {
            for (String set : SETS) {
                for (double mask : new double[] {1.3, 1.6}) {
                    for (double t : new double[] {0.1, 0.15, 0.2, 0.3, 0.5}) {
                        EvaluationReport r = QualityMeasurement.evaluate(d, set, MaskShape.BOX, t,
                                b -> b.maskScale(mask));
                        lines.add(QualityMeasurement.line("box x" + mask + " thr " + t, r));
                        System.out.println(lines.get(lines.size() - 1));
                    }
                }
            }
        }
        assertThat(lines).isNotEmpty();
    }

    @Test
    void nms() {
        List<String> lines = new ArrayList<>();
        for (double iou : new double[] {0.3, 0.4, 0.5}) {
            try (CenterFaceDetector d = CenterFaceDetector.builder().model(TestModels.centerface()).threads(2).nms(iou)
                    .build()) {
                for (String set : new String[] {"wider-originals", "wider416-dev"}) {
                    for (double mask : new double[] {1.3, 1.6}) {
                        EvaluationReport r = QualityMeasurement.evaluate(d, set, MaskShape.BOX, 0.2,
                                b -> b.maskScale(mask));
                        lines.add(QualityMeasurement.line("box x" + mask + " nms " + iou, r));
                        System.out.println(lines.get(lines.size() - 1));
                    }
                }
            }
        }
        assertThat(lines).isNotEmpty();
    }

    @Test
    void scales() {
        List<String> lines = new ArrayList<>();
        String spec = System.getProperty("centerface.scales", "1;2;2.5;1+2;1+2.5;1+1.5+2.5");
        String sets = System.getProperty("centerface.sets", "wider-originals,dlib,wider416-dev");
        for (String s : spec.split(";")) {
            double[] scales = CenterFaceDetectorProvider.parseScales(s);
            try (CenterFaceDetector d = CenterFaceDetector.builder().model(TestModels.centerface()).threads(2)
                    .scales(scales).build()) {
                for (String set : sets.split(",")) {
                    for (MaskShape shape : MaskShape.values()) {
                        for (double mask : new double[] {1.3, 1.6}) {
                            EvaluationReport r = QualityMeasurement.evaluate(d, set, shape, 0.2, b -> b.maskScale(mask));
                            lines.add(QualityMeasurement.line(shape.name().toLowerCase(Locale.ROOT) + " x" + mask
                                    + " scales " + s, r));
                            System.out.println(lines.get(lines.size() - 1));
                        }
                    }
                }
            }
        }
        assertThat(lines).isNotEmpty();
    }
}
