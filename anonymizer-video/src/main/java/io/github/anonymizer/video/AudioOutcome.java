package io.github.anonymizer.video;

/**
 * What happened to the audio of a job.
 *
 * <p>Immutable and thread-safe.
 */
public enum AudioOutcome {
    /** The input has no audio stream. */
    NONE,
    /** Copied packet for packet, without decoding. */
    COPIED,
    /** Decoded and encoded again (the output container does not accept the input's codec, or asked for). */
    REENCODED,
    /** Left out on request ({@link AudioMode#DROP}). */
    DROPPED
}
