package io.github.anonymizer.core.image;

import static io.github.anonymizer.core.image.TestImages.decode;
import static io.github.anonymizer.core.image.TestImages.encode;
import static io.github.anonymizer.core.image.TestImages.encodeWithMetadata;
import static io.github.anonymizer.core.image.TestImages.exifOf;
import static io.github.anonymizer.core.image.TestImages.pixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMAGE_METADATA_EXIF;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMAGE_METADATA_ICCP;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMAGE_METADATA_XMP;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;

import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.MediaException;
import io.github.anonymizer.api.UnsupportedFrameException;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.jpeg.xmp.JpegXmpRewriter;
import org.apache.commons.imaging.formats.tiff.JpegImageData;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImageFilesWriteTest {

    private static final double LAT = 48.8584;
    private static final double LON = 2.2945;
    private static final String XMP = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
            + "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description "
            + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" dc:format=\"image/jpeg\"/></rdf:RDF></x:xmpmeta>";

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ round trips

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void roundTripInEachFormat(ImageFormat format) throws IOException {
        Path source = sourceIn(format);
        Path out = tmp.resolve("out").resolve("copy" + format.defaultExtension());
        try (DecodedImage in = ImageFiles.read(source)) {
            WriteResult result = ImageFiles.write(in, out, WriteOptions.defaults());
            assertThat(result.file()).isEqualTo(out);
            assertThat(result.format()).isEqualTo(format);
            assertThat(result.bytes()).isEqualTo(Files.size(out));
            assertThat(result.warnings()).isEmpty();
            assertThat(result.keptMetadata()).isEmpty();
            assertThat(ImageFiles.detectFormat(out)).contains(format);
            try (DecodedImage back = ImageFiles.read(out)) {
                assertThat(back.mat().type()).isEqualTo(in.mat().type());
                if (format == ImageFormat.JPEG) {
                    // re-encoding at quality 95: measured 0.34 grey levels on this photo
                    assertThat(TestImages.meanAbsDiff(back.mat(), in.mat())).isLessThan(2.5);
                } else {
                    // PNG, BMP, TIFF lossless; the WebP source is lossless so the output is too
                    assertThat(pixels(back.mat())).isEqualTo(pixels(in.mat()));
                }
            }
        }
        assertThat(listTempFiles(out.getParent())).isEmpty();
    }

    @Test
    void lossyWebpStaysLossyAtTheRequestedQuality() throws IOException {
        Path source = tmp.resolve("lossy.webp");
        try (Mat photo = TestImages.portraitPixels()) {
            Files.write(source, encode(".webp", photo, IMWRITE_WEBP_QUALITY, 90));
        }
        try (DecodedImage in = ImageFiles.read(source)) {
            Path q95 = tmp.resolve("q95.webp");
            Path q20 = tmp.resolve("q20.webp");
            ImageFiles.write(in, q95, WriteOptions.defaults());
            ImageFiles.write(in, q20, WriteOptions.defaults().withWebpQuality(20));
            assertThat(Files.size(q20)).isLessThan(Files.size(q95));
            try (DecodedImage back = ImageFiles.read(q95)) {
                assertThat(back.losslessWebp()).isFalse();
                assertThat(TestImages.meanAbsDiff(back.mat(), in.mat())).isLessThan(4.0);
            }
        }
    }

    @Test
    void deepGrayAndAlphaRoundTripsAreExact() throws IOException {
        try (Mat photo = decode(Files.readAllBytes(TestImages.astronautPng()), IMREAD_UNCHANGED);
                Mat deep = new Mat(); Mat gray = new Mat(); Mat bgra = new Mat(); Mat gray16 = new Mat()) {
            photo.convertTo(deep, CV_16U, 256, 11);
            opencv_imgproc.cvtColor(photo, gray, opencv_imgproc.COLOR_BGR2GRAY);
            opencv_imgproc.cvtColor(deep, gray16, opencv_imgproc.COLOR_BGR2GRAY);
            opencv_imgproc.cvtColor(photo, bgra, opencv_imgproc.COLOR_BGR2BGRA);
            byte[] px = pixels(bgra);
            for (int i = 3; i < px.length; i += 4) {
                px[i] = (byte) (i / 4 % 251);
            }
            bgra.data().put(px);
            List<Object[]> cases = List.of(
                    new Object[] {deep, ImageFormat.PNG}, new Object[] {gray16, ImageFormat.PNG},
                    new Object[] {gray, ImageFormat.PNG}, new Object[] {bgra, ImageFormat.PNG},
                    new Object[] {deep, ImageFormat.TIFF}, new Object[] {bgra, ImageFormat.TIFF},
                    new Object[] {gray, ImageFormat.TIFF}, new Object[] {bgra, ImageFormat.BMP},
                    new Object[] {gray, ImageFormat.BMP}, new Object[] {gray, ImageFormat.JPEG});
            int n = 0;
            for (Object[] c : cases) {
                Mat m = (Mat) c[0];
                ImageFormat f = (ImageFormat) c[1];
                Path out = tmp.resolve("case" + n++ + f.defaultExtension());
                ImageFiles.write(m, out, f, WriteOptions.defaults(), null);
                try (DecodedImage back = ImageFiles.read(out)) {
                    assertThat(back.mat().type()).as(out + " " + MatOps.describe(m)).isEqualTo(m.type());
                    if (f == ImageFormat.JPEG) {
                        assertThat(TestImages.meanAbsDiff(back.mat(), m)).isLessThan(2.5);
                    } else {
                        assertThat(pixels(back.mat())).as(out.toString()).isEqualTo(pixels(m));
                    }
                }
            }
        }
    }

    @Test
    void refusesLayoutsTheFormatCannotStore() throws IOException {
        try (Mat photo = TestImages.portraitPixels();
                Mat deep = new Mat(); Mat bgra = new Mat()) {
            photo.convertTo(deep, CV_16U, 257, 0);
            opencv_imgproc.cvtColor(photo, bgra, opencv_imgproc.COLOR_BGR2BGRA);
            Path out = tmp.resolve("deep.jpg");
            assertThatThrownBy(() -> ImageFiles.write(deep, out, ImageFormat.JPEG, WriteOptions.defaults(), null))
                    .isInstanceOf(UnsupportedFrameException.class)
                    .hasMessageContaining("16U").hasMessageContaining("JPEG").hasMessageContaining("deep.jpg");
            assertThatThrownBy(() -> ImageFiles.write(bgra, out, ImageFormat.JPEG, WriteOptions.defaults(), null))
                    .isInstanceOf(UnsupportedFrameException.class).hasMessageContaining("C4");
            assertThatThrownBy(() -> ImageFiles.write(deep, tmp.resolve("d.webp"), ImageFormat.WEBP, WriteOptions.defaults(), null))
                    .isInstanceOf(UnsupportedFrameException.class);
            try (Mat empty = new Mat()) {
                assertThatThrownBy(() -> ImageFiles.write(empty, out, ImageFormat.PNG, WriteOptions.defaults(), null))
                        .isInstanceOf(UnsupportedFrameException.class).hasMessageContaining("empty");
            }
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void optionsAreValidatedWithTheirNames() {
        assertThatThrownBy(() -> WriteOptions.defaults().withJpegQuality(0))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("jpeg-quality");
        assertThatThrownBy(() -> WriteOptions.defaults().withPngCompression(10))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("png-compression");
        assertThatThrownBy(() -> WriteOptions.defaults().withWebpQuality(101))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("webp-quality");
    }

    @Test
    void jpegQualityOptionChangesTheOutput() throws IOException {
        try (DecodedImage in = ImageFiles.read(TestImages.portraitJpeg())) {
            Path low = tmp.resolve("low.jpg");
            Path high = tmp.resolve("high.jpg");
            ImageFiles.write(in, low, WriteOptions.defaults().withJpegQuality(30));
            ImageFiles.write(in, high, WriteOptions.defaults());
            assertThat(Files.size(low)).isLessThan(Files.size(high));
            try (DecodedImage a = ImageFiles.read(low); DecodedImage b = ImageFiles.read(high)) {
                assertThat(TestImages.meanAbsDiff(a.mat(), in.mat())).isGreaterThan(TestImages.meanAbsDiff(b.mat(), in.mat()));
            }
        }
    }

    // ------------------------------------------------------------------ metadata

    @Test
    void jpegMetadataIsStrippedByDefault() throws Exception {
        Path source = jpegWithGpsThumbnailMakerNoteAndXmp(1);
        byte[] sourceBytes = Files.readAllBytes(source);
        assertThat(exifOf(sourceBytes).getGpsInfo()).isNotNull();
        assertThat(Imaging.getXmpXml(sourceBytes)).isNotNull();
        Path out = tmp.resolve("stripped.jpg");
        try (DecodedImage in = ImageFiles.read(source)) {
            assertThat(in.metadata()).containsExactlyInAnyOrder(MetadataKind.EXIF, MetadataKind.GPS, MetadataKind.XMP);
            WriteResult r = ImageFiles.write(in, out, WriteOptions.defaults());
            assertThat(r.keptMetadata()).isEmpty();
        }
        byte[] b = Files.readAllBytes(out);
        assertThat(Imaging.getMetadata(b)).isNull();
        assertThat(Imaging.getXmpXml(b)).isNull();
        assertThat(TestImages.jpegSegments(b)).containsOnly("APP0", "DQT", "SOF", "DHT", "SOS");
        assertThat(new String(b, StandardCharsets.ISO_8859_1)).doesNotContain("TestCam").doesNotContain("Exif");
        try (DecodedImage back = ImageFiles.read(out)) {
            assertThat(back.metadata()).isEmpty();
        }
    }

    @Test
    void jpegKeepMetadataKeepsGpsAndXmpButResetsOrientationAndDropsThumbnailAndMakerNote() throws Exception {
        Path source = jpegWithGpsThumbnailMakerNoteAndXmp(6);
        byte[] sourceBytes = Files.readAllBytes(source);
        JpegImageMetadata sourceMd = (JpegImageMetadata) Imaging.getMetadata(sourceBytes);
        assertThat(sourceMd.getExifThumbnailData()).isNotNull();
        assertThat(sourceMd.findExifValueWithExactMatch(ExifTagConstants.EXIF_TAG_MAKER_NOTE)).isNotNull();
        assertThat(sourceMd.findExifValueWithExactMatch(TiffTagConstants.TIFF_TAG_XMP)).isNotNull();
        Path out = tmp.resolve("kept.jpg");
        try (DecodedImage in = ImageFiles.read(source)) {
            assertThat(in.orientation()).isEqualTo(6);
            assertThat(in.width()).isEqualTo(360); // stored 480x360, shown upright as 360x480
            WriteResult r = ImageFiles.write(in, out, WriteOptions.defaults().withMetadata(MetadataPolicy.KEEP));
            assertThat(r.keptMetadata()).containsExactlyInAnyOrder(MetadataKind.EXIF, MetadataKind.GPS, MetadataKind.XMP);
            assertThat(r.warnings()).isEmpty();
        }
        byte[] b = Files.readAllBytes(out);
        JpegImageMetadata md = (JpegImageMetadata) Imaging.getMetadata(b);
        TiffImageMetadata exif = md.getExif();
        assertThat(exif.getGpsInfo().getLatitudeAsDegreesNorth()).isCloseTo(LAT, within(1e-4));
        assertThat(exif.getGpsInfo().getLongitudeAsDegreesEast()).isCloseTo(LON, within(1e-4));
        assertThat(md.findExifValueWithExactMatch(TiffTagConstants.TIFF_TAG_MAKE).getStringValue()).isEqualTo("TestCam");
        assertThat(md.findExifValueWithExactMatch(TiffTagConstants.TIFF_TAG_ORIENTATION).getIntValue()).isEqualTo(1);
        assertThat(md.findExifValueWithExactMatch(ExifTagConstants.EXIF_TAG_EXIF_IMAGE_WIDTH).getIntValue()).isEqualTo(360);
        assertThat(md.findExifValueWithExactMatch(ExifTagConstants.EXIF_TAG_EXIF_IMAGE_LENGTH).getIntValue()).isEqualTo(480);
        assertThat(md.getExifThumbnailData()).isNull();
        assertThat(exif.findDirectory(TiffDirectoryConstants.DIRECTORY_TYPE_DIR_1)).isNull();
        assertThat(md.findExifValueWithExactMatch(ExifTagConstants.EXIF_TAG_MAKER_NOTE)).isNull();
        assertThat(md.findExifValueWithExactMatch(TiffTagConstants.TIFF_TAG_XMP)).isNull();
        assertThat(new String(b, StandardCharsets.ISO_8859_1)).doesNotContain("PREVIEW-IMAGE").doesNotContain("IFD0 copy");
        assertThat(Imaging.getXmpXml(b)).isEqualTo(XMP);
        // read back: upright already, no second rotation
        try (DecodedImage back = ImageFiles.read(out)) {
            assertThat(back.orientation()).isEqualTo(1);
            assertThat(back.width()).isEqualTo(360);
            assertThat(back.height()).isEqualTo(480);
        }
    }

    @Test
    void keepDropsXmpThatNamesPeopleOrEmbedsAThumbnail() throws Exception {
        String faces = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description xmlns:mwg-rs=\"http://www.metadataworkinggroup.com/schemas/regions/\">"
                + "<mwg-rs:Regions/></rdf:Description></rdf:RDF></x:xmpmeta>";
        byte[] jpeg = Files.readAllBytes(TestImages.portraitJpeg());
        ByteArrayOutputStream withXmp = new ByteArrayOutputStream();
        new JpegXmpRewriter().updateXmpXml(jpeg, withXmp, faces);
        Path source = tmp.resolve("regions.jpg");
        Files.write(source, withXmp.toByteArray());
        Path out = tmp.resolve("regions-out.jpg");
        try (DecodedImage in = ImageFiles.read(source)) {
            WriteResult r = ImageFiles.write(in, out, WriteOptions.defaults().withMetadata(MetadataPolicy.KEEP));
            assertThat(r.keptMetadata()).doesNotContain(MetadataKind.XMP);
            assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("XMP").contains("regions"));
        }
        assertThat(Imaging.getXmpXml(Files.readAllBytes(out))).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = ImageFormat.class, names = {"PNG", "WEBP"})
    void pngAndWebpKeepOrStripExifXmpAndIcc(ImageFormat format) throws Exception {
        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        TiffOutputSet set = new TiffOutputSet();
        set.setGpsInDegrees(LON, LAT);
        set.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_MAKE, "TestCam");
        byte[] exif = TestImages.exifBlock(set);
        Path source = tmp.resolve("meta" + format.defaultExtension());
        try (Mat photo = TestImages.portraitPixels()) {
            int[] params = format == ImageFormat.WEBP ? new int[] {IMWRITE_WEBP_QUALITY, 101} : new int[0];
            Files.write(source, encodeWithMetadata(format.defaultExtension(), photo,
                    new int[] {IMAGE_METADATA_EXIF, IMAGE_METADATA_XMP, IMAGE_METADATA_ICCP},
                    List.of(exif, XMP.getBytes(StandardCharsets.UTF_8), icc), params));
        }
        Path stripped = tmp.resolve("stripped" + format.defaultExtension());
        Path kept = tmp.resolve("kept" + format.defaultExtension());
        Path colour = tmp.resolve("colour" + format.defaultExtension());
        try (DecodedImage in = ImageFiles.read(source)) {
            assertThat(in.metadata()).containsExactlyInAnyOrder(MetadataKind.values());
            ImageFiles.write(in, stripped, WriteOptions.defaults());
            WriteResult k = ImageFiles.write(in, kept, WriteOptions.defaults().withMetadata(MetadataPolicy.KEEP));
            assertThat(k.keptMetadata()).containsExactlyInAnyOrder(MetadataKind.values());
            WriteResult c = ImageFiles.write(in, colour, WriteOptions.defaults().withMetadata(MetadataPolicy.KEEP_COLOR_PROFILE));
            assertThat(c.keptMetadata()).containsExactly(MetadataKind.ICC_PROFILE);
        }
        byte[] s = Files.readAllBytes(stripped);
        if (format == ImageFormat.PNG) {
            assertThat(TestImages.pngChunks(s)).containsOnly("IHDR", "IDAT", "IEND");
        } else {
            assertThat(TestImages.webpChunks(s)).containsOnly("VP8L");
        }
        assertThat(exifOf(s)).isNull();
        assertThat(Imaging.getIccProfileBytes(s)).isNull();
        assertThat(new String(s, StandardCharsets.ISO_8859_1)).doesNotContain("TestCam").doesNotContain("xmpmeta");

        byte[] k = Files.readAllBytes(kept);
        TiffImageMetadata exifBack = exifOf(k);
        assertThat(exifBack.getGpsInfo().getLatitudeAsDegreesNorth()).isCloseTo(LAT, within(1e-4));
        assertThat(exifBack.findField(TiffTagConstants.TIFF_TAG_MAKE).getStringValue()).isEqualTo("TestCam");
        assertThat(Imaging.getIccProfileBytes(k)).isEqualTo(icc);
        try (DecodedImage back = ImageFiles.read(kept)) {
            assertThat(back.sourceMetadata().xmp()).isEqualTo(XMP.getBytes(StandardCharsets.UTF_8));
        }

        byte[] c = Files.readAllBytes(colour);
        assertThat(Imaging.getIccProfileBytes(c)).isEqualTo(icc);
        assertThat(exifOf(c)).isNull();
        try (DecodedImage back = ImageFiles.read(colour)) {
            assertThat(back.metadata()).containsExactly(MetadataKind.ICC_PROFILE);
        }
    }

    @Test
    void jpegMetadataCanGoToPngToo() throws Exception {
        Path source = jpegWithGpsThumbnailMakerNoteAndXmp(1);
        Path out = tmp.resolve("from-jpeg.png");
        try (DecodedImage in = ImageFiles.read(source)) {
            WriteResult r = ImageFiles.write(in.mat(), out, ImageFormat.PNG,
                    WriteOptions.defaults().withMetadata(MetadataPolicy.KEEP), in);
            assertThat(r.keptMetadata()).contains(MetadataKind.GPS, MetadataKind.XMP);
        }
        assertThat(exifOf(Files.readAllBytes(out)).getGpsInfo()).isNotNull();
        try (DecodedImage back = ImageFiles.read(out)) {
            assertThat(back.sourceMetadata().xmp()).isEqualTo(XMP.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aProfileTooLargeForAJpegSegmentIsLeftOutWithAWarning() throws Exception {
        byte[] bigIcc = ICC_Profile.getInstance(ColorSpace.CS_PYCC).getData();
        assertThat(bigIcc.length).isGreaterThan(MetadataPlan.JPEG_BLOCK_LIMIT);
        TiffOutputSet set = new TiffOutputSet();
        set.setGpsInDegrees(LON, LAT);
        // libpng refuses this (non-RGB-class) profile in a PNG; WebP carries any ICC bytes
        Path source = tmp.resolve("bigicc.webp");
        try (Mat photo = TestImages.portraitPixels()) {
            Files.write(source, encodeWithMetadata(".webp", photo, new int[] {IMAGE_METADATA_EXIF, IMAGE_METADATA_ICCP},
                    List.of(TestImages.exifBlock(set), bigIcc), IMWRITE_WEBP_QUALITY, 101));
        }
        Path asPng = tmp.resolve("bigicc-out.webp");
        Path asJpeg = tmp.resolve("bigicc-out.jpg");
        try (DecodedImage in = ImageFiles.read(source)) {
            assertThat(in.metadata()).contains(MetadataKind.ICC_PROFILE, MetadataKind.GPS);
            WriteOptions keep = WriteOptions.defaults().withMetadata(MetadataPolicy.KEEP);
            assertThat(ImageFiles.write(in, asPng, keep).keptMetadata()).contains(MetadataKind.ICC_PROFILE, MetadataKind.GPS);
            WriteResult r = ImageFiles.write(in.mat(), asJpeg, ImageFormat.JPEG, keep, in);
            assertThat(r.keptMetadata()).containsExactlyInAnyOrder(MetadataKind.EXIF, MetadataKind.GPS);
            assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("ICC profile is " + bigIcc.length + " bytes"));
        }
        assertThat(Imaging.getIccProfileBytes(Files.readAllBytes(asPng))).isEqualTo(bigIcc);
        assertThat(Imaging.getIccProfileBytes(Files.readAllBytes(asJpeg))).isNull();
        assertThat(exifOf(Files.readAllBytes(asJpeg)).getGpsInfo()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(value = ImageFormat.class, names = {"TIFF", "BMP"})
    void tiffAndBmpOutputCarryNoMetadataAndSaySo(ImageFormat format) throws Exception {
        Path source = jpegWithGpsThumbnailMakerNoteAndXmp(1);
        Path out = tmp.resolve("out" + format.defaultExtension());
        try (DecodedImage in = ImageFiles.read(source)) {
            WriteResult r = ImageFiles.write(in.mat(), out, format,
                    WriteOptions.defaults().withMetadata(MetadataPolicy.KEEP), in);
            assertThat(r.keptMetadata()).isEmpty();
            assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains(format + " output cannot carry metadata"));
        }
        byte[] b = Files.readAllBytes(out);
        assertThat(new String(b, StandardCharsets.ISO_8859_1)).doesNotContain("TestCam").doesNotContain("xmpmeta");
        if (format == ImageFormat.TIFF) {
            TiffImageMetadata md = (TiffImageMetadata) Imaging.getMetadata(b);
            List<Integer> structural = List.of(256, 257, 258, 259, 262, 273, 277, 278, 279, 284, 317, 339);
            for (TiffField f : md.getAllFields()) {
                assertThat(structural).as("unexpected TIFF tag " + f.getTagName()).contains(f.getTag());
            }
        }
    }

    @Test
    void keepWithoutASourceWarns() throws IOException {
        try (DecodedImage in = ImageFiles.read(TestImages.portraitJpeg())) {
            WriteResult r = ImageFiles.write(in.mat(), tmp.resolve("x.png"), ImageFormat.PNG,
                    WriteOptions.defaults().withMetadata(MetadataPolicy.KEEP), null);
            assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("no source image"));
        }
    }

    // ------------------------------------------------------------------ never the input, never half a file

    @Test
    void neverOverwritesTheInputWhateverThePath() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("photos"));
        Path input = dir.resolve("in.jpg");
        Files.copy(TestImages.portraitJpeg(), input);
        String before = TestImages.sha256(input);
        Path link = dir.resolve("link.jpg");
        Files.createSymbolicLink(link, input);
        Path hard = dir.resolve("hard.jpg");
        Files.createLink(hard, input);
        try (DecodedImage in = ImageFiles.read(input)) {
            for (Path target : List.of(input, dir.resolve("../photos/./in.jpg"), link, hard)) {
                assertThatThrownBy(() -> ImageFiles.write(in, target, WriteOptions.defaults()))
                        .as(target.toString())
                        .isInstanceOf(MediaException.class)
                        .hasMessageContaining("never overwrites its input");
            }
        }
        assertThat(TestImages.sha256(input)).isEqualTo(before);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(listTempFiles(dir)).isEmpty();
    }

    @Test
    void aFailingMoveLeavesNothingAndKeepsTheOldFile() throws IOException {
        Path out = tmp.resolve("existing.png");
        Files.writeString(out, "old content");
        AtomicFileWriter failing = new AtomicFileWriter((from, to, options) -> {
            assertThat(from).exists(); // the complete temporary file is there before the move
            throw new IOException("simulated disk failure");
        });
        try (DecodedImage in = ImageFiles.read(TestImages.astronautPng())) {
            assertThatThrownBy(() -> ImageFiles.write(in.mat(), out, ImageFormat.PNG, WriteOptions.defaults(), in, failing))
                    .isInstanceOf(MediaException.class)
                    .hasMessageContaining("existing.png")
                    .hasMessageContaining("simulated disk failure");
        }
        assertThat(Files.readString(out)).isEqualTo("old content");
        assertThat(listTempFiles(tmp)).isEmpty();
    }

    @Test
    void fallsBackToReplaceWhenTheFileSystemCannotMoveAtomically() throws IOException {
        List<String> calls = new ArrayList<>();
        AtomicFileWriter noAtomic = new AtomicFileWriter((from, to, options) -> {
            calls.add(List.of(options).toString());
            if (List.of(options).contains(StandardCopyOption.ATOMIC_MOVE)) {
                throw new AtomicMoveNotSupportedException(from.toString(), to.toString(), "test");
            }
            Files.move(from, to, options);
        });
        Path out = tmp.resolve("fallback.png");
        try (DecodedImage in = ImageFiles.read(TestImages.astronautPng())) {
            ImageFiles.write(in.mat(), out, ImageFormat.PNG, WriteOptions.defaults(), in, noAtomic);
            try (DecodedImage back = ImageFiles.read(out)) {
                assertThat(pixels(back.mat())).isEqualTo(pixels(in.mat()));
            }
        }
        assertThat(calls).containsExactly("[ATOMIC_MOVE]", "[REPLACE_EXISTING]");
        assertThat(listTempFiles(tmp)).isEmpty();
    }

    @Test
    void outputDirectoryIsCreatedOrRefusedWithItsName() throws IOException {
        try (DecodedImage in = ImageFiles.read(TestImages.portraitJpeg())) {
            Path nested = tmp.resolve("a/b/c/out.jpg");
            ImageFiles.write(in, nested, WriteOptions.defaults());
            assertThat(nested).isRegularFile();

            Path file = Files.writeString(tmp.resolve("plain.txt"), "x");
            Path underFile = file.resolve("out.jpg");
            assertThatThrownBy(() -> ImageFiles.write(in, underFile, WriteOptions.defaults()))
                    .isInstanceOf(MediaException.class)
                    .hasMessageContaining("plain.txt")
                    .hasMessageContaining("not a directory");
            Path deeperUnderFile = file.resolve("sub/out.jpg");
            assertThatThrownBy(() -> ImageFiles.write(in, deeperUnderFile, WriteOptions.defaults()))
                    .isInstanceOf(MediaException.class)
                    .hasMessageContaining("plain.txt");
            assertThat(Files.readString(file)).isEqualTo("x");

            Path dirTarget = Files.createDirectories(tmp.resolve("adir.jpg"));
            assertThatThrownBy(() -> ImageFiles.write(in, dirTarget, WriteOptions.defaults()))
                    .isInstanceOf(MediaException.class)
                    .hasMessageContaining("is a directory");
        }
    }

    @Test
    void readOnlyDirectoryIsNamed() throws IOException {
        Path ro = Files.createDirectories(tmp.resolve("readonly"));
        ro.toFile().setWritable(false, false);
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(ro),
                    "running as root: permissions do not stop writes here");
            try (DecodedImage in = ImageFiles.read(TestImages.portraitJpeg())) {
                assertThatThrownBy(() -> ImageFiles.write(in, ro.resolve("out.jpg"), WriteOptions.defaults()))
                        .isInstanceOf(MediaException.class)
                        .hasMessageContaining("readonly")
                        .hasMessageContaining("not writable");
            }
            assertThat(ro.resolve("out.jpg")).doesNotExist();
        } finally {
            ro.toFile().setWritable(true, false);
        }
    }

    @Test
    void warnsWhenTheExtensionDoesNotMatchTheFormat() throws IOException {
        try (DecodedImage in = ImageFiles.read(TestImages.portraitJpeg())) {
            WriteResult r = ImageFiles.write(in, tmp.resolve("photo.png"), WriteOptions.defaults());
            assertThat(r.format()).isEqualTo(ImageFormat.JPEG);
            assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("says PNG").contains("JPEG"));
            assertThat(ImageFiles.detectFormat(tmp.resolve("photo.png"))).contains(ImageFormat.JPEG);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A source file in {@code format} made from a shared photo (lossless WebP). */
    private Path sourceIn(ImageFormat format) throws IOException {
        if (format == ImageFormat.JPEG) {
            return TestImages.portraitJpeg();
        }
        if (format == ImageFormat.PNG) {
            return TestImages.astronautPng();
        }
        Path file = tmp.resolve("source" + format.defaultExtension());
        try (Mat photo = TestImages.portraitPixels()) {
            int[] params = format == ImageFormat.WEBP ? new int[] {IMWRITE_WEBP_QUALITY, 101} : new int[0];
            Files.write(file, encode(format.defaultExtension(), photo, params));
        }
        return file;
    }

    /**
     * A JPEG made from a shared photo, stored turned so that {@code orientation} shows it upright,
     * with EXIF (camera make, GPS, orientation, a maker note, the pixel size, an IFD1 thumbnail)
     * and an XMP packet.
     */
    private Path jpegWithGpsThumbnailMakerNoteAndXmp(int orientation) throws Exception {
        byte[] jpeg;
        byte[] thumb;
        try (Mat photo = TestImages.portraitPixels();
                Mat stored = TestImages.storedFor(photo, orientation); Mat small = new Mat()) {
            jpeg = encode(".jpg", stored, IMWRITE_JPEG_QUALITY, 95);
            opencv_imgproc.resize(stored, small, new org.bytedeco.opencv.opencv_core.Size(80, 60));
            thumb = encode(".jpg", small, IMWRITE_JPEG_QUALITY, 80);
        }
        TiffOutputSet set = new TiffOutputSet();
        TiffOutputDirectory root = set.getOrCreateRootDirectory();
        root.add(TiffTagConstants.TIFF_TAG_MAKE, "TestCam");
        root.add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
        root.add(TiffTagConstants.TIFF_TAG_XMP, "<x:xmpmeta>IFD0 copy</x:xmpmeta>".getBytes(StandardCharsets.US_ASCII));
        TiffOutputDirectory exifDir = set.getOrCreateExifDirectory();
        exifDir.add(ExifTagConstants.EXIF_TAG_MAKER_NOTE, "PREVIEW-IMAGE-GOES-HERE".getBytes(StandardCharsets.US_ASCII));
        boolean turned = orientation >= 5;
        exifDir.add(ExifTagConstants.EXIF_TAG_EXIF_IMAGE_WIDTH, (short) (turned ? 480 : 360));
        exifDir.add(ExifTagConstants.EXIF_TAG_EXIF_IMAGE_LENGTH, (short) (turned ? 360 : 480));
        set.setGpsInDegrees(LON, LAT);
        TiffOutputDirectory ifd1 = new TiffOutputDirectory(TiffDirectoryConstants.DIRECTORY_TYPE_DIR_1, set.byteOrder);
        ifd1.setJpegImageData(new JpegImageData(0, thumb.length, thumb));
        set.addDirectory(ifd1);
        ByteArrayOutputStream withExif = new ByteArrayOutputStream();
        new ExifRewriter().updateExifMetadataLossless(jpeg, withExif, set);
        ByteArrayOutputStream withXmp = new ByteArrayOutputStream();
        new JpegXmpRewriter().updateXmpXml(withExif.toByteArray(), withXmp, XMP);
        Path file = tmp.resolve("gps-o" + orientation + ".jpg");
        Files.write(file, withXmp.toByteArray());
        return file;
    }

    private static List<Path> listTempFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
