package io.github.anonymizer.core.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

class HoldTrackerTest {

    private static Detection det(double x, double y, double w, double h) {
        return new Detection(new Box(x, y, w, h), 0.8, "test");
    }

    private static HoldTracker tracker(int forward) {
        return new HoldTracker(HoldSettings.none().withForwardFrames(forward));
    }

    @Test
    void newFacesGetIncreasingIdsAndAreMarkedNew() {
        HoldTracker t = tracker(2);
        List<TrackedFace> out = t.update(List.of(det(0, 0, 10, 10), det(100, 100, 20, 20)));
        assertThat(out).extracting(TrackedFace::trackId).containsExactly(0L, 1L);
        assertThat(out).allMatch(TrackedFace::newTrack).noneMatch(TrackedFace::held);
        assertThat(out.get(1).detection()).isEqualTo(det(100, 100, 20, 20));
        assertThat(t.activeTracks()).isEqualTo(2);
        assertThat(t.tracksStarted()).isEqualTo(2);
    }

    @Test
    void aMovingFaceKeepsItsId() {
        HoldTracker t = tracker(2);
        t.update(List.of(det(200, 0, 40, 40), det(0, 0, 40, 40)));
        for (int i = 1; i <= 10; i++) {
            // listed in the other order, each moving 4 px per frame
            List<TrackedFace> out = t.update(List.of(det(4 * i, 2 * i, 40, 40), det(200 - 4 * i, 0, 40, 40)));
            assertThat(out).extracting(TrackedFace::trackId).containsExactly(1L, 0L);
            assertThat(out).noneMatch(TrackedFace::newTrack).noneMatch(TrackedFace::held);
        }
        assertThat(t.tracksStarted()).isEqualTo(2);
    }

    @Test
    void aLostFaceIsHeldForExactlyTheForwardHoldThenForgotten() {
        HoldTracker t = tracker(3);
        t.update(List.of(det(50, 50, 20, 20)));
        for (int missed = 1; missed <= 3; missed++) {
            List<TrackedFace> out = t.update(List.of());
            assertThat(out).hasSize(1);
            assertThat(out.get(0).trackId()).isZero();
            assertThat(out.get(0).missedFrames()).isEqualTo(missed);
            assertThat(out.get(0).held()).isTrue();
            assertThat(out.get(0).newTrack()).isFalse();
        }
        assertThat(t.update(List.of())).isEmpty();
        assertThat(t.activeTracks()).isZero();
        // the same place again: a new track
        assertThat(t.update(List.of(det(50, 50, 20, 20)))).extracting(TrackedFace::trackId).containsExactly(1L);
    }

    @Test
    void aFaceFoundAgainWithinTheHoldKeepsItsId() {
        HoldTracker t = tracker(3);
        t.update(List.of(det(50, 50, 20, 20)));
        t.update(List.of());
        t.update(List.of());
        List<TrackedFace> out = t.update(List.of(det(51, 50, 20, 20)));
        assertThat(out).singleElement().satisfies(f -> {
            assertThat(f.trackId()).isZero();
            assertThat(f.held()).isFalse();
            assertThat(f.newTrack()).isFalse();
        });
    }

    @Test
    void withHoldZeroAMissedFaceIsNotHidden() {
        HoldTracker t = tracker(0);
        t.update(List.of(det(50, 50, 20, 20)));
        assertThat(t.update(List.of())).isEmpty();
    }

    @Test
    void heldBoxesGrowAndFollowTheVelocity() {
        HoldTracker t = new HoldTracker(HoldSettings.none().withForwardFrames(5).withGrowthPerFrame(0.1));
        t.update(List.of(det(100, 100, 40, 40)));
        t.update(List.of(det(106, 103, 40, 40))); // first velocity: (6, 3) per frame
        Box held1 = t.update(List.of()).get(0).detection().box();
        assertThat(held1.centerX()).isCloseTo(126 + 6, within(1e-9));
        assertThat(held1.centerY()).isCloseTo(123 + 3, within(1e-9));
        assertThat(held1.width()).isCloseTo(44, within(1e-9));
        Box held2 = t.update(List.of()).get(0).detection().box();
        assertThat(held2.centerX()).isCloseTo(126 + 12, within(1e-9));
        assertThat(held2.centerY()).isCloseTo(123 + 6, within(1e-9));
        assertThat(held2.width()).isCloseTo(48, within(1e-9));
        assertThat(held2.height()).isCloseTo(48, within(1e-9));
    }

