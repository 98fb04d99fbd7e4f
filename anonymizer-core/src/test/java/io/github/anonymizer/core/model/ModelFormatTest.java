package io.github.anonymizer.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.anonymizer.api.ModelException;
import io.github.anonymizer.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFormatTest {

    @TempDir
    Path tmp;

    @Test
    void everySharedModelFilePassesItsFormatCheck() {
        List<TestModels.SharedCopy> copies = TestModels.sharedCopies(SharedData.models());
        for (TestModels.SharedCopy c : copies) {
            assertThatCode(() -> c.file().format().check(c.model().id(), c.path())).as(c.key())
                    .doesNotThrowAnyException();
        }
        assertThat(copies).hasSize(8);
    }

    @Test
    void truncatedCopiesOfEverySharedFileFail() throws IOException {
        for (TestModels.SharedCopy c : TestModels.sharedCopies(SharedData.models())) {
            ModelFormat format = c.file().format();
            byte[] bytes = Files.readAllBytes(c.path());
            boolean text = format == ModelFormat.CAFFE_PROTOTXT || format == ModelFormat.TF_GRAPH_TEXT;
            // a text file cut just before its last closing brace; a binary one cut anywhere
            int lastByte = text ? new String(bytes, StandardCharsets.UTF_8).lastIndexOf('}') : bytes.length - 1;
            for (int keep : new int[] {bytes.length / 2, lastByte}) {
                Path cut = tmp.resolve(keep + "-" + c.path().getFileName());
                Files.write(cut, Arrays.copyOf(bytes, keep));
                assertThatThrownBy(() -> format.check(c.model().id(), cut))
                        .as(c.key() + " cut to " + keep + " bytes")
                        .isInstanceOf(ModelException.class)
                        .hasMessageContaining("'" + c.model().id() + "'")
                        .hasMessageContaining(cut.toString())
                        .hasMessageContaining("is not a valid " + format.label());
            }
        }
    }

    @Test
    void emptyMissingAndWrongKindsFail() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.onnx"));
        assertThatThrownBy(() -> ModelFormat.ONNX.check("m", empty)).isInstanceOf(ModelException.class)
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> ModelFormat.ONNX.check("m", tmp.resolve("absent.onnx")))
                .isInstanceOf(ModelException.class).hasMessageContaining("file not found");

        Path prototxt = Files.writeString(tmp.resolve("net.onnx"), "layer {\n  name: \"data\"\n}\n");
        assertThatThrownBy(() -> ModelFormat.ONNX.check("m", prototxt)).isInstanceOf(ModelException.class)
                .hasMessageContaining("not a valid ONNX model");

        Path lfs = Files.writeString(tmp.resolve("lfs.onnx"), "version https://git-lfs.github.com/spec/v1\n"
                + "oid sha256:8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4\nsize 232589\n");
        assertThatThrownBy(() -> ModelFormat.ONNX.check("m", lfs)).isInstanceOf(ModelException.class);

        byte[] noise = new byte[100_000];
        new Random(42).nextBytes(noise);
        Path random = Files.write(tmp.resolve("noise.caffemodel"), noise);
        assertThatThrownBy(() -> ModelFormat.CAFFE_MODEL.check("m", random)).isInstanceOf(ModelException.class);

        Path binaryAsText = Files.write(tmp.resolve("b.prototxt"), TestModels.onnx(1000, 1));
        assertThatThrownBy(() -> ModelFormat.CAFFE_PROTOTXT.check("m", binaryAsText)).isInstanceOf(ModelException.class);
    }

    @Test
    void protobufWithoutTheRequiredFieldFails() throws IOException {
        // a valid protobuf holding only ir_version: not a model
        Path onlyVersion = Files.write(tmp.resolve("v.onnx"), new byte[] {0x08, 0x07});
        assertThatThrownBy(() -> ModelFormat.ONNX.check("m", onlyVersion)).isInstanceOf(ModelException.class)
                .hasMessageContaining("field 7");
        Path minimal = Files.write(tmp.resolve("g.onnx"), TestModels.onnx(10, 1));
        assertThatCode(() -> ModelFormat.ONNX.check("m", minimal)).doesNotThrowAnyException();
    }

    @Test
    void textChecksSeeStringsCommentsAndBraces() throws IOException {
        Path ok = Files.writeString(tmp.resolve("ok.prototxt"),
                "# a comment with { brace\nlayer {\n  name: \"a } b\"\n  type: 'x{'\n}\n", StandardCharsets.UTF_8);
        assertThatCode(() -> ModelFormat.CAFFE_PROTOTXT.check("m", ok)).doesNotThrowAnyException();
        Path open = Files.writeString(tmp.resolve("open.prototxt"), "layer {\n  name: \"a\"\n");
        assertThatThrownBy(() -> ModelFormat.CAFFE_PROTOTXT.check("m", open)).isInstanceOf(ModelException.class)
                .hasMessageContaining("1 '{' left open");
        Path noNode = Files.writeString(tmp.resolve("x.pbtxt"), "layer {\n}\n");
        assertThatThrownBy(() -> ModelFormat.TF_GRAPH_TEXT.check("m", noNode)).isInstanceOf(ModelException.class)
                .hasMessageContaining("no 'node'");
    }

    @Test
    void formatFromFileName() {
        assertThat(ModelFormat.forFileName("a.ONNX")).contains(ModelFormat.ONNX);
        assertThat(ModelFormat.forFileName("deploy.prototxt")).contains(ModelFormat.CAFFE_PROTOTXT);
        assertThat(ModelFormat.forFileName("g.pbtxt")).contains(ModelFormat.TF_GRAPH_TEXT);
        assertThat(ModelFormat.forFileName("g.pb")).contains(ModelFormat.TF_GRAPH);
        assertThat(ModelFormat.forFileName("w.caffemodel")).contains(ModelFormat.CAFFE_MODEL);
        assertThat(ModelFormat.forFileName("weights.bin")).isEmpty();
    }
}
