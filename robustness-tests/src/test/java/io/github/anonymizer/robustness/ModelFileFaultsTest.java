package io.github.anonymizer.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.anonymizer.api.AnonymizerException;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken model files, for every bundled detector that loads weights, through the library and the
 * command line: a truncated copy, a file of the wrong format, and the right file with a wrong
 * SHA-256 give an error naming the model and the file, and no anonymizer is built (so the file is
 * never loaded); the command exits non-zero with one {@code error:} line and writes nothing.
 */
class ModelFileFaultsTest {

    @TempDir
    static Path tmp;

    private static final List<String> TABLE = new ArrayList<>();

    /** Detector id, model id (the shared models folder), weights file, extra options for the real description file. */
    static List<Arguments> faults() {
        List<Arguments> list = new ArrayList<>();
        String[][] detectors = {
            {"centerface", "centerface", "centerface.onnx", ""},
            {"yunet", "yunet", "face_detection_yunet_2023mar.onnx", ""},
            {"ssd-res10", "res10-caffe", "res10_300x300_ssd_iter_140000_from_uint8.caffemodel", "deploy.prototxt"},
            {"ssd-yufacedetectnet", "yufacedetectnet-caffe", "yufacedetectnet-open-v2.caffemodel",
                "yufacedetectnet-open-v2.opencv.prototxt"}};
        for (String[] d : detectors) {
            for (String fault : new String[] {"truncated", "wrong format", "wrong sha256"}) {
                list.add(Arguments.of(d[0], d[1], d[2], d[3], fault));
            }
        }
        return list;
    }

    @ParameterizedTest(name = "{0}: {4}")
    @MethodSource("faults")
    void aBrokenModelFileIsRefusedNamingModelAndFile(String detector, String modelId, String file, String config,
            String fault) throws Exception {
        Path real = SharedData.models().resolve(modelId).resolve(file);
        Path dir = Files.createDirectories(tmp.resolve(detector + "-" + fault.replace(' ', '-')));
        Path model = dir.resolve(file);
        String sha = null;
        switch (fault) {
            case "truncated" -> {
                byte[] all = Files.readAllBytes(real);
                Files.write(model, Arrays.copyOf(all, all.length / 3));
            }
            case "wrong format" -> Files.writeString(model, "<html><body>404 Not Found</body></html>\n");
            default -> {
                Files.copy(real, model);
                sha = "0".repeat(64);
            }
        }
        StringBuilder opts = new StringBuilder("model=" + model);
        if (!config.isEmpty()) {
            opts.append(",config=").append(SharedData.models().resolve(modelId).resolve(config));
        }
        if (sha != null) {
            opts.append(",sha256=").append(sha);
        }
        byte[] before = Files.readAllBytes(model);

        Throwable api = null;
        try (Anonymizer a = Anonymizer.builder().detector(detector, DetectorOptions.parse(opts.toString())).build()) {
            assertThat(a).as("no anonymizer with a broken model").isNull();
        } catch (RuntimeException e) {
            api = e;
        }
        assertThat(api).as("%s %s", detector, fault).isInstanceOf(AnonymizerException.class);
        assertThat(api.getMessage()).as("names the file").contains(model.toString());
        assertThat(api.getMessage().toLowerCase(Locale.ROOT)).as("names the model").containsAnyOf(modelId, detector);

        Path out = dir.resolve("out");
        Cli.Run r = Cli.run("-d", detector, "--detector-option", opts.toString(), "-q", "-o", out.toString(),
                SharedData.smoke("openmpf_race.jpg").toString());
        assertThat(r.exit()).as(r.err()).isNotZero();
        assertThat(r.errorLines()).as(r.err()).hasSize(1);
        assertThat(r.errorLines().get(0)).contains(model.toString());
        assertThat(out).as("nothing written").doesNotExist();
        assertThat(Files.readAllBytes(model)).as("the model file is untouched").isEqualTo(before);
        TABLE.add(String.format("| %s | %s | %s | exit %d: %s |", detector, fault, api.getClass().getSimpleName(), r.exit(),
                r.errorLines().get(0).replace(dir.toString() + "/", "")));
    }

    @AfterAll
    static void print() {
        System.out.println("\nBroken model files (API exception / CLI line):");
        TABLE.forEach(System.out::println);
    }
}
