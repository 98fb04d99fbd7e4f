package io.github.anonymizer.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_frame_rate;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_ENOMEM;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_get_media_type_string;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;

import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.MediaException;
import io.github.anonymizer.core.pipeline.FrameSource;
import io.github.anonymizer.core.pipeline.VideoFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A video file, camera or network stream, decoded to upright 8-bit BGR {@link VideoFrame}s.
 *
 * <pre>{@code
 * try (VideoSource in = VideoSource.open("clip.mp4")) {          // or "cam", "/dev/video2", "rtsp://..."
 *     for (VideoFrame next = in.read(); next != null; next = in.read()) {
 *         try (VideoFrame f = next) { ... f.image() ... }
 *     }
 * }
 * }</pre>
 *
 * <p>What it reads: every container and codec of the FFmpeg build (MP4/MOV, MKV/WebM, AVI, Ogg,
 * MPEG-TS; H.264, HEVC, MPEG-4, VP8/VP9, AV1, Theora, ...), V4L2 cameras ({@code "cam"} =
 * {@code /dev/video0}, {@code "/dev/videoN"}), and the network protocols FFmpeg supports (rtsp,
 * rtmp, udp, tcp, http(s), srt). Frames are turned upright when the input carries a display rotation
 * ({@link #rotation()}); timestamps are microseconds from the start of the input (audio and video
 * share the origin). Corrupt packets the decoder rejects are skipped and counted
 * ({@link #corruptFramesSkipped()}); an input that cannot be read further fails with a
 * {@link MediaException} naming the input and the frame number.
 *
 * <p>Audio: a {@link VideoSink} made from this source takes its audio packets through a bounded
 * queue as the video is read; without a sink the audio is skipped.
 *
 * <p>Confined to one reader thread, except {@link #stop()} and {@link #close()}, which any thread
 * may call to end a blocked {@link #read()}. Owns its FFmpeg contexts; {@link #close()} frees them
 * and is idempotent; reading after it throws {@link IllegalStateException}.
 */
public final class VideoSource implements FrameSource {

    private static final int FF_THREAD_SLICE = 2;
    private static final Pattern DEV_VIDEO = Pattern.compile("/dev/video\\d+");
    private static final Pattern CAM = Pattern.compile("cam(?::(\\d+))?", Pattern.CASE_INSENSITIVE);

    private enum Kind { FILE, CAMERA, NETWORK }

    private final String name;
    private final Kind kind;
    private final SourceOptions options;
    private final boolean live;
    private final Interrupts.Flag flag;
    private final ReentrantLock lock = new ReentrantLock();

    private AVFormatContext fmt;
    private AVCodecContext dec;
    private AVPacket pkt;
    private AVFrame frame;
    private final SwsConverter converter = new SwsConverter();
    private Mat unrotated;

    private int videoIndex = -1;
    private int audioIndex = -1;
    private Rational videoTimeBase;
    private Rational audioTimeBase;
    private Rational frameRate;
    private boolean frameRateKnown;
    private int storedWidth;
    private int storedHeight;
    private int rotation;
    private OptionalLong frameCount = OptionalLong.empty();
    private long durationMicros = -1;
    private String videoCodec;
    private String audioCodec;
    private ColorInfo color;
    private Rational sampleAspectRatio = new Rational(1, 1);
    private long originMicros = AV_NOPTS_VALUE;
    private AudioQueue audioQueue;

    private volatile long nextIndex; // written by the reader thread only; volatile for progress readers
    private long lastMicros = -1;
    private volatile long corrupt;
    private int consecutiveCorrupt;
    private boolean demuxEnded;
    private boolean ended;
    private long realtimeStart = Long.MIN_VALUE;
    private volatile boolean stopRequested;
    private volatile boolean closed;
    private volatile boolean timedOut;
    private volatile String brokenOff;

    // ------------------------------------------------------------------ opening

    /**
     * Opens a file path, {@code "cam"} / {@code "cam:N"} / {@code /dev/videoN} (a camera), or a URL
     * ({@code rtsp://}, {@code udp://}, {@code http://}, ...).
     *
     * @throws MediaException when the input cannot be opened, has no video stream or no decoder
     */
    public static VideoSource open(String input) {
        return open(input, SourceOptions.defaults());
    }

    /** Like {@link #open(String)} with options. */
    public static VideoSource open(String input, SourceOptions options) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(options, "options");
        if (isCamera(input)) {
            return openCamera(input, options);
        }
        if (Ff.isUrl(input)) {
            return openUrl(input, options);
        }
        if (input.regionMatches(true, 0, "file:", 0, 5)) {
            Path file;
            try {
                file = Path.of(java.net.URI.create(input));
            } catch (IllegalArgumentException e) {
                throw new MediaException(input, "not a valid file URL: " + e.getMessage(), e);
            }
            return open(file, options);
        }
        return open(Path.of(input), options);
    }

    /** Opens a video file. */
    public static VideoSource open(Path file) {
        return open(file, SourceOptions.defaults());
    }

    /** Opens a video file with options. */
    public static VideoSource open(Path file, SourceOptions options) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        if (!Files.exists(file)) {
            throw new MediaException(file, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new MediaException(file, "not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new MediaException(file, "not readable");
        }
        String url = "file:" + file.toAbsolutePath();
        AVInputFormat forced = findInputFormat(file.toString(), options.inputFormat());
        return new VideoSource(file.toString(), url, forced, Kind.FILE, options);
    }

    /**
     * Opens a network stream: rtsp, rtmp, udp, tcp, http(s), srt or any other protocol of the
     * FFmpeg build. Live by default, with low-latency settings.
     */
    public static VideoSource openUrl(String url, SourceOptions options) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(options, "options");
        if (!Ff.isUrl(url)) {
            throw new MediaException(url, "not a URL (expected scheme://...)", null);
        }
        return new VideoSource(url, url, findInputFormat(url, options.inputFormat()), Kind.NETWORK, options);
    }

    /**
     * Opens a camera: {@code "cam"} (the first camera), {@code "cam:N"} or {@code "/dev/videoN"} on
     * Linux (V4L2), {@code "cam"} / {@code "cam:N"} on macOS (AVFoundation). Device options such as
     * {@code video_size}, {@code framerate} or {@code input_format} go in
     * {@link SourceOptions.Builder#formatOption}.
     *
     * @throws MediaException when there is no such device or FFmpeg's device library cannot be loaded
     */
    public static VideoSource openCamera(String device, SourceOptions options) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(options, "options");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Matcher m = CAM.matcher(device.trim());
        String url;
        String format;
        if (m.matches()) {
            int n = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
            if (os.contains("mac")) {
                url = n + ":none";
                format = "avfoundation";
            } else if (os.contains("linux")) {
                url = "/dev/video" + n;
                format = "v4l2";
            } else {
                throw new MediaException(device, "camera names are only known on Linux and macOS; on Windows use"
                        + " the DirectShow device name (input format 'dshow', input 'video=NAME')", null);
            }
        } else {
            url = device.trim();
            format = options.inputFormat() != null ? options.inputFormat() : "v4l2";
        }
        if (options.inputFormat() != null) {
            format = options.inputFormat();
        }
        if ("v4l2".equals(format) || "video4linux2".equals(format)) {
            if (!Files.exists(Path.of(url))) {
                throw new MediaException(device, "no such camera device: " + url, null);
            }
        }
        AVInputFormat f = DeviceSupport.inputFormat(device, format);
        return new VideoSource(device, url, f, Kind.CAMERA, options.live() == null
                ? options.toBuilder().live(true).build() : options);
    }

    static boolean isCamera(String input) {
        String s = input.trim();
        return CAM.matcher(s).matches() || DEV_VIDEO.matcher(s).matches();
    }

    private static AVInputFormat findInputFormat(String name, String format) {
        if (format == null) {
            return null;
        }
        Ff.init();
        AVInputFormat f = av_find_input_format(format);
        if (f == null || f.isNull()) {
            f = DeviceSupport.inputFormatOrNull(format);
        }
        if (f == null || f.isNull()) {
            throw new InvalidOptionException("input format",
                    "FFmpeg has no input format '" + format + "' (for " + name + ")");
        }
        return f;
    }

    private VideoSource(String name, String url, AVInputFormat inputFormat, Kind kind, SourceOptions options) {
        Ff.init();
        this.name = name;
        this.kind = kind;
        this.options = options;
        this.live = options.live() != null ? options.live() : kind != Kind.FILE;
        this.flag = Interrupts.newFlag();
        boolean ok = false;
        try {
            openInput(url, inputFormat);
            openVideo();
            findAudio();
            pkt = av_packet_alloc();
            frame = av_frame_alloc();
            if (pkt == null || pkt.isNull() || frame == null || frame.isNull()) {
                throw new OutOfMemoryError("av_packet_alloc / av_frame_alloc");
            }
            ok = true;
        } finally {
            if (!ok) {
                release();
            }
        }
    }

    private void openInput(String url, AVInputFormat inputFormat) {
        Map<String, String> opts = new LinkedHashMap<>();
        if (live && options.lowLatency()) {
            // no packet buffer: frames read while probing the stream are dropped instead of being
            // delivered late, so the output stays close to real time; probe for at most 1 s
            opts.put("fflags", "nobuffer");
            opts.put("analyzeduration", "1000000");
            if (kind == Kind.NETWORK && url.regionMatches(true, 0, "rtsp", 0, 4)) {
                opts.put("rtsp_transport", "tcp");
            }
            if (kind == Kind.NETWORK && url.regionMatches(true, 0, "udp:", 0, 4)) {
                opts.put("overrun_nonfatal", "1");
            }
        }
        opts.putAll(options.formatOptions());
        fmt = avformat_alloc_context();
        if (fmt == null || fmt.isNull()) {
            throw new OutOfMemoryError("avformat_alloc_context");
        }
        flag.install(fmt.interrupt_callback());
        AVDictionary dict = Ff.dict(opts);
        try (BytePointer u = Ff.utf8(url)) {
            flag.arm(live ? options.openTimeoutMillis() : 0);
            int r = avformat_open_input(fmt, u, inputFormat, dict);
            flag.disarm();
            if (r < 0) {
                fmt = null; // avformat_open_input frees the context on failure
                if (flag.timedOut()) {
                    throw new MediaException(name, "no answer within " + options.openTimeoutMillis() + " ms", null);
                }
                throw new MediaException(name, "cannot open: " + Ff.err(r), null);
            }
            List<String> unknown = new ArrayList<>(Ff.keys(dict));
            unknown.retainAll(options.formatOptions().keySet());
            if (!unknown.isEmpty()) {
                throw new InvalidOptionException("format options", "FFmpeg does not know " + unknown + " for " + name);
            }
        } finally {
            Ff.free(dict);
        }
        flag.arm(live ? options.openTimeoutMillis() : 0);
        int r = avformat_find_stream_info(fmt, (AVDictionary) null);
        flag.disarm();
        if (r < 0) {
            throw new MediaException(name, "cannot read the stream parameters: " + Ff.err(r), null);
        }
        if (fmt.start_time() != AV_NOPTS_VALUE) {
            originMicros = fmt.start_time();
        }
    }

    private void openVideo() {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < fmt.nb_streams(); i++) {
            AVStream st = fmt.streams(i);
            AVCodecParameters par = st.codecpar();
            found.add(av_get_media_type_string(par.codec_type()) == null ? "unknown"
                    : av_get_media_type_string(par.codec_type()).getString() + " "
                            + avcodec_get_name(par.codec_id()).getString());
            if (par.codec_type() == AVMEDIA_TYPE_VIDEO && (st.disposition() & AV_DISPOSITION_ATTACHED_PIC) == 0
                    && videoIndex < 0 && par.width() > 0) {
                videoIndex = i;
            }
        }
        if (videoIndex < 0) {
            for (int i = 0; i < fmt.nb_streams(); i++) {
                AVCodecParameters par = fmt.streams(i).codecpar();
                boolean picture = (fmt.streams(i).disposition() & AV_DISPOSITION_ATTACHED_PIC) != 0;
                if (par.codec_type() == AVMEDIA_TYPE_VIDEO && !picture) {
                    throw new MediaException(name, "has a " + avcodec_get_name(par.codec_id()).getString()
                            + " video stream without a picture size: it holds no decodable video frames", null);
                }
            }
            throw new MediaException(name, found.isEmpty() ? "contains no video stream (no streams at all)"
                    : "contains no video stream (found: " + String.join(", ", found) + ")", null);
        }
        AVStream st = fmt.streams(videoIndex);
        AVCodecParameters par = st.codecpar();
        videoCodec = avcodec_get_name(par.codec_id()).getString();
        AVCodec codec = avcodec_find_decoder(par.codec_id());
        if (codec == null || codec.isNull()) {
            throw new MediaException(name, "this FFmpeg build has no decoder for " + videoCodec, null);
        }
        dec = avcodec_alloc_context3(codec);
        if (dec == null || dec.isNull()) {
            throw new OutOfMemoryError("avcodec_alloc_context3");
        }
        check(avcodec_parameters_to_context(dec, par), "cannot set up the " + videoCodec + " decoder");
        dec.pkt_timebase(st.time_base());
        dec.thread_count(options.decoderThreads());
        if (live && options.lowLatency()) {
            dec.flags(dec.flags() | AV_CODEC_FLAG_LOW_DELAY);
            dec.thread_type(FF_THREAD_SLICE);
        }
        check(avcodec_open2(dec, codec, (AVDictionary) null), "cannot open the " + videoCodec + " decoder");

        videoTimeBase = new Rational(st.time_base().num(), st.time_base().den());
        storedWidth = par.width();
        storedHeight = par.height();
        color = new ColorInfo(par.color_space(), par.color_range(), par.color_primaries(), par.color_trc());
        if (par.sample_aspect_ratio().num() > 0 && par.sample_aspect_ratio().den() > 0) {
            sampleAspectRatio = new Rational(par.sample_aspect_ratio().num(), par.sample_aspect_ratio().den());
        }
        AVRational guess = av_guess_frame_rate(fmt, st, null);
        if (guess.num() > 0 && guess.den() > 0) {
            frameRate = new Rational(guess.num(), guess.den());
            frameRateKnown = true;
        } else {
            frameRate = new Rational(25, 1);
        }
        guess.close();
        rotation = readRotation(st, par);
        if (!live) {
            if (st.nb_frames() > 0) {
                frameCount = OptionalLong.of(st.nb_frames());
            } else if (st.duration() != AV_NOPTS_VALUE && st.duration() > 0 && frameRateKnown) {
                frameCount = OptionalLong.of(Math.round(st.duration() * videoTimeBase.value() * frameRate.value()));
            } else if (fmt.duration() != AV_NOPTS_VALUE && fmt.duration() > 0 && frameRateKnown) {
                frameCount = OptionalLong.of(Math.round(fmt.duration() / (double) AV_TIME_BASE * frameRate.value()));
            }
            if (fmt.duration() != AV_NOPTS_VALUE && fmt.duration() > 0) {
                durationMicros = fmt.duration();
            }
        }
    }

    private void findAudio() {
        for (int i = 0; i < fmt.nb_streams(); i++) {
            AVStream st = fmt.streams(i);
            if (i == videoIndex) {
                continue;
            }
            if (st.codecpar().codec_type() == AVMEDIA_TYPE_AUDIO && audioIndex < 0 && st.codecpar().sample_rate() > 0) {
                audioIndex = i;
            } else {
                st.discard(org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL);
            }
        }
        if (audioIndex >= 0) {
            AVStream st = fmt.streams(audioIndex);
            audioTimeBase = new Rational(st.time_base().num(), st.time_base().den());
            audioCodec = avcodec_get_name(st.codecpar().codec_id()).getString();
        }
    }

    /** Clockwise rotation from the display matrix (or an old "rotate" tag), snapped to 0/90/180/270. */
    private static int readRotation(AVStream st, AVCodecParameters par) {
        double clockwise = 0;
        AVPacketSideData sd = av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(),
                AV_PKT_DATA_DISPLAYMATRIX);
        if (sd != null && !sd.isNull() && sd.size() >= 36) {
            clockwise = -av_display_rotation_get(new IntPointer(sd.data()));
        } else {
            String tag = Ff.entries(st.metadata()).get("rotate");
            if (tag != null) {
                try {
                    clockwise = Double.parseDouble(tag.trim());
                } catch (NumberFormatException e) {
                    clockwise = 0;
                }
            }
        }
        if (Double.isNaN(clockwise)) {
            return 0;
        }
        long snapped = Math.round(clockwise / 90.0) * 90;
        if (Math.abs(clockwise - snapped) > 1) {
            return 0; // not a quarter turn: leave the pixels as stored
        }
        return (int) (((snapped % 360) + 360) % 360);
    }

    // ------------------------------------------------------------------ reading

    /**
     * The next upright BGR frame, or {@code null} at the end of the input (or after {@link #stop()}).
     *
     * @throws MediaException when the input cannot be read further (the message names the frame),
     *     when the input turns out to hold no decodable frame at all, or when a live input sends
     *     nothing for {@link SourceOptions#readTimeoutMillis()} or breaks off with an error while
     *     {@link SourceOptions#failOnTimeout()} is set (otherwise either ends the stream, see
     *     {@link #timedOut()} and {@link #brokenOff()})
     */
    @Override
    public VideoFrame read() {
        lock.lock();
        try {
            requireOpen();
            if (ended) {
                return null;
            }
            while (true) {
                if (stopRequested) {
                    ended = true;
                    return null;
                }
                int r = avcodec_receive_frame(dec, frame);
                if (r == 0) {
                    consecutiveCorrupt = 0;
                    try {
                        return deliver();
                    } finally {
                        av_frame_unref(frame);
                    }
                }
                if (r == AVERROR_EOF) {
                    ended = true;
                    if (nextIndex == 0) {
                        throw new MediaException(name, "contains no decodable video frames"
                                + (corrupt > 0 ? " (" + corrupt + " corrupt packets skipped)" : ""), null);
                    }
                    return null;
                }
                if (r != AVERROR_EAGAIN()) {
                    if (r == AVERROR_ENOMEM()) {
                        throw failure("out of memory while decoding", r);
                    }
                    skipCorrupt(r);
                    continue;
                }
                feedDecoder();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Reads packets until one video packet went to the decoder (or the decoder is being drained). */
    private void feedDecoder() {
        while (true) {
            if (demuxEnded) {
                int r = avcodec_send_packet(dec, null);
                if (r < 0 && r != AVERROR_EOF) {
                    throw failure("cannot flush the decoder", r);
                }
                return;
            }
            flag.arm(live ? options.readTimeoutMillis() : 0);
            int r = av_read_frame(fmt, pkt);
            flag.disarm();
            if (r == AVERROR_EOF || (r < 0 && stopRequested)) {
                demuxEnded = true;
                if (audioQueue != null) {
                    audioQueue.markEnded();
                }
                continue;
            }
            if (r < 0) {
                if (flag.timedOut()) {
                    if (options.failOnTimeout()) {
                        throw new MediaException(name, "no data for " + options.readTimeoutMillis() + " ms after frame "
                                + nextIndex, null);
                    }
                    timedOut = true; // a live stream that went quiet has ended: finish what was received
                    demuxEnded = true;
                    if (audioQueue != null) {
                        audioQueue.markEnded();
                    }
                    continue;
                }
                if (live && nextIndex > 0 && !options.failOnTimeout()) {
                    // a live stream that broke off (connection reset, device gone) has ended: the
                    // frames received so far stay usable, as after a timeout
                    brokenOff = Ff.err(r);
                    demuxEnded = true;
                    if (audioQueue != null) {
                        audioQueue.markEnded();
                    }
                    continue;
                }
                throw failure("cannot read past frame " + nextIndex, r);
            }
            try {
                noteOrigin();
                int si = pkt.stream_index();
                if (si == videoIndex && pkt.size() == 0) {
                    continue; // an empty packet repeats the previous frame (Theora, VP8 drop frames): not damage
                }
                if (si == videoIndex) {
                    int s = avcodec_send_packet(dec, pkt);
                    if (s == 0) {
                        return;
                    }
                    if (s == AVERROR_ENOMEM()) {
                        throw failure("out of memory while decoding", s);
                    }
                    if (s == AVERROR_EAGAIN()) {
                        throw failure("decoder refused input", s); // cannot happen: frames are drained first
                    }
                    skipCorrupt(s);
                } else if (si == audioIndex && audioQueue != null) {
                    queueAudio();
                }
            } finally {
                av_packet_unref(pkt);
            }
        }
    }

    private void noteOrigin() {
        if (originMicros != AV_NOPTS_VALUE) {
            return;
        }
        long ts = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
        if (ts == AV_NOPTS_VALUE) {
            return;
        }
        Rational tb = pkt.stream_index() == videoIndex ? videoTimeBase
                : pkt.stream_index() == audioIndex ? audioTimeBase : null;
        if (tb != null) {
            originMicros = Ff.rescale(ts, tb, Ff.MICROS);
        }
    }

    private void queueAudio() {
        long origin = originMicros == AV_NOPTS_VALUE ? 0 : Ff.rescale(originMicros, Ff.MICROS, audioTimeBase);
        if (pkt.pts() != AV_NOPTS_VALUE) {
            pkt.pts(pkt.pts() - origin);
        }
        if (pkt.dts() != AV_NOPTS_VALUE) {
            pkt.dts(pkt.dts() - origin);
        }
        long ts = pkt.dts() != AV_NOPTS_VALUE ? pkt.dts() : pkt.pts();
        long micros = ts == AV_NOPTS_VALUE ? Long.MIN_VALUE : Ff.rescale(ts, audioTimeBase, Ff.MICROS);
        audioQueue.offer(pkt, micros);
    }

    private void skipCorrupt(int err) {
        corrupt++;
        consecutiveCorrupt++;
        if (consecutiveCorrupt > options.maxConsecutiveCorrupt()) {
            throw failure(consecutiveCorrupt + " corrupt video packets in a row after frame " + nextIndex, err);
        }
    }

    private VideoFrame deliver() {
        long micros = -1;
        long ts = frame.best_effort_timestamp();
        if (ts == AV_NOPTS_VALUE) {
            ts = frame.pts();
        }
        if (ts != AV_NOPTS_VALUE) {
            micros = Ff.rescale(ts, videoTimeBase, Ff.MICROS) - (originMicros == AV_NOPTS_VALUE ? 0 : originMicros);
        } else if (lastMicros >= 0) {
            micros = lastMicros + Math.round(1e6 / frameRate.value());
        }
        if (micros >= 0) {
            lastMicros = micros;
        }
        Mat image = toBgr();
        long index = nextIndex++;
        if (options.realtime() && micros >= 0) {
            pace(micros);
        }
        return new VideoFrame(index, micros, image);
    }

    private Mat toBgr() {
        if (rotation == 0) {
            Mat out = new Mat(storedHeight, storedWidth, CV_8UC3);
            convertInto(out);
            return out;
        }
        if (unrotated == null) {
            unrotated = new Mat(storedHeight, storedWidth, CV_8UC3);
        }
        convertInto(unrotated);
        Mat out = new Mat();
        try {
            rotate(unrotated, out, rotation == 90 ? ROTATE_90_CLOCKWISE
                    : rotation == 180 ? ROTATE_180 : ROTATE_90_COUNTERCLOCKWISE);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    private void convertInto(Mat bgr) {
        try {
            converter.toBgr(frame, bgr);
        } catch (RuntimeException e) {
            bgr.close();
            throw new MediaException(name, "cannot convert frame " + nextIndex + " to BGR: " + e.getMessage(), e);
        }
    }

    private void pace(long micros) {
        long now = System.nanoTime();
        if (realtimeStart == Long.MIN_VALUE) {
            realtimeStart = now - micros * 1000;
            return;
        }
        long due = realtimeStart + micros * 1000;
        while (!stopRequested && due - System.nanoTime() > 0) {
            LockSupport.parkNanos(Math.min(due - System.nanoTime(), 50_000_000L));
        }
    }

    private MediaException failure(String what, int err) {
        return new MediaException(name, what + ": " + Ff.err(err), null);
    }

    private void check(int r, String what) {
        if (r < 0) {
            throw failure(what, r);
        }
    }

    // ------------------------------------------------------------------ information

    @Override
    public OptionalLong frameCount() {
        return frameCount;
    }

    /** Frames per second (average), or 0 when the input does not say. */
    @Override
    public double frameRate() {
        return frameRateKnown ? frameRate.value() : 0;
    }

    /** The exact frame rate; 25/1 when the input does not say (see {@link #frameRate()}). */
    public Rational frameRateRational() {
        return frameRate;
    }

    @Override
    public boolean isLive() {
        return live;
    }

    @Override
    public String name() {
        return name;
    }

    /** Video packets the decoder rejected as corrupt; their frames were skipped. */
    @Override
    public long corruptFramesSkipped() {
        return corrupt;
    }

    /** Whether the stream ended because a live input sent nothing for {@link SourceOptions#readTimeoutMillis()}. */
    public boolean timedOut() {
        return timedOut;
    }

    /** The read error that ended a live stream after it had delivered frames, or null. */
    public String brokenOff() {
        return brokenOff;
    }

    /** Frames delivered so far. */
    public long framesRead() {
        return nextIndex;
    }

    /** Width of the delivered (upright) frames. */
    public int width() {
        return rotation % 180 == 0 ? storedWidth : storedHeight;
    }

    /** Height of the delivered (upright) frames. */
    public int height() {
        return rotation % 180 == 0 ? storedHeight : storedWidth;
    }

    /**
     * Clockwise degrees (0, 90, 180, 270) the input asks players to turn its stored picture; the
     * frames this source delivers are already turned.
     */
    public int rotation() {
        return rotation;
    }

    /** Size, rate and rotation of the frames, for a {@link VideoSink}. */
    public VideoFormat format() {
        return new VideoFormat(width(), height(), frameRate, rotation);
    }

    /** Duration in microseconds when known (files), else -1. */
    public long durationMicros() {
        return durationMicros;
    }

    /** The FFmpeg name of the video codec, e.g. "h264". */
    public String videoCodec() {
        return videoCodec;
    }

    /** Whether the input has an audio stream. */
    public boolean hasAudio() {
        return audioIndex >= 0;
    }

    /** The FFmpeg name of the audio codec, or null without audio. */
    public String audioCodec() {
        return audioCodec;
    }

    /** Audio packets dropped because a live input's audio queue was full. */
    public long audioPacketsDropped() {
        AudioQueue q = audioQueue;
        return q == null ? 0 : q.dropped();
    }

    // ------------------------------------------------------------------ for the sink

    Rational videoTimeBase() {
        return videoTimeBase;
    }

    Rational audioTimeBase() {
        return audioTimeBase;
    }

    ColorInfo color() {
        return color;
    }

    /** The pixel aspect ratio of the stored picture (1/1 for square pixels). */
    Rational sampleAspectRatio() {
        return sampleAspectRatio;
    }

    /** The audio stream's parameters (valid while the source is open; the sink copies them). */
    AVCodecParameters audioParameters() {
        lock.lock();
        try {
            requireOpen();
            return audioIndex < 0 ? null : fmt.streams(audioIndex).codecpar();
        } finally {
            lock.unlock();
        }
    }

    /** Starts queueing audio packets for one sink; must happen before the first read. */
    AudioQueue attachAudio() {
        lock.lock();
        try {
            requireOpen();
            if (audioIndex < 0) {
                return null;
            }
            if (audioQueue != null) {
                throw new IllegalStateException(name + ": another sink already takes this source's audio");
            }
            if (nextIndex > 0 || demuxEnded) {
                throw new IllegalStateException(name
                        + ": create the sink before reading frames, or its audio would be cut");
            }
            audioQueue = new AudioQueue(name, options.audioQueuePackets(), live);
            return audioQueue.retain();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ closing

    /**
     * Ends the input from any thread: a blocked {@link #read()} returns soon, and later reads return
     * {@code null}, as at the end of a file. Frames already decoded are not delivered. For live
     * inputs this is the normal way to finish a recording.
     */
    public void stop() {
        stopRequested = true;
        flag.abort();
    }

    /** Frees everything; a read blocked in another thread is aborted first. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        stopRequested = true;
        flag.abort();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            release();
        } finally {
            lock.unlock();
        }
    }

    private void release() {
        if (audioQueue != null) {
            // no more packets will come; the sink may still drain what was read (it releases its share)
            audioQueue.markEnded();
            audioQueue.release();
        }
        if (pkt != null) {
            av_packet_free(pkt);
            pkt = null;
        }
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (dec != null) {
            avcodec_free_context(dec);
            dec = null;
        }
        if (fmt != null) {
            avformat_close_input(fmt);
            fmt = null;
        }
        converter.close();
        if (unrotated != null) {
            unrotated.close();
            unrotated = null;
        }
        flag.close();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(name + ": this VideoSource is closed");
        }
    }

    @Override
    public String toString() {
        return "VideoSource[" + name + ", " + width() + "x" + height() + " " + videoCodec + ", " + frameRate + " fps"
                + (rotation != 0 ? ", rotated " + rotation : "") + (audioCodec != null ? ", audio " + audioCodec : "")
                + (live ? ", live" : "") + "]";
    }
}
