package io.github.anonymizer.video;

import io.github.anonymizer.api.MediaException;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.global.avdevice;
import org.bytedeco.ffmpeg.global.avformat;

/**
 * Loads FFmpeg's device library (cameras: v4l2, avfoundation, dshow) only when a camera is opened:
 * on Linux libavdevice links against system libraries (libpulse, libasound, libxcb) that headless
 * machines may lack, and files and network streams must keep working there.
 *
 * <p>Thread-safe.
 */
final class DeviceSupport {
    private DeviceSupport() {}

    private static volatile Throwable loadFailure;
    private static volatile boolean registered;

    /** The device input format, or a MediaException naming the device and why. */
    static AVInputFormat inputFormat(String device, String format) {
        String why = register();
        if (why != null) {
            throw new MediaException(device, "camera input needs FFmpeg's device library (libavdevice), which could"
                    + " not be loaded: " + why + ". On Linux it needs the system libraries libpulse0, libasound2 and"
                    + " libxcb1 (e.g. apt-get install libpulse0)", null);
        }
        AVInputFormat f = avformat.av_find_input_format(format);
        if (f == null || f.isNull()) {
            throw new MediaException(device, "this FFmpeg build has no '" + format + "' device input", null);
        }
        return f;
    }

    /** The device input format, or null when it does not exist or devices cannot be loaded. */
    static AVInputFormat inputFormatOrNull(String format) {
        if (register() != null) {
            return null;
        }
        AVInputFormat f = avformat.av_find_input_format(format);
        return f == null || f.isNull() ? null : f;
    }

    /** Null when the device library is ready, else the reason it is not. */
    private static synchronized String register() {
        if (registered) {
            return null;
        }
        if (loadFailure != null) {
            return describe(loadFailure);
        }
        try {
            Ff.init();
            avdevice.avdevice_register_all();
            registered = true;
            return null;
        } catch (LinkageError e) {
            loadFailure = e;
            return describe(e);
        }
    }

    /** The innermost message: JavaCPP's "no jniavdevice" hides the missing system library. */
    private static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : t.getMessage() + " (" + e.getMessage() + ")";
    }
}
