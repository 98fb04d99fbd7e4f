package io.github.anonymizer.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_move_ref;

import io.github.anonymizer.api.MediaException;
import java.util.ArrayDeque;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * The bounded hand-over of audio packets from a {@link VideoSource} (which demuxes them on its
 * reader thread, interleaved with the video) to the {@link VideoSink} made from it (which writes them
 * on its writer thread as video frames with later timestamps arrive).
 *
 * <p>Packets carry timestamps already shifted to the source's origin, in the audio stream's time
 * base. When the queue is full, a live source drops the oldest packet (counted); a file fails with a
 * {@link MediaException}, since its audio would otherwise go out of sync or be cut.
 *
 * <p>Thread-safe. Owns the packets it holds. Shared by the source (which fills it) and the sink
 * (which drains it, possibly after the source was closed at the end of its input): each side calls
 * {@link #release()} when done, and the packets still queued are freed when both have.
 */
final class AudioQueue implements AutoCloseable {
    /** One queued packet and its presentation time in microseconds from the origin. */
    record Entry(AVPacket packet, long micros) {}

    private final String source;
    private final int capacity;
    private final boolean dropWhenFull;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private boolean closed;
    private boolean ended;
    private long dropped;
    private int owners = 1;

    AudioQueue(String source, int capacity, boolean dropWhenFull) {
        this.source = source;
        this.capacity = capacity;
        this.dropWhenFull = dropWhenFull;
    }

    /** Moves the packet's data into the queue; {@code pkt} is left blank. */
    synchronized void offer(AVPacket pkt, long micros) {
        if (closed) {
            return;
        }
        if (entries.size() >= capacity) {
            if (!dropWhenFull) {
                throw new MediaException(source, "more than " + capacity + " audio packets are waiting for video"
                        + " (the audio runs far ahead of the video in this file); drop the audio or raise the"
                        + " audio queue limit", null);
            }
            Entry old = entries.pollFirst();
            av_packet_free(old.packet());
            dropped++;
        }
        AVPacket copy = av_packet_alloc();
        if (copy == null || copy.isNull()) {
            throw new OutOfMemoryError("av_packet_alloc");
        }
        av_packet_move_ref(copy, pkt);
        entries.addLast(new Entry(copy, micros));
    }

    /** The oldest packet if its time is at most {@code micros} (or unknown); the caller frees it. */
    synchronized Entry pollUpTo(long micros) {
        Entry e = entries.peekFirst();
        if (e == null || (e.micros() != Long.MIN_VALUE && e.micros() > micros)) {
            return null;
        }
        return entries.pollFirst();
    }

    /** The oldest packet, or null; the caller frees it. */
    synchronized Entry poll() {
        return entries.pollFirst();
    }

    /** Marks that the source demuxed its whole input: no more packets will come. */
    synchronized void markEnded() {
        ended = true;
    }

    /** Whether the source reached the end of its input. */
    synchronized boolean ended() {
        return ended;
    }

    /** Packets dropped because the queue was full (live sources only). */
    synchronized long dropped() {
        return dropped;
    }

    synchronized int size() {
        return entries.size();
    }

    /** Adds an owner (the sink that drains this queue). */
    synchronized AudioQueue retain() {
        owners++;
        return this;
    }

    /** One owner is done; the last one frees the packets still queued. */
    synchronized void release() {
        if (--owners <= 0) {
            close();
        }
    }

    /** Frees every queued packet; later offers are ignored. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        Entry e;
        while ((e = entries.pollFirst()) != null) {
            av_packet_free(e.packet());
        }
    }
}
