/**
 * Temporal protection for videos: {@link io.github.anonymizer.core.track.HoldTracker} gives faces
 * track ids and keeps a face hidden for a few frames after the detector loses it
 * ({@link io.github.anonymizer.core.track.HoldSettings}); {@link
 * io.github.anonymizer.core.track.MaskLeaks} measures how often a mask blinks off between two
 * masked frames. A {@link io.github.anonymizer.core.pipeline.Pipeline} uses the tracker on its
 * writer thread; applications that process frames themselves can use it directly:
 *
 * <pre>{@code
 * HoldTracker tracker = new HoldTracker(HoldSettings.forFrameRate(30));
 * for (Mat frame : frames) {                       // in order, one thread
 *     FrameReport found = anonymizer.detect(frame);
 *     List<FaceRegion> regions = new ArrayList<>();
 *     for (TrackedFace f : tracker.update(found.hidden())) {
 *         anonymizer.regionFor(f.detection(), f.trackId(), frame.cols(), frame.rows()).ifPresent(regions::add);
 *     }
 *     anonymizer.hide(frame, regions);
 * }
 * }</pre>
 */
package io.github.anonymizer.core.track;
