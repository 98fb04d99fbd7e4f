package io.github.anonymizer.core.track;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Keeps faces hidden across frames where the detector misses them: a small IoU tracker with a
 * hold.
 *
 * <p>Feed it the faces to hide of each frame, in frame order, with {@link #update(List)}; it
 * returns the same faces with track ids, plus the faces of earlier frames that the detector missed
 * in this one for at most {@link HoldSettings#forwardFrames()} frames in a row. A held face's box
 * is the last detected box moved on at the track's velocity (when {@link
 * HoldSettings#predictMotion()} is on) and grown by {@link HoldSettings#growthPerFrame()} per
 * missed frame.
 *
 * <p>Matching is greedy: all (track, detection) pairs whose IoU between the track's predicted box
 * and the detection is at least {@link HoldSettings#iouThreshold()} are taken best first, each
 * track and each detection at most once (ties: older track first, then detection order). An
 * unmatched detection starts a new track; ids count up from 0 and are never reused by one tracker,
 * not even after {@link #reset()}. Velocity is the average of the last two per-frame displacements
 * of the box centre, at most half the box size per frame.
 *
 * <p><b>Confined to one thread</b> (one tracker per video, fed in frame order). Holds no native
 * state.
 */
public final class HoldTracker {

    private static final double MAX_SPEED_FRACTION = 0.5;

    private final HoldSettings settings;
    private final List<Track> tracks = new ArrayList<>();
    private long nextId;

    public HoldTracker(HoldSettings settings) {
        this.settings = Objects.requireNonNull(settings, "hold settings");
    }

    public HoldSettings settings() {
        return settings;
    }

    /**
     * Advances one frame.
     *
     * @param detections the faces to hide that the detector found in this frame, in full-frame
     *     pixels (no nulls)
     * @return one entry per detection, in the order given, then one per held face, oldest track
     *     first; never null
     */
    public List<TrackedFace> update(List<Detection> detections) {
        Objects.requireNonNull(detections, "detections");
        for (Detection d : detections) {
            Objects.requireNonNull(d, "detection");
        }
        int nt = tracks.size();
        Box[] predicted = new Box[nt];
        for (int i = 0; i < nt; i++) {
            Track t = tracks.get(i);
            predicted[i] = settings.predictMotion() ? t.box.translated(t.vx, t.vy) : t.box;
        }
        int[] trackOfDetection = match(predicted, detections);

        List<TrackedFace> out = new ArrayList<>(detections.size() + nt);
        boolean[] matched = new boolean[nt];
        List<Track> born = new ArrayList<>();
        for (int j = 0; j < detections.size(); j++) {
            Detection d = detections.get(j);
            int i = trackOfDetection[j];
            if (i >= 0) {
                matched[i] = true;
                Track t = tracks.get(i);
                t.observe(d, settings.predictMotion());
                out.add(new TrackedFace(t.id, d, 0, false));
            } else {
                Track t = new Track(nextId++, d);
                born.add(t);
                out.add(new TrackedFace(t.id, d, 0, true));
            }
        }
        Iterator<Track> it = tracks.iterator();
        for (int i = 0; it.hasNext(); i++) {
            Track t = it.next();
            if (matched[i]) {
                continue;
            }
            t.missed++;
            if (t.missed > settings.forwardFrames()) {
                it.remove();
                continue;
            }
            t.shiftX += predicted[i].x() - t.box.x();
            t.shiftY += predicted[i].y() - t.box.y();
            t.box = predicted[i];
            out.add(new TrackedFace(t.id, carried(t.last.translated(t.shiftX, t.shiftY), t.missed), t.missed, false));
        }
        tracks.addAll(born);
        return out;
    }

    /**
     * Where to hide a newly tracked face in the frame {@code framesBefore} frames before the one
     * it was first detected in (a backward hold): its first box, grown as a held box would be.
     *
     * @param face a face returned by {@link #update} with {@link TrackedFace#newTrack()} set
     * @param framesBefore {@code >= 1}
     */
    public Detection backward(TrackedFace face, int framesBefore) {
        Objects.requireNonNull(face, "face");
        if (!face.newTrack()) {
            throw new IllegalArgumentException("track " + face.trackId() + " is not new in this frame");
        }
        if (framesBefore < 1) {
            throw new IllegalArgumentException("frames before must be >= 1, got " + framesBefore);
        }
        return carried(face.detection(), framesBefore);
    }

    /** Forgets every track (for example when the frame size changes); ids keep counting up. */
    public void reset() {
        tracks.clear();
    }

    /** The number of tracks alive: detected in the last frame or held. */
    public int activeTracks() {
        return tracks.size();
    }

    /** The number of tracks started so far (the next id). */
    public long tracksStarted() {
        return nextId;
    }

    private Detection carried(Detection d, int frames) {
        double factor = 1 + settings.growthPerFrame() * frames;
        if (factor == 1) {
            return d;
        }
        return new Detection(d.box().scaledAboutCenter(factor), d.score(), d.landmarks(), d.detectorId());
    }

    private record Pair(int track, long trackId, int detection, double iou) {}

    private int[] match(Box[] predicted, List<Detection> detections) {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < predicted.length; i++) {
            for (int j = 0; j < detections.size(); j++) {
                double iou = predicted[i].iou(detections.get(j).box());
                if (iou > 0 && iou >= settings.iouThreshold()) {
                    pairs.add(new Pair(i, tracks.get(i).id, j, iou));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed()
                .thenComparingLong(Pair::trackId)
                .thenComparingInt(Pair::detection));
        int[] trackOfDetection = new int[detections.size()];
        Arrays.fill(trackOfDetection, -1);
        boolean[] trackTaken = new boolean[predicted.length];
        for (Pair p : pairs) {
            if (!trackTaken[p.track] && trackOfDetection[p.detection] < 0) {
                trackTaken[p.track] = true;
                trackOfDetection[p.detection] = p.track;
            }
        }
        return trackOfDetection;
    }

    private static final class Track {
        final long id;
        Box box;
        Detection last;
        double vx;
        double vy;
        double shiftX;
        double shiftY;
        int missed;
        int hits = 1;

        Track(long id, Detection d) {
            this.id = id;
            this.box = d.box();
            this.last = d;
        }

        void observe(Detection d, boolean predictMotion) {
            if (predictMotion) {
                double dx = d.box().centerX() - box.centerX();
                double dy = d.box().centerY() - box.centerY();
                if (hits > 1) {
                    dx = (vx + dx) / 2;
                    dy = (vy + dy) / 2;
                }
                double maxX = MAX_SPEED_FRACTION * d.box().width();
                double maxY = MAX_SPEED_FRACTION * d.box().height();
                vx = Math.max(-maxX, Math.min(maxX, dx));
                vy = Math.max(-maxY, Math.min(maxY, dy));
            }
            box = d.box();
            last = d;
            missed = 0;
            shiftX = 0;
            shiftY = 0;
            hits++;
        }
    }
}
