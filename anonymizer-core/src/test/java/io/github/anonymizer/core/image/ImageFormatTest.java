package io.github.anonymizer.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void detectsEachFormatFromItsMagicBytes() {
        assertThat(ImageFormat.detect(bytes(0xFF, 0xD8, 0xFF, 0xE0))).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.detect(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A))).contains(ImageFormat.PNG);
        assertThat(ImageFormat.detect(bytes('B', 'M', 0x36, 0))).contains(ImageFormat.BMP);
        assertThat(ImageFormat.detect(bytes('I', 'I', 42, 0))).contains(ImageFormat.TIFF);
        assertThat(ImageFormat.detect(bytes('M', 'M', 0, 42))).contains(ImageFormat.TIFF);
        assertThat(ImageFormat.detect(bytes('I', 'I', 43, 0))).contains(ImageFormat.TIFF);
        assertThat(ImageFormat.detect(bytes('R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'E', 'B', 'P'))).contains(ImageFormat.WEBP);
    }

    @Test
    void rejectsNearMissesAndShortInput() {
        assertThat(ImageFormat.detect(new byte[0])).isEmpty();
        assertThat(ImageFormat.detect(bytes(0xFF, 0xD8))).isEmpty();
        assertThat(ImageFormat.detect(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x00))).isEmpty();
        assertThat(ImageFormat.detect(bytes('R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'A', 'V', 'E'))).isEmpty();
        assertThat(ImageFormat.detect(bytes('I', 'I', 42, 1))).isEmpty();
        assertThat(ImageFormat.detect(bytes('G', 'I', 'F', '8', '9', 'a'))).isEmpty();
        assertThat(ImageFormat.detect(bytes('B'))).isEmpty();
    }

    @Test
    void mapsExtensionsCaseInsensitively() {
        assertThat(ImageFormat.fromExtension(Path.of("a/B.JPEG"))).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.fromExtension(Path.of("x.jpg"))).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.fromExtension(Path.of("x.Tif"))).contains(ImageFormat.TIFF);
        assertThat(ImageFormat.fromExtension(Path.of("x.webp"))).contains(ImageFormat.WEBP);
        assertThat(ImageFormat.fromExtension(Path.of("x.gif"))).isEmpty();
        assertThat(ImageFormat.fromExtension(Path.of("jpg"))).isEmpty();
        assertThat(ImageFormat.fromExtension(Path.of("x."))).isEmpty();
        for (ImageFormat f : ImageFormat.values()) {
            assertThat(ImageFormat.fromExtension(Path.of("x" + f.defaultExtension()))).contains(f);
        }
    }

    @Test
    void knowsWhichLayoutsEachFormatStores() {
        assertThat(ImageFormat.JPEG.canStore(CV_8U, 3)).isTrue();
        assertThat(ImageFormat.JPEG.canStore(CV_8U, 1)).isTrue();
        assertThat(ImageFormat.JPEG.canStore(CV_8U, 4)).isFalse();
        assertThat(ImageFormat.JPEG.canStore(CV_16U, 3)).isFalse();
        assertThat(ImageFormat.PNG.canStore(CV_16U, 4)).isTrue();
        assertThat(ImageFormat.TIFF.canStore(CV_16U, 1)).isTrue();
        assertThat(ImageFormat.BMP.canStore(CV_16U, 3)).isFalse();
        assertThat(ImageFormat.WEBP.canStore(CV_8U, 4)).isTrue();
        assertThat(ImageFormat.WEBP.canStore(CV_8U, 1)).isFalse();
        assertThat(ImageFormat.PNG.canStore(CV_8U, 2)).isFalse();
        assertThat(ImageFormat.JPEG.canKeepMetadata()).isTrue();
        assertThat(ImageFormat.TIFF.canKeepMetadata()).isFalse();
    }
}
