package io.github.anonymizer.core.pipeline;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MaskShape;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.FrameReport;
import io.github.anonymizer.core.track.HoldSettings;
import io.github.anonymizer.core.track.HoldTracker;
import io.github.anonymizer.core.track.TrackedFace;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Anonymizes a whole stream: a video file, a camera, a network stream or frames pushed by
 * application code, from a {@link FrameSource} to a {@link FrameSink}, with several detection
 * workers, frames written in their original order, faces held across missed frames, bounded
 * memory, cancellation and fail-closed error handling.
 *
 * <pre>{@code
 * try (Anonymizer anonymizer = Anonymizer.builder().detector("centerface").build()) {
 *     PipelineResult r = Pipeline.builder(anonymizer)
 *             .source(videoSource)            // for example a file source from anonymizer-video
 *             .sink(videoSink)
 *             .progressListener(p -> System.err.printf("%d/%s frames%n", p.framesWritten(), p.totalFrames()))
 *             .build()
 *             .run();                          // blocks; throws PipelineException on failure
 * }
 * }</pre>
 *
 * <h2>Threads and order</h2>
 * One <em>reader</em> thread reads frames from the source into a bounded queue; {@link
 * Builder#workers(int) workers} threads take frames from it and detect faces in parallel
 * ({@link Anonymizer#detect}); the <em>writer</em> (the thread that calls {@link #run()}) takes
 * the results in frame order from a reorder buffer, runs the {@link HoldTracker} (which needs
 * frames in order), hides the faces ({@link Anonymizer#hide}) and writes the frame to the sink.
 * Filters run on the writer thread because the regions of frame N depend on the tracks of frames
 * before it (and, with a backward hold, after it); they cost much less than detection, since they
 * touch only the face regions. While a pipeline with more than one worker runs, OpenCV's
 * process-wide thread count is 1 (restored when the last such pipeline ends): the workers are the
 * parallelism, and OpenCV's shared pool would only make them wait for each other. Detectors on
 * ONNX Runtime take their thread count from their own options (CenterFace: 1 per call by default).
 *
 * <h2>Bounded memory</h2>
 * At most {@link Builder#maxFramesInFlight(int) maxFramesInFlight} frames are alive inside the
 * pipeline at once, wherever they are (queued, being detected, waiting for an earlier frame,
 * held back for the backward hold, being written); the reader blocks until a frame leaves, so
 * memory stays bounded however long the stream. (In live mode one more frame, the one just read,
 * may exist while the reader makes room for it.) A frame of W x H pixels takes 3 W H bytes.
 *
 * <h2>Live sources</h2>
 * When {@link FrameSource#isLive()} is true the reader never waits for the pipeline: when the
 * pipeline is full it drops the oldest frame still waiting for a worker (or, when none is
 * waiting, the frame just read), so the output keeps up with real time. Dropped frames are
 * counted in the progress and result; the frames written stay in order.
 *
 * <h2>Temporal protection</h2>
 * The {@link HoldSettings} (by default {@link HoldSettings#forFrameRate} of the source's frame
 * rate) keep a face hidden for a few frames after the detector lost it and, with a backward hold
 * of k frames, hide a new face in the k frames before its first detection too; the output is then
 * delayed by k frames. Holds count frames that reach the writer, so dropped frames do not count.
 *
 * <h2>Failures fail closed</h2>
 * A frame whose detection or filtering failed is never written as it is: by default a job on a
 * file fails as a whole ({@link FailurePolicy#FAIL}), and a live job writes that frame with the
 * whole picture hidden ({@link FailurePolicy#MASK_WHOLE_FRAME}); see {@link FailurePolicy}.
 * Failures of the source, the sink or a listener always fail the job. A failed or cancelled job
 * closes the sink without {@link FrameSink#finish()}, so file sinks delete their partial output,
 * and {@code run()} throws a {@link PipelineException} naming the frame (or a
 * {@link CancellationException}). Every frame is closed exactly once, on every path.
 *
 * <h2>Ownership and lifecycle</h2>
 * A pipeline runs once. {@link #run()} or {@link #start()} takes ownership of the source and the
 * sink and closes both before returning; the {@link Anonymizer} stays the caller's and must stay
 * open until the run ends. The source's {@code name()}, {@code isLive()}, {@code frameRate()} and
 * {@code frameCount()} are read once, by {@link Builder#build()}; {@code read()} is called only on
 * the reader thread, and {@code close()} possibly from another thread, to stop a blocked read.
 *
 * <p><b>Thread-safe</b>: {@link #cancel()} may be called from any thread at any time; {@link
 * #run()} may be called once, from one thread.
 */
public final class Pipeline {

    private static final System.Logger LOG = System.getLogger(Pipeline.class.getName());

    /** End-of-stream marker for the workers. */
    private static final Item END = new Item(-1, null);

    private final Anonymizer anonymizer;
    private final FrameSource source;
    private final FrameSink sink;
    private final String sourceName;
    private final boolean live;
    private final OptionalLong totalFrames;
    private final int workers;
    private final int queueCapacity;
    private final int maxFramesInFlight;
    private final HoldSettings hold;
    private final FailurePolicy failurePolicy;
    private final PipelineProgressListener progressListener;
    private final RegionListener regionListener;

    private final AtomicBoolean claimed = new AtomicBoolean();
    private final Semaphore permits;
    private final BlockingQueue<Item> queue;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Detected (or dropped) frames by sequence number, waiting for the writer. Guarded by lock. */
    private final Map<Long, Item> finished = new HashMap<>();
    /** The number of frames the reader produced, once it reached the end; -1 before. Guarded by lock. */
    private long endSequence = -1;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean sourceClosed = new AtomicBoolean();

    private final AtomicLong framesRead = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong corruptSkipped = new AtomicLong();
    private final AtomicLong sourceDropped = new AtomicLong();

    // writer thread only
    private long startNanos;
    private long framesWritten;
    private long failedMasked;
    private long failedDropped;
    private long heldRegions;
    private long backwardRegions;
    private long lastIndex = -1;
    private int lastWidth = -1;
    private int lastHeight = -1;

    private Pipeline(Builder b, int workers, int queueCapacity, int maxFramesInFlight, HoldSettings hold,
            FailurePolicy failurePolicy) {
        this.anonymizer = b.anonymizer;
        this.source = b.source;
        this.sink = b.sink;
        this.sourceName = b.sourceName;
        this.live = b.live;
        this.totalFrames = b.totalFrames;
        this.workers = workers;
        this.queueCapacity = queueCapacity;
        this.maxFramesInFlight = maxFramesInFlight;
        this.hold = hold;
        this.failurePolicy = failurePolicy;
        this.progressListener = b.progressListener;
        this.regionListener = b.regionListener;
        this.permits = new Semaphore(maxFramesInFlight);
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
    }

    /** A builder for a pipeline that anonymizes with {@code anonymizer}. */
    public static Builder builder(Anonymizer anonymizer) {
        return new Builder(anonymizer);
    }

    // ------------------------------------------------------------------ public API

    /**
     * Runs the job on the calling thread (which becomes the writer) until the source ends, the job
     * fails or it is cancelled. Interrupting the calling thread cancels the job (the interrupt
     * status is kept).
     *
     * @return what was done, after the sink was finished and closed
     * @throws PipelineException when a frame could not be read, anonymized or written (the sink was
     *     closed without finish)
     * @throws CancellationException when {@link #cancel()} was called or the thread interrupted
     * @throws IllegalStateException when the pipeline was already run
     */
    public PipelineResult run() {
        claim();
        return runClaimed();
    }

    /**
     * Runs the job on a new thread. The future completes when the job has ended and the sink has
     * been closed: normally, exceptionally with the {@link PipelineException}, or cancelled.
     * Cancelling the future cancels the job; the cleanup then finishes in the background (call
     * {@link #cancel()} and wait for the future instead to know when the output is gone). The
     * thread is not a daemon, so the JVM does not exit halfway through writing a file.
     *
     * @throws IllegalStateException when the pipeline was already run
     */
    public CompletableFuture<PipelineResult> start() {
        claim();
        CompletableFuture<PipelineResult> future = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                Pipeline.this.cancel();
                return super.cancel(mayInterruptIfRunning);
            }
        };
        Thread t = new Thread(() -> {
            try {
                future.complete(runClaimed());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, "anonymizer-pipeline-writer");
        t.start();
        return future;
    }

    /**
     * Stops the job as soon as possible: no further frame is written, the sink is closed without
     * finish, every frame is closed, and {@code run()} throws {@link CancellationException}. May
     * be called from any thread, before or during the run; does nothing after the job has ended.
     */
    public void cancel() {
        fail(new CancellationException("the anonymization of " + sourceName + " was cancelled"));
    }

    /** The number of detection worker threads. */
    public int workers() {
        return workers;
    }

    /** The capacity of the queue between the reader and the workers. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** The most frames alive inside the pipeline at once. */
    public int maxFramesInFlight() {
        return maxFramesInFlight;
    }

    /** The temporal protection in use. */
    public HoldSettings hold() {
        return hold;
    }

    /** What happens to a frame whose detection or filtering failed. */
    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    /** Whether the source is live (stale frames are dropped). */
    public boolean isLive() {
        return live;
    }

    // ------------------------------------------------------------------ frames in flight

    /** A frame on its way through the pipeline, with what was found in it. */
    private static final class Item {
        final long sequence;
        VideoFrame frame;
        boolean holdsPermit;
        FrameReport report;
        RuntimeException error;
        boolean dropped;
        boolean wholeFrame;
        List<FaceRegion> regions;

        Item(long sequence, VideoFrame frame) {
            this.sequence = sequence;
            this.frame = frame;
        }
    }

    /** Closes the item's frame and gives its place in the pipeline back. Idempotent. */
    private void release(Item item) {
        try {
            if (item.frame != null) {
                item.frame.close();
                item.frame = null;
            }
        } finally {
            if (item.holdsPermit) {
                item.holdsPermit = false;
                permits.release();
            }
        }
    }

    private void publish(Item item) {
        lock.lock();
        try {
            finished.put(item.sequence, item);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Drops a frame to keep up with a live source: closes it and tells the writer to skip it. */
    private void dropStale(Item item, Item heir) {
        if (heir != null && item.holdsPermit) {
            item.holdsPermit = false;
            heir.holdsPermit = true;
        }
        release(item);
        item.dropped = true;
        dropped.incrementAndGet();
        publish(item);
    }

    // ------------------------------------------------------------------ failure and stopping

    private void claim() {
        if (!claimed.compareAndSet(false, true)) {
            throw new IllegalStateException("this pipeline was already run; build a new one");
        }
    }

    private void fail(Throwable t) {
        if (!failure.compareAndSet(null, t)) {
            Throwable first = failure.get();
            if (first != t && !(t instanceof CancellationException) && !(first instanceof CancellationException)) {
                LOG.log(System.Logger.Level.DEBUG, "further failure after the first one", t);
            }
        }
        stop();
    }

    /** Makes every thread stop: the writer wakes, the reader and workers are interrupted. */
    private void stop() {
        stopping = true;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        synchronized (threads) {
            for (Thread t : threads) {
                t.interrupt();
            }
        }
        closeSource();
    }

    private void closeSource() {
        if (sourceClosed.compareAndSet(false, true)) {
            try {
                source.close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + sourceName + " failed", e);
            }
        }
    }

    // ------------------------------------------------------------------ reader

    private void readLoop() {
        long sequence = 0;
        long nextIndex = 0;
        Item inHand = null;
        try {
            while (!stopping) {
                boolean permit = false;
                if (!live) {
                    permits.acquire();
                    permit = true;
                }
                VideoFrame frame;
                try {
                    frame = source.read();
                } catch (RuntimeException e) {
                    if (permit) {
                        permits.release();
                    }
                    if (!stopping) {
                        fail(new PipelineException(PipelineException.Stage.READ, nextIndex, sourceName, e));
                    }
                    return;
                }
                if (frame == null) {
                    if (permit) {
                        permits.release();
                    }
                    break;
                }
                inHand = new Item(sequence++, frame);
                inHand.holdsPermit = permit;
                framesRead.incrementAndGet();
                nextIndex = frame.index() + 1;
                corruptSkipped.set(source.corruptFramesSkipped());
                sourceDropped.set(source.framesDropped());
                if (live && !makeRoom(inHand)) {
                    inHand = null;
                    continue;
                }
                queue.put(inHand);
                inHand = null;
            }
            if (!stopping) {
                lock.lock();
                try {
                    endSequence = sequence;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
                queue.put(END);
            }
        } catch (InterruptedException e) {
            // stopping
        } catch (Throwable t) {
            fail(t);
        } finally {
            if (inHand != null) {
                release(inHand);
            }
            closeSource();
        }
    }

    /**
     * Live mode: finds a place for the frame just read, dropping the oldest waiting frame when the
     * pipeline is full, or this one when no frame is waiting.
     *
     * @return whether the frame may be queued (else it was dropped)
     */
    private boolean makeRoom(Item item) {
        if (permits.tryAcquire()) {
            item.holdsPermit = true;
            if (queue.remainingCapacity() == 0) {
                Item oldest = queue.poll();
                if (oldest != null) {
                    dropStale(oldest, null);
                }
            }
            return true;
        }
        Item oldest = queue.poll();
        if (oldest != null) {
            dropStale(oldest, item);
            return true;
        }
        dropStale(item, null);
        return false;
    }

    // ------------------------------------------------------------------ workers

    private void workLoop() {
        Item inHand = null;
        try {
            while (true) {
                inHand = queue.take();
                if (inHand == END) {
                    inHand = null;
                    queue.put(END);
                    return;
                }
                if (stopping) {
                    return;
                }
                try {
                    inHand.report = anonymizer.detect(inHand.frame.image());
                } catch (RuntimeException e) {
                    inHand.error = e;
                }
                publish(inHand);
                inHand = null;
            }
        } catch (InterruptedException e) {
            // stopping
        } catch (Throwable t) {
            fail(t);
        } finally {
            if (inHand != null) {
                release(inHand);
            }
        }
    }

    // ------------------------------------------------------------------ writer

    private PipelineResult runClaimed() {
        startNanos = System.nanoTime();
        HoldTracker tracker = new HoldTracker(hold);
        ArrayDeque<Item> window = new ArrayDeque<>();
        Item current = null;
        boolean interrupted = false;
        boolean sinkFinished = false;
        boolean singleThreadedOpenCv = workers > 1;
        if (singleThreadedOpenCv) {
            OpenCvThreads.acquire();
        }
        try {
            startThreads();
            long next = 0;
            while (true) {
                lock.lock();
                try {
                    current = null;
                    while (!stopping) {
                        current = finished.remove(next);
                        if (current != null || (endSequence >= 0 && next >= endSequence)) {
                            break;
                        }
                        changed.await();
                    }
                } finally {
                    lock.unlock();
                }
                if (current == null) {
                    break;
                }
                next++;
                Item item = current;
                current = null;
                accept(item, tracker, window);
            }
            if (!stopping) {
                while (!window.isEmpty()) {
                    emit(window.pollFirst());
                }
                reportProgress();
                try {
                    sink.finish();
                } catch (RuntimeException e) {
                    throw new PipelineException(PipelineException.Stage.FINISH, -1, sourceName, e);
                }
                sinkFinished = true;
            }
        } catch (InterruptedException e) {
            interrupted = true;
            cancel();
        } catch (Throwable t) {
            fail(t);
        } finally {
            stop();
            interrupted |= joinThreads();
            drain(current, window);
            closeSink(sinkFinished);
            if (singleThreadedOpenCv) {
                OpenCvThreads.release();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException e) {
            throw e;
        }
        if (f instanceof Error e) {
            throw e;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
        return new PipelineResult(framesRead.get(), framesWritten, dropped.get(), sourceDropped.get(),
                failedMasked, failedDropped, corruptSkipped.get(), tracker.tracksStarted(), heldRegions,
                backwardRegions, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private void startThreads() {
        synchronized (threads) {
            threads.add(new Thread(this::readLoop, "anonymizer-reader"));
            for (int i = 1; i <= workers; i++) {
                threads.add(new Thread(this::workLoop, "anonymizer-detect-" + i));
            }
            for (Thread t : threads) {
                t.setDaemon(true);
                t.start();
            }
            if (stopping) {
                threads.forEach(Thread::interrupt);
            }
        }
    }

    /** Waits for the reader and workers to end; returns whether this thread was interrupted meanwhile. */
    private boolean joinThreads() {
        boolean interrupted = false;
        List<Thread> all;
        synchronized (threads) {
            all = List.copyOf(threads);
        }
        for (Thread t : all) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        return interrupted;
    }

    /** Closes every frame still in the pipeline; only once the reader and workers have ended. */
    private void drain(Item current, ArrayDeque<Item> window) {
        if (current != null) {
            release(current);
        }
        window.forEach(this::release);
        window.clear();
        for (Item i; (i = queue.poll()) != null; ) {
            if (i != END) {
                release(i);
            }
        }
        lock.lock();
        try {
            finished.values().forEach(this::release);
            finished.clear();
        } finally {
            lock.unlock();
        }
    }

    private void closeSink(boolean finishedOk) {
        try {
            sink.close();
        } catch (RuntimeException e) {
            Throwable first = failure.get();
            if (first != null) {
                if (!(first instanceof CancellationException)) {
                    first.addSuppressed(e);
                }
            } else {
                fail(new PipelineException(PipelineException.Stage.FINISH, -1, sourceName, e));
            }
        }
        if (!finishedOk && failure.get() == null) {
            fail(new IllegalStateException("the pipeline stopped without finishing " + sourceName));
        }
    }

    /** Takes one frame in order: tracks its faces and queues it for output. */
    private void accept(Item item, HoldTracker tracker, ArrayDeque<Item> window) {
        if (item.dropped) {
            reportProgress();
            return;
        }
        try {
            lastIndex = item.frame.index();
            if (item.error != null) {
                if (!handleFailure(item, PipelineException.Stage.DETECT, item.error)) {
                    return;
                }
                item.regions = List.of();
            } else {
                Mat image = item.frame.image();
                int w = image.cols();
                int h = image.rows();
                if (w != lastWidth || h != lastHeight) {
                    tracker.reset();
                    lastWidth = w;
                    lastHeight = h;
                }
                List<FaceRegion> regions = new ArrayList<>();
                for (TrackedFace face : tracker.update(item.report.hidden())) {
                    anonymizer.regionFor(face.detection(), face.trackId(), w, h).ifPresent(r -> {
                        regions.add(r);
                        if (face.held()) {
                            heldRegions++;
                        }
                    });
                    if (face.newTrack()) {
                        holdBackward(face, tracker, window, w, h);
                    }
                }
                item.regions = regions;
            }
        } catch (RuntimeException | Error e) {
            release(item);
            throw e;
        }
        window.addLast(item);
        while (window.size() > hold.backwardFrames()) {
            emit(window.pollFirst());
        }
    }

    /** Hides a new face in the frames still held back before the one it was first detected in. */
    private void holdBackward(TrackedFace face, HoldTracker tracker, ArrayDeque<Item> window, int w, int h) {
        int back = 0;
        for (var it = window.descendingIterator(); it.hasNext() && back < hold.backwardFrames(); ) {
            Item earlier = it.next();
            back++;
            if (earlier.wholeFrame || earlier.frame.image().cols() != w || earlier.frame.image().rows() != h) {
                continue;
            }
            var region = anonymizer.regionFor(tracker.backward(face, back), face.trackId(), w, h);
            if (region.isPresent()) {
                List<FaceRegion> regions = new ArrayList<>(earlier.regions);
                regions.add(region.get());
                earlier.regions = regions;
                backwardRegions++;
            }
        }
    }

    /**
     * Applies the failure policy to a frame whose detection or filtering failed.
     *
     * @return whether the frame goes on (to be hidden whole); false when it was dropped
     * @throws PipelineException under {@link FailurePolicy#FAIL}
     */
    private boolean handleFailure(Item item, PipelineException.Stage stage, RuntimeException error) {
        switch (failurePolicy) {
            case MASK_WHOLE_FRAME -> {
                item.wholeFrame = true;
                failedMasked++;
                LOG.log(System.Logger.Level.WARNING, () -> sourceName + ", frame " + item.frame.index() + ": "
                        + stage.description() + " failed, the whole frame is hidden: " + error);
                return true;
            }
            case DROP_FRAME -> {
                LOG.log(System.Logger.Level.WARNING, () -> sourceName + ", frame " + item.frame.index() + ": "
                        + stage.description() + " failed, the frame is dropped: " + error);
                release(item);
                failedDropped++;
                reportProgress();
                return false;
            }
            default -> throw new PipelineException(stage, item.frame.index(), sourceName, error);
        }
    }

    /** Hides the faces of the oldest frame, writes it and closes it. */
    private void emit(Item item) {
        try {
            long index = item.frame.index();
            Mat image = item.frame.image();
            if (!item.wholeFrame) {
                try {
                    anonymizer.hide(image, item.regions);
                } catch (RuntimeException e) {
                    if (!handleFailure(item, PipelineException.Stage.FILTER, e)) {
                        return;
                    }
                }
            }
            List<FaceRegion> regions = item.regions;
            if (item.wholeFrame) {
                try {
                    anonymizer.hideWholeFrame(image);
                } catch (RuntimeException e) {
                    throw new PipelineException(PipelineException.Stage.FILTER, index, sourceName, e);
                }
                int w = image.cols();
                int h = image.rows();
                regions = List.of(new FaceRegion(0, 0, w, h, new Box(0, 0, w, h), MaskShape.BOX, null, -1, w, h));
            }
            if (regionListener != null) {
                try {
                    regionListener.onFrame(item.frame, regions);
                } catch (RuntimeException e) {
                    throw new PipelineException(PipelineException.Stage.LISTENER, index, sourceName, e);
                }
            }
            try {
                sink.write(item.frame);
            } catch (RuntimeException e) {
                throw new PipelineException(PipelineException.Stage.WRITE, index, sourceName, e);
            }
            framesWritten++;
        } finally {
            release(item);
        }
        reportProgress();
    }

    private void reportProgress() {
        if (progressListener == null) {
            return;
        }
        long nanos = System.nanoTime() - startNanos;
        double fps = nanos > 0 ? framesWritten / (nanos / 1e9) : 0;
        PipelineProgress p = new PipelineProgress(framesRead.get(), framesWritten, totalFrames, fps,
                dropped.get() + sourceDropped.get(), failedMasked + failedDropped, corruptSkipped.get(),
                Duration.ofNanos(nanos));
        try {
            progressListener.onProgress(p);
        } catch (RuntimeException e) {
            throw new PipelineException(PipelineException.Stage.LISTENER, lastIndex, sourceName, e);
        }
    }

    // ------------------------------------------------------------------ builder

    /**
     * Configures a {@link Pipeline}. Every setter validates its argument at once and names it in the
     * exception; setting anything twice is an error (fail fast).
     *
     * <p>Confined to one thread. {@link #build()} may be called once.
     */
    public static final class Builder {
        private final Anonymizer anonymizer;
        private FrameSource source;
        private FrameSink sink;
        private int workers;
        private int queueCapacity;
        private int maxFramesInFlight;
        private HoldSettings hold;
        private FailurePolicy failurePolicy;
        private PipelineProgressListener progressListener;
        private RegionListener regionListener;
        private boolean built;
        // read from the source by build()
        private String sourceName;
        private boolean live;
        private OptionalLong totalFrames;

        private Builder(Anonymizer anonymizer) {
            this.anonymizer = Objects.requireNonNull(anonymizer, "anonymizer");
        }

        /** Where the frames come from (required). Owned by the pipeline once it runs. */
        public Builder source(FrameSource source) {
            this.source = setOnce(this.source, source, "source");
            return this;
        }

        /** Where the anonymized frames go (required). Owned by the pipeline once it runs. */
        public Builder sink(FrameSink sink) {
            this.sink = setOnce(this.sink, sink, "sink");
            return this;
        }

        /**
         * The number of detection threads, in [1, 256]; default: the number of processors. Detectors
         * that use several threads themselves (ONNX Runtime, OpenCV DNN) may need fewer.
         */
        public Builder workers(int count) {
            this.workers = setOnce(workers, count, 256, "number of workers");
            return this;
        }

        /**
         * How many frames may wait between the reader and the workers, in [1, 10000]; default: the
         * number of workers.
         */
        public Builder queueCapacity(int frames) {
            this.queueCapacity = setOnce(queueCapacity, frames, 10_000, "queue capacity");
            return this;
        }

        /**
         * The most frames alive inside the pipeline at once (queued, detecting, waiting for order,
         * held back, writing), in [1, 10000]; it must exceed the backward hold. Default: queue
         * capacity + 2 x workers + backward hold frames. Memory is about this many times 3 x width
         * x height bytes.
         */
        public Builder maxFramesInFlight(int frames) {
            this.maxFramesInFlight = setOnce(maxFramesInFlight, frames, 10_000, "max frames in flight");
            return this;
        }

        /**
         * The temporal protection; default {@link HoldSettings#forFrameRate} of the source's frame
         * rate. {@link HoldSettings#none()} switches it off.
         */
        public Builder hold(HoldSettings settings) {
            this.hold = setOnce(this.hold, settings, "hold");
            return this;
        }

        /**
         * What happens to a frame whose detection or filtering failed; default {@link
         * FailurePolicy#FAIL} for files and {@link FailurePolicy#MASK_WHOLE_FRAME} for live sources.
         */
        public Builder failurePolicy(FailurePolicy policy) {
            this.failurePolicy = setOnce(this.failurePolicy, policy, "failure policy");
            return this;
        }

        /** Receives progress after every frame, on the writer thread. */
        public Builder progressListener(PipelineProgressListener listener) {
            this.progressListener = setOnce(this.progressListener, listener, "progress listener");
            return this;
        }

        /** Sees the regions hidden in every frame before it is written, on the writer thread. */
        public Builder regionListener(RegionListener listener) {
            this.regionListener = setOnce(this.regionListener, listener, "region listener");
            return this;
        }

        /**
         * Builds the pipeline, reading the source's name, liveness, frame rate and frame count.
         *
         * @throws IllegalStateException when the source or sink is missing, or build() was called
         *     before
         * @throws IllegalArgumentException for inconsistent settings
         */
        public Pipeline build() {
            if (built) {
                throw new IllegalStateException("build() was already called; a pipeline runs once, use a new builder");
            }
            if (source == null) {
                throw new IllegalStateException("no source was set");
            }
            if (sink == null) {
                throw new IllegalStateException("no sink was set");
            }
            sourceName = String.valueOf(source.name());
            live = source.isLive();
            totalFrames = Objects.requireNonNull(source.frameCount(), "frameCount() of " + sourceName);
            HoldSettings h = hold != null ? hold : HoldSettings.forFrameRate(source.frameRate());
            int w = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
            int q = queueCapacity > 0 ? queueCapacity : w;
            int max = maxFramesInFlight > 0 ? maxFramesInFlight : Math.min(10_000, q + 2 * w + h.backwardFrames());
            if (max <= h.backwardFrames()) {
                throw new IllegalArgumentException("max frames in flight (" + max + ") must exceed the backward hold ("
                        + h.backwardFrames() + " frames), which keeps that many frames back");
            }
            FailurePolicy p = failurePolicy != null ? failurePolicy : live ? FailurePolicy.MASK_WHOLE_FRAME : FailurePolicy.FAIL;
            built = true;
            return new Pipeline(this, w, q, max, h, p);
        }

        /** Validates a count in [1, max] that may be set once (0 = not set yet). */
        private static int setOnce(int current, int value, int max, String what) {
            if (value < 1 || value > max) {
                throw new IllegalArgumentException(what + " must be in [1, " + max + "], got " + value);
            }
            if (current != 0) {
                throw new IllegalStateException("the " + what + " was already set to " + current);
            }
            return value;
        }

        /** Checks a setting that may be set once (null = not set yet). */
        private static <T> T setOnce(T current, T value, String what) {
            Objects.requireNonNull(value, what);
            if (current != null) {
                String was = current instanceof FrameSource src ? src.name() : String.valueOf(current);
                throw new IllegalStateException("the " + what + " was already set to " + was);
            }
            return value;
        }
    }
}
