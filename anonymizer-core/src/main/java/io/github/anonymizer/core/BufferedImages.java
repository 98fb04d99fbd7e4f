package io.github.anonymizer.core;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC;

import io.github.anonymizer.api.UnsupportedFrameException;
import io.github.anonymizer.core.internal.Frames;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Converts between {@link BufferedImage} and OpenCV {@link Mat} without loss for the common
 * layouts.
 *
 * <p>Byte and 16-bit component images (gray, RGB, RGBA, including {@code TYPE_3BYTE_BGR},
 * {@code TYPE_4BYTE_ABGR}, {@code TYPE_BYTE_GRAY}, {@code TYPE_USHORT_GRAY}) map to 8U/16U Mats with
 * 1, 3 (BGR) or 4 (BGRA) channels; packed-int images ({@code TYPE_INT_RGB}, {@code TYPE_INT_ARGB},
 * {@code TYPE_INT_BGR}, …) map to 8-bit BGR or BGRA. Images of any other layout (indexed colour,
 * premultiplied alpha) are converted through their sRGB values, and {@link #toBufferedImage} then
 * produces {@code TYPE_3BYTE_BGR} or {@code TYPE_4BYTE_ABGR}, because an anonymized image cannot
 * be squeezed back into the original palette.
 *
 * <p>Stateless and thread-safe. Every returned {@code Mat} is owned by the caller, who closes it.
 */
public final class BufferedImages {

    private BufferedImages() {}

    /** Whether {@link #toBufferedImage} gives back an image of exactly the input's type. */
    public static boolean keepsType(BufferedImage image) {
        return layout(image) != Layout.SRGB_FALLBACK;
    }

    /**
     * Copies an image into a new Mat (BGR channel order).
     *
     * @throws NullPointerException for null
     * @throws UnsupportedFrameException for an image with no pixels
     */
    public static Mat toMat(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        int w = image.getWidth();
        int h = image.getHeight();
        if (w <= 0 || h <= 0) {
            throw new UnsupportedFrameException("the image is empty (" + w + "x" + h + ")");
        }
        WritableRaster raster = image.getRaster();
        int bands = raster.getNumBands();
        switch (layout(image)) {
            case BYTE_COMPONENTS -> {
                byte[] data = (byte[]) raster.getDataElements(0, 0, w, h, null);
                Mat m = new Mat(h, w, CV_8UC(bands));
                try (BytePointer p = m.data()) {
                    p.put(data);
                }
                return rgbToBgrInPlace(m);
            }
            case SHORT_COMPONENTS -> {
                short[] data = (short[]) raster.getDataElements(0, 0, w, h, null);
                Mat m = new Mat(h, w, CV_16UC(bands));
                try (ShortPointer p = new ShortPointer(m.data())) {
                    p.put(data);
                }
                return rgbToBgrInPlace(m);
            }
            default -> {
                boolean alpha = image.getColorModel().hasAlpha();
                int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
                int ch = alpha ? 4 : 3;
                byte[] data = new byte[w * h * ch];
                for (int i = 0, o = 0; i < argb.length; i++) {
                    int v = argb[i];
                    data[o++] = (byte) v; // B
                    data[o++] = (byte) (v >> 8); // G
                    data[o++] = (byte) (v >> 16); // R
                    if (alpha) {
                        data[o++] = (byte) (v >>> 24);
                    }
                }
                Mat m = new Mat(h, w, CV_8UC(ch));
                try (BytePointer p = m.data()) {
                    p.put(data);
                }
                return m;
            }
        }
    }

    /**
     * Copies a Mat produced by {@link #toMat(BufferedImage)} from {@code template} (same size and
     * channel count) into a new image of the template's type (or the fallback type described in
     * the class comment).
     */
    public static BufferedImage toBufferedImage(Mat mat, BufferedImage template) {
        Objects.requireNonNull(mat, "mat");
        Objects.requireNonNull(template, "template");
        int w = mat.cols();
        int h = mat.rows();
        if (w != template.getWidth() || h != template.getHeight()) {
            throw new IllegalArgumentException("Mat is " + w + "x" + h + " but the template image is "
                    + template.getWidth() + "x" + template.getHeight());
        }
        Layout layout = layout(template);
        try (Mat src = continuousRgb(mat, layout)) {
            switch (layout) {
                case BYTE_COMPONENTS, SHORT_COMPONENTS -> {
                    ColorModel cm = template.getColorModel();
                    BufferedImage out = template.getType() != BufferedImage.TYPE_CUSTOM
                            ? new BufferedImage(w, h, template.getType())
                            : new BufferedImage(cm, cm.createCompatibleWritableRaster(w, h), cm.isAlphaPremultiplied(), null);
                    WritableRaster raster = out.getRaster();
                    requireChannels(src, raster.getNumBands());
                    if (layout == Layout.BYTE_COMPONENTS) {
                        byte[] data = new byte[w * h * src.channels()];
                        try (BytePointer p = src.data()) {
                            p.get(data);
                        }
                        raster.setDataElements(0, 0, w, h, data);
                    } else {
                        short[] data = new short[w * h * src.channels()];
                        try (ShortPointer p = new ShortPointer(src.data())) {
                            p.get(data);
                        }
                        raster.setDataElements(0, 0, w, h, data);
                    }
                    return out;
                }
                default -> {
                    int ch = src.channels();
                    byte[] data = new byte[w * h * ch];
                    try (BytePointer p = src.data()) {
                        p.get(data);
                    }
                    int[] argb = new int[w * h];
                    for (int i = 0, o = 0; i < argb.length; i++) {
                        int b = data[o++] & 0xff;
                        int g = data[o++] & 0xff;
                        int r = data[o++] & 0xff;
                        int a = ch == 4 ? data[o++] & 0xff : 0xff;
                        argb[i] = a << 24 | r << 16 | g << 8 | b;
                    }
                    int type = layout == Layout.PACKED_INT
                            ? template.getType()
                            : ch == 4 ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR;
                    BufferedImage out = new BufferedImage(w, h, type);
                    out.setRGB(0, 0, w, h, argb, 0, w);
                    return out;
                }
            }
        }
    }

    private enum Layout {
        BYTE_COMPONENTS,
        SHORT_COMPONENTS,
        PACKED_INT,
        SRGB_FALLBACK
    }

    private static Layout layout(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        int bands = image.getRaster().getNumBands();
        if (cm instanceof ComponentColorModel && !cm.isAlphaPremultiplied() && (bands == 1 || bands == 3 || bands == 4)) {
            ColorSpace cs = cm.getColorSpace();
            boolean standard = bands == 1
                    ? cs.getType() == ColorSpace.TYPE_GRAY
                    : cs.isCS_sRGB() && (bands == 3 || cm.getTransparency() == Transparency.TRANSLUCENT);
            int transfer = image.getRaster().getTransferType();
            if (standard && transfer == DataBuffer.TYPE_BYTE) {
                return Layout.BYTE_COMPONENTS;
            }
            if (standard && transfer == DataBuffer.TYPE_USHORT) {
                return Layout.SHORT_COMPONENTS;
            }
        }
        int type = image.getType();
        if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB || type == BufferedImage.TYPE_INT_BGR) {
            return Layout.PACKED_INT;
        }
        return Layout.SRGB_FALLBACK;
    }

    private static Mat rgbToBgrInPlace(Mat m) {
        if (m.channels() == 3) {
            opencv_imgproc.cvtColor(m, m, opencv_imgproc.COLOR_RGB2BGR);
        } else if (m.channels() == 4) {
            opencv_imgproc.cvtColor(m, m, opencv_imgproc.COLOR_RGBA2BGRA);
        }
        return m;
    }

    /** A continuous copy in the channel order the layout needs (RGB for components, BGR for int). */
    private static Mat continuousRgb(Mat mat, Layout layout) {
        Frames.requireSupported(mat);
        int depth = mat.depth();
        if (layout == Layout.BYTE_COMPONENTS && depth != CV_8U) {
            throw new UnsupportedFrameException("an 8-bit image needs an 8-bit Mat, got " + Frames.describe(mat));
        }
        if (layout == Layout.SHORT_COMPONENTS && depth != CV_16U) {
            throw new UnsupportedFrameException("a 16-bit image needs a 16-bit Mat, got " + Frames.describe(mat));
        }
        if (layout != Layout.BYTE_COMPONENTS && layout != Layout.SHORT_COMPONENTS
                && (depth != CV_8U || mat.channels() == 1)) {
            throw new UnsupportedFrameException("expected an 8-bit BGR or BGRA Mat, got " + Frames.describe(mat));
        }
        Mat out = new Mat();
        if (layout == Layout.BYTE_COMPONENTS || layout == Layout.SHORT_COMPONENTS) {
            if (mat.channels() == 3) {
                opencv_imgproc.cvtColor(mat, out, opencv_imgproc.COLOR_BGR2RGB);
            } else if (mat.channels() == 4) {
                opencv_imgproc.cvtColor(mat, out, opencv_imgproc.COLOR_BGRA2RGBA);
            } else {
                mat.copyTo(out);
            }
        } else {
            mat.copyTo(out);
        }
        return out;
    }

    private static void requireChannels(Mat m, int bands) {
        if (m.channels() != bands) {
            throw new UnsupportedFrameException("the Mat has " + m.channels() + " channels but the image needs " + bands);
        }
    }
}
