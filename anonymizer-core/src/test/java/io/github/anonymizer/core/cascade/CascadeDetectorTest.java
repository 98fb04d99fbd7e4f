package io.github.anonymizer.core.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.testing.GroundTruth;
import io.github.anonymizer.testing.FaceMatching;
import io.github.anonymizer.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CascadeDetectorTest {

    static final CascadeSettings HAAR_SETTINGS = new CascadeSettings(1.1, 3, 8, 0, true, false);
    static final BundledCascade HAAR_PROFILE = new BundledCascade("haarcascades", "haarcascade_profileface.xml", true);

    /** The annotated dlib photos and the smoke photos (all about 500 pixels wide). */
    static List<Path> photos() throws Exception {
        List<Path> all = new ArrayList<>();
        GroundTruth dlib = GroundTruth.of("dlib");
        dlib.faces().keySet().forEach(name -> all.add(dlib.image(name)));
        try (Stream<Path> smoke = Files.list(SharedData.data().resolve("smoke"))) {
            smoke.filter(p -> p.toString().matches(".*\\.(jpg|png)")).sorted().forEach(all::add);
        }
        assertThat(all).hasSizeGreaterThan(15);
        return all;
    }

    /**
     * The default threshold (0.5) keeps exactly the boxes of OpenCV's plain detectMultiScale with the
     * same settings: detectMultiScale3 with outputRejectLevels groups the same windows, and the score
     * mapping puts every reported window at 0.5 or above.
     */
    @ParameterizedTest
    @CsvSource({
        "haarcascades, haarcascade_frontalface_default.xml, HAAR, 1.1",
        "haarcascades, haarcascade_frontalface_alt2.xml, HAAR, 1.1",
        "lbpcascades, lbpcascade_frontalface.xml, LBP, 1.05",
        "lbpcascades, lbpcascade_frontalface_improved.xml, LBP, 1.05"
    })
    void defaultThresholdKeepsExactlyWhatDetectMultiScaleKeeps(String folder, String file, String type, double scaleFactor)
            throws Exception {
        CascadeSettings settings = new CascadeSettings(scaleFactor, 3, 8, 0, true, false);
        int boxes = 0;
        double lowest = 1;
        try (CascadeModel model = CascadeModel.bundled("test", new BundledCascade(folder, file, false), type);
                CascadeDetectorFactory factory = new CascadeDetectorFactory("test", "test", model, settings);
                FaceDetector detector = factory.create();
                CascadeClassifier plain = model.newClassifier()) {
            assertThat(factory.defaultThreshold()).isEqualTo(0.5);
            for (Path photo : photos()) {
                try (Mat bgr = read(photo); Mat gray = new Mat(); RectVector rects = new RectVector();
                        Size min = new Size(8, 8); Size max = new Size()) {
                    cvtColor(bgr, gray, COLOR_BGR2GRAY);
                    equalizeHist(gray, gray);
                    plain.detectMultiScale(gray, rects, scaleFactor, 3, 0, min, max);
                    List<Box> expected = new ArrayList<>();
                    for (long i = 0; i < rects.size(); i++) {
                        Rect r = rects.get(i);
                        expected.add(new Box(r.x(), r.y(), r.width(), r.height()));
                    }
                    List<Detection> all = detector.detect(bgr, 0);
                    List<Detection> kept = all.stream().filter(d -> d.score() >= factory.defaultThreshold()).toList();
                    assertThat(kept).as("%s: detections at threshold 0 and 0.5", photo).isEqualTo(all);
                    assertThat(sortedBoxes(kept.stream().map(Detection::box).toList())).as("%s: boxes", photo).isEqualTo(sortedBoxes(expected));
                    boxes += kept.size();
                    lowest = kept.stream().mapToDouble(Detection::score).reduce(lowest, Math::min);
                }
            }
        }
        System.out.printf("%s: %d boxes on %d photos, identical to detectMultiScale; lowest score %.4f%n", file, boxes,
                photos().size(), lowest);
        assertThat(boxes).isPositive();
    }

    /** A mirroring detector on a mirrored photo gives the mirror image of its detections on the photo. */
    @Test
    void mirroringIsSymmetric() throws Exception {
        CascadeSettings settings = new CascadeSettings(1.1, 3, 8, 0, true, true);
        int total = 0;
        try (CascadeModel model = CascadeModel.bundled("test", HAAR_PROFILE, "HAAR");
                CascadeDetectorFactory factory = new CascadeDetectorFactory("test", "test", model, settings);
                FaceDetector detector = factory.create()) {
            for (Path photo : photos().subList(0, 5)) {
                try (Mat bgr = read(photo); Mat flipped = new Mat()) {
                    flip(bgr, flipped, 1);
                    int width = bgr.cols();
                    List<Box> mirroredBack = detector.detect(flipped, 0.5).stream()
                            .map(d -> new Box(width - d.box().x2(), d.box().y(), d.box().width(), d.box().height()))
                            .toList();
                    List<Box> direct = detector.detect(bgr, 0.5).stream().map(Detection::box).toList();
                    assertThat(sortedBoxes(mirroredBack)).as(photo.toString()).isEqualTo(sortedBoxes(direct));
                    total += direct.size();
                }
            }
        }
        assertThat(total).isPositive();
    }

    /** The profile cascade finds faces turned one way; mirroring adds those turned the other way. */
    @Test
    void mirroringFindsMoreGroundTruthFacesWithTheProfileCascade() throws Exception {
        GroundTruth truth = GroundTruth.of("dlib");
        int[] found = new int[2];
        for (int m = 0; m < 2; m++) {
            CascadeSettings settings = new CascadeSettings(1.1, 3, 8, 0, true, m == 1);
            try (CascadeModel model = CascadeModel.bundled("test", HAAR_PROFILE, "HAAR");
                    CascadeDetectorFactory factory = new CascadeDetectorFactory("test", "test", model, settings);
                    FaceDetector detector = factory.create()) {
                for (var e : truth.faces().entrySet()) {
                    try (Mat bgr = read(truth.image(e.getKey()))) {
                        found[m] += FaceMatching.found(e.getValue(), detector.detect(bgr, 0.5), 0.3);
                    }
                }
            }
        }
        System.out.printf("profile cascade on dlib: %d of %d faces found at IoU 0.3 without mirroring, %d with%n",
                found[0], truth.faceCount(), found[1]);
        assertThat(found[1]).isGreaterThan(found[0]);
    }

    @Test
    void higherMinScoreKeepsASubset() throws Exception {
        try (CascadeModel model = CascadeModel.bundled("test", CascadeModelTest.HAAR_DEFAULT, "HAAR");
                CascadeDetectorFactory factory = new CascadeDetectorFactory("test", "test", model, HAAR_SETTINGS);
                FaceDetector detector = factory.create();
                Mat bgr = read(SharedData.faces("dlib").resolve("images").resolve("2008_007676.jpg"))) {
            List<Detection> all = detector.detect(bgr, 0.5);
            assertThat(detector.detect(bgr, 0.5)).as("a second run, in the same order").isEqualTo(all);
            double median = all.stream().mapToDouble(Detection::score).sorted().toArray()[all.size() / 2];
            List<Detection> strong = detector.detect(bgr, median);
            assertThat(all).containsAll(strong);
            assertThat(strong).isNotEmpty().hasSizeLessThanOrEqualTo(all.size()).allSatisfy(d -> assertThat(d.score())
                    .isGreaterThanOrEqualTo(median));
            assertThat(all).allSatisfy(d -> assertThat(d.detectorId()).isEqualTo("test"));
            assertThatThrownBy(() -> detector.detect(bgr, 1.5)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("minScore");
            assertThatThrownBy(() -> detector.detect(bgr, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void suppressOverlapsKeepsTheBestOfOverlappingBoxes() {
        Detection a = new Detection(new Box(0, 0, 100, 100), 0.9, "t");
        Detection b = new Detection(new Box(5, 5, 100, 100), 0.7, "t"); // IoU with a 0.82
        Detection c = new Detection(new Box(60, 0, 100, 100), 0.8, "t"); // IoU with a 0.25
        assertThat(CascadeDetector.suppressOverlaps(List.of(b, c, a))).containsExactly(a, c);
    }

    @Test
    void settingsRejectInvalidValuesNamingThem() {
        assertThatThrownBy(() -> new CascadeSettings(1.0, 3, 8, 0, true, false)).hasMessageContaining("scaleFactor");
        assertThatThrownBy(() -> new CascadeSettings(Double.NaN, 3, 8, 0, true, false)).hasMessageContaining("scaleFactor");
        assertThatThrownBy(() -> new CascadeSettings(1.1, -1, 8, 0, true, false)).hasMessageContaining("minNeighbors");
        assertThatThrownBy(() -> new CascadeSettings(1.1, 3, -8, 0, true, false)).hasMessageContaining("minSize");
        assertThatThrownBy(() -> new CascadeSettings(1.1, 3, 8, -1, true, false)).hasMessageContaining("maxSize");
        assertThatThrownBy(() -> new CascadeSettings(1.1, 3, 80, 40, true, false)).hasMessageContaining("maxSize (40)")
                .hasMessageContaining("minSize (80)");
        assertThat(new CascadeSettings(1.1, 0, 0, 0, false, false).maxSize()).isZero();
    }

    static Mat read(Path photo) {
        Mat m = imread(photo.toString(), IMREAD_COLOR);
        assertThat(m.empty()).as("decoded %s", photo).isFalse();
        return m;
    }

    static List<Box> sortedBoxes(List<Box> boxes) {
        List<Box> copy = new ArrayList<>(boxes);
        copy.sort(Comparator.comparingDouble(Box::x).thenComparingDouble(Box::y).thenComparingDouble(Box::width));
        return copy;
    }
}
