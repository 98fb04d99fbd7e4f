package io.github.anonymizer.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MaskShape;
import io.github.anonymizer.testing.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.javacpp.indexer.UShortIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/** Test support: real photos from the shared data, the six frame formats, regions, pixel checks. */
@SuppressWarnings("try") // PointerScope blocks release the native objects made in them
final class Frames {

    private Frames() {}

    /** The six frame formats every filter must handle. */
    enum Format {
        GRAY8(CV_8U, 1), BGR8(CV_8U, 3), BGRA8(CV_8U, 4), GRAY16(CV_16U, 1), BGR16(CV_16U, 3), BGRA16(CV_16U, 4);

        final int depth;
        final int channels;

        Format(int depth, int channels) {
            this.depth = depth;
            this.channels = channels;
        }
    }

    /** A face box from a {@code gt.txt}. */
    record Face(String image, Box box) {}

    /** Reads a colour image (8-bit BGR); fails when it cannot be read. */
    static Mat read(Path file) {
        Mat m = imread(file.toString(), IMREAD_COLOR);
        assertThat(m.empty()).as("could not read %s", file).isFalse();
        return m;
    }

    /** The faces of a set under {@code data/faces}, from its {@code gt.txt}. */
    static List<Face> faces(String set) {
        Path gt = SharedData.faces(set).resolve("gt.txt");
        List<String> lines;
        try {
            lines = Files.readAllLines(gt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Face> faces = new ArrayList<>();
        for (int i = 0; i < lines.size(); ) {
            String image = lines.get(i++).strip();
            if (image.isEmpty()) {
                continue;
            }
            int n = Integer.parseInt(lines.get(i++).strip());
            for (int j = 0; j < Math.max(n, 1); j++) {
                String[] p = lines.get(i++).strip().split("\\s+");
                Box b = new Box(Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]),
                        Double.parseDouble(p[3]));
                if (n > 0 && b.width() > 0 && b.height() > 0) {
                    faces.add(new Face(image, b));
                }
            }
        }
        return faces;
    }

    /**
     * {@code bgr} (8-bit BGR) in another format. 16-bit frames hold {@code v * 256} plus a pattern in
     * the low byte, so they use all 16 bits; alpha channels hold a pattern too, so that a filter that
     * overwrites alpha is noticed.
     */
    static Mat convert(Mat bgr, Format f) {
        Mat colour = new Mat();
        switch (f.channels) {
            case 1 -> cvtColor(bgr, colour, COLOR_BGR2GRAY);
            case 3 -> bgr.copyTo(colour);
            default -> cvtColor(bgr, colour, COLOR_BGR2BGRA);
        }
        Mat out = new Mat();
        colour.convertTo(out, org.bytedeco.opencv.global.opencv_core.CV_MAKETYPE(f.depth, f.channels));
        colour.close();
        int rows = out.rows();
        int cols = out.cols();
        int ch = f.channels;
        if (f.depth == CV_16U) {
            try (UShortIndexer ix = out.createIndexer()) {
                for (int y = 0; y < rows; y++) {
                    for (int x = 0; x < cols; x++) {
                        for (int c = 0; c < ch; c++) {
                            int v = ix.get(y, x, c) * 256 + ((x * 31 + y * 17 + c * 7) & 0xff);
                            ix.put(y, x, c, c == 3 ? ((x * 257 + y * 101) & 0xffff) : v);
                        }
                    }
                }
            }
        } else if (ch == 4) {
            try (UByteIndexer ix = out.createIndexer()) {
                for (int y = 0; y < rows; y++) {
                    for (int x = 0; x < cols; x++) {
                        ix.put(y, x, 3, (x * 7 + y * 3) & 0xff);
                    }
                }
            }
        }
        return out;
    }

    /** A region over the rectangle {@code (x, y, w, h)} with that rectangle as mask box. */
    static FaceRegion region(int x, int y, int w, int h, Mat frame) {
        return region(x, y, w, h, new Box(x, y, w, h), MaskShape.ELLIPSE, frame);
    }

