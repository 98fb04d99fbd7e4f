package io.github.anonymizer.core.internal;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MaskShape;

/**
 * Pixel geometry of masks: which pixels of a region's rectangle a mask covers, and how strongly.
 *
 * <p>Coverage is conservative, because a missed pixel of a face is worse than one extra hidden
 * pixel: a pixel belongs to the mask when any part of it touches the mask shape (for an ellipse,
 * when the point of the pixel square nearest to the centre lies inside; for a box, when the
 * squares overlap). With feathering, alpha ramps from 0 at the shape's edge to 1 at a fraction
 * {@code feather} of the way to the centre, so the face inside the scaled mask stays fully hidden.
 * All arithmetic is in doubles, so huge or far-away boxes cannot overflow.
 *
 * <p>Stateless and thread-safe.
 */
public final class MaskGeometry {

    private MaskGeometry() {}

    /**
     * The integer pixel rectangle {@code [x1, x2) x [y1, y2)} covering every pixel the box touches,
     * clipped to the frame, or {@code null} when the box does not touch the frame.
     */
    public static int[] clippedBounds(Box box, int frameWidth, int frameHeight) {
        double fx1 = Math.floor(box.x());
        double fy1 = Math.floor(box.y());
        double fx2 = Math.ceil(box.x2());
        double fy2 = Math.ceil(box.y2());
        // a zero-size box still covers the pixel it sits in
        if (fx2 <= fx1) {
            fx2 = fx1 + 1;
        }
        if (fy2 <= fy1) {
            fy2 = fy1 + 1;
        }
        int x1 = (int) Math.max(0, Math.min(frameWidth, fx1));
        int y1 = (int) Math.max(0, Math.min(frameHeight, fy1));
        int x2 = (int) Math.max(0, Math.min(frameWidth, fx2));
        int y2 = (int) Math.max(0, Math.min(frameHeight, fy2));
        if (x2 <= x1 || y2 <= y1) {
            return null;
        }
        return new int[] {x1, y1, x2, y2};
    }

    /**
     * Mask alpha for every pixel of the region's rectangle, row-major, 0 = untouched and
     * 255 = fully hidden.
     *
     * @param feather fraction of the mask's half-size over which alpha ramps, in {@code [0, 0.5]};
     *     0 gives a hard edge
     * @return the alpha values, or {@code null} when every pixel of the rectangle is fully covered
     *     (a hard box mask), so no compositing is needed
     */
    public static byte[] alpha(FaceRegion region, double feather) {
        Box m = region.maskBox();
        if (region.shape() == MaskShape.BOX && feather == 0) {
            return null; // the rectangle is exactly the pixels the box touches
        }
        int w = region.width();
        int h = region.height();
        byte[] a = new byte[w * h];
        if (feather == 0) {
            // a hard ellipse: each row's covered pixels are one run
            int[] spans = spans(region);
            for (int j = 0; j < h; j++) {
                java.util.Arrays.fill(a, j * w + spans[2 * j], j * w + spans[2 * j + 1], (byte) 255);
            }
            return a;
        }
        double rx = Math.max(m.width() / 2, 1e-9);
        double ry = Math.max(m.height() / 2, 1e-9);
        double cx = m.centerX() - region.x();
        double cy = m.centerY() - region.y();
        boolean ellipse = region.shape() == MaskShape.ELLIPSE;
        for (int j = 0; j < h; j++) {
            // nearest point of the pixel row to the centre, normalised
            double ny = nearest(cy, j) / ry;
            double cyNorm = (j + 0.5 - cy) / ry;
            int row = j * w;
            for (int i = 0; i < w; i++) {
                double nx = nearest(cx, i) / rx;
                boolean touches = ellipse ? nx * nx + ny * ny <= 1 : Math.abs(nx) <= 1 && Math.abs(ny) <= 1;
                if (!touches) {
                    continue;
                }
                if (feather == 0) {
                    a[row + i] = (byte) 255;
                } else {
                    double cxNorm = (i + 0.5 - cx) / rx;
                    double r = ellipse
                            ? Math.sqrt(cxNorm * cxNorm + cyNorm * cyNorm)
                            : Math.max(Math.abs(cxNorm), Math.abs(cyNorm));
                    double t = (1 - r) / feather;
                    // a touching pixel keeps at least a little alpha: never exactly 0 inside the shape
                    int v = (int) Math.round(255 * Math.max(0, Math.min(1, t)));
                    a[row + i] = (byte) Math.max(1, v);
                }
            }
        }
        return a;
    }

    /**
     * The pixels a hard-edged mask covers, row by row: for row {@code j} of the region's rectangle,
     * the pixels {@code [spans[2j], spans[2j+1])} (an empty run {@code [0, 0)} when the mask misses
     * the row). Exactly the pixels {@link #alpha alpha(region, 0)} sets to 255, found without
     * visiting every pixel: the rule of the class comment makes the covered pixels of a row one run
     * around the centre, so each end is found by a binary search with the same arithmetic.
     */
    public static int[] spans(FaceRegion region) {
        int w = region.width();
        int h = region.height();
        int[] spans = new int[2 * h];
        if (region.shape() == MaskShape.BOX) {
            for (int j = 0; j < h; j++) {
                spans[2 * j + 1] = w; // the rectangle is exactly the pixels the box touches
            }
            return spans;
        }
        Box m = region.maskBox();
        double rx = Math.max(m.width() / 2, 1e-9);
        double ry = Math.max(m.height() / 2, 1e-9);
        double cx = m.centerX() - region.x();
        double cy = m.centerY() - region.y();
        // the column nearest to the centre; coverage falls off monotonically on both sides of it
        int c = (int) Math.max(0, Math.min(w - 1, Math.floor(cx)));
        for (int j = 0; j < h; j++) {
            double ny = nearest(cy, j) / ry;
            if (!touchesEllipse(cx, rx, ny, c)) {
                continue;
            }
            int lo = 0;
            int hi = c; // touches(hi); find the first touching column in [lo, hi]
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (touchesEllipse(cx, rx, ny, mid)) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            int first = lo;
            lo = c;
            hi = w - 1; // touches(lo); find the last touching column in [lo, hi]
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (touchesEllipse(cx, rx, ny, mid)) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            spans[2 * j] = first;
            spans[2 * j + 1] = lo + 1;
        }
        return spans;
    }

    /** The ellipse rule of {@link #alpha}, for pixel column {@code i} of a row at normalised distance {@code ny}. */
    private static boolean touchesEllipse(double cx, double rx, double ny, int i) {
        double nx = nearest(cx, i) / rx;
        return nx * nx + ny * ny <= 1;
    }

    /** Signed distance from the centre to the nearest point of pixel {@code [p, p+1)}. */
    private static double nearest(double centre, int p) {
        if (centre < p) {
            return p - centre;
        }
        if (centre > p + 1) {
            return centre - (p + 1);
        }
        return 0;
    }
}
