package io.github.anonymizer.core.pipeline;

import io.github.anonymizer.api.MediaException;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A source of {@link TestFrames}: {@code count} frames (or endless with -1), optionally live,
 * failing at one frame, or paced by a semaphore (one permit per frame) so that live tests do not
 * depend on timing. Confined to the reader thread except {@link #close()} and the flags.
 */
final class SyntheticSource implements FrameSource {
    private final TestFrames frames;
    private final long count;
    private final boolean live;
    private long next;
    long failAt = -1;
    Semaphore pace;
    final CountDownLatch ended = new CountDownLatch(1);
    volatile boolean closed;
    volatile Thread readerThread;

    SyntheticSource(TestFrames frames, long count, boolean live) {
        this.frames = frames;
        this.count = count;
        this.live = live;
    }

    @Override
    public VideoFrame read() {
        readerThread = Thread.currentThread();
        if (closed) {
            return null;
        }
        if (count >= 0 && next >= count) {
            ended.countDown();
            return null;
        }
        if (next == failAt) {
            throw new MediaException("synthetic.mp4", "corrupt packet in frame " + next, null);
        }
        if (pace != null) {
            try {
                while (!pace.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                    if (closed) {
                        return null;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MediaException("synthetic.mp4", "interrupted", e);
            }
        }
        long i = next++;
        return new VideoFrame(i, i * 33_333, frames.image(i));
    }

    @Override
    public OptionalLong frameCount() {
        return count >= 0 ? OptionalLong.of(count) : OptionalLong.empty();
    }

    @Override
    public double frameRate() {
        return 30;
    }

    @Override
    public boolean isLive() {
        return live;
    }

    @Override
    public String name() {
        return "synthetic.mp4";
    }

    @Override
    public void close() {
        closed = true;
    }
}
