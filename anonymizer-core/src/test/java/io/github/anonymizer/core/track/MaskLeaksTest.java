package io.github.anonymizer.core.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MaskShape;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskLeaksTest {

    private static Box box(double x, double y) {
        return new Box(x, y, 40, 40);
    }

    @Test
    void aMaskMissingBetweenTwoMatchingMasksIsALeak() {
        MaskLeaks.Report r = MaskLeaks.count(List.of(
                List.of(box(0, 0)), List.of(box(2, 0)), List.of(), List.of(box(6, 0)), List.of(box(8, 0)),
                List.of(box(10, 0))));
        // frames 1 and 3 lack a neighbour (frame 2 is empty); frames 2 and 4 are face-frames
        assertThat(r.frames()).isEqualTo(6);
        assertThat(r.faceFrames()).isEqualTo(2);
        assertThat(r.leaks()).isEqualTo(1);
        assertThat(r.leakList()).singleElement().satisfies(l -> {
            assertThat(l.frame()).isEqualTo(2);
            assertThat(l.expected()).isEqualTo(box(4, 0));
        });
        assertThat(r.leakRate()).isEqualTo(0.5);
    }

    @Test
    void aMaskMustCoverHalfOfTheExpectedPlace() {
        MaskLeaks.Report grazed = MaskLeaks.count(List.of(
                List.of(box(0, 0)), List.of(new Box(38, 38, 5, 5)), List.of(box(0, 0))));
        assertThat(grazed.faceFrames()).isEqualTo(1);
        assertThat(grazed.leaks()).as("a neighbour's mask grazing the corner does not hide the face").isEqualTo(1);
        MaskLeaks.Report shifted = MaskLeaks.count(List.of(
                List.of(box(0, 0)), List.of(box(15, 5)), List.of(box(0, 0))));
        assertThat(shifted.leaks()).as("a detection a little off still covers most of the face").isZero();
        MaskLeaks.Report half = MaskLeaks.count(List.of(
                List.of(box(0, 0)), List.of(new Box(0, 0, 20, 40)), List.of(box(0, 0))));
        assertThat(half.leaks()).as("exactly half covered counts as hidden").isZero();
        MaskLeaks.Report less = MaskLeaks.count(List.of(
                List.of(box(0, 0)), List.of(new Box(0, 0, 18, 40)), List.of(box(0, 0))));
        assertThat(less.leaks()).isEqualTo(1);
    }

    @Test
    void masksThatDoNotMatchAcrossTheGapAreNotAFace() {
        // IoU of boxes 30 px apart: 10*40 / (2*1600 - 400) = 0.14 < 0.3
        MaskLeaks.Report r = MaskLeaks.count(List.of(List.of(box(0, 0)), List.of(), List.of(box(30, 0))));
        assertThat(r.faceFrames()).isZero();
        assertThat(r.leaks()).isZero();
        assertThat(r.leakRate()).isZero();
        assertThat(MaskLeaks.count(List.of(List.of(box(0, 0)), List.of(), List.of(box(30, 0))), 0.1).leaks())
                .isEqualTo(1);
    }

    @Test
    void twoFacesArePairedOneToOne() {
        List<Box> two = List.of(box(0, 0), box(100, 0));
        MaskLeaks.Report r = MaskLeaks.count(List.of(two, List.of(box(101, 0)), two));
        assertThat(r.faceFrames()).isEqualTo(2);
        assertThat(r.leakList()).singleElement().satisfies(l -> assertThat(l.expected()).isEqualTo(box(0, 0)));
        // one mask before, two after: one face-frame only
        assertThat(MaskLeaks.count(List.of(List.of(box(0, 0)), List.of(), List.of(box(0, 0), box(1, 0)))).faceFrames())
                .isEqualTo(1);
    }

    @Test
    void firstAndLastFramesCannotLeakAndShortVideosAreFine() {
        assertThat(MaskLeaks.count(List.of()).frames()).isZero();
        assertThat(MaskLeaks.count(List.of(List.of(), List.of(box(0, 0)))).faceFrames()).isZero();
        MaskLeaks streaming = new MaskLeaks();
        streaming.accept(List.of(box(0, 0)));
        streaming.accept(List.of());
        assertThat(streaming.report().faceFrames()).isZero();
        streaming.accept(List.of(box(0, 0)));
        assertThat(streaming.report().leaks()).isEqualTo(1);
    }

    @Test
    void regionsCountByTheirPixelRectangles() {
        FaceRegion r = new FaceRegion(5, 6, 20, 30, new Box(0, 0, 40, 40), MaskShape.ELLIPSE, null, 3, 100, 100);
        assertThat(MaskLeaks.boundsOf(List.of(r))).containsExactly(new Box(5, 6, 20, 30));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> new MaskLeaks(0)).hasMessageContaining("IoU threshold");
        assertThatThrownBy(() -> new MaskLeaks().accept(null)).isInstanceOf(NullPointerException.class);
    }
}
