package io.github.anonymizer.core.image;

import static io.github.anonymizer.core.image.TestImages.decode;
import static io.github.anonymizer.core.image.TestImages.encode;
import static io.github.anonymizer.core.image.TestImages.encodeWithMetadata;
import static io.github.anonymizer.core.image.TestImages.pixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC2;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMAGE_METADATA_EXIF;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;

import io.github.anonymizer.api.MediaException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageFilesReadTest {

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ formats and layouts

    @Test
    void readsSharedJpegAsUprightBgrWithTheDecoderPixels() throws IOException {
        Path photo = TestImages.portraitJpeg();
        try (DecodedImage img = ImageFiles.read(photo); Mat expected = decode(Files.readAllBytes(photo), IMREAD_UNCHANGED)) {
            assertThat(img.format()).isEqualTo(ImageFormat.JPEG);
            assertThat(img.source()).isEqualTo(photo.toAbsolutePath().normalize());
            assertThat(img.width()).isEqualTo(360);
            assertThat(img.height()).isEqualTo(480);
            assertThat(img.mat().type()).isEqualTo(CV_8UC3);
            assertThat(img.orientation()).isEqualTo(1);
            assertThat(pixels(img.mat())).isEqualTo(pixels(expected));
            assertThat(img.warnings()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp", "tif", "webp"})
    void readsEachFormatWrittenByOpenCvFromASharedPhoto(String ext) throws IOException {
        try (Mat photo = TestImages.portraitPixels()) {
            int[] params = ext.equals("webp") ? new int[] {org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY, 101} : new int[0];
            Path file = tmp.resolve("photo." + ext);
            Files.write(file, encode("." + ext, photo, params));
            try (DecodedImage img = ImageFiles.read(file)) {
                assertThat(img.format()).isEqualTo(ImageFormat.fromExtension(file).orElseThrow());
                assertThat(img.mat().type()).isEqualTo(CV_8UC3);
                // all four are lossless here (WebP quality 101 = lossless)
                assertThat(pixels(img.mat())).isEqualTo(pixels(photo));
                assertThat(img.losslessWebp()).isEqualTo(ext.equals("webp"));
            }
        }
    }

    @Test
    void readsTopDownBmpWhoseHeaderHeightIsNegative() throws IOException {
        try (Mat photo = TestImages.portraitPixels()) {
            byte[] bottomUp = encode(".bmp", photo);
            java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(bottomUp).order(ByteOrder.LITTLE_ENDIAN);
            int offset = header.getInt(10);
            int height = header.getInt(22);
            int row = (header.getInt(18) * 3 + 3) / 4 * 4;
            byte[] topDown = bottomUp.clone();
            for (int y = 0; y < height; y++) {
                System.arraycopy(bottomUp, offset + y * row, topDown, offset + (height - 1 - y) * row, row);
            }
            java.nio.ByteBuffer.wrap(topDown).order(ByteOrder.LITTLE_ENDIAN).putInt(22, -height);
            Path file = tmp.resolve("topdown.bmp");
            Files.write(file, topDown);
            try (DecodedImage img = ImageFiles.read(file)) {
                assertThat(img.height()).isEqualTo(480);
                assertThat(pixels(img.mat())).isEqualTo(pixels(photo));
            }
        }
    }

    @Test
    void readsLossyWebpAndKnowsItIsLossy() throws IOException {
        try (Mat photo = TestImages.portraitPixels()) {
            Path file = tmp.resolve("lossy.webp");
            Files.write(file, encode(".webp", photo, org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY, 80));
            try (DecodedImage img = ImageFiles.read(file)) {
                assertThat(img.format()).isEqualTo(ImageFormat.WEBP);
                assertThat(img.losslessWebp()).isFalse();
                assertThat(TestImages.meanAbsDiff(img.mat(), photo)).isLessThan(6.0);
            }
        }
    }

    @Test
    void keeps16BitGrayAndBgraAsTheyAreInPng() throws IOException {
        try (Mat photo = decode(Files.readAllBytes(TestImages.astronautPng()), IMREAD_UNCHANGED);
                Mat deep = new Mat(); Mat gray = new Mat(); Mat bgra = new Mat()) {
            photo.convertTo(deep, CV_16U, 257, 3); // values 3..65538 saturate: exercises the full range
            opencv_imgproc.cvtColor(photo, gray, opencv_imgproc.COLOR_BGR2GRAY);
            opencv_imgproc.cvtColor(photo, bgra, opencv_imgproc.COLOR_BGR2BGRA);
            addAlphaGradient(bgra);
            for (Mat m : List.of(deep, gray, bgra)) {
                Path file = tmp.resolve("layout" + m.type() + ".png");
                Files.write(file, encode(".png", m));
                try (DecodedImage img = ImageFiles.read(file)) {
                    assertThat(img.mat().type()).as(file.toString()).isEqualTo(m.type());
                    assertThat(pixels(img.mat())).isEqualTo(pixels(m));
                }
            }
        }
    }

    @Test
    void expandsPaletteAndGrayAlphaPngToBgrAndBgra() throws IOException {
        // palette: 2x2, colours red, green, blue, white (PLTE is RGB)
        byte[] plte = {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255, (byte) 255, (byte) 255, (byte) 255};
        Path pal = tmp.resolve("palette.png");
        Files.write(pal, TestImages.png(2, 2, 8, 3, new byte[] {0, 1, 2, 3}, plte));
        try (DecodedImage img = ImageFiles.read(pal)) {
            assertThat(img.mat().type()).isEqualTo(CV_8UC3);
            assertThat(pixels(img.mat())).containsExactly(0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255);
        }
        // gray + alpha, 2x1: (gray 10, alpha 20), (gray 200, alpha 255)
        Path ga = tmp.resolve("grayalpha.png");
        Files.write(ga, TestImages.png(2, 1, 8, 4, new byte[] {10, 20, (byte) 200, (byte) 255}, null));
        try (DecodedImage img = ImageFiles.read(ga)) {
            assertThat(img.mat().type()).isEqualTo(CV_8UC4);
            assertThat(pixels(img.mat())).containsExactly(10, 10, 10, 20, 200, 200, 200, 255);
        }
    }

    @Test
    void normalizesTwoChannelGrayAlphaToBgra() {
        try (Mat ga = new Mat(1, 2, CV_8UC2)) {
            ga.data().put(new byte[] {10, 20, 30, 40});
            Mat out = MatOps.normalizeLayout(ga);
            try {
                assertThat(out.type()).isEqualTo(CV_8UC4);
                assertThat(pixels(out)).containsExactly(10, 10, 10, 20, 30, 30, 30, 40);
            } finally {
                out.close();
            }
        }
        try (Mat f = new Mat(2, 2, opencv_core.CV_32FC1)) {
            assertThatThrownBy(() -> MatOps.normalizeLayout(f)).hasMessageContaining("32F");
        }
    }

    @Test
    void reads16BitAndGrayTiff() throws IOException {
        try (Mat photo = TestImages.portraitPixels();
                Mat deep = new Mat(); Mat gray16 = new Mat()) {
            photo.convertTo(deep, CV_16U, 256, 7);
            opencv_imgproc.cvtColor(deep, gray16, opencv_imgproc.COLOR_BGR2GRAY);
            for (Mat m : List.of(deep, gray16)) {
                Path file = tmp.resolve("deep" + m.type() + ".tif");
                Files.write(file, encode(".tif", m));
                try (DecodedImage img = ImageFiles.read(file)) {
                    assertThat(img.format()).isEqualTo(ImageFormat.TIFF);
                    assertThat(img.mat().type()).isEqualTo(m.type());
                    assertThat(pixels(img.mat())).isEqualTo(pixels(m));
                }
            }
        }
    }

    @Test
    void everySharedPhotoReadsLikeOpenCvDecodesIt() throws IOException {
        List<Path> photos;
        try (java.util.stream.Stream<Path> files = Files.walk(io.github.anonymizer.testing.SharedData.data())) {
            photos = files.filter(Files::isRegularFile).filter(ImageFiles::isSupportedImage).sorted().toList();
        }
        assertThat(photos).hasSizeGreaterThan(100);
        for (Path photo : photos) {
            try (DecodedImage img = ImageFiles.read(photo); Mat expected = decode(Files.readAllBytes(photo), IMREAD_UNCHANGED)) {
                assertThat(img.orientation()).as(photo.toString()).isEqualTo(1);
                assertThat(img.mat().type()).as(photo.toString()).isEqualTo(expected.type());
                assertThat(pixels(img.mat())).as(photo.toString()).isEqualTo(pixels(expected));
            }
        }
    }

    // ------------------------------------------------------------------ orientation

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void appliesExifOrientationOfPngExactly(int orientation) throws IOException {
        try (Mat upright = TestImages.portraitPixels();
                Mat stored = TestImages.storedFor(upright, orientation)) {
            byte[] exif = orientationExif(orientation);
            Path file = tmp.resolve("o" + orientation + ".png");
            Files.write(file, encodeWithMetadata(".png", stored, new int[] {IMAGE_METADATA_EXIF}, List.of(exif)));
            try (DecodedImage img = ImageFiles.read(file)) {
                assertThat(img.orientation()).isEqualTo(orientation);
                assertThat(img.width()).isEqualTo(360);
                assertThat(img.height()).isEqualTo(480);
                assertThat(pixels(img.mat())).isEqualTo(pixels(upright));
                assertThat(img.metadata()).contains(MetadataKind.EXIF);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void appliesExifOrientationOfJpegLikeOpenCvAndViewersDo(int orientation) throws Exception {
        try (Mat upright = TestImages.portraitPixels();
                Mat stored = TestImages.storedFor(upright, orientation)) {
            byte[] jpeg = encode(".jpg", stored, IMWRITE_JPEG_QUALITY, 100);
            TiffOutputSet set = new TiffOutputSet();
            set.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new ExifRewriter().updateExifMetadataLossless(jpeg, out, set);
            Path file = tmp.resolve("o" + orientation + ".jpg");
            Files.write(file, out.toByteArray());
            try (DecodedImage img = ImageFiles.read(file);
                    Mat openCvOriented = decode(out.toByteArray(), IMREAD_COLOR)) {
                assertThat(img.orientation()).isEqualTo(orientation);
                // OpenCV's own EXIF handling (IMREAD_COLOR) is an independent oracle
                assertThat(pixels(img.mat())).isEqualTo(pixels(openCvOriented));
                // and the result is the original photo, up to JPEG loss
                assertThat(TestImages.meanAbsDiff(img.mat(), upright)).isLessThan(2.0);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void tiffOrientationIsAppliedOnceFor8And16Bit(int orientation) throws IOException {
        try (Mat upright8 = TestImages.portraitPixels();
                Mat upright16 = new Mat()) {
            upright8.convertTo(upright16, CV_16U, 256, 5);
            for (Mat upright : List.of(upright8, upright16)) {
                try (Mat stored = TestImages.storedFor(upright, orientation)) {
                    Path file = tmp.resolve("o" + orientation + "-" + upright.depth() + ".tif");
                    Files.write(file, TestImages.tiff(stored, orientation));
                    try (DecodedImage img = ImageFiles.read(file)) {
                        assertThat(img.orientation()).isEqualTo(orientation);
                        assertThat(img.mat().type()).isEqualTo(upright.type());
                        assertThat(pixels(img.mat())).as("depth " + upright.depth()).isEqualTo(pixels(upright));
                    }
                }
            }
        }
    }

    @Test
    void invalidOrUnreadableExifKeepsTheImageUprightWithAWarning() throws IOException {
        try (Mat photo = TestImages.portraitPixels()) {
            Path bad = tmp.resolve("badexif.png");
            byte[] junkExif = {'I', 'I', 42, 0, (byte) 0xF0, (byte) 0xFF, (byte) 0xFF, 0x7F, 1, 2, 3};
            Files.write(bad, encodeWithMetadata(".png", photo, new int[] {IMAGE_METADATA_EXIF}, List.of(junkExif)));
            try (DecodedImage img = ImageFiles.read(bad)) {
                assertThat(img.orientation()).isEqualTo(1);
                assertThat(pixels(img.mat())).isEqualTo(pixels(photo));
                assertThat(img.warnings()).anySatisfy(w -> assertThat(w).contains("EXIF block could not be parsed"));
            }
            Path nine = tmp.resolve("orientation9.png");
            Files.write(nine, encodeWithMetadata(".png", photo, new int[] {IMAGE_METADATA_EXIF}, List.of(orientationExif(9))));
            try (DecodedImage img = ImageFiles.read(nine)) {
                assertThat(img.orientation()).isEqualTo(1);
                assertThat(pixels(img.mat())).isEqualTo(pixels(photo));
                assertThat(img.warnings()).anySatisfy(w -> assertThat(w).contains("invalid orientation 9"));
            }
        }
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void refusesAPngBombFromItsHeaderAlone() throws IOException {
        Path bomb = tmp.resolve("bomb.png");
        Files.write(bomb, TestImages.png(100_000, 100_000, 8, 2, null, null));
        assertThatThrownBy(() -> ImageFiles.read(bomb))
                .isInstanceOf(MediaException.class)
                .hasMessageContaining(bomb.toString())
                .hasMessageContaining("100000x100000")
                .hasMessageContaining(ReadOptions.MAX_PIXELS_OPTION)
                .hasNoCause(); // refused by the header check, before OpenCV saw the data
    }

    @Test
    void refusesAJpegWhoseHeaderClaimsAHugeSize() throws IOException {
        byte[] jpeg = Files.readAllBytes(TestImages.portraitJpeg());
        int sof = indexOfSof(jpeg);
        // SOF payload: length(2) precision(1) height(2) width(2)
        jpeg[sof + 5] = (byte) 0xFF;
        jpeg[sof + 6] = (byte) 0xD0;
        jpeg[sof + 7] = (byte) 0xFF;
        jpeg[sof + 8] = (byte) 0xD0;
        Path file = tmp.resolve("huge.jpg");
        Files.write(file, jpeg);
        assertThatThrownBy(() -> ImageFiles.read(file))
                .isInstanceOf(MediaException.class)
                .hasMessageContaining("huge.jpg")
                .hasMessageContaining("65488x65488")
                .hasNoCause();
    }

    @Test
    void pixelLimitIsConfigurable() {
        Path photo = TestImages.portraitJpeg();
        assertThatThrownBy(() -> ImageFiles.read(photo, ReadOptions.defaults().withMaxPixels(360 * 480 - 1)))
                .isInstanceOf(MediaException.class)
                .hasMessageContaining("360x480");
        try (DecodedImage img = ImageFiles.read(photo, ReadOptions.defaults().withMaxPixels(360 * 480))) {
            assertThat(img.width()).isEqualTo(360);
        }
        assertThatThrownBy(() -> new ReadOptions(0))
                .isInstanceOf(io.github.anonymizer.api.InvalidOptionException.class)
                .hasMessageContaining(ReadOptions.MAX_PIXELS_OPTION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpg", "png", "bmp", "tif", "webp"})
    void truncatedFilesGiveAMediaExceptionNamingTheFile(String ext) throws IOException {
        byte[] whole;
        try (Mat photo = TestImages.portraitPixels()) {
            whole = ext.equals("jpg") ? Files.readAllBytes(TestImages.portraitJpeg()) : encode("." + ext, photo);
        }
        for (double fraction : new double[] {0.02, 0.5, 0.95}) {
            Path file = tmp.resolve("cut" + (int) (fraction * 100) + "." + ext);
            Files.write(file, Arrays.copyOf(whole, (int) (whole.length * fraction)));
            assertThatThrownBy(() -> ImageFiles.read(file).close())
                    .as(file.toString())
                    .isInstanceOf(MediaException.class)
                    .hasMessageStartingWith(file.toString() + ": ");
        }
    }

    @Test
    void emptyRandomTextAndDirectoryGiveClearErrors() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.jpg"));
        assertThatThrownBy(() -> ImageFiles.read(empty)).isInstanceOf(MediaException.class)
                .hasMessageContaining("empty.jpg").hasMessageContaining("empty");

        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        noise[0] = 0x11; // make sure no magic matches by chance
        Path random = tmp.resolve("random.png");
        Files.write(random, noise);
        assertThatThrownBy(() -> ImageFiles.read(random)).isInstanceOf(MediaException.class)
                .hasMessageContaining("random.png").hasMessageContaining("not a supported image")
                .hasMessageContaining("the name suggests PNG");

        byte[] jpegLike = noise.clone();
        jpegLike[0] = (byte) 0xFF;
        jpegLike[1] = (byte) 0xD8;
        jpegLike[2] = (byte) 0xFF;
        Path fakeJpeg = tmp.resolve("fake.jpg");
        Files.write(fakeJpeg, jpegLike);
        assertThatThrownBy(() -> ImageFiles.read(fakeJpeg)).isInstanceOf(MediaException.class)
                .hasMessageStartingWith(fakeJpeg.toString() + ": ");

        Path text = tmp.resolve("notes.jpg");
        Files.writeString(text, "<html>not a photo</html>");
        assertThatThrownBy(() -> ImageFiles.read(text)).isInstanceOf(MediaException.class)
                .hasMessageContaining("notes.jpg").hasMessageContaining("3c 68 74 6d");

        assertThatThrownBy(() -> ImageFiles.read(tmp)).isInstanceOf(MediaException.class)
                .hasMessageContaining("directory");
        assertThatThrownBy(() -> ImageFiles.read(tmp.resolve("missing.jpg"))).isInstanceOf(MediaException.class)
                .hasMessageContaining("missing.jpg").hasMessageContaining("no such file");
        Path gif = tmp.resolve("anim.gif");
        Files.write(gif, new byte[] {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0});
        assertThatThrownBy(() -> ImageFiles.read(gif)).isInstanceOf(MediaException.class)
                .hasMessageContaining("GIF");
    }

    @Test
    void contentWinsOverAWrongExtension() throws IOException {
        Path png = tmp.resolve("really-a-png.jpg");
        Files.copy(TestImages.astronautPng(), png);
        try (DecodedImage img = ImageFiles.read(png); Mat expected = decode(Files.readAllBytes(png), IMREAD_UNCHANGED)) {
            assertThat(img.format()).isEqualTo(ImageFormat.PNG);
            assertThat(pixels(img.mat())).isEqualTo(pixels(expected));
            assertThat(img.warnings()).anySatisfy(w -> assertThat(w).contains("says JPEG").contains("content is PNG"));
        }
    }

    @Test
    void refusesFloatingPointTiff() throws IOException {
        try (Mat f = new Mat(4, 4, opencv_core.CV_32FC3, new Scalar(0.5, 0.25, 0.125, 0))) {
            Path file = tmp.resolve("float.tif");
            Files.write(file, encode(".tif", f));
            assertThatThrownBy(() -> ImageFiles.read(file)).isInstanceOf(MediaException.class)
                    .hasMessageContaining("float.tif").hasMessageContaining("32F");
        }
    }

    // ------------------------------------------------------------------ scanning and ownership

    @Test
    void isSupportedImageLooksAtContent() throws IOException {
        Path text = tmp.resolve("a.jpg");
        Files.writeString(text, "hello");
        Path png = tmp.resolve("b.dat");
        Files.copy(TestImages.astronautPng(), png);
        assertThat(ImageFiles.isSupportedImage(png)).isTrue();
        assertThat(ImageFiles.detectFormat(png)).contains(ImageFormat.PNG);
        assertThat(ImageFiles.isSupportedImage(TestImages.portraitJpeg())).isTrue();
        assertThat(ImageFiles.isSupportedImage(text)).isFalse();
        assertThat(ImageFiles.isSupportedImage(tmp)).isFalse();
        assertThat(ImageFiles.isSupportedImage(tmp.resolve("missing.png"))).isFalse();
        assertThat(ImageFiles.isSupportedImage(Files.createFile(tmp.resolve("empty.png")))).isFalse();
    }

    @Test
    void closeIsIdempotentAndTheMatIsGoneAfterwards() {
        DecodedImage img = ImageFiles.read(TestImages.portraitJpeg());
        Mat m = img.mat();
        assertThat(m.isNull()).isFalse();
        img.close();
        img.close();
        assertThat(m.isNull()).isTrue();
        assertThatThrownBy(img::mat).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(img.width()).isEqualTo(360);
    }

    // ------------------------------------------------------------------ helpers

    static byte[] orientationExif(int orientation) throws IOException {
        TiffOutputSet set = new TiffOutputSet(ByteOrder.LITTLE_ENDIAN);
        set.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
        return TestImages.exifBlock(set);
    }

    /** Position of the SOF0/SOF2 marker, found by walking the marker segments. */
    private static int indexOfSof(byte[] jpeg) {
        int pos = 2;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xFF) == 0xFF) {
            int marker = jpeg[pos + 1] & 0xFF;
            if (marker == 0xC0 || marker == 0xC2) {
                return pos;
            }
            pos += 2 + (((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF));
        }
        throw new AssertionError("no SOF");
    }

    private static void addAlphaGradient(Mat bgra) {
        try (MatVector planes = new MatVector()) {
            opencv_core.split(bgra, planes);
            Mat alpha = planes.get(3);
            byte[] a = new byte[alpha.cols() * alpha.rows()];
            for (int i = 0; i < a.length; i++) {
                a[i] = (byte) (i % 256);
            }
            alpha.data().put(a);
            opencv_core.merge(planes, bgra);
        }
    }
}
