package io.github.anonymizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.eval.Evaluator;
import io.github.anonymizer.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.common.ImageMetadata;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line run as a user would, on real photos. */
class CliPhotoTest {

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aFolderWithOneCorruptFileWritesTheGoodOnesAndFails(@TempDir Path dir) throws IOException {
        Path in = Files.createDirectories(dir.resolve("in/sub"));
        Files.copy(SharedData.smoke("openmpf_race.jpg"), dir.resolve("in/race.jpg"));
        Files.copy(SharedData.smoke("skimage_astronaut.png"), in.resolve("astronaut.png"));
        byte[] truncated = Files.readAllBytes(SharedData.smoke("deface_city.jpg"));
        Files.write(in.resolve("city.jpg"), java.util.Arrays.copyOf(truncated, 500));
        Path out = dir.resolve("out");

        Run r = run("--detector", "haar", "-o", out.toString(), "--export-detections", dir.resolve("d.json").toString(),
                dir.resolve("in").toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(out.resolve("race_anonymized.jpg")).isRegularFile();
        assertThat(out.resolve("sub/astronaut_anonymized.png")).isRegularFile();
        assertThat(out.resolve("sub/city_anonymized.jpg")).doesNotExist();
        assertThat(r.err()).containsPattern("error: .*city\\.jpg: ");
        assertThat(r.err().lines().filter(l -> l.startsWith("error:")).count()).isEqualTo(1);
        assertThat(Files.readAllBytes(in.resolve("city.jpg"))).hasSize(500); // input untouched
        try (var files = Files.walk(dir)) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(n -> n.endsWith(".tmp"));
        }
        String json = Files.readString(dir.resolve("d.json"));
        assertThat(json).contains("\"error\":").contains("race_anonymized.jpg").contains("\"detector\":\"haar\"");

        // a second run over the output folder skips the earlier outputs
        Files.copy(SharedData.smoke("skimage_astronaut.png"), out.resolve("new.png"));
        Run again = run("--detector", "haar", dir.resolve("out").toString());
        assertThat(again.exit()).isEqualTo(0);
        assertThat(again.err()).contains("skipped 2 earlier output");
        assertThat(out.resolve("new_anonymized.png")).isRegularFile();
    }

    @Test
    void usageErrorsExitWithTwoAndNameTheOption() {
        Run r = run("--thresh", "3", "x.jpg");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--thresh");
        Run bad = run("--replacewith", "sparkles", "x.jpg");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--replacewith");
        Run det = run("--detector", "nope", "x.jpg");
        assertThat(det.exit()).isEqualTo(2);
        assertThat(det.err()).contains("nope").contains("available");
    }

    /**
     * A mug shot stored sideways with EXIF orientation 6 and a GPS position: the face is found
     * (Haar only finds upright faces) and hidden in the displayed orientation, and the GPS position
     * is gone unless --keep-metadata.
     */
    @Test
    void rotatedExifPhotoIsAnonymizedUprightAndGpsIsRemoved(@TempDir Path dir) throws Exception {
        Path src = SharedData.smoke("openmpf_meds-aa-S001-01.jpg");
        Box face;
        try (Mat upright = opencv_imgcodecs.imread(src.toString());
                Anonymizer a = Anonymizer.builder().detector("haar").build()) {
            List<io.github.anonymizer.api.Detection> found = a.detect(upright).hidden();
            assertThat(found).as("the upright mug shot has one face").hasSize(1);
            face = found.get(0).box();
            try (Mat stored = new Mat()) {
                opencv_core.rotate(upright, stored, opencv_core.ROTATE_90_COUNTERCLOCKWISE); // orientation 6 shows it upright
                writeJpegWithExif(stored, dir.resolve("sideways.jpg"), 6);
            }
        }

        Path out = dir.resolve("anon.jpg");
        Run r = run("--detector", "haar", "--replacewith", "solid", "--color", "0,255,0", "-o", out.toString(),
                dir.resolve("sideways.jpg").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        try (Mat upright = opencv_imgcodecs.imread(src.toString());
                Mat result = opencv_imgcodecs.imread(out.toString(), opencv_imgcodecs.IMREAD_UNCHANGED)) {
            assertThat(result.cols()).isEqualTo(upright.cols());
            assertThat(result.rows()).isEqualTo(upright.rows());
            assertThat(Evaluator.changedFraction(upright, result, face)).isGreaterThan(0.9);
        }
        byte[] bytes = Files.readAllBytes(out);
        assertThat(exif(bytes)).as("no EXIF at all by default").isNull();

        Path kept = dir.resolve("kept.jpg");
        assertThat(run("--detector", "haar", "--keep-metadata", "-o", kept.toString(),
                dir.resolve("sideways.jpg").toString()).exit()).isZero();
        TiffImageMetadata exif = exif(Files.readAllBytes(kept));
        assertThat(exif).isNotNull();
        assertThat(exif.getGpsInfo()).isNotNull();
        assertThat(exif.findField(TiffTagConstants.TIFF_TAG_ORIENTATION).getIntValue()).isEqualTo(1);
    }

    static TiffImageMetadata exif(byte[] jpeg) throws IOException {
        ImageMetadata md = Imaging.getMetadata(jpeg);
        return md instanceof JpegImageMetadata j ? j.getExif() : null;
    }

    static void writeJpegWithExif(Mat pixels, Path file, int orientation) throws Exception {
        byte[] plain;
        try (BytePointer buf = new BytePointer()) {
            opencv_imgcodecs.imencode(".jpg", pixels, buf);
            plain = new byte[(int) buf.limit()];
            buf.get(plain);
        }
        TiffOutputSet set = new TiffOutputSet(ByteOrder.BIG_ENDIAN);
        set.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
        set.setGpsInDegrees(13.4050, 52.5200);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ExifRewriter().updateExifMetadataLossless(plain, out, set);
        Files.write(file, out.toByteArray());
    }
}
