package io.github.anonymizer.filters;

import static io.github.anonymizer.filters.Frames.laplacianVariance;
import static io.github.anonymizer.filters.Frames.median;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MaskShape;
import io.github.anonymizer.testing.SharedData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // PointerScope blocks release the native objects made in them
class PixelateFilterTest {

    /** Each 20x20 block of a 100x60 region becomes the mean of its pixels (rounded). */
    @Test
    void blocksAreTheMeansOfTheirPixels() {
        try (PointerScope scope = new PointerScope()) {
            Mat frame = Frames.read(SharedData.smoke("skimage_astronaut.png"));
            FaceRegion region = Frames.region(170, 60, 100, 60, frame);
            Mat original = frame.apply(Frames.rect(region)).clone();
            PixelateFilter.blockSize(20).apply(frame.apply(Frames.rect(region)), region);
            Mat out = frame.apply(Frames.rect(region)).clone();
            try (UByteIndexer in = original.createIndexer(); UByteIndexer res = out.createIndexer()) {
                for (int by = 0; by < 3; by++) {
                    for (int bx = 0; bx < 5; bx++) {
                        for (int c = 0; c < 3; c++) {
                            double sum = 0;
                            for (int y = by * 20; y < by * 20 + 20; y++) {
                                for (int x = bx * 20; x < bx * 20 + 20; x++) {
                                    sum += in.get(y, x, c);
                                }
                            }
                            double mean = sum / 400;
                            for (int y = by * 20; y < by * 20 + 20; y++) {
                                for (int x = bx * 20; x < bx * 20 + 20; x++) {
                                    assertThat((double) res.get(y, x, c)).as("block %d,%d channel %d pixel %d,%d", bx, by, c, x, y)
                                            .isCloseTo(mean, org.assertj.core.data.Offset.offset(0.5));
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void gridIsFittedToTheRegion() {
        assertThat(PixelateFilter.gridCells(100, 20)).isEqualTo(5);
        assertThat(PixelateFilter.gridCells(29, 20)).isEqualTo(1); // < 1.5 blocks: one flat block
        assertThat(PixelateFilter.gridCells(30, 20)).isEqualTo(2);
        assertThat(PixelateFilter.gridCells(41, 20)).isEqualTo(2);
        assertThat(PixelateFilter.gridCells(1, 20)).isEqualTo(1);
        assertThat(PixelateFilter.gridCells(3, 1)).isEqualTo(3);
        assertThat(PixelateFilter.gridCells(3, 0.5)).isEqualTo(3); // never more cells than pixels
    }

    /**
     * On every dlib face the mosaic leaves flat blocks only: no detail inside a block. The
     * Laplacian variance of the whole region is printed for the report but not asserted: block edges
     * are new sharp edges, so that measure does not fall for a mosaic the way it does for a blur.
     */
    @Test
    void realFacesBecomeFlatBlocks() {
        Map<String, Mat> images = new HashMap<>();
        Map<String, List<Double>> factors = new HashMap<>();
        try (PointerScope scope = new PointerScope()) {
            for (PixelateFilter filter : List.of(PixelateFilter.defaults(), PixelateFilter.blocksAcross(8))) {
                List<Double> list = factors.computeIfAbsent(filter.toString(), k -> new ArrayList<>());
                for (Frames.Face face : Frames.faces("dlib")) {
                    Mat frame = images.computeIfAbsent(face.image(),
                            f -> Frames.read(SharedData.faces("dlib").resolve("images").resolve(f))).clone();
                    FaceRegion region = Frames.regionFor(face.box(), GaussianBlurFilterTest.MASK_SCALE, frame);
                    Mat original = frame.apply(Frames.rect(region)).clone();
                    filter.apply(frame.apply(Frames.rect(region)), region);
                    Mat out = frame.apply(Frames.rect(region)).clone();
                    list.add(laplacianVariance(original) / laplacianVariance(out));
                    int cols = PixelateFilter.gridCells(region.width(), filter.blockSizeFor(region));
                    int rows = PixelateFilter.gridCells(region.height(), filter.blockSizeFor(region));
                    assertFlatBlocks(out, cols, rows);
                }
            }
        }
        factors.forEach((name, list) -> System.out.printf(Locale.ROOT,
                "%s: %d dlib faces, Laplacian variance factor min %.1f median %.1f max %.1f%n", name, list.size(),
                list.stream().min(Double::compare).orElseThrow(), median(list), list.stream().max(Double::compare).orElseThrow()));
    }

    /** Asserts that every pixel equals the first pixel of its grid cell, and that the grid has that many cells. */
    private static void assertFlatBlocks(Mat out, int cols, int rows) {
        int w = out.cols();
        int h = out.rows();
        try (UByteIndexer ix = out.createIndexer()) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    // the cell of (x, y): the same mapping nearest-neighbour enlarging uses
                    int cx = Math.min(cols - 1, (int) Math.floor(x * (double) cols / w));
                    int cy = Math.min(rows - 1, (int) Math.floor(y * (double) rows / h));
                    int x0 = (int) Math.ceil(cx * (double) w / cols);
                    int y0 = (int) Math.ceil(cy * (double) h / rows);
                    for (int c = 0; c < 3; c++) {
                        assertThat(ix.get(y, x, c)).as("pixel %d,%d of a %dx%d region in a %dx%d grid", x, y, w, h, cols, rows)
                                .isEqualTo(ix.get(y0, x0, c));
                    }
                }
            }
        }
    }

    /** blocksAcross counts blocks across the whole face, also when the frame border cuts it. */
    @Test
    void blocksAcrossFollowsTheWholeFace() {
        try (PointerScope scope = new PointerScope()) {
            Mat frame = new Mat(300, 300, CV_8UC3);
            Box mask = new Box(250, 10, 100, 160);
            FaceRegion region = Frames.region(250, 10, 50, 160, mask, MaskShape.BOX, frame);
            assertThat(PixelateFilter.blocksAcross(8).blockSizeFor(region)).isEqualTo(12.5);
            assertThat(PixelateFilter.blocksAcross(1000).blockSizeFor(region)).isEqualTo(1.0);
            assertThat(PixelateFilter.blockSize(7).blockSizeFor(region)).isEqualTo(7.0);
            assertThat(PixelateFilter.defaults().blockSizeFor(region)).isEqualTo(20.0);
        }
    }

    @Test
    void valueSemanticsAndIds() {
        assertThat(PixelateFilter.blockSize(20)).isEqualTo(PixelateFilter.defaults()).hasSameHashCodeAs(PixelateFilter.defaults());
        assertThat(PixelateFilter.blocksAcross(20)).isNotEqualTo(PixelateFilter.blockSize(20));
        assertThat(PixelateFilter.blocksAcross(8).isPerFace()).isTrue();
        assertThat(PixelateFilter.blocksAcross(8).sizeParameter()).isEqualTo(8);
        assertThat(PixelateFilter.defaults().id()).isEqualTo("mosaic");
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> PixelateFilter.blockSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("block size").hasMessageContaining("0");
        assertThatThrownBy(() -> PixelateFilter.blocksAcross(-2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blocks across").hasMessageContaining("-2");
    }
}
