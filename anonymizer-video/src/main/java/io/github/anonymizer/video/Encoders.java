package io.github.anonymizer.video;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;

import java.util.List;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodec;

/**
 * Which encoders the FFmpeg natives on the class path offer.
 *
 * <p>The bytedeco FFmpeg natives come in two builds:
 * <ul>
 *   <li>{@code org.bytedeco:ffmpeg:<version>:<platform>} (LGPL): H.264 through Cisco's
 *       <b>libopenh264</b>; also mpeg4, libvpx (VP8/VP9), aac, libmp3lame, libopus;</li>
 *   <li>{@code org.bytedeco:ffmpeg:<version>:<platform>-gpl} (GPL): the same plus <b>libx264</b> and
 *       <b>libx265</b>. Shipping it makes the application GPL.</li>
 * </ul>
 * H.264 output uses libx264 when present (better quality per bit, CRF and presets), else
 * libopenh264 (bit-rate controlled), else falls back to MPEG-4 Part 2 with a warning.
 *
 * <p>Stateless and thread-safe.
 */
public final class Encoders {
    private Encoders() {}

    /** H.264 encoders in order of preference. */
    public static final List<String> H264_PREFERENCE = List.of("libx264", "libopenh264");

    /** Whether the FFmpeg build has an encoder of this name (e.g. {@code "libx264"}). */
    public static boolean has(String encoder) {
        Ff.init();
        AVCodec c = avcodec_find_encoder_by_name(encoder);
        return c != null && !c.isNull();
    }

    /** The H.264 encoder that will be used: {@code "libx264"}, {@code "libopenh264"} or empty. */
    public static Optional<String> h264() {
        return H264_PREFERENCE.stream().filter(Encoders::has).findFirst();
    }

    /** A one-line description for {@code --version} output, e.g. "H.264 via libx264 (GPL FFmpeg build)". */
    public static String describe() {
        Optional<String> h = h264();
        if (h.isEmpty()) {
            return "no H.264 encoder in this FFmpeg build (MPEG-4 Part 2 fallback)";
        }
        return "H.264 via " + h.get() + ("libx264".equals(h.get()) ? " (GPL FFmpeg build)" : " (LGPL FFmpeg build)");
    }

    static AVCodec byName(String name) {
        AVCodec c = avcodec_find_encoder_by_name(name);
        return c == null || c.isNull() ? null : c;
    }

    static AVCodec byId(int id) {
        AVCodec c = avcodec_find_encoder(id);
        return c == null || c.isNull() ? null : c;
    }
}
