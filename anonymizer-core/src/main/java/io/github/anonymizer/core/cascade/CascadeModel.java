package io.github.anonymizer.core.cascade;

import io.github.anonymizer.api.DetectorException;
import io.github.anonymizer.api.ModelException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.FileNode;
import org.bytedeco.opencv.opencv_core.FileStorage;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * A parsed OpenCV cascade classifier (the XML of {@code opencv_traincascade}, Haar or LBP), shared
 * by all detectors of one factory.
 *
 * <p>The XML is read into memory (from inside the OpenCV jar or from a user's file) and parsed once
 * with {@code cv::FileStorage} in {@code MEMORY} mode: no temporary file is written. Because OpenCV's
 * {@code CascadeClassifier} is not thread-safe, the model does not hand out one classifier: {@link
 * #newClassifier()} builds a fresh one from the parsed tree for each detector (each worker thread).
 *
 * <p><b>Thread-safe</b>: {@link #newClassifier()} and {@link #close()} synchronize on the model.
 * Closing releases the parsed tree; classifiers already built stay valid (they hold their own
 * copy) and are closed by their owners. {@link #close()} is idempotent; {@link #newClassifier()}
 * after it throws {@link IllegalStateException}.
 */
public final class CascadeModel implements AutoCloseable {

    private final String detectorId;
    private final String modelId;
    private final Path file;
    private final String source;
    private final String featureType;
    private final int windowWidth;
    private final int windowHeight;
    private final int stageCount;
    private final CascadeScore score;
    private FileStorage storage; // guarded by this; null once closed

    private CascadeModel(String detectorId, String modelId, Path file, String source, FileStorage storage,
            Header header) {
        this.detectorId = detectorId;
        this.modelId = modelId;
        this.file = file;
        this.source = source;
        this.storage = storage;
        this.featureType = header.featureType;
        this.windowWidth = header.width;
        this.windowHeight = header.height;
        this.stageCount = header.stages;
        this.score = header.score;
    }

    /**
     * Loads a cascade shipped inside the OpenCV natives jar of this platform.
     *
     * @param detectorId the detector that asks, named in errors
     * @param cascade which cascade
     * @param expectedFeatureType {@code "HAAR"} or {@code "LBP"}, or {@code null} to accept any
     * @throws ModelException when the resource is not on the class path (the OpenCV natives jar for
     *     this platform is missing) or is not a cascade of the expected type
     * @throws DetectorException when OpenCV's native libraries cannot be loaded
     */
    public static CascadeModel bundled(String detectorId, BundledCascade cascade, String expectedFeatureType) {
        Objects.requireNonNull(detectorId, "detectorId");
        Objects.requireNonNull(cascade, "cascade");
        String platform = Loader.getPlatform();
        String resource = cascade.resourceName(platform);
        byte[] xml = readResource(resource);
        if (xml == null) {
            throw new ModelException(cascade.modelId(), null, "cascade " + cascade.fileName()
                    + " is not on the class path (looked for " + resource + "); it ships inside the OpenCV natives jar"
                    + " for this platform: add org.bytedeco:opencv with classifier " + platform
                    + " (or org.bytedeco:opencv-platform) to the application's dependencies");
        }
        return parse(detectorId, cascade.modelId(), null, cascade.fileName() + " from the OpenCV jar", xml,
                expectedFeatureType);
    }

    /**
     * Loads a cascade XML file given by the user.
     *
     * @param detectorId the detector that asks, named in errors
     * @param file the cascade XML
     * @param expectedFeatureType {@code "HAAR"} or {@code "LBP"}, or {@code null} to accept any
     * @throws ModelException naming the file when it is missing, unreadable, not a cascade or not of
     *     the expected type
     * @throws DetectorException when OpenCV's native libraries cannot be loaded
     */
    public static CascadeModel fromFile(String detectorId, Path file, String expectedFeatureType) {
        Objects.requireNonNull(detectorId, "detectorId");
        Objects.requireNonNull(file, "file");
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String modelId = name.toLowerCase(Locale.ROOT).endsWith(".xml") ? name.substring(0, name.length() - 4) : name;
        if (Files.isDirectory(file)) {
            throw new ModelException(modelId, file, "is a directory, expected a cascade XML file");
        }
        byte[] xml;
        try {
            xml = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelException(modelId, file, "cascade file not found", e);
        } catch (IOException e) {
            throw new ModelException(modelId, file, "cannot read the cascade file: " + e, e);
        }
        return parse(detectorId, modelId, file, file.toString(), xml, expectedFeatureType);
    }

    /** The class-path URL of a resource, looked up in OpenCV's class loader first, or null. */
    static URL locate(String resource) {
        ClassLoader[] loaders = {
            FileStorage.class.getClassLoader(), CascadeModel.class.getClassLoader(),
            Thread.currentThread().getContextClassLoader()
        };
        for (ClassLoader cl : loaders) {
            URL url = cl == null ? null : cl.getResource(resource);
            if (url != null) {
                return url;
            }
        }
        return null;
    }

    private static byte[] readResource(String resource) {
        URL url = locate(resource);
        if (url == null) {
            return null;
        }
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelException(resource, null, "cannot read the cascade from the class path (" + url + "): " + e, e);
        }
    }

    @SuppressWarnings("try") // the scope frees the FileNode temporaries and the probe classifier
    private static CascadeModel parse(String detectorId, String modelId, Path file, String source, byte[] xml,
            String expectedFeatureType) {
        if (xml.length == 0) {
            throw new ModelException(modelId, file, "the cascade file is empty");
        }
        FileStorage fs = openStorage(detectorId, modelId, file, new String(xml, StandardCharsets.UTF_8));
        try {
            Header header;
            try (PointerScope scope = new PointerScope()) {
                header = readHeader(fs, modelId, file);
                CascadeClassifier probe = new CascadeClassifier();
                if (!probe.read(fs.getFirstTopLevelNode()) || probe.empty()) {
                    throw new ModelException(modelId, file, "OpenCV could not read it as a cascade classifier");
                }
            } catch (RuntimeException e) {
                throw asModelException(e, modelId, file);
            }
            if (expectedFeatureType != null && !expectedFeatureType.equalsIgnoreCase(header.featureType)) {
                throw new ModelException(modelId, file, "is a " + header.featureType + " cascade; the '" + detectorId
                        + "' detector needs a " + expectedFeatureType + " cascade");
            }
            return new CascadeModel(detectorId, modelId, file, source, fs, header);
        } catch (RuntimeException e) {
            fs.release();
            fs.close();
            throw e;
        }
    }

    private static FileStorage openStorage(String detectorId, String modelId, Path file, String text) {
        FileStorage fs;
        try {
            fs = new FileStorage(text, FileStorage.READ | FileStorage.MEMORY);
        } catch (LinkageError e) {
            throw new DetectorException(detectorId, "the OpenCV native libraries could not be loaded for platform "
                    + Loader.getPlatform() + " (add org.bytedeco:opencv with that classifier, or opencv-platform): " + e, e);
        } catch (RuntimeException e) {
            throw asModelException(e, modelId, file);
        }
        if (!fs.isOpened()) {
            fs.close();
            throw new ModelException(modelId, file, "not an OpenCV XML/YAML file");
        }
        return fs;
    }

    private static RuntimeException asModelException(RuntimeException e, String modelId, Path file) {
        if (e instanceof ModelException) {
            return e;
        }
        // OpenCV reports parse errors as RuntimeExceptions carrying cv::Exception's text
        return new ModelException(modelId, file, "not a valid OpenCV cascade classifier: " + e.getMessage(), e);
    }

    private record Header(String featureType, int width, int height, int stages, CascadeScore score) {}

    private static Header readHeader(FileStorage fs, String modelId, Path file) {
        FileNode root = fs.getFirstTopLevelNode();
        if (root.empty() || !root.isMap()) {
            throw new ModelException(modelId, file, "not a cascade classifier: the file has no top-level node");
        }
        String featureType = text(root.get("featureType"));
        FileNode stages = root.get("stages");
        if (featureType.isEmpty() || !stages.isSeq() || stages.size() == 0) {
            throw new ModelException(modelId, file, "not a cascade classifier in the format of OpenCV 3 and later"
                    + " (no featureType or stages; cascades of the old haartraining format are not supported)");
        }
        FileNode last = stages.at((int) stages.size() - 1);
        FileNode weak = last.get("weakClassifiers");
        double sumSquares = 0;
        for (int i = 0; i < weak.size(); i++) {
            FileNode leaves = weak.at(i).get("leafValues");
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            for (int j = 0; j < leaves.size(); j++) {
                double v = leaves.at(j).real();
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
            if (leaves.size() > 0) {
                sumSquares += (max - min) * (max - min);
            }
        }
        double sigma = Math.sqrt(sumSquares) / 2;
        if (!(sigma > 0)) {
            throw new ModelException(modelId, file, "not a usable cascade: the last stage has no weak classifiers with leaf values");
        }
        // OpenCV stores stage thresholds as float; compare in the same precision
        double threshold = (float) last.get("stageThreshold").real();
        return new Header(featureType.toUpperCase(Locale.ROOT), root.get("width").asInt(), root.get("height").asInt(),
                (int) stages.size(), new CascadeScore(threshold, sigma));
    }

    private static String text(FileNode node) {
        if (node.empty() || !node.isString()) {
            return "";
        }
        BytePointer p = node.string();
        return p == null ? "" : p.getString().strip();
    }

    /**
     * A new classifier built from the parsed cascade, owned (and closed) by the caller and confined
     * to one thread.
     *
     * @throws IllegalStateException after {@link #close()}
     * @throws DetectorException when OpenCV fails to build it
     */
    public synchronized CascadeClassifier newClassifier() {
        if (storage == null) {
            throw new IllegalStateException("cascade " + modelId + " of detector '" + detectorId + "' is closed");
        }
        CascadeClassifier classifier = new CascadeClassifier();
        boolean ok;
        try (FileNode root = storage.getFirstTopLevelNode()) {
            ok = classifier.read(root);
        } catch (RuntimeException e) {
            classifier.close();
            throw new DetectorException(detectorId, "cannot build a classifier from cascade " + modelId + ": " + e.getMessage(), e);
        }
        if (!ok || classifier.empty()) {
            classifier.close();
            throw new DetectorException(detectorId, "cannot build a classifier from cascade " + modelId);
        }
        return classifier;
    }

    /** The model id: the cascade's file name without {@code .xml}. */
    public String modelId() {
        return modelId;
    }

    /** The user's file, or empty for a cascade from the OpenCV jar. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** Where the cascade came from, for descriptions. */
    public String source() {
        return source;
    }

    /** {@code "HAAR"} or {@code "LBP"} (or {@code "HOG"}), upper case. */
    public String featureType() {
        return featureType;
    }

    /** The cascade's detection window width in pixels: no smaller face is found. */
    public int windowWidth() {
        return windowWidth;
    }

    /** The cascade's detection window height in pixels. */
    public int windowHeight() {
        return windowHeight;
    }

    /** The number of stages. */
    public int stageCount() {
        return stageCount;
    }

    /** The level-weight-to-score mapping of this cascade. */
    public CascadeScore score() {
        return score;
    }

    @Override
    public synchronized void close() {
        if (storage != null) {
            storage.release();
            storage.close();
            storage = null;
        }
    }

    @Override
    public String toString() {
        return "CascadeModel[" + source + ", " + featureType + " " + windowWidth + "x" + windowHeight + ", " + stageCount
                + " stages]";
    }
}
