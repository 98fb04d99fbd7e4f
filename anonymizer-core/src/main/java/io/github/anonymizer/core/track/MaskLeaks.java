package io.github.anonymizer.core.track;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.FaceRegion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Counts masks that blink off: the "leak" metric of a processed video.
 *
 * <p>A <em>face-frame</em> is a frame N with a mask in frame N-1 and a matching mask (IoU at least
 * the threshold, default {@value #DEFAULT_IOU_THRESHOLD}) in frame N+1: the face was hidden just
 * before and just after, so it is almost certainly in frame N too. It is a <em>leak</em> when the
 * masks of frame N cover less than half of the box halfway between the two (the average of their
 * corners): the face was most likely shown un-masked, or mostly un-masked, for one frame. (A
 * neighbour's mask grazing the spot does not count as hiding the face.) Masks of frames N-1 and N+1 are paired
 * greedily, best IoU first, each mask at most once. Frames must be fed in order, every output frame
 * included (frames without masks as empty lists); the first and last frame cannot leak.
 *
 * <pre>{@code
 * MaskLeaks leaks = new MaskLeaks();
 * pipelineBuilder.regionListener((frame, regions) -> leaks.accept(MaskLeaks.boundsOf(regions)));
 * ...
 * MaskLeaks.Report r = leaks.report();   // r.leaks() of r.faceFrames()
 * }</pre>
 *
 * <p><b>Confined to one thread</b>. Keeps only the masks of the last two frames, plus the leaks
 * found.
 */
public final class MaskLeaks {

    /** Default IoU for "the same face in frames N-1 and N+1", as used in the README's numbers. */
    public static final double DEFAULT_IOU_THRESHOLD = 0.3;

    /**
     * One leak. Immutable and thread-safe.
     *
     * @param frame the frame (counted from 0 in the order fed) where the mask was missing
     * @param expected the box halfway between the masks of the neighbouring frames
     */
    public record Leak(long frame, Box expected) {
        public Leak {
            Objects.requireNonNull(expected, "expected");
        }
    }

    /**
     * The result. Immutable and thread-safe.
     *
     * @param frames frames fed
     * @param faceFrames frames N with matching masks in N-1 and N+1, counted once per face
     * @param leaks how many of those had no overlapping mask in frame N
     * @param leakList every leak, in frame order
     */
    public record Report(long frames, long faceFrames, long leaks, List<Leak> leakList) {
        public Report {
            leakList = List.copyOf(leakList);
        }

        /** {@code leaks / faceFrames}, or 0 when there are no face-frames. */
        public double leakRate() {
            return faceFrames == 0 ? 0 : (double) leaks / faceFrames;
        }
    }

    private final double iouThreshold;
    private List<Box> beforePrevious;
    private List<Box> previous;
    private long frames;
    private long faceFrames;
    private final List<Leak> leaks = new ArrayList<>();

    /** A counter with the default IoU threshold. */
    public MaskLeaks() {
        this(DEFAULT_IOU_THRESHOLD);
    }

    /** @param iouThreshold in (0, 1]: how much masks in frames N-1 and N+1 must overlap to be one face */
    public MaskLeaks(double iouThreshold) {
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("IoU threshold must be in (0, 1], got " + iouThreshold);
        }
        this.iouThreshold = iouThreshold;
    }

    /** Counts the leaks of a whole video at once: one collection of mask boxes per frame. */
    public static Report count(List<? extends Collection<Box>> masksPerFrame, double iouThreshold) {
        Objects.requireNonNull(masksPerFrame, "masks per frame");
        MaskLeaks m = new MaskLeaks(iouThreshold);
        masksPerFrame.forEach(m::accept);
        return m.report();
    }

    /** {@link #count(List, double)} with the default IoU threshold. */
    public static Report count(List<? extends Collection<Box>> masksPerFrame) {
        return count(masksPerFrame, DEFAULT_IOU_THRESHOLD);
    }

    /** The pixel rectangles of the regions (what a mask can change). */
    public static List<Box> boundsOf(Collection<FaceRegion> regions) {
        return regions.stream().map(FaceRegion::bounds).toList();
    }

    /** Feeds the mask boxes of the next frame (empty when nothing was masked). */
    public void accept(Collection<Box> masks) {
        Objects.requireNonNull(masks, "masks");
        List<Box> current = List.copyOf(masks);
        if (beforePrevious != null) {
            check(beforePrevious, previous, current, frames - 1);
        }
        beforePrevious = previous;
        previous = current;
        frames++;
    }

    /** The counts so far. */
    public Report report() {
        return new Report(frames, faceFrames, leaks.size(), leaks);
    }

    /** Share of the expected box that the masks of frame N must cover for the face to count as hidden. */
    static final double MIN_COVERED = 0.5;

    private record Pair(int before, int after, double iou) {}

    /** The fraction of {@code box} inside the union of {@code masks}, sampled on a 20x20 grid. */
    static double coveredFraction(Box box, List<Box> masks) {
        int n = 20;
        int inside = 0;
        for (int j = 0; j < n; j++) {
            double y = box.y() + (j + 0.5) * box.height() / n;
            for (int i = 0; i < n; i++) {
                double x = box.x() + (i + 0.5) * box.width() / n;
                for (Box m : masks) {
                    if (m.contains(x, y)) {
                        inside++;
                        break;
                    }
                }
            }
        }
        return inside / (double) (n * n);
    }

    private void check(List<Box> before, List<Box> middle, List<Box> after, long middleFrame) {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            for (int j = 0; j < after.size(); j++) {
                double iou = before.get(i).iou(after.get(j));
                if (iou > 0 && iou >= iouThreshold) {
                    pairs.add(new Pair(i, j, iou));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed()
                .thenComparingInt(Pair::before)
                .thenComparingInt(Pair::after));
        boolean[] usedBefore = new boolean[before.size()];
        boolean[] usedAfter = new boolean[after.size()];
        for (Pair p : pairs) {
            if (usedBefore[p.before] || usedAfter[p.after]) {
                continue;
            }
            usedBefore[p.before] = true;
            usedAfter[p.after] = true;
            faceFrames++;
            Box a = before.get(p.before);
            Box b = after.get(p.after);
            Box expected = Box.ofCorners((a.x() + b.x()) / 2, (a.y() + b.y()) / 2, (a.x2() + b.x2()) / 2,
                    (a.y2() + b.y2()) / 2);
            if (coveredFraction(expected, middle) < MIN_COVERED) {
                leaks.add(new Leak(middleFrame, expected));
            }
        }
    }
}
