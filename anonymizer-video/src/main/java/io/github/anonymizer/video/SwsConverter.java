package io.github.anonymizer.video;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_FLAG_RGB;
import static org.bytedeco.ffmpeg.global.avutil.av_pix_fmt_desc_get;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_DEFAULT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Converts between decoded/encoded {@link AVFrame}s and packed BGR {@link Mat}s with libswscale,
 * honouring the stream's YUV matrix and range so that decode and encode are each other's inverse.
 *
 * <p>Confined to one thread. Owns a scaler context and two small native arrays; {@link #close()}
 * frees them (idempotent).
 */
final class SwsConverter implements AutoCloseable {
    private SwsContext sws;
    private long configured; // address of the context whose colour details were set
    private int configuredSpace = Integer.MIN_VALUE;
    private int configuredRange = Integer.MIN_VALUE;
    private final PointerPointer<BytePointer> planes = new PointerPointer<>(4);
    private final IntPointer strides = new IntPointer(4);

    /** Decoded frame (any size and pixel format) to a BGR Mat of the Mat's size. */
    void toBgr(AVFrame f, Mat bgr) {
        requireBgr(bgr);
        sws = sws_getCachedContext(sws, f.width(), f.height(), f.format(), bgr.cols(), bgr.rows(), AV_PIX_FMT_BGR24,
                SWS_BICUBIC, null, null, (DoublePointer) null);
        if (sws == null || sws.isNull()) {
            throw new IllegalStateException("libswscale cannot convert pixel format " + f.format() + " to BGR");
        }
        if (!isRgb(f.format())) {
            colour(f.colorspace(), f.color_range(), true);
        }
        planes.put(0, bgr.data());
        strides.put(0, (int) bgr.step());
        sws_scale(sws, f.data(), f.linesize(), 0, f.height(), planes, strides);
    }

    /** BGR Mat to a writable frame of the frame's size and pixel format, with the given colours. */
    void fromBgr(Mat bgr, AVFrame f, ColorInfo colour) {
        requireBgr(bgr);
        sws = sws_getCachedContext(sws, bgr.cols(), bgr.rows(), AV_PIX_FMT_BGR24, f.width(), f.height(), f.format(),
                SWS_BICUBIC, null, null, (DoublePointer) null);
        if (sws == null || sws.isNull()) {
            throw new IllegalStateException("libswscale cannot convert BGR to pixel format " + f.format());
        }
        if (!isRgb(f.format())) {
            colour(colour.space(), colour.range(), false);
        }
        planes.put(0, bgr.data());
        strides.put(0, (int) bgr.step());
        sws_scale(sws, planes, strides, 0, bgr.rows(), f.data(), f.linesize());
    }

    private void colour(int space, int range, boolean yuvIsSource) {
        if (configured == sws.address() && configuredSpace == space && configuredRange == range) {
            return;
        }
        int cs = switch (space) {
            case 1, 4, 5, 6, 7, 9, 10 -> space; // AVCOL_SPC_* values that SWS_CS_* share
            default -> SWS_CS_DEFAULT;         // unspecified: BT.601, as FFmpeg does
        };
        int yuvRange = range == AVCOL_RANGE_JPEG ? 1 : 0;
        IntPointer yuv = sws_getCoefficients(cs);
        IntPointer rgb = sws_getCoefficients(SWS_CS_DEFAULT);
        if (yuvIsSource) {
            sws_setColorspaceDetails(sws, yuv, yuvRange, rgb, 1, 0, 1 << 16, 1 << 16);
        } else {
            sws_setColorspaceDetails(sws, rgb, 1, yuv, yuvRange, 0, 1 << 16, 1 << 16);
        }
        configured = sws.address();
        configuredSpace = space;
        configuredRange = range;
    }

    private static boolean isRgb(int pixFmt) {
        AVPixFmtDescriptor d = av_pix_fmt_desc_get(pixFmt);
        return d != null && !d.isNull() && (d.flags() & AV_PIX_FMT_FLAG_RGB) != 0;
    }

    private static void requireBgr(Mat m) {
        if (m.type() != CV_8UC3 || m.cols() < 1 || m.rows() < 1) {
            throw new IllegalArgumentException("expected a non-empty 8-bit BGR (CV_8UC3) image, got type " + m.type()
                    + " " + m.cols() + "x" + m.rows());
        }
    }

    @Override
    public void close() {
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        if (!planes.isNull()) {
            planes.close();
            strides.close();
        }
    }
}
