package io.github.anonymizer.core.pipeline;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link FrameSink} that hands each anonymized frame to application code: show it, send it,
 * encode it with your own encoder.
 *
 * <p>The consumer sees frames in order, on the pipeline's writer thread. A frame is valid only
 * during the call: the pipeline closes it right after, so copy what you need
 * ({@code frame.image().clone()}). An exception thrown by the consumer fails the job.
 *
 * <p>Confined to the pipeline's writer thread, like every sink; {@link #isFinished()} may be read
 * from any thread.
 */
public final class CallbackSink implements FrameSink {

    private final Consumer<VideoFrame> onFrame;
    private final Runnable onFinish;
    private volatile boolean finished;
    private volatile boolean closed;

    private CallbackSink(Consumer<VideoFrame> onFrame, Runnable onFinish) {
        this.onFrame = Objects.requireNonNull(onFrame, "frame consumer");
        this.onFinish = Objects.requireNonNull(onFinish, "finish callback");
    }

    /** A sink calling {@code onFrame} for every frame. */
    public static CallbackSink of(Consumer<VideoFrame> onFrame) {
        return new CallbackSink(onFrame, () -> {});
    }

    /**
     * A sink calling {@code onFrame} for every frame and {@code onFinish} once when the stream
     * completed successfully (never after a failure or cancellation).
     */
    public static CallbackSink of(Consumer<VideoFrame> onFrame, Runnable onFinish) {
        return new CallbackSink(onFrame, onFinish);
    }

    @Override
    public void write(VideoFrame frame) {
        Objects.requireNonNull(frame, "frame");
        if (closed || finished) {
            throw new IllegalStateException("the callback sink is " + (closed ? "closed" : "finished"));
        }
        onFrame.accept(frame);
    }

    @Override
    public void finish() {
        if (closed) {
            throw new IllegalStateException("the callback sink is closed");
        }
        if (!finished) {
            onFinish.run();
            finished = true;
        }
    }

    /** Whether {@link #finish()} completed: the stream ended successfully. */
    public boolean isFinished() {
        return finished;
    }

    /** Idempotent. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "callback sink";
    }
}
