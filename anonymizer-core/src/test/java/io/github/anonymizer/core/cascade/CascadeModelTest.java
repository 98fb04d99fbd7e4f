package io.github.anonymizer.core.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.anonymizer.api.ModelException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.xml.parsers.DocumentBuilderFactory;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class CascadeModelTest {

    static final BundledCascade HAAR_DEFAULT = new BundledCascade("haarcascades", "haarcascade_frontalface_default.xml", false);
    static final BundledCascade LBP_FRONTAL = new BundledCascade("lbpcascades", "lbpcascade_frontalface.xml", false);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({
        "haarcascades, haarcascade_frontalface_default.xml, HAAR, 24, 24, 25",
        "haarcascades, haarcascade_frontalface_alt.xml, HAAR, 20, 20, 22",
        "haarcascades, haarcascade_frontalface_alt2.xml, HAAR, 20, 20, 20",
        "haarcascades, haarcascade_profileface.xml, HAAR, 20, 20, 26",
        "lbpcascades, lbpcascade_frontalface.xml, LBP, 24, 24, 20",
        "lbpcascades, lbpcascade_frontalface_improved.xml, LBP, 45, 45, 19",
        "lbpcascades, lbpcascade_profileface.xml, LBP, 20, 34, 16"
    })
    void loadsEveryBuiltInFaceCascadeFromTheOpenCvJar(String folder, String file, String type, int width, int height,
            int stages) throws Exception {
        BundledCascade cascade = new BundledCascade(folder, file, false);
        assertThat(cascade.isOnClassPath()).isTrue();
        try (CascadeModel model = CascadeModel.bundled("test", cascade, type);
                CascadeClassifier classifier = model.newClassifier()) {
            assertThat(model.featureType()).isEqualTo(type);
            assertThat(model.windowWidth()).isEqualTo(width);
            assertThat(model.windowHeight()).isEqualTo(height);
            assertThat(model.stageCount()).isEqualTo(stages);
            assertThat(model.modelId()).isEqualTo(file.replace(".xml", ""));
            assertThat(model.file()).isEmpty();
            assertThat(classifier.empty()).isFalse();
            assertThat(classifier.getOriginalWindowSize().width()).isEqualTo(width);
            // the score mapping's constants, recomputed independently with the JDK's XML parser
            double[] expected = lastStageThresholdAndSigma(resourceBytes(cascade));
            assertThat(model.score().lastStageThreshold()).isEqualTo(expected[0]);
            assertThat(model.score().sigma()).isCloseTo(expected[1], org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void readsAUserFileTheSameAsTheBuiltInCascade() throws Exception {
        Path file = tmp.resolve("my_cascade.xml");
        Files.write(file, resourceBytes(HAAR_DEFAULT));
        try (CascadeModel fromFile = CascadeModel.fromFile("haar", file, "HAAR");
                CascadeModel bundled = CascadeModel.bundled("haar", HAAR_DEFAULT, "HAAR")) {
            assertThat(fromFile.file()).contains(file);
            assertThat(fromFile.modelId()).isEqualTo("my_cascade");
            assertThat(fromFile.source()).contains(file.toString());
            assertThat(fromFile.score()).isEqualTo(bundled.score());
            assertThat(fromFile.windowWidth()).isEqualTo(bundled.windowWidth());
        }
    }

    @Test
    void missingFileIsAModelExceptionNamingTheFile() {
        Path file = tmp.resolve("nope.xml");
        assertThatThrownBy(() -> CascadeModel.fromFile("haar", file, "HAAR"))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.path()).isEqualTo(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not found");
    }

    @Test
    void directoryIsAModelException() {
        assertThatThrownBy(() -> CascadeModel.fromFile("haar", tmp, "HAAR"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(tmp.toString())
                .hasMessageContaining("directory");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "empty.xml|",
        "garbage.xml|this is not a cascade at all",
        "binary.xml|\u0001\u0002\u0003PK\u0004",
        "other.xml|<?xml version=\"1.0\"?><opencv_storage><answer>42</answer></opencv_storage>",
        "nostages.xml|<?xml version=\"1.0\"?><opencv_storage><cascade><featureType>HAAR</featureType></cascade></opencv_storage>"
    })
    void invalidFilesAreModelExceptionsNamingTheFile(String name, String content) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, content == null ? "" : content, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CascadeModel.fromFile("haar", file, "HAAR"))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.path()).isEqualTo(file))
                .hasMessageContaining(file.toString());
    }

    @Test
    void truncatedCascadeIsAModelException() throws Exception {
        byte[] xml = resourceBytes(HAAR_DEFAULT);
        Path file = tmp.resolve("truncated.xml");
        Files.write(file, Arrays.copyOf(xml, xml.length / 2));
        assertThatThrownBy(() -> CascadeModel.fromFile("haar", file, "HAAR"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void wrongFeatureTypeIsAModelExceptionNamingTheDetector() throws Exception {
        Path file = tmp.resolve("lbp.xml");
        Files.write(file, resourceBytes(LBP_FRONTAL));
        assertThatThrownBy(() -> CascadeModel.fromFile("haar", file, "HAAR"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("LBP cascade")
                .hasMessageContaining("'haar' detector needs a HAAR cascade");
        assertThatThrownBy(() -> CascadeModel.bundled("lbp", HAAR_DEFAULT, "LBP"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("HAAR cascade");
    }

    @Test
    void missingResourceSaysWhichJarIsMissing() {
        BundledCascade missing = new BundledCascade("haarcascades", "haarcascade_no_such_thing.xml", false);
        assertThat(missing.isOnClassPath()).isFalse();
        assertThatThrownBy(() -> CascadeModel.bundled("haar", missing, "HAAR"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("haarcascade_no_such_thing.xml")
                .hasMessageContaining(missing.resourceName())
                .hasMessageContaining("org.bytedeco:opencv");
    }

    @Test
    void newClassifierAfterCloseThrowsAndCloseIsIdempotent() {
        CascadeModel model = CascadeModel.bundled("lbp", LBP_FRONTAL, "LBP");
        model.newClassifier().close();
        model.close();
        assertThatThrownBy(model::newClassifier).isInstanceOf(IllegalStateException.class).hasMessageContaining("'lbp'");
        model.close();
    }

    static byte[] resourceBytes(BundledCascade cascade) throws Exception {
        try (InputStream in = CascadeModel.class.getClassLoader().getResourceAsStream(cascade.resourceName())) {
            assertThat(in).as(cascade.resourceName()).isNotNull();
            return in.readAllBytes();
        }
    }

    /** {threshold (as float), sigma} of the last stage, read with the JDK's DOM parser. */
    static double[] lastStageThresholdAndSigma(byte[] xml) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        Element stages = (Element) doc.getElementsByTagName("stages").item(0);
        Element last = null;
        for (Node n = stages.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                last = e;
            }
        }
        assertThat(last).isNotNull();
        double threshold = (float) Double.parseDouble(last.getElementsByTagName("stageThreshold").item(0).getTextContent().strip());
        NodeList leafValues = last.getElementsByTagName("leafValues");
        double sumSquares = 0;
        for (int i = 0; i < leafValues.getLength(); i++) {
            double[] v = Arrays.stream(leafValues.item(i).getTextContent().strip().split("\\s+"))
                    .mapToDouble(Double::parseDouble).toArray();
            double range = Arrays.stream(v).max().orElseThrow() - Arrays.stream(v).min().orElseThrow();
            sumSquares += range * range;
        }
        return new double[] {threshold, Math.sqrt(sumSquares) / 2};
    }
}
