package io.github.anonymizer.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BufferedImagesTest {

    static BufferedImage random(int type, long seed) {
        BufferedImage img = type == BufferedImage.TYPE_BYTE_INDEXED
                ? new BufferedImage(37, 23, type, palette())
                : new BufferedImage(37, 23, type);
        Random r = new Random(seed);
        var raster = img.getRaster();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                for (int b = 0; b < raster.getNumBands(); b++) {
                    int max = (1 << raster.getSampleModel().getSampleSize(b)) - 1;
                    raster.setSample(x, y, b, r.nextInt(max + 1));
                }
            }
        }
        return img;
    }

    static IndexColorModel palette() {
        byte[] v = new byte[256];
        for (int i = 0; i < 256; i++) {
            v[i] = (byte) i;
        }
        return new IndexColorModel(8, 256, v, v, v);
    }

    static void assertSamePixels(BufferedImage a, BufferedImage b, Box except) {
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (except != null && except.contains(x + 0.5, y + 0.5)) {
                    continue;
                }
                for (int band = 0; band < a.getRaster().getNumBands(); band++) {
                    assertThat(b.getRaster().getSample(x, y, band)).as("(%d,%d) band %d", x, y, band)
                            .isEqualTo(a.getRaster().getSample(x, y, band));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB,
        BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_BYTE_GRAY,
        BufferedImage.TYPE_USHORT_GRAY})
    void roundTripIsLosslessAndKeepsTheType(int type) {
        BufferedImage in = random(type, type);
        try (Mat m = BufferedImages.toMat(in)) {
            BufferedImage back = BufferedImages.toBufferedImage(m, in);
            assertThat(back.getType()).isEqualTo(type);
            assertThat(BufferedImages.keepsType(in)).isTrue();
            assertSamePixels(in, back, null);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB,
        BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY,
        BufferedImage.TYPE_BYTE_INDEXED})
    void processingABufferedImageChangesOnlyTheMaskAndKeepsTheInput(int type) {
        BufferedImage in = random(type, 42);
        BufferedImage copy = random(type, 42);
        Box face = new Box(10, 5, 10, 10);
        FakeDetectors.Factory f = FakeDetectors.Factory.fixed(List.of(new Detection(face, 0.9, "fake")));
        try (Anonymizer a = Anonymizer.builder().detector(f).filter(new FakeDetectors.Fill(0)).build()) {
            AnonymizedImage out = a.process(in);
            assertSamePixels(copy, in, null); // input untouched
            Box mask = face.grownPerSide(0.3).scaledAboutCenter(1.2); // generous: the ellipse plus its edge
            if (BufferedImages.keepsType(in)) {
                assertThat(out.image().getType()).isEqualTo(type);
                assertSamePixels(in, out.image(), mask);
            } else {
                assertThat(out.image().getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
            }
            // the centre of the face is filled with 0 in every colour band
            int rgb = out.image().getRGB(15, 10) & 0xffffff;
            assertThat(rgb).isZero();
            assertThat(out.report().regions()).hasSize(1);
        }
    }
}
