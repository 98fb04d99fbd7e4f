package io.github.anonymizer.detector.ssd;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the tiles of the tiled mode lie. Level 0 is the frame at native scale, cut into tiles that
 * overlap by at least {@code overlap} of the tile size, the last tile ending exactly at the frame
 * edge, so every face no larger than the overlap lies wholly inside at least one tile. Larger faces
 * are left to the whole-frame pass (the frame resized to the network input), which sees faces from
 * {@code minGlobalFace} frame pixels up. When that is more than the overlap (very large frames),
 * half-scale levels are added, each tiled the same way, until the faces a level can hold reach the
 * whole-frame pass's smallest face or the level fits in one tile. A level that fits in one tile is
 * never tiled.
 *
 * <p>Immutable and thread-safe (pure computation).
 */
final class TilePlan {

    /**
     * One tile, in the pixel coordinates of its level image (the frame resized by {@code scale}).
     * The {@code *Inner} flags say which sides border another tile (not the frame edge): a box
     * touching such a side may be a face cut in two.
     */
    record Tile(int x, int y, int width, int height, boolean leftInner, boolean topInner, boolean rightInner,
            boolean bottomInner) {}

    /** One level of the pyramid: the frame resized by {@code scale} to {@code width x height}. */
    record Level(double scale, int width, int height, List<Tile> tiles) {
        Level {
            tiles = List.copyOf(tiles);
        }
    }

    private TilePlan() {}

    /**
     * Plans the tiles for a frame.
     *
     * @param frameWidth frame width, {@code >= 1}
     * @param frameHeight frame height, {@code >= 1}
     * @param tileWidth tile width in level pixels, {@code >= 1}
     * @param tileHeight tile height in level pixels, {@code >= 1}
     * @param overlap minimum overlap between neighbouring tiles as a fraction of the tile, in [0, 0.9]
     * @param minGlobalFace the smallest face, in frame pixels, that the whole-frame pass finds
     * @return the tiled levels, native scale first; empty when the frame fits in one tile
     */
    static List<Level> plan(int frameWidth, int frameHeight, int tileWidth, int tileHeight, double overlap,
            double minGlobalFace) {
        if (frameWidth < 1 || frameHeight < 1 || tileWidth < 1 || tileHeight < 1) {
            throw new IllegalArgumentException("sizes must be positive: frame " + frameWidth + "x" + frameHeight
                    + ", tile " + tileWidth + "x" + tileHeight);
        }
        if (!(overlap >= 0 && overlap <= 0.9)) {
            throw new IllegalArgumentException("tile overlap must be in [0, 0.9], got " + overlap);
        }
        // the largest face that lies wholly inside some tile, in level pixels
        int fits = (int) Math.ceil(Math.min(tileWidth, tileHeight) * overlap);
        List<Level> levels = new ArrayList<>();
        double scale = 1;
        int w = frameWidth;
        int h = frameHeight;
        while (w > tileWidth || h > tileHeight) {
            levels.add(new Level(scale, w, h, tiles(w, h, tileWidth, tileHeight, overlap)));
            if (fits / scale >= minGlobalFace) {
                break;
            }
            scale /= 2;
            w = Math.max(1, (int) Math.round(frameWidth * scale));
            h = Math.max(1, (int) Math.round(frameHeight * scale));
        }
        return levels;
    }

    private static List<Tile> tiles(int w, int h, int tw, int th, double overlap) {
        int[] xs = positions(w, tw, overlap);
        int[] ys = positions(h, th, overlap);
        int cw = Math.min(w, tw);
        int ch = Math.min(h, th);
        List<Tile> out = new ArrayList<>(xs.length * ys.length);
        for (int j = 0; j < ys.length; j++) {
            for (int i = 0; i < xs.length; i++) {
                out.add(new Tile(xs[i], ys[j], cw, ch, i > 0, j > 0, i < xs.length - 1, j < ys.length - 1));
            }
        }
        return out;
    }

    /** Tile start positions along one axis, spread evenly, first at 0 and last ending at {@code length}. */
    static int[] positions(int length, int tile, double overlap) {
        if (length <= tile) {
            return new int[] {0};
        }
        int stride = Math.max(1, tile - (int) Math.ceil(tile * overlap));
        int n = (int) Math.ceil((double) (length - tile) / stride) + 1;
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = (int) Math.floor((double) i * (length - tile) / (n - 1));
        }
        return p;
    }
}