    @Test
    void velocityIsAveragedAndCapped() {
        HoldTracker t = tracker(5);
        t.update(List.of(det(100, 100, 40, 40)));
        t.update(List.of(det(110, 100, 40, 40))); // v = 10
        t.update(List.of(det(114, 100, 40, 40))); // v = (10 + 4) / 2 = 7
        assertThat(t.update(List.of()).get(0).detection().box().centerX()).isCloseTo(114 + 20 + 7, within(1e-9));

        HoldTracker fast = new HoldTracker(HoldSettings.none().withForwardFrames(5).withIouThreshold(0.1));
        fast.update(List.of(det(100, 100, 40, 40)));
        fast.update(List.of(det(130, 100, 40, 40))); // 30 px: capped at half the width
        assertThat(fast.update(List.of()).get(0).detection().box().centerX()).isCloseTo(130 + 20 + 20, within(1e-9));
    }

    @Test
    void withoutMotionPredictionHeldBoxesStayInPlace() {
        HoldTracker t = new HoldTracker(HoldSettings.none().withForwardFrames(2).withPredictMotion(false));
        t.update(List.of(det(100, 100, 40, 40)));
        t.update(List.of(det(106, 103, 40, 40)));
        Box held = t.update(List.of()).get(0).detection().box();
        assertThat(held.centerX()).isCloseTo(126, within(1e-9));
        assertThat(held.centerY()).isCloseTo(123, within(1e-9));
    }

    @Test
    void matchingIsGreedyByIouAndOneToOne() {
        HoldTracker t = tracker(2);
        t.update(List.of(det(0, 0, 100, 100), det(60, 0, 100, 100)));
        // the first detection overlaps both tracks; the best pair (track 1, detection 0: IoU ~0.8)
        // wins, so detection 1 can only continue track 0 if it overlaps it enough
        List<TrackedFace> out = t.update(List.of(det(50, 0, 100, 100), det(-30, 0, 100, 100)));
        assertThat(out).extracting(TrackedFace::trackId).containsExactly(1L, 0L);
        assertThat(out).noneMatch(TrackedFace::newTrack);
        assertThat(t.tracksStarted()).isEqualTo(2);
    }

    @Test
    void aDetectionBelowTheIouThresholdStartsANewTrack() {
        HoldTracker t = new HoldTracker(HoldSettings.none().withForwardFrames(1).withIouThreshold(0.5));
        t.update(List.of(det(0, 0, 100, 100)));
        // IoU of a 40 px shift: 60*100 / (2*10000 - 6000) = 0.43 < 0.5
        List<TrackedFace> out = t.update(List.of(det(40, 0, 100, 100)));
        assertThat(out).hasSize(2);
        assertThat(out.get(0).trackId()).isEqualTo(1);
        assertThat(out.get(0).newTrack()).isTrue();
        assertThat(out.get(1).trackId()).isZero();
        assertThat(out.get(1).held()).isTrue();
    }

    @Test
    void landmarksTravelWithAHeldFace() {
        HoldTracker t = tracker(2);
        Detection first = new Detection(new Box(100, 100, 40, 40), 0.9, List.of(new Point(110, 115)), "test");
        Detection second = new Detection(new Box(104, 100, 40, 40), 0.9, List.of(new Point(114, 115)), "test");
        t.update(List.of(first));
        t.update(List.of(second));
        Detection held = t.update(List.of()).get(0).detection();
        assertThat(held.landmarks()).containsExactly(new Point(118, 115));
        assertThat(held.score()).isEqualTo(0.9);
        assertThat(held.detectorId()).isEqualTo("test");
    }

    @Test
    void resetForgetsTracksButNotIds() {
        HoldTracker t = tracker(5);
        t.update(List.of(det(0, 0, 10, 10)));
        t.reset();
        assertThat(t.activeTracks()).isZero();
        assertThat(t.update(List.of())).isEmpty();
        assertThat(t.update(List.of(det(0, 0, 10, 10)))).extracting(TrackedFace::trackId).containsExactly(1L);
    }

    @Test
    void backwardHoldBoxesGrowWithDistance() {
        HoldTracker t = new HoldTracker(HoldSettings.none().withGrowthPerFrame(0.1));
        TrackedFace face = t.update(List.of(det(100, 100, 40, 40))).get(0);
        Box two = t.backward(face, 2).box();
        assertThat(two.width()).isCloseTo(48, within(1e-9));
        assertThat(two.centerX()).isCloseTo(120, within(1e-9));
        TrackedFace old = t.update(List.of(det(100, 100, 40, 40))).get(0);
        assertThatThrownBy(() -> t.backward(old, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not new");
        assertThatThrownBy(() -> t.backward(face, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullsAreRejected() {
        HoldTracker t = tracker(1);
        assertThatThrownBy(() -> t.update(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> t.update(java.util.Arrays.asList(det(0, 0, 1, 1), null)))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new HoldTracker(null)).isInstanceOf(NullPointerException.class);
    }
}
