package io.github.anonymizer.filters;

import static io.github.anonymizer.filters.Frames.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC2;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MaskShape;
import io.github.anonymizer.api.RegionFilter;
import io.github.anonymizer.api.UnsupportedFrameException;
import io.github.anonymizer.testing.SharedData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every filter promises, on a real photo in all six frame formats, for regions inside the
 * frame, at its borders and corners, and of 1x1, 2x1 and 1x2 pixels: nothing outside the region
 * changes (whole frames compared byte for byte), alpha stays, and the hiding filters change the
 * region.
 */
@SuppressWarnings("try") // PointerScope blocks release the native objects made in them
class AllFiltersContractTest {

    private static Mat photo;
    private static ImageReplaceFilter stretched;
    private static ImageReplaceFilter plate;

    @BeforeAll
    static void setUp() {
        photo = Frames.read(SharedData.smoke("openmpf_meds-aa-S001-01.jpg"));
        try (Mat picture = Frames.read(SharedData.smoke("skimage_astronaut.png"))) {
            stretched = ImageReplaceFilter.stretched(picture);
        }
        try (Mat flipped = new Mat()) {
            org.bytedeco.opencv.global.opencv_core.flip(photo, flipped, -1); // a "background" that differs everywhere
            plate = ImageReplaceFilter.backgroundPlate(flipped);
        }
    }

    @AfterAll
    static void tearDown() {
        stretched.close();
        plate.close();
        photo.close();
    }

    /** Every filter of the module, with the configurations that take different code paths. */
    static List<RegionFilter> filters() {
        return List.of(GaussianBlurFilter.defaults(), GaussianBlurFilter.relative(0.05).exact(), GaussianBlurFilter.absolute(4),
                PixelateFilter.defaults(), PixelateFilter.blocksAcross(8), SolidFillFilter.rgb(250, 5, 128),
                stretched, plate, NoneFilter.instance(), DebugOverlay.defaults());
    }

    /** Regions of the w x h frame: inside, at each border and corner, tiny ones. */
    static List<FaceRegion> regions(Mat frame) {
        int w = frame.cols();
        int h = frame.rows();
        List<FaceRegion> list = new ArrayList<>();
        list.add(Frames.region(w / 4, h / 4, w / 2, h / 3, frame));
        list.add(Frames.region(0, 0, 1, 1, frame));
        list.add(Frames.region(w / 2, h / 2, 2, 1, frame));
        list.add(Frames.region(w - 1, h - 2, 1, 2, frame));
        list.add(Frames.region(0, 0, 40, 50, new Box(-30, -20, 70, 70), MaskShape.ELLIPSE, frame)); // top-left corner
        list.add(Frames.region(w - 37, h - 41, 37, 41, new Box(w - 37, h - 41, 90, 90), MaskShape.BOX, frame)); // bottom-right
        list.add(Frames.region(w - 25, 60, 25, 80, new Box(w - 25, 60, 80, 80), MaskShape.ELLIPSE, frame)); // right edge
        list.add(Frames.region(0, h - 30, w, 30, frame)); // bottom strip, full width
        list.add(Frames.region(0, 0, w, h, frame)); // the whole frame
        return list;
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int f = 0; f < 10; f++) {
            for (Frames.Format format : Frames.Format.values()) {
                cases.add(Arguments.of(f, format));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "filter #{0} on {1}")
    @MethodSource("cases")
    void changesOnlyTheRegionAndKeepsAlpha(int filterIndex, Frames.Format format) {
        RegionFilter filter = filters().get(filterIndex);
        try (PointerScope scope = new PointerScope()) {
            Mat frame = Frames.convert(photo, format);
            for (FaceRegion region : regions(frame)) {
                Mat before = frame.clone();
                Rect rect = Frames.rect(region);
                filter.apply(frame.apply(rect), region);
                Frames.assertSameOutside(before, frame, rect);
                Frames.assertSameAlpha(before, frame);
                boolean hides = !(filter instanceof NoneFilter) && !(filter instanceof DebugOverlay);
                byte[] was = bytes(before.apply(rect));
                byte[] now = bytes(frame.apply(rect));
                if (filter instanceof NoneFilter) {
                    assertThat(Arrays.equals(now, was)).as("none leaves region %s as it was", region.bounds()).isTrue();
                } else if (hides && region.width() >= 8 && region.height() >= 8) {
                    assertThat(Arrays.equals(now, was)).as("%s on %s changes region %s", filter, format, region.bounds()).isFalse();
                }
            }
        }
    }

    @Test
    void everyFilterRejectsUnsupportedFramesAndMismatchedRois() {
        try (PointerScope scope = new PointerScope()) {
            Mat frame = new Mat(20, 20, CV_8UC3, new Scalar(0));
            FaceRegion region = Frames.region(0, 0, 10, 10, frame);
            for (RegionFilter filter : filters()) {
                assertThatThrownBy(() -> filter.apply(new Mat(10, 10, CV_32FC3), region)).as(filter.toString())
                        .isInstanceOf(UnsupportedFrameException.class).hasMessageContaining("CV_32F");
                assertThatThrownBy(() -> filter.apply(new Mat(10, 10, CV_8UC2), region)).as(filter.toString())
                        .isInstanceOf(UnsupportedFrameException.class).hasMessageContaining("2 channel");
                assertThatThrownBy(() -> filter.apply(frame.apply(new Rect(0, 0, 9, 10)), region)).as(filter.toString())
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9x10").hasMessageContaining("10x10");
                assertThatThrownBy(() -> filter.apply(null, region)).isInstanceOf(NullPointerException.class)
                        .hasMessageContaining("roi");
                assertThatThrownBy(() -> filter.apply(frame, null)).isInstanceOf(NullPointerException.class)
                        .hasMessageContaining("region");
            }
        }
    }

    @Test
    void idsAndMasking() {
        assertThat(filters()).extracting(RegionFilter::id)
                .containsExactly("blur", "blur", "blur", "mosaic", "mosaic", "solid", "img", "img", "none", "overlay");
        assertThat(filters()).filteredOn(RegionFilter::masked).extracting(RegionFilter::id).doesNotContain("none", "overlay");
    }
}
