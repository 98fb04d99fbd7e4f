package io.github.anonymizer.video;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link VideoSource} opens its input.
 *
 * <pre>{@code
 * SourceOptions o = SourceOptions.builder()
 *         .formatOption("rtsp_transport", "udp")   // any FFmpeg demuxer / protocol / device option
 *         .readTimeoutMillis(5000)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SourceOptions {
    private static final SourceOptions DEFAULTS = builder().build();

    private final Map<String, String> formatOptions;
    private final String inputFormat;
    private final Boolean live;
    private final boolean lowLatency;
    private final long openTimeoutMillis;
    private final long readTimeoutMillis;
    private final boolean failOnTimeout;
    private final boolean realtime;
    private final int decoderThreads;
    private final int audioQueuePackets;
    private final int maxConsecutiveCorrupt;

    private SourceOptions(Builder b) {
        this.formatOptions = Map.copyOf(b.formatOptions);
        this.inputFormat = b.inputFormat;
        this.live = b.live;
        this.lowLatency = b.lowLatency;
        this.openTimeoutMillis = b.openTimeoutMillis;
        this.readTimeoutMillis = b.readTimeoutMillis;
        this.failOnTimeout = b.failOnTimeout;
        this.realtime = b.realtime;
        this.decoderThreads = b.decoderThreads;
        this.audioQueuePackets = b.audioQueuePackets;
        this.maxConsecutiveCorrupt = b.maxConsecutiveCorrupt;
    }

    /** Defaults: auto-detected input format, low-latency settings for live inputs. */
    public static SourceOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.formatOptions.putAll(formatOptions);
        b.inputFormat = inputFormat;
        b.live = live;
        b.lowLatency = lowLatency;
        b.openTimeoutMillis = openTimeoutMillis;
        b.readTimeoutMillis = readTimeoutMillis;
        b.failOnTimeout = failOnTimeout;
        b.realtime = realtime;
        b.decoderThreads = decoderThreads;
        b.audioQueuePackets = audioQueuePackets;
        b.maxConsecutiveCorrupt = maxConsecutiveCorrupt;
        return b;
    }

    /** FFmpeg demuxer, protocol and device options given by the user. */
    public Map<String, String> formatOptions() {
        return formatOptions;
    }

    /** The FFmpeg input format name to force (e.g. {@code "v4l2"}, {@code "mpegts"}), or null to probe. */
    public String inputFormat() {
        return inputFormat;
    }

    /** Whether the input is live: null means files are not, cameras and network URLs are. */
    public Boolean live() {
        return live;
    }

    /**
     * Low-latency demuxing and decoding for live inputs (default on): {@code fflags=nobuffer},
     * {@code analyzeduration=1 s}, decoder {@code low_delay} and slice threads, RTSP over TCP, UDP
     * overruns not fatal. The frames read while probing the stream (up to about a second) are then
     * dropped rather than delivered late.
     */
    public boolean lowLatency() {
        return lowLatency;
    }

    /** How long opening a live input may block; 0: no limit. */
    public long openTimeoutMillis() {
        return openTimeoutMillis;
    }

    /** How long one read of a live input may block; 0: no limit. */
    public long readTimeoutMillis() {
        return readTimeoutMillis;
    }

    /**
     * Whether a live input that sends nothing for {@link #readTimeoutMillis()}, or breaks off with
     * a read error after delivering frames, is an error (true) or the end of the stream (false,
     * default: a recording of a stream that stopped is kept).
     */
    public boolean failOnTimeout() {
        return failOnTimeout;
    }

    /** Whether a file is read at its native frame rate (like {@code ffmpeg -re}), e.g. to publish it as a stream. */
    public boolean realtime() {
        return realtime;
    }

    /** Decoder threads; 0 lets FFmpeg choose. */
    public int decoderThreads() {
        return decoderThreads;
    }

    /** The most audio packets a source holds for its sink before failing (files) or dropping the oldest (live). */
    public int audioQueuePackets() {
        return audioQueuePackets;
    }

    /** How many corrupt video packets in a row are skipped before the input counts as unreadable. */
    public int maxConsecutiveCorrupt() {
        return maxConsecutiveCorrupt;
    }

    /**
     * Builds {@link SourceOptions}.
     *
     * <p>Not thread-safe: use from one thread.
     */
    public static final class Builder {
        private final Map<String, String> formatOptions = new LinkedHashMap<>();
        private String inputFormat;
        private Boolean live;
        private boolean lowLatency = true;
        private long openTimeoutMillis = 15_000;
        private long readTimeoutMillis = 10_000;
        private boolean failOnTimeout;
        private boolean realtime;
        private int decoderThreads;
        private int audioQueuePackets = 4096;
        private int maxConsecutiveCorrupt = 300;

        private Builder() {}

        /** An FFmpeg demuxer, protocol or device option, e.g. {@code ("video_size", "1280x720")}; unknown ones fail. */
        public Builder formatOption(String key, String value) {
            formatOptions.put(requireKey(key), Objects.requireNonNull(value, "value of " + key));
            return this;
        }

        /** Several format options. */
        public Builder formatOptions(Map<String, String> options) {
            options.forEach(this::formatOption);
            return this;
        }

        /** Forces an FFmpeg input format (e.g. {@code "mpegts"}, {@code "v4l2"}); null probes. */
        public Builder inputFormat(String name) {
            this.inputFormat = name == null || name.isBlank() ? null : name.trim();
            return this;
        }

        /** Overrides live detection: true treats the input as live, false as a file-like input. */
        public Builder live(Boolean live) {
            this.live = live;
            return this;
        }

        /** Low-latency settings for live inputs (default on). */
        public Builder lowLatency(boolean on) {
            this.lowLatency = on;
            return this;
        }

        /** Limit for opening a live input (default 15 s); 0: none. */
        public Builder openTimeoutMillis(long millis) {
            this.openTimeoutMillis = requireNonNegative(millis, "open timeout");
            return this;
        }

        /** Limit for one blocking read of a live input (default 10 s); 0: none. */
        public Builder readTimeoutMillis(long millis) {
            this.readTimeoutMillis = requireNonNegative(millis, "read timeout");
            return this;
        }

        /** Makes a read timeout or error of a live input an error instead of the end of the stream. */
        public Builder failOnTimeout(boolean fail) {
            this.failOnTimeout = fail;
            return this;
        }

        /** Reads a file at its native frame rate instead of as fast as possible. */
        public Builder realtime(boolean on) {
            this.realtime = on;
            return this;
        }

        /** Decoder threads (default 0: FFmpeg chooses). */
        public Builder decoderThreads(int threads) {
            this.decoderThreads = (int) requireNonNegative(threads, "decoder threads");
            return this;
        }

        /** The audio packet queue bound (default 4096, about 90 s of AAC). */
        public Builder audioQueuePackets(int packets) {
            if (packets < 16) {
                throw new IllegalArgumentException("audio queue must hold at least 16 packets, got " + packets);
            }
            this.audioQueuePackets = packets;
            return this;
        }

        /** Corrupt video packets in a row tolerated before giving up (default 300). */
        public Builder maxConsecutiveCorrupt(int packets) {
            if (packets < 1) {
                throw new IllegalArgumentException("max consecutive corrupt packets must be >= 1, got " + packets);
            }
            this.maxConsecutiveCorrupt = packets;
            return this;
        }

        public SourceOptions build() {
            return new SourceOptions(this);
        }
    }

    static String requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("option name must not be blank");
        }
        return key.trim();
    }

    static long requireNonNegative(long v, String what) {
        if (v < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, got " + v);
        }
        return v;
    }
}
