package io.github.anonymizer.detector.ssd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TilePlanTest {

    @Test
    void positionsStartAtZeroEndAtTheEdgeAndOverlapEnough() {
        for (int length : new int[] {301, 416, 640, 1024, 1920, 3840}) {
            for (double overlap : new double[] {0, 0.25, 0.5, 0.9}) {
                int tile = 300;
                int[] p = TilePlan.positions(length, tile, overlap);
                assertThat(p[0]).isZero();
                assertThat(p[p.length - 1] + tile).as("last tile ends at the edge").isEqualTo(length);
                for (int i = 1; i < p.length; i++) {
                    assertThat(p[i - 1] + tile - p[i]).as("overlap of tiles %d and %d (length %d, overlap %s)", i - 1,
                            i, length, overlap).isGreaterThanOrEqualTo((int) Math.ceil(tile * overlap));
                }
            }
        }
        assertThat(TilePlan.positions(300, 300, 0.5)).containsExactly(0);
        assertThat(TilePlan.positions(200, 300, 0.5)).containsExactly(0);
        assertThat(TilePlan.positions(600, 300, 0.5)).containsExactly(0, 150, 300);
    }

    @Test
    void everyFaceUpToTheOverlapLiesWhollyInATile() {
        Random random = new Random(42);
        int w = 1024;
        int h = 683;
        List<TilePlan.Level> levels = TilePlan.plan(w, h, 300, 300, 0.5, 100);
        assertThat(levels).hasSize(1);
        List<TilePlan.Tile> tiles = levels.get(0).tiles();
        assertThat(tiles).hasSize(6 * 4);
        for (int n = 0; n < 10_000; n++) {
            int size = 1 + random.nextInt(150);
            int x = random.nextInt(w - size + 1);
            int y = random.nextInt(h - size + 1);
            boolean inside = tiles.stream().anyMatch(t -> x >= t.x() && y >= t.y() && x + size <= t.x() + t.width()
                    && y + size <= t.y() + t.height());
            assertThat(inside).as("a %dpx face at %d,%d lies wholly inside a tile", size, x, y).isTrue();
        }
    }

    @Test
    void innerSidesAreMarked() {
        List<TilePlan.Tile> tiles = TilePlan.plan(600, 300, 300, 300, 0.5, 10).get(0).tiles();
        assertThat(tiles).containsExactly(
                new TilePlan.Tile(0, 0, 300, 300, false, false, true, false),
                new TilePlan.Tile(150, 0, 300, 300, true, false, true, false),
                new TilePlan.Tile(300, 0, 300, 300, true, false, false, false));
    }

    @Test
    void framesThatFitOneTileAreNotTiled() {
        assertThat(TilePlan.plan(300, 300, 300, 300, 0.5, 30)).isEmpty();
        assertThat(TilePlan.plan(1, 1, 300, 300, 0.5, 30)).isEmpty();
    }

    @Test
    void aFrameSmallerThanATileInOneDirectionGetsOneRowOfClippedTiles() {
        List<TilePlan.Tile> tiles = TilePlan.plan(1000, 120, 300, 300, 0.5, 10).get(0).tiles();
        assertThat(tiles).allSatisfy(t -> {
            assertThat(t.y()).isZero();
            assertThat(t.height()).isEqualTo(120);
            assertThat(t.width()).isEqualTo(300);
        });
        assertThat(tiles.get(tiles.size() - 1).x() + 300).isEqualTo(1000);
    }

    @Test
    void halfScaleLevelsFillTheGapOnlyWhereTheWholeFramePassCannotSeeTileSizedFaces() {
        // faces up to 150 px fit a tile; the whole-frame pass sees faces from 100 px: no extra level
        assertThat(TilePlan.plan(1024, 683, 300, 300, 0.5, 100)).hasSize(1);
        // 4K: the whole-frame pass sees faces from 30 * 3840 / 300 = 384 px: levels at 1/2 (300 px) and 1/4 (600 px)
        List<TilePlan.Level> levels = TilePlan.plan(3840, 2160, 300, 300, 0.5, 384);
        assertThat(levels).extracting(TilePlan.Level::scale).containsExactly(1.0, 0.5, 0.25);
        assertThat(levels.get(2).width()).isEqualTo(960);
        assertThat(levels.get(2).height()).isEqualTo(540);
        // a level that fits one tile is left to the whole-frame pass
        assertThat(TilePlan.plan(1000, 500, 300, 300, 0.5, 10_000)).extracting(TilePlan.Level::scale)
                .containsExactly(1.0, 0.5);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> TilePlan.plan(0, 10, 300, 300, 0.5, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TilePlan.plan(10, 10, 300, 300, 0.95, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
