package io.github.anonymizer.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_DICT_IGNORE_SUFFIX;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_VERBOSE;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_ROUND_NEAR_INF;
import static org.bytedeco.ffmpeg.global.avutil.AV_ROUND_PASS_MINMAX;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_rnd;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.javacpp.BytePointer;

/** FFmpeg plumbing shared by the sources and sinks: errors, time bases, dictionaries, logging. */
final class Ff {
    private Ff() {}

    /** Microseconds, the unit of {@link io.github.anonymizer.core.pipeline.VideoFrame} timestamps. */
    static final Rational MICROS = new Rational(1, 1_000_000);

    /** FFmpeg's log level: {@code -Danonymizer.ffmpeg.loglevel=quiet|fatal|error|warning|info|verbose|debug}. */
    static final String LOG_LEVEL_PROPERTY = "anonymizer.ffmpeg.loglevel";

    private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

    private static volatile boolean initialized;

    /** Loads the FFmpeg natives once and sets the log level (default: errors only). */
    static void init() {
        if (initialized) {
            return;
        }
        synchronized (Ff.class) {
            if (initialized) {
                return;
            }
            String level = System.getProperty(LOG_LEVEL_PROPERTY, "error").trim().toLowerCase(Locale.ROOT);
            int l = switch (level) {
                case "quiet" -> AV_LOG_QUIET;
                case "fatal", "panic" -> AV_LOG_FATAL;
                case "warning" -> AV_LOG_WARNING;
                case "info" -> AV_LOG_INFO;
                case "verbose" -> AV_LOG_VERBOSE;
                case "debug" -> AV_LOG_DEBUG;
                default -> AV_LOG_ERROR;
            };
            av_log_set_level(l);
            initialized = true;
        }
    }

    /** Whether {@code s} looks like a URL (scheme://...) other than {@code file://}. */
    static boolean isUrl(String s) {
        return URL.matcher(s).matches() && !s.regionMatches(true, 0, "file://", 0, 7);
    }

    /** The lower-case scheme of a URL, e.g. {@code "udp"}. */
    static String scheme(String url) {
        return url.substring(0, url.indexOf(':')).toLowerCase(Locale.ROOT);
    }

    /** FFmpeg's message for an error code, e.g. "Invalid data found when processing input". */
    static String err(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8) + " (" + code + ")";
    }

    /** {@code a} from time base {@code from} to {@code to}, rounded to nearest; passes AV_NOPTS_VALUE through. */
    static long rescale(long a, Rational from, Rational to) {
        if (a == AV_NOPTS_VALUE) {
            return AV_NOPTS_VALUE;
        }
        return av_rescale_rnd(a, (long) from.num() * to.den(), (long) from.den() * to.num(),
                AV_ROUND_NEAR_INF | AV_ROUND_PASS_MINMAX);
    }

    /** A UTF-8 C string; the caller closes it. */
    static BytePointer utf8(String s) {
        return new BytePointer(s, StandardCharsets.UTF_8);
    }

    /** A new dictionary holding {@code options}; the caller frees it with {@link #free(AVDictionary)}. */
    static AVDictionary dict(Map<String, String> options) {
        AVDictionary d = new AVDictionary(null);
        for (Map.Entry<String, String> e : options.entrySet()) {
            av_dict_set(d, e.getKey(), e.getValue(), 0);
        }
        return d;
    }

    /** The keys left in a dictionary (options FFmpeg did not recognise). */
    static List<String> keys(AVDictionary d) {
        List<String> keys = new ArrayList<>();
        if (d == null || d.isNull()) {
            return keys;
        }
        AVDictionaryEntry e = null;
        while ((e = av_dict_get(d, "", e, AV_DICT_IGNORE_SUFFIX)) != null && !e.isNull()) {
            keys.add(e.key().getString(StandardCharsets.UTF_8));
        }
        return keys;
    }

    /** The entries of a dictionary, e.g. a stream's metadata. */
    static Map<String, String> entries(AVDictionary d) {
        Map<String, String> m = new LinkedHashMap<>();
        if (d == null || d.isNull()) {
            return m;
        }
        AVDictionaryEntry e = null;
        while ((e = av_dict_get(d, "", e, AV_DICT_IGNORE_SUFFIX)) != null && !e.isNull()) {
            m.put(e.key().getString(StandardCharsets.UTF_8), e.value().getString(StandardCharsets.UTF_8));
        }
        return m;
    }

    static void free(AVDictionary d) {
        if (d != null && !d.isNull()) {
            av_dict_free(d);
        }
    }
}
