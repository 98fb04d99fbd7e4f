package io.github.anonymizer.core.pipeline;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.github.anonymizer.api.MediaException;
import io.github.anonymizer.api.UnsupportedFrameException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A {@link FrameSource} fed by application code: frames from a camera SDK, a game engine, a
 * network protocol the library does not speak. Push frames with {@link #push}, then call
 * {@link #end()}; the {@link Pipeline} reads them on its reader thread.
 *
 * <p>{@link #push} copies the pixels, so the caller keeps its Mat and may reuse it at once. The
 * source holds at most {@code capacity} frames. When it is full, a blocking source ({@link
 * #blocking}) makes {@code push} wait until the pipeline has taken a frame (back-pressure for
 * files and offline work), and a live source ({@link #live}) drops the oldest frame waiting and
 * counts it ({@link #framesDropped()}; the pipeline reports it). Frames are numbered from 0 in push
 * order, dropped ones included.
 *
 * <p>{@code push} returns {@code false} once the source has been closed, which the pipeline does
 * when its job ends, fails or is cancelled: stop pushing then. Closing the source before
 * {@code end()} makes a waiting {@code read()} fail, so the pipeline treats the stream as broken and
 * discards its output. Push from a thread other than the one running the pipeline.
 *
 * <p><b>Thread-safe</b>: any number of threads may push (their frames are ordered by who got the
 * lock first); {@link #read()} is for the pipeline's reader thread.
 */
public final class PushSource implements FrameSource {

    private final String name;
    private final int capacity;
    private final boolean live;
    private final double frameRate;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<VideoFrame> frames;
    private long nextIndex;
    private long dropped;
    private boolean ended;
    private boolean closed;

    /**
     * @param name for messages, for example "camera 2"
     * @param capacity the most frames held, in [1, 10000]
     * @param live whether a full source drops its oldest frame (true) or makes {@code push} wait
     * @param frameRate frames per second, or 0 when unknown (used for the hold defaults)
     */
    public PushSource(String name, int capacity, boolean live, double frameRate) {
        this.name = Objects.requireNonNull(name, "name");
        if (capacity < 1 || capacity > 10_000) {
            throw new IllegalArgumentException("push source capacity must be in [1, 10000] frames, got " + capacity);
        }
        if (!(frameRate >= 0) || Double.isInfinite(frameRate)) {
            throw new IllegalArgumentException("frame rate must be a finite number >= 0 (0 = unknown), got " + frameRate);
        }
        this.capacity = capacity;
        this.live = live;
        this.frameRate = frameRate;
        this.frames = new ArrayDeque<>(capacity);
    }

    /** A source whose {@code push} waits while {@code capacity} frames are queued. */
    public static PushSource blocking(String name, int capacity, double frameRate) {
        return new PushSource(name, capacity, false, frameRate);
    }

    /** A live source: when {@code capacity} frames are queued, {@code push} drops the oldest. */
    public static PushSource live(String name, int capacity, double frameRate) {
        return new PushSource(name, capacity, true, frameRate);
    }

    /**
     * Queues a copy of {@code bgr}; the caller keeps ownership of {@code bgr}.
     *
     * @param bgr an 8-bit, 3-channel BGR frame ({@code CV_8UC3}), at least 1x1
     * @param timestampMicros presentation time in microseconds, or -1 when unknown
     * @return true when the frame was queued; false when the source is closed (the pipeline has
     *     ended: stop pushing)
     * @throws InterruptedException when interrupted while waiting for room (blocking sources)
     * @throws IllegalStateException after {@link #end()}
     * @throws UnsupportedFrameException for another frame type
     */
    public boolean push(Mat bgr, long timestampMicros) throws InterruptedException {
        Objects.requireNonNull(bgr, "frame");
        if (bgr.isNull() || bgr.empty() || bgr.type() != CV_8UC3 || bgr.dims() != 2) {
            throw new UnsupportedFrameException(name + ": pushed frames must be 8-bit BGR (CV_8UC3) of at least 1x1, got "
                    + (bgr.isNull() || bgr.empty() ? "an empty Mat" : "type " + bgr.type() + ", " + bgr.cols() + "x" + bgr.rows()));
        }
        Mat copy = bgr.clone();
        boolean queued = false;
        try {
            lock.lockInterruptibly();
            try {
                while (true) {
                    if (ended) {
                        throw new IllegalStateException(name + ": push after end()");
                    }
                    if (closed) {
                        return false;
                    }
                    if (live || frames.size() < capacity) {
                        break;
                    }
                    notFull.await();
                }
                if (frames.size() >= capacity) {
                    frames.pollFirst().close();
                    dropped++;
                }
                frames.addLast(new VideoFrame(nextIndex++, timestampMicros, copy));
                queued = true;
                notEmpty.signalAll();
                return true;
            } finally {
                lock.unlock();
            }
        } finally {
            if (!queued) {
                copy.close();
            }
        }
    }

    /** Marks the end of the stream: the pipeline finishes after the frames queued. Idempotent. */
    public void end() {
        lock.lock();
        try {
            ended = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The oldest queued frame, waiting for one; {@code null} after {@link #end()} once all frames
     * were read.
     *
     * @throws MediaException when the source is closed before the end, or the thread is interrupted
     */
    @Override
    public VideoFrame read() {
        lock.lock();
        try {
            while (frames.isEmpty()) {
                if (ended) {
                    return null;
                }
                if (closed) {
                    throw new MediaException(name, "the push source was closed before end() was called", null);
                }
                try {
                    notEmpty.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MediaException(name, "interrupted while waiting for a pushed frame", e);
                }
            }
            VideoFrame f = frames.pollFirst();
            notFull.signalAll();
            return f;
        } finally {
            lock.unlock();
        }
    }

    /** Frames waiting to be read. */
    public int queued() {
        lock.lock();
        try {
            return frames.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public OptionalLong frameCount() {
        return OptionalLong.empty();
    }

    @Override
    public double frameRate() {
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

    /** Frames dropped because a live source was full. */
    @Override
    public long framesDropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the frames still queued; later pushes return false. Idempotent; may be called from
     * any thread.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (VideoFrame f; (f = frames.pollFirst()) != null; ) {
                f.close();
            }
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
