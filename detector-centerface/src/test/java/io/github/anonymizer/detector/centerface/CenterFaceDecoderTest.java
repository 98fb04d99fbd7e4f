package io.github.anonymizer.detector.centerface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.DetectorException;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoding formulas of MODELS.md on hand-made output maps. */
class CenterFaceDecoderTest {

    static final int GH = 8;
    static final int GW = 10;
    static final int PLANE = GH * GW;

    final FloatBuffer heat = FloatBuffer.allocate(PLANE);
    final FloatBuffer scale = FloatBuffer.allocate(2 * PLANE);
    final FloatBuffer offset = FloatBuffer.allocate(2 * PLANE);
    final FloatBuffer landmarks = FloatBuffer.allocate(10 * PLANE);

    /** Puts a face at cell (r, c): score, box height/width in pixels, offsets, landmark fractions (y, x pairs). */
    void face(int r, int c, float score, double h, double w, float offY, float offX, float[] lmYx) {
        int cell = r * GW + c;
        heat.put(cell, score);
        scale.put(cell, (float) Math.log(h / 4));
        scale.put(PLANE + cell, (float) Math.log(w / 4));
        offset.put(cell, offY);
        offset.put(PLANE + cell, offX);
        for (int k = 0; k < 10; k++) {
            landmarks.put(k * PLANE + cell, lmYx[k]);
        }
    }

    List<Detection> decode(double minScore, double sx, double sy) {
        return CenterFaceDecoder.decode(heat, scale, offset, landmarks, GH, GW, GW * 4, GH * 4, minScore, 0.3, sx, sy,
                "centerface");
    }

    static final float[] LM = {0.3f, 0.25f, 0.3f, 0.75f, 0.5f, 0.5f, 0.8f, 0.3f, 0.8f, 0.7f};

    @Test
    void boxAndLandmarksFollowTheFormulas() {
        face(3, 4, 0.9f, 12, 8, 0.25f, -0.5f, LM);
        List<Detection> out = decode(0.2, 1, 1);
        assertThat(out).hasSize(1);
        Detection d = out.get(0);
        // centre x = (4 - 0.5 + 0.5) * 4 = 16, y = (3 + 0.25 + 0.5) * 4 = 15
        assertThat(d.box().x()).isCloseTo(16 - 4, within(1e-4));
        assertThat(d.box().y()).isCloseTo(15 - 6, within(1e-4));
        assertThat(d.box().width()).isCloseTo(8, within(1e-4));
        assertThat(d.box().height()).isCloseTo(12, within(1e-4));
        assertThat(d.score()).isCloseTo(0.9, within(1e-6));
        assertThat(d.detectorId()).isEqualTo("centerface");
        assertThat(d.landmarks()).hasSize(5);
        // landmark j: x = x1 + lm[2j+1] * w, y = y1 + lm[2j] * h
        assertThat(d.landmarks().get(0).x()).isCloseTo(12 + 0.25 * 8, within(1e-4));
        assertThat(d.landmarks().get(0).y()).isCloseTo(9 + 0.3 * 12, within(1e-4));
        assertThat(d.landmarks().get(1).x()).isCloseTo(12 + 0.75 * 8, within(1e-4));
        assertThat(d.landmarks().get(4).y()).isCloseTo(9 + 0.8 * 12, within(1e-4));
    }

    @Test
    void coordinatesAreMappedToTheFrame() {
        face(3, 4, 0.9f, 12, 8, 0f, 0f, LM);
        Detection d = decode(0.2, 2.0, 0.5).get(0);
        assertThat(d.box().x()).isCloseTo((18 - 4) * 2.0, within(1e-4));
        assertThat(d.box().width()).isCloseTo(16, within(1e-4));
        assertThat(d.box().y()).isCloseTo((14 - 6) * 0.5, within(1e-4));
        assertThat(d.landmarks().get(0).x()).isCloseTo((14 + 0.25 * 8) * 2, within(1e-4));
    }

    @Test
    void thresholdKeepsScoresAtOrAboveIt() {
        face(1, 1, 0.5f, 8, 8, 0, 0, LM);
        face(6, 8, 0.19f, 8, 8, 0, 0, LM);
        assertThat(decode(0.2, 1, 1)).extracting(Detection::score).containsExactly((double) 0.5f);
        assertThat(decode(0.19f, 1, 1)).hasSize(2);
        assertThat(decode(0.6, 1, 1)).isEmpty();
    }

    @Test
    void nmsKeepsTheHigherScoreOfOverlappingBoxesAndBothOfSeparateOnes() {
        face(4, 4, 0.6f, 20, 20, 0, 0, LM);
        face(4, 5, 0.8f, 20, 20, 0, 0, LM); // 4 px to the right: IoU 16/24 = 0.67
        face(0, 0, 0.4f, 4, 4, 0, 0, LM); // far away
        List<Detection> out = decode(0.2, 1, 1);
        assertThat(out).extracting(Detection::score).containsExactly((double) 0.8f, (double) 0.4f);
    }

    @Test
    void boxesLeavingTheTopLeftAreMovedInsideAsDefaceDoes() {
        face(0, 0, 0.7f, 16, 16, 0, 0, LM); // centre (2, 2), raw box -6..10
        Box b = decode(0.2, 1, 1).get(0).box();
        assertThat(b.x()).isZero();
        assertThat(b.y()).isZero();
        assertThat(b.width()).isCloseTo(16, within(1e-4));
        assertThat(b.height()).isCloseTo(16, within(1e-4));
    }

    @Test
    void boxesLeavingTheBottomRightAreCutAtTheBorder() {
        face(GH - 1, GW - 1, 0.7f, 16, 16, 0, 0, LM); // centre (38, 30), raw x 30..46, y 22..38
        Box b = decode(0.2, 1, 1).get(0).box();
        assertThat(b.x2()).isCloseTo(GW * 4, within(1e-4));
        assertThat(b.y2()).isCloseTo(GH * 4, within(1e-4));
        assertThat(b.x()).isCloseTo(30, within(1e-4));
    }

    @Test
    void aNanScoreIsAnErrorNotAnEmptyResult() {
        heat.put(5, Float.NaN);
        assertThatThrownBy(() -> decode(0.2, 1, 1)).isInstanceOf(DetectorException.class)
                .hasMessageContaining("centerface").hasMessageContaining("NaN");
    }

    @Test
    void anInfiniteBoxIsAnError() {
        face(2, 2, 0.9f, 8, 8, 0, 0, LM);
        scale.put(2 * GW + 2, Float.POSITIVE_INFINITY);
        assertThatThrownBy(() -> decode(0.2, 1, 1)).isInstanceOf(DetectorException.class)
                .hasMessageContaining("non-finite box");
    }

    @Test
    void mergingNmsKeepsTheBestOfEachCluster() {
        Detection a = new Detection(new Box(0, 0, 10, 10), 0.5, "centerface");
        Detection b = new Detection(new Box(1, 1, 10, 10), 0.9, "centerface");
        Detection c = new Detection(new Box(50, 50, 10, 10), 0.3, "centerface");
        assertThat(CenterFaceDecoder.nms(List.of(a, b, c), 0.3)).containsExactly(b, c);
    }
}