    static FaceRegion region(int x, int y, int w, int h, Box mask, MaskShape shape, Mat frame) {
        return new FaceRegion(x, y, w, h, mask, shape, new Detection(mask, 0.9, "test"), -1, frame.cols(), frame.rows());
    }

    /** The region hiding {@code face} with its box grown by {@code scale} about its centre, clipped to the frame. */
    static FaceRegion regionFor(Box face, double scale, Mat frame) {
        Box mask = face.scaledAboutCenter(scale);
        int x1 = (int) Math.max(0, Math.floor(mask.x()));
        int y1 = (int) Math.max(0, Math.floor(mask.y()));
        int x2 = (int) Math.min(frame.cols(), Math.ceil(mask.x2()));
        int y2 = (int) Math.min(frame.rows(), Math.ceil(mask.y2()));
        return new FaceRegion(x1, y1, x2 - x1, y2 - y1, mask, MaskShape.ELLIPSE, new Detection(face, 0.9, "gt"), -1,
                frame.cols(), frame.rows());
    }

    static Rect rect(FaceRegion r) {
        return new Rect(r.x(), r.y(), r.width(), r.height());
    }

    /** All bytes of {@code m}, row by row. */
    static byte[] bytes(Mat m) {
        try (Mat c = m.clone()) {
            byte[] b = new byte[(int) (c.total() * c.elemSize())];
            c.data().get(b);
            return b;
        }
    }

    /** Asserts that {@code after} equals {@code before} everywhere outside {@code roi}. */
    static void assertSameOutside(Mat before, Mat after, Rect roi) {
        try (PointerScope scope = new PointerScope()) {
            Mat expected = before.clone();
            after.apply(roi).copyTo(expected.apply(roi));
            assertSamePixels(expected, after, String.format("pixels outside the %dx%d+%d+%d roi", roi.width(), roi.height(),
                    roi.x(), roi.y()));
        }
    }

    /** Asserts that a 4-channel frame's alpha channel is the same in both. */
    static void assertSameAlpha(Mat before, Mat after) {
        if (before.channels() != 4) {
            return;
        }
        try (PointerScope scope = new PointerScope()) {
            Mat a = new Mat();
            Mat b = new Mat();
            extractChannel(before, a, 3);
            extractChannel(after, b, 3);
            assertSamePixels(a, b, "alpha channel");
        }
    }

    /** Asserts byte equality of two Mats of one type and size, naming the first differing pixel (not dumping arrays). */
    static void assertSamePixels(Mat expected, Mat actual, String what) {
        assertThat(actual.type()).as(what + ": type").isEqualTo(expected.type());
        assertThat(new int[] {actual.cols(), actual.rows()}).as(what + ": size").containsExactly(expected.cols(), expected.rows());
        byte[] e = bytes(expected);
        byte[] a = bytes(actual);
        int i = java.util.Arrays.mismatch(e, a);
        if (i >= 0) {
            int pixel = (int) (i / expected.elemSize());
            throw new AssertionError(String.format("%s: first difference at x=%d y=%d (byte %d of the pixel): expected %d, got %d",
                    what, pixel % expected.cols(), pixel / expected.cols(), i % expected.elemSize(), e[i] & 0xff, a[i] & 0xff));
        }
    }

    /** Variance of the Laplacian of the gray version of an 8-bit BGR image: a focus/detail measure. */
    static double laplacianVariance(Mat bgr) {
        try (PointerScope scope = new PointerScope()) {
            Mat gray = new Mat();
            cvtColor(bgr, gray, COLOR_BGR2GRAY);
            Mat lap = new Mat();
            Laplacian(gray, lap, CV_64F);
            return variance(lap);
        }
    }

    /** Variance of the values of a one-channel Mat. */
    static double variance(Mat oneChannel) {
        try (Mat mean = new Mat(); Mat sd = new Mat()) {
            meanStdDev(oneChannel, mean, sd);
            try (DoubleIndexer ix = sd.createIndexer()) {
                return ix.get(0) * ix.get(0);
            }
        }
    }

    static double median(List<Double> values) {
        List<Double> s = values.stream().sorted().toList();
        return s.get(s.size() / 2);
    }
}
