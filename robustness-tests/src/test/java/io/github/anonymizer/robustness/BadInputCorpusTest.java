package io.github.anonymizer.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;

import io.github.anonymizer.api.AnonymizerException;
import io.github.anonymizer.api.MediaException;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.image.DecodedImage;
import io.github.anonymizer.core.image.ImageFiles;
import io.github.anonymizer.core.image.ReadOptions;
import io.github.anonymizer.core.image.WriteOptions;
import io.github.anonymizer.core.image.WriteResult;
import io.github.anonymizer.testing.SharedData;
import io.github.anonymizer.video.OutputOptions;
import io.github.anonymizer.video.VideoJob;
import io.github.anonymizer.video.VideoSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus: every case is a file (or a situation) made by this test, run once through
 * the library API and once through the command line, with the outcome stated in advance.
 *
 * <ul>
 *   <li>{@link Expect#ERROR}: the API throws a typed {@link AnonymizerException} (a {@link MediaException}
 *       for a file that cannot be read or written; a {@code PipelineException} naming the frame when a
 *       video fails once its frames are being read) whose message names the file and matches the reason; the command exits 1 with exactly one {@code error:} line naming the
 *       input and matching the reason.
 *   <li>{@link Expect#OK} / {@link Expect#WARN}: unusual but valid input; both write an output that
 *       decodes to the input's size and layout (with {@code WARN}, the command also prints a warning
 *       matching the reason).
 * </ul>
 * Whatever the outcome: the input's bytes are unchanged, and the output folders hold no file but
 * the expected output (no partial file, no temporary file). A table of case and outcome is printed
 * at the end and written to {@code target/robustness/bad-input-corpus.txt}.
 *
 * <p>A second test runs the same files mixed into a folder of good photos and a good video through
 * the command line, as a user would: the good ones are written, each bad one gets its error line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusTest {

    enum Kind { IMAGE, VIDEO }

    enum Expect { ERROR, OK, WARN }

    /** What one case gives the API and the command line. */
    record Input(Path file, Path apiOutput, List<String> cliArgs, ReadOptions readOptions, Path named) {
        static Input of(Path file) {
            return new Input(file, null, List.of(), ReadOptions.defaults(), file);
        }

        Input withOutput(Path output, Path named) {
            return new Input(file, output, List.of("-o", output.toString()), readOptions, named);
        }
    }

    @FunctionalInterface
    interface Setup {
        Input make(Path dir) throws Exception;
    }

    record Case(String name, Kind kind, Expect expect, String reason, Setup setup) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Map<String, String[]> TABLE = Collections.synchronizedMap(new LinkedHashMap<>());

    @TempDir
    static Path root;

    private static Mat photo;
    private static byte[] jpeg;
    private static byte[] png;
    private static byte[] webp;
    private Anonymizer anonymizer;

    @BeforeAll
    void setUp() {
        photo = Fixtures.photo("openmpf_race.jpg", 480);
        jpeg = Fixtures.encode(photo, ".jpg", IMWRITE_JPEG_QUALITY, 90);
        png = Fixtures.encode(photo, ".png");
        webp = Fixtures.encode(photo, ".webp");
        anonymizer = Anonymizer.builder().detector("haar").build();
    }

    @AfterAll
    void tearDown() throws IOException {
        anonymizer.close();
        photo.close();
        printTable(System.out);
        Path report = Path.of("target", "robustness", "bad-input-corpus.txt");
        Files.createDirectories(report.getParent());
        try (PrintStream p = new PrintStream(Files.newOutputStream(report), true, StandardCharsets.UTF_8)) {
            printTable(p);
        }
    }

    // ------------------------------------------------------------------ the corpus

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // --- not images at all
        c.add(image("empty file", Expect.ERROR, "empty \\(0 bytes\\)", d -> file(d, "empty.jpg", new byte[0])));
        c.add(image("random bytes named .jpg", Expect.ERROR, "not a supported image",
                d -> file(d, "random.jpg", Fixtures.random(4096, 1))));
        c.add(image("random bytes, no extension", Expect.ERROR, "not a supported image",
                d -> file(d, "random", Fixtures.random(4096, 2))));
        c.add(image("text file named .png", Expect.ERROR, "not a supported image.*name suggests PNG",
                d -> file(d, "notes.png", "these are not pixels\n".getBytes(StandardCharsets.US_ASCII))));
        c.add(image("GIF named .jpg", Expect.ERROR, "looks like a GIF",
                d -> file(d, "anim.jpg", "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1))));
        c.add(image("MP4 video named .jpg", Expect.ERROR, "ISO media",
                d -> Input.of(copy(SharedData.video("h264_aac.mp4"), d, "clip.jpg"))));
        // --- truncated images
        for (int cut : new int[] {2, 200}) {
            c.add(image("JPEG cut at byte " + cut, Expect.ERROR, "corrupt|truncated|not a supported image",
                    d -> file(d, "cut" + cut + ".jpg", Fixtures.truncate(jpeg, cut))));
        }
        c.add(image("JPEG cut at half", Expect.ERROR, "corrupt|truncated",
                d -> file(d, "half.jpg", Fixtures.truncate(jpeg, jpeg.length / 2))));
        for (int cut : new int[] {8, 33}) {
            c.add(image("PNG cut at byte " + cut, Expect.ERROR, "corrupt|truncated",
                    d -> file(d, "cut" + cut + ".png", Fixtures.truncate(png, cut))));
        }
        c.add(image("PNG cut at half", Expect.ERROR, "corrupt|truncated",
                d -> file(d, "half.png", Fixtures.truncate(png, png.length / 2))));
        c.add(image("PNG without its IEND chunk", Expect.ERROR, "corrupt|truncated",
                d -> file(d, "noend.png", Fixtures.truncate(png, png.length - 12))));
        c.add(image("WebP cut at byte 12", Expect.ERROR, "corrupt|truncated",
                d -> file(d, "cut12.webp", Fixtures.truncate(webp, 12))));
        c.add(image("WebP cut at half", Expect.ERROR, "corrupt|truncated",
                d -> file(d, "half.webp", Fixtures.truncate(webp, webp.length / 2))));
        // --- sizes: bombs and limits
        c.add(image("PNG bomb 20000x20000 (400 MB of pixels, tiny file)", Expect.ERROR,
                "20000x20000.*decompression bombs.*max-pixels", d -> file(d, "bomb.png", Fixtures.pngBomb(20000, 20000))));
        c.add(image("JPEG header claiming 60000x60000", Expect.ERROR, "60000x60000.*max-pixels",
                d -> file(d, "huge.jpg", Fixtures.jpegClaiming(jpeg, 60000, 60000))));
        c.add(image("photo over a lowered --max-pixels", Expect.ERROR, "more than the limit of 10000 pixels.*max-pixels",
                d -> {
                    Input in = Input.of(write(d, "big.jpg", jpeg));
                    return new Input(in.file(), null, List.of("--max-pixels", "10000"),
                            ReadOptions.defaults().withMaxPixels(10_000), in.file());
                }));
        // --- unusual but valid pixel layouts and sizes
        c.add(image("gray JPEG", Expect.OK, "", d -> file(d, "gray.jpg", encodeConverted(COLOR_BGR2GRAY, false, ".jpg"))));
        c.add(image("16-bit BGR PNG", Expect.OK, "", d -> file(d, "deep.png", encodeConverted(-1, true, ".png"))));
        c.add(image("16-bit gray PNG", Expect.OK, "", d -> file(d, "deepgray.png", encodeConverted(COLOR_BGR2GRAY, true, ".png"))));
        c.add(image("4-channel BGRA PNG", Expect.OK, "", d -> file(d, "alpha.png", encodeConverted(COLOR_BGR2BGRA, false, ".png"))));
        c.add(image("1x1 PNG", Expect.OK, "", d -> file(d, "dot.png", encodeSolid(1, 1, ".png"))));
        c.add(image("8x6 JPEG (smaller than any detector input)", Expect.OK, "", d -> file(d, "tiny.jpg", encodeSolid(8, 6, ".jpg"))));
        c.add(image("PNG content named .jpg", Expect.WARN, "content is PNG", d -> file(d, "really-png.jpg", png)));
        // --- paths
        c.add(image("missing file", Expect.ERROR, "no such file", d -> Input.of(d.resolve("missing.jpg"))));
        c.add(image("a folder named like a photo", Expect.ERROR, "directory|folder",
                d -> Input.of(Files.createDirectories(d.resolve("folder.jpg")))));
        c.add(image("a named pipe (FIFO) named .jpg", Expect.ERROR, "not a regular file", d -> {
            Path fifo = d.resolve("pipe.jpg");
            Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
            assertThat(p.waitFor()).as("mkfifo").isZero();
            return Input.of(fifo);
        }));
        c.add(image("unreadable file (permission denied; as root: a path through a file)", Expect.ERROR,
                "permission denied|not a directory|no such file", d -> {
                    Path f = write(d, "secret.jpg", jpeg);
                    if (!Fixtures.isRoot()) {
                        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
                        return Input.of(f);
                    }
                    return Input.of(f.resolve("inside.jpg")); // root reads any file: ENOTDIR instead
                }));
        c.add(image("output folder not writable", Expect.ERROR, "not writable|cannot create|cannot write|denied|read-only|not permitted", d -> {
            Input in = Input.of(write(d, "ok.jpg", jpeg));
            Path ro = readOnlyFolder(d);
            return in.withOutput(ro.resolve("ok_anonymized.jpg"), ro);
        }));
        c.add(image("output folder is a regular file", Expect.ERROR, "not a directory|exists and is not a directory", d -> {
            Input in = Input.of(write(d, "ok.jpg", jpeg));
            Path file = write(d, "occupied", new byte[] {1});
            return in.withOutput(file.resolve("ok_anonymized.jpg"), file);
        }));
        c.add(image("output path equal to the input", Expect.ERROR, "input", d -> {
            Input in = Input.of(write(d, "self.jpg", jpeg));
            return in.withOutput(in.file(), in.file());
        }));
        // --- videos
        Path mp4 = SharedData.video("h264_aac.mp4"); // moov at the end
        c.add(video("empty .mp4", Expect.ERROR, "cannot open: invalid data", d -> file(d, "empty.mp4", new byte[0])));
        c.add(video("random bytes named .mp4", Expect.ERROR, "cannot open: invalid data", d -> file(d, "noise.mp4", Fixtures.random(65536, 3))));
        c.add(video("JPEG photo (even size) named .mp4", Expect.OK, "", d -> {
            try (Mat even = new Mat(photo, new org.bytedeco.opencv.opencv_core.Rect(0, 0, 480, 320))) {
                return file(d, "photo.mp4", Fixtures.encode(even, ".jpg"));
            }
        }));
        c.add(video("JPEG photo 480x321 named .mp4 (odd height: padded to 480x322 for H.264 4:2:0)", Expect.WARN,
                "needs an even width and height", d -> file(d, "odd.mp4", jpeg)));
        for (int cut : new int[] {16, 4096}) {
            c.add(video("MP4 cut at byte " + cut, Expect.ERROR, "cannot open: invalid data",
                    d -> file(d, "cut" + cut + ".mp4", Fixtures.truncate(Files.readAllBytes(mp4), cut))));
        }
        c.add(video("MP4 cut inside its index (moov)", Expect.ERROR, "cannot open: invalid data", d -> {
            byte[] all = Files.readAllBytes(mp4);
            return file(d, "nomoov.mp4", Fixtures.truncate(all, all.length - 100));
        }));
        c.add(video("faststart MP4 cut at half", Expect.WARN, "truncated", d -> {
            byte[] all = Files.readAllBytes(SharedData.video("video_01.mp4")); // moov first
            return file(d, "halfplay.mp4", Fixtures.truncate(all, all.length / 2));
        }));
        c.add(video("MP4 whose video track has zero frames", Expect.ERROR, "no video stream", d -> {
            Path out = d.resolve("zero.mp4");
            Remux.videoWithoutFrames(mp4, out);
            return Input.of(out);
        }));
        c.add(video("AVI whose video track has zero frames", Expect.ERROR, "no decodable video frames", d -> {
            Path out = d.resolve("zero.avi");
            Remux.videoWithoutFrames(mp4, out);
            return Input.of(out);
        }));
        c.add(video("MP4 whose first stream is the audio", Expect.OK, "", d -> {
            Path out = d.resolve("audiofirst.mp4");
            Remux.audioFirst(mp4, out);
            return Input.of(out);
        }));
        c.add(video("video output path equal to the input", Expect.ERROR, "input", d -> {
            Input in = Input.of(copy(mp4, d, "same.mp4"));
            return in.withOutput(in.file(), in.file());
        }));
        return c;
    }

    private static Case image(String name, Expect expect, String reason, Setup setup) {
        return new Case(name, Kind.IMAGE, expect, reason, setup);
    }

    private static Case video(String name, Expect expect, String reason, Setup setup) {
        return new Case(name, Kind.VIDEO, expect, reason, setup);
    }

    // ------------------------------------------------------------------ the test

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void apiAndCommandLine(Case c) throws Exception {
        Path dir = Files.createDirectories(root.resolve(String.format(Locale.ROOT, "case-%02d", cases().stream().map(Case::name).toList().indexOf(c.name()) + 1)));
        Input in = c.setup().make(Files.createDirectories(dir.resolve("in")));
        String before = Files.isRegularFile(in.file()) ? Fixtures.sha256(in.file()) : null;
        List<String> inputTree = Fixtures.tree(dir.resolve("in"));

        String api = runApi(c, in, dir.resolve("api-out"));
        String cli = runCli(c, in, dir.resolve("cli-out"));
        TABLE.put(c.name(), new String[] {c.kind().name().toLowerCase(Locale.ROOT), c.expect().name(), api, cli});

        if (before != null) {
            assertThat(Fixtures.sha256(in.file())).as("the input is untouched").isEqualTo(before);
        }
        assertThat(Fixtures.tree(dir.resolve("in"))).as("nothing was added beside the input").isEqualTo(inputTree);
    }

    /** Runs the library API; returns the outcome for the table. */
    private String runApi(Case c, Input in, Path outDir) {
        Path out = in.apiOutput() != null ? in.apiOutput() : outDir.resolve(outputName(c, in.file()));
        Throwable error = null;
        try {
            if (c.kind() == Kind.IMAGE) {
                try (DecodedImage img = ImageFiles.read(in.file(), in.readOptions())) {
                    anonymizer.processInPlace(img.mat());
                    WriteResult w = ImageFiles.write(img, out, WriteOptions.defaults());
                    assertThat(w.file()).isEqualTo(out.toAbsolutePath().normalize());
                }
            } else {
                Files.createDirectories(outDir); // VideoSink, unlike ImageFiles, wants the folder to exist
                VideoJob.builder(anonymizer).input(in.file()).output(out).workers(2)
                        .outputOptions(OutputOptions.builder().preset("ultrafast").build()).build().run();
            }
        } catch (RuntimeException e) {
            error = e;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (c.expect() == Expect.ERROR) {
            assertThat(error).as("API: %s must fail with a typed exception", c.name()).isInstanceOf(AnonymizerException.class);
            assertThat(error.getMessage()).as("API message names the file")
                    .containsAnyOf(in.named().getFileName().toString(), out.getFileName().toString());
            assertThat(Pattern.compile(c.reason(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(error.getMessage()).find())
                    .as("API message '%s' matches /%s/", error.getMessage(), c.reason()).isTrue();
            assertNoFiles(outDir, in.apiOutput());
            return error.getClass().getSimpleName() + ": " + shorten(error.getMessage(), in);
        }
        assertThat(error).as("API: %s must succeed", c.name()).isNull();
        assertValidOutput(c, in.file(), out);
        assertThat(Fixtures.tree(outDir)).as("only the output").containsExactly(out.getFileName().toString());
        return "written";
    }

    /** Runs the command line; returns the outcome for the table. */
    private String runCli(Case c, Input in, Path outDir) {
        List<String> args = new ArrayList<>(List.of("-d", "haar", "-q", "--workers", "2", "--preset", "ultrafast"));
        args.addAll(in.cliArgs());
        if (in.cliArgs().stream().noneMatch(a -> a.equals("-o"))) {
            args.addAll(List.of("-o", outDir.toString()));
        }
        args.add(in.file().toString());
        Cli.Run r = Cli.run(args.toArray(String[]::new));
        if (c.expect() == Expect.ERROR) {
            assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isEqualTo(1);
            assertThat(r.errorLines()).as("exactly one error line: %s", r.err()).hasSize(1);
            String line = r.errorLines().get(0);
            assertThat(line).as("the error names the input").contains(in.file().getFileName().toString());
            assertThat(Pattern.compile(c.reason(), Pattern.CASE_INSENSITIVE).matcher(line).find())
                    .as("CLI line '%s' matches /%s/", line, c.reason()).isTrue();
            assertNoFiles(outDir, in.apiOutput());
            return "exit 1: " + shorten(line, in);
        }
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        Path out = in.apiOutput() != null ? in.apiOutput() : outDir.resolve(outputName(c, in.file()));
        assertValidOutput(c, in.file(), out);
        if (c.expect() == Expect.WARN) {
            assertThat(r.warningLines()).as("a warning: %s", r.err())
                    .anyMatch(l -> Pattern.compile(c.reason(), Pattern.CASE_INSENSITIVE).matcher(l).find());
            return "exit 0, " + shorten(r.warningLines().get(0), in);
        }
        return "exit 0, written";
    }

    private static String outputName(Case c, Path input) {
        String name = input.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = c.kind() == Kind.VIDEO ? ".mp4" : dot > 0 ? name.substring(dot) : "";
        return stem + "_anonymized" + ext;
    }

    /** Neither the output folder nor the intended output file holds anything. */
    private static void assertNoFiles(Path outDir, Path intendedOutput) {
        try (Stream<Path> s = Files.exists(outDir) ? Files.walk(outDir) : Stream.empty()) {
            assertThat(s.filter(Files::isRegularFile).toList()).as("no output or partial file in %s", outDir).isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (intendedOutput != null && intendedOutput.getParent() != null && Files.isDirectory(intendedOutput.getParent())) {
            try (Stream<Path> s = Files.list(intendedOutput.getParent())) {
                assertThat(s.map(p -> p.getFileName().toString()).toList()).as("no temporary file left")
                        .noneMatch(n -> n.startsWith(".") && (n.endsWith(".tmp") || n.endsWith(".part")));
            } catch (IOException | SecurityException e) {
                // a folder we may not list (e.g. /sys): nothing could be written there either
            }
        }
    }

    /** The output decodes, with the input's size and pixel layout (images) or at least one frame (videos). */
    private static void assertValidOutput(Case c, Path input, Path out) {
        assertThat(out).as("output").isRegularFile();
        if (c.kind() == Kind.IMAGE) {
            try (DecodedImage a = ImageFiles.read(input); DecodedImage b = ImageFiles.read(out)) {
                assertThat(b.width()).isEqualTo(a.width());
                assertThat(b.height()).isEqualTo(a.height());
                assertThat(b.mat().type()).as("pixel layout kept").isEqualTo(a.mat().type());
            }
        } else {
            try (VideoSource s = VideoSource.open(out); var frame = s.read()) {
                assertThat(frame).as("the output has a frame").isNotNull();
            }
        }
    }

    // ------------------------------------------------------------------ batch, as a user would

    @Test
    void badFilesMixedIntoAFolderOfGoodOnes() throws Exception {
        Path folder = Files.createDirectories(root.resolve("batch/in"));
        List<String> good = List.of("race.jpg", "astronaut.png", "clip.mp4");
        Files.copy(SharedData.smoke("openmpf_race.jpg"), folder.resolve("race.jpg"));
        Files.copy(SharedData.smoke("skimage_astronaut.png"), folder.resolve("astronaut.png"));
        Files.copy(SharedData.video("h264_aac.mp4"), folder.resolve("clip.mp4"));
        List<String> bad = new ArrayList<>();
        for (Case c : cases()) {
            if (c.expect() != Expect.ERROR) {
                continue;
            }
            Path scratch = Files.createDirectories(root.resolve("batch/scratch/" + bad.size()));
            Input in = c.setup().make(scratch);
            // only plain files whose trouble is their content travel into the folder
            if (in.apiOutput() == null && in.cliArgs().isEmpty() && Files.isRegularFile(in.file())
                    && (Files.isReadable(in.file()))) {
                String name = bad.size() + "-" + in.file().getFileName();
                Files.copy(in.file(), folder.resolve(name));
                if (isMediaName(name) || ImageFiles.isSupportedImage(folder.resolve(name))) {
                    bad.add(name);
                }
            }
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            s.forEach(p -> hashes.put(p.getFileName().toString(), Fixtures.sha256(p)));
        }
        Path out = root.resolve("batch/out");

        Cli.Run r = Cli.run("-d", "haar", "-q", "--preset", "ultrafast", "-o", out.toString(), folder.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        for (String g : good) {
            String stem = g.substring(0, g.lastIndexOf('.'));
            String ext = g.endsWith(".mp4") ? ".mp4" : g.substring(g.lastIndexOf('.'));
            assertThat(out.resolve(stem + "_anonymized" + ext)).as("good input %s was processed", g).isRegularFile();
        }
        for (String b : bad) {
            assertThat(r.errorLines()).as("one error line for %s", b).filteredOn(l -> l.contains(b)).hasSize(1);
        }
        assertThat(r.errorLines()).as("no error for anything else: %s", r.err()).hasSize(bad.size());
        assertThat(Fixtures.tree(out).stream().filter(n -> !n.contains("/") && n.contains("."))).as("outputs")
                .hasSize(good.size());
        hashes.forEach((name, hash) -> assertThat(Fixtures.sha256(folder.resolve(name))).as("%s untouched", name).isEqualTo(hash));
        System.out.printf("batch: %d good + %d bad files in one folder: exit %d, %d error lines, outputs %s%n", good.size(),
                bad.size(), r.exit(), r.errorLines().size(), Fixtures.tree(out));
    }

    private static boolean isMediaName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return Stream.of(".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff", ".mp4", ".avi").anyMatch(lower::endsWith);
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] encodeConverted(int code, boolean sixteenBit, String ext) {
        try (Mat m = Fixtures.convert(photo, code, sixteenBit)) {
            return Fixtures.encode(m, ext);
        }
    }

    private static byte[] encodeSolid(int w, int h, String ext) {
        try (Scalar s = new Scalar(40, 90, 200, 0); Mat m = new Mat(h, w, org.bytedeco.opencv.global.opencv_core.CV_8UC3, s)) {
            return Fixtures.encode(m, ext);
        }
    }

    private static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), bytes);
    }

    private static Input file(Path dir, String name, byte[] bytes) throws IOException {
        return Input.of(write(dir, name, bytes));
    }

    private static Path copy(Path from, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        return Files.copy(from, dir.resolve(name));
    }

    /** A folder this process cannot write: read-only permissions, or (as root, who ignores them) /sys. */
    private static Path readOnlyFolder(Path dir) throws IOException {
        if (!Fixtures.isRoot()) {
            Path ro = Files.createDirectories(dir.resolve("readonly"));
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
            return ro;
        }
        Path sys = Path.of("/sys");
        try {
            Files.delete(Files.createTempFile(sys, "probe", ".tmp"));
        } catch (IOException expected) {
            return sys; // sysfs takes no new files, not even from root
        }
        throw new IllegalStateException("no folder that root cannot write to on this machine");
    }

    private static String shorten(String message, Input in) {
        String s = message.replace(in.file().toString(), in.file().getFileName().toString())
                .replace(in.file().toAbsolutePath().normalize().toString(), in.file().getFileName().toString());
        if (in.named() != null && in.named().getParent() != null) {
            s = s.replace(in.named().getParent().toString() + "/", "");
        }
        return s.length() > 150 ? s.substring(0, 147) + "..." : s;
    }

    private static void printTable(PrintStream out) {
        out.println();
        out.printf("Bad-input corpus: %d cases (API = library call, CLI = anonymizer command)%n", TABLE.size());
        out.println("| # | case | kind | expected | API outcome | CLI outcome |");
        out.println("|---|---|---|---|---|---|");
        int i = 1;
        for (Map.Entry<String, String[]> e : TABLE.entrySet()) {
            String[] v = e.getValue();
            out.printf("| %d | %s | %s | %s | %s | %s |%n", i++, e.getKey(), v[0], v[1], v[2].replace("|", "/"), v[3].replace("|", "/"));
        }
        out.println();
    }
}
