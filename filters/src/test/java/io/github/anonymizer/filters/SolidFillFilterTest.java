package io.github.anonymizer.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.testing.SharedData;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.javacpp.indexer.UShortIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // PointerScope blocks release the native objects made in them
class SolidFillFilterTest {

    /** Every pixel of the region gets exactly the colour, on all six frame formats; alpha and the rest stay. */
    @ParameterizedTest
    @EnumSource(Frames.Format.class)
    void fillsExactlyTheColour(Frames.Format format) {
        Rgb colour = new Rgb(200, 100, 30);
        // expected values written by hand: B, G, R; luminance 0.299*200 + 0.587*100 + 0.114*30 = 121.92
        int[] expected = switch (format) {
            case GRAY8 -> new int[] {122};
            case GRAY16 -> new int[] {31333}; // round(121.92 * 257) = round(31333.44)
            case BGR8, BGRA8 -> new int[] {30, 100, 200};
            case BGR16, BGRA16 -> new int[] {30 * 257, 100 * 257, 200 * 257};
        };
        try (PointerScope scope = new PointerScope()) {
            Mat frame = Frames.convert(Frames.read(SharedData.smoke("openmpf_meds-aa-S001-01.jpg")), format);
            Mat before = frame.clone();
            FaceRegion region = Frames.region(10, 20, 33, 17, frame);
            SolidFillFilter.of(colour).apply(frame.apply(Frames.rect(region)), region);
            Frames.assertSameOutside(before, frame, Frames.rect(region));
            Frames.assertSameAlpha(before, frame);
            for (int y = region.y(); y < region.y() + region.height(); y++) {
                for (int x = region.x(); x < region.x() + region.width(); x++) {
                    for (int c = 0; c < expected.length; c++) {
                        assertThat(value(frame, y, x, c)).as("%s pixel %d,%d channel %d", format, x, y, c).isEqualTo(expected[c]);
                    }
                }
            }
        }
    }

    static int value(Mat m, int y, int x, int c) {
        if (m.depth() == org.bytedeco.opencv.global.opencv_core.CV_16U) {
            try (UShortIndexer ix = m.createIndexer()) {
                return ix.get(y, x, c);
            }
        }
        try (UByteIndexer ix = m.createIndexer()) {
            return ix.get(y, x, c);
        }
    }

    @Test
    void blackByDefaultAndValueSemantics() {
        assertThat(SolidFillFilter.black().colour()).isEqualTo(Rgb.BLACK);
        assertThat(SolidFillFilter.rgb(1, 2, 3)).isEqualTo(SolidFillFilter.of(new Rgb(1, 2, 3)))
                .hasSameHashCodeAs(SolidFillFilter.of(new Rgb(1, 2, 3)));
        assertThat(SolidFillFilter.black().id()).isEqualTo("solid");
        assertThat(SolidFillFilter.black().toString()).contains("#000000");
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> SolidFillFilter.rgb(0, 256, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("green").hasMessageContaining("256");
        assertThatThrownBy(() -> SolidFillFilter.of(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("colour");
    }
}
