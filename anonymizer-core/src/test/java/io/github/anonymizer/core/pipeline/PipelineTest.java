package io.github.anonymizer.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.anonymizer.api.DetectorException;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.MediaException;
import io.github.anonymizer.api.RegionFilter;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.track.HoldSettings;
import io.github.anonymizer.core.track.MaskLeaks;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS) // a safety net against hangs, not a speed check
class PipelineTest {

    private TestFrames frames;

    @BeforeEach
    void openFrames() {
        frames = new TestFrames();
    }

    @AfterEach
    void closeFrames() {
        frames.close();
    }

    private static Anonymizer anonymizer(TestDetectors.Behaviour behaviour) {
        return anonymizer(behaviour, new TestDetectors.White());
    }

    private static Anonymizer anonymizer(TestDetectors.Behaviour behaviour, RegionFilter filter) {
        return Anonymizer.builder().detector(new TestDetectors.Factory(behaviour)).filter(filter).build();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    /** Every frame made was closed exactly once. */
    private void assertAllFramesClosed() {
        assertThat(frames.created.get()).as("frames created").isPositive();
        assertThat(frames.closed.get()).as("frames closed").isEqualTo(frames.created.get());
        assertThat(frames.doubleClosed.get()).as("frames closed twice").isZero();
    }

    private static void assertDiscarded(RecordingSink sink, SyntheticSource source) {
        assertThat(sink.finished).as("sink finished").isFalse();
        assertThat(sink.closeCount).as("sink closed once").isEqualTo(1);
        assertThat(source.closed).as("source closed").isTrue();
    }

    // ------------------------------------------------------------------ threads

    @Test
    void openCvIsSingleThreadedWhileSeveralWorkersRunAndRestoredAfter() {
        int before = org.bytedeco.opencv.global.opencv_core.getNumThreads();
        org.bytedeco.opencv.global.opencv_core.setNumThreads(3);
        try {
            List<Integer> seen = new CopyOnWriteArrayList<>();
            try (Anonymizer a = anonymizer(i -> {
                seen.add(org.bytedeco.opencv.global.opencv_core.getNumThreads());
                return List.of(TestDetectors.face(i));
            })) {
                Pipeline.builder(a).source(new SyntheticSource(frames, 10, false)).sink(new RecordingSink()).workers(2)
                        .build().run();
                assertThat(seen).hasSize(10).containsOnly(1);
                assertThat(org.bytedeco.opencv.global.opencv_core.getNumThreads()).as("restored").isEqualTo(3);
                seen.clear();
                Pipeline.builder(a).source(new SyntheticSource(frames, 5, false)).sink(new RecordingSink()).workers(1)
                        .build().run();
                assertThat(seen).as("one worker: OpenCV keeps its pool").hasSize(5).containsOnly(3);
            }
        } finally {
            org.bytedeco.opencv.global.opencv_core.setNumThreads(before);
        }
    }

    // ------------------------------------------------------------------ order, memory

    @Test
    void framesComeOutInOrderWithFourWorkersAndRandomDelays() {
        Random random = new Random(42);
        int[] delays = random.ints(80, 0, 5).toArray();
        List<List<FaceRegion>> regions = new CopyOnWriteArrayList<>();
        try (Anonymizer a = anonymizer(i -> {
            Thread.sleep(delays[(int) i]);
            return List.of(TestDetectors.face(i));
        })) {
            SyntheticSource source = new SyntheticSource(frames, 80, false);
            RecordingSink sink = new RecordingSink();
            sink.onWrite = f -> {
                try (Mat expected = frames.reference(f.index())) {
                    assertThat(TestFrames.pixel(f.image(), 300, 220))
                            .as("pixel far from the face, frame " + f.index())
                            .isEqualTo(TestFrames.pixel(expected, 300, 220));
                }
            };
            PipelineResult r = Pipeline.builder(a).source(source).sink(sink).workers(4)
                    .regionListener((f, rs) -> regions.add(rs)).build().run();

            assertThat(sink.indices).containsExactlyElementsOf(range(0, 80));
            assertThat(sink.pixelIndices).as("each frame carries its own pixels").isEqualTo(sink.indices);
            assertThat(sink.faceHidden).containsOnly(true);
            assertThat(sink.finished).isTrue();
            assertThat(sink.closeCount).isEqualTo(1);
            assertThat(source.closed).isTrue();
            assertThat(r.framesRead()).isEqualTo(80);
            assertThat(r.framesWritten()).isEqualTo(80);
            assertThat(r.droppedFrames()).isZero();
            assertThat(r.failedFramesMasked() + r.failedFramesDropped()).isZero();
            // the face jumps back at frame 50 (it drifts with i % 50): a second track starts there
            assertThat(r.tracks()).isEqualTo(2);
            for (int i = 0; i < 80; i++) {
                assertThat(regions.get(i).get(0).trackId()).as("track of frame " + i).isEqualTo(i < 50 ? 0 : 1);
            }
        }
        assertAllFramesClosed();
    }

    @Test
    void aSlowSinkBlocksTheReaderAtTheBound() {
        int bound = 5;
        AtomicBoolean first = new AtomicBoolean(true);
        AtomicInteger aliveWhenReleased = new AtomicInteger();
        try (Anonymizer a = anonymizer(TestDetectors.always())) {
            SyntheticSource source = new SyntheticSource(frames, 120, false);
            RecordingSink sink = new RecordingSink();
            sink.onWrite = f -> {
                if (first.getAndSet(false)) {
                    // hold the first write until the reader has filled the pipeline
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (frames.alive() < bound && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    aliveWhenReleased.set(frames.alive());
                }
            };
            PipelineResult r = Pipeline.builder(a).source(source).sink(sink).workers(3).queueCapacity(2)
                    .maxFramesInFlight(bound).hold(HoldSettings.forFrameRate(30).withBackwardFrames(1))
                    .build().run();
            assertThat(r.framesWritten()).isEqualTo(120);
            assertThat(sink.indices).containsExactlyElementsOf(range(0, 120));
        }
        assertThat(aliveWhenReleased.get()).as("the pipeline filled up to the bound").isEqualTo(bound);
        assertThat(frames.maxAlive.get()).as("frames alive at once").isEqualTo(bound);
        assertAllFramesClosed();
    }

    // ------------------------------------------------------------------ cancellation

    @Test
    void cancelMidStreamDiscardsTheOutputAndClosesEveryFrame() {
        try (Anonymizer a = anonymizer(TestDetectors.always())) {
            SyntheticSource source = new SyntheticSource(frames, -1, false);
            RecordingSink sink = new RecordingSink(10);
            Pipeline p = Pipeline.builder(a).source(source).sink(sink).workers(2).build();
            CompletableFuture<PipelineResult> done = p.start();
            assertThat(await(sink)).isTrue();
            p.cancel();
            assertThatThrownBy(done::join).isInstanceOf(CancellationException.class);
            assertThat(sink.indices.size()).isGreaterThanOrEqualTo(10);
            assertDiscarded(sink, source);
        }
        assertAllFramesClosed();
    }

    @Test
    void interruptingTheRunningThreadCancels() throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        try (Anonymizer a = anonymizer(TestDetectors.always())) {
            SyntheticSource source = new SyntheticSource(frames, -1, false);
            RecordingSink sink = new RecordingSink(5);
            Pipeline p = Pipeline.builder(a).source(source).sink(sink).workers(2).build();
            Thread t = new Thread(() -> {
                try {
                    p.run();
                } catch (Throwable e) {
                    thrown.set(e);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            t.start();
            assertThat(await(sink)).isTrue();
            t.interrupt();
            t.join();
            assertThat(thrown.get()).isInstanceOf(CancellationException.class);
            assertThat(stillInterrupted).as("interrupt status kept").isTrue();
            assertDiscarded(sink, source);
        }
        assertAllFramesClosed();
    }

    @Test
    void cancelUnblocksASourceWaitingForFrames() {
        try (Anonymizer a = anonymizer(TestDetectors.always())) {
            PushSource source = PushSource.blocking("nothing pushed", 2, 0);
            RecordingSink sink = new RecordingSink();
            Pipeline p = Pipeline.builder(a).source(source).sink(sink).build();
            CompletableFuture<PipelineResult> done = p.start();
            p.cancel();
            assertThatThrownBy(done::join).isInstanceOf(CancellationException.class);
            assertThat(sink.finished).isFalse();
            assertThat(sink.closeCount).isEqualTo(1);
        }
    }

    @Test
    void aPipelineRunsOnce() {
        try (Anonymizer a = anonymizer(TestDetectors.always())) {
            Pipeline p = Pipeline.builder(a).source(new SyntheticSource(frames, 3, false)).sink(new RecordingSink())
                    .build();
            p.run();
            assertThatThrownBy(p::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("already run");
            assertThatThrownBy(p::start).isInstanceOf(IllegalStateException.class);
        }
    }

    private static boolean await(RecordingSink sink) {
        try {
            return sink.writes.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ failures of file jobs

    /** Runs a job that must fail at this stage with a message containing every part. */
    private static PipelineException runFailing(Pipeline p, PipelineException.Stage stage, String... messageParts) {
        Throwable thrown = catchThrowable(p::run);
        assertThat(thrown).isInstanceOf(PipelineException.class);
        PipelineException e = (PipelineException) thrown;
        assertThat(e.stage()).isEqualTo(stage);
        for (String part : messageParts) {
            assertThat(e).hasMessageContaining(part);
        }
        return e;
    }

    @Test
    void aDetectorFailureAtFrame17FailsAFileJobAndNamesTheFrame() {
        try (Anonymizer a = anonymizer(i -> {
            if (i == 17) {
                throw new DetectorException("fake", "the model crashed");
            }
            return List.of(TestDetectors.face(i));
        })) {
            SyntheticSource source = new SyntheticSource(frames, 60, false);
            RecordingSink sink = new RecordingSink();
            Pipeline p = Pipeline.builder(a).source(source).sink(sink).workers(4).build();
            assertThat(p.failurePolicy()).isEqualTo(FailurePolicy.FAIL);
            PipelineException e = runFailing(p, PipelineException.Stage.DETECT, "synthetic.mp4, frame 17",
                    "detection failed", "the model crashed");
            assertThat(e).hasCauseInstanceOf(DetectorException.class);
            assertThat(e.frameIndex()).isEqualTo(17);
            assertThat(sink.indices).doesNotContain(17L).allMatch(i -> i < 17);
            assertThat(sink.faceHidden).containsOnly(true);
            assertDiscarded(sink, source);
        }
        assertAllFramesClosed();
    }

    @Test
    void aSourceErrorFailsTheJobWithTheFrameNumber() {
        try (Anonymizer a = anonymizer(TestDetectors.always())) {
            SyntheticSource source = new SyntheticSource(frames, 30, false);
            source.failAt = 9;
            RecordingSink sink = new RecordingSink();
            PipelineException e = runFailing(Pipeline.builder(a).source(source).sink(sink).workers(2).build(),
                    PipelineException.Stage.READ, "frame 9", "reading failed");
            assertThat(e).hasCauseInstanceOf(MediaException.class);
            assertThat(sink.indices).allMatch(i -> i < 9);
            assertDiscarded(sink, source);
        }
        assertAllFramesClosed();
    }

    @Test
    void aSinkErrorFailsTheJobWithTheFrameNumber() {
        try (Anonymizer a = anonymizer(TestDetectors.always())) {
            SyntheticSource source = new SyntheticSource(frames, 30, false);
            RecordingSink sink = new RecordingSink();
            sink.failAt = 4;
            PipelineException e = runFailing(Pipeline.builder(a).source(source).sink(sink).workers(2).build(),
                    PipelineException.Stage.WRITE, "frame 4", "disk full");
            assertThat(e).hasCauseInstanceOf(MediaException.class);
            assertThat(sink.indices).containsExactlyElementsOf(range(0, 4));
            assertDiscarded(sink, source);
        }
        assertAllFramesClosed();
    }

    @Test
    void aFilterFailureFailsAFileJobWithTheFrameNumber() {
        AtomicInteger calls = new AtomicInteger();
        RegionFilter failing = new TestDetectors.White() {
            @Override
            public void apply(Mat roi, FaceRegion region) {
                if (calls.incrementAndGet() == 13) { // one region per frame: the 13th call is frame 12
                    throw new IllegalStateException("filter broke");
                }
                super.apply(roi, region);
            }
        };
        try (Anonymizer a = anonymizer(TestDetectors.always(), failing)) {
            SyntheticSource source = new SyntheticSource(frames, 30, false);
            RecordingSink sink = new RecordingSink();
            runFailing(Pipeline.builder(a).source(source).sink(sink).workers(2).hold(HoldSettings.none()).build(),
                    PipelineException.Stage.FILTER, "frame 12", "filter broke");
            assertThat(sink.indices).containsExactlyElementsOf(range(0, 12));
            assertDiscarded(sink, source);
        }
        assertAllFramesClosed();
    }

    @Test
    void aListenerFailureFailsTheJob() {
        try (Anonymizer a = anonymizer(TestDetectors.always())) {
            SyntheticSource source = new SyntheticSource(frames, 30, false);
            RecordingSink sink = new RecordingSink();
            runFailing(Pipeline.builder(a).source(source).sink(sink).progressListener(p -> {
                if (p.framesWritten() == 3) {
                    throw new IllegalStateException("listener broke");
                }
            }).build(), PipelineException.Stage.LISTENER, "listener broke");
            assertDiscarded(sink, source);
        }
        assertAllFramesClosed();
    }

    // ------------------------------------------------------------------ live mode

    @Test
    void liveModeDropsStaleFramesAndCountsThem() {
        SyntheticSource source = new SyntheticSource(frames, 100, true);
        AtomicBoolean firstDetection = new AtomicBoolean(true);
        List<PipelineProgress> progress = new CopyOnWriteArrayList<>();
        try (Anonymizer a = anonymizer(i -> {
            if (firstDetection.getAndSet(false)) {
                // a detector far slower than the camera: the source runs to its end meanwhile
                assertThat(source.ended.await(60, TimeUnit.SECONDS)).isTrue();
            }
            return List.of(TestDetectors.face(i));
        })) {
            RecordingSink sink = new RecordingSink();
            Pipeline p = Pipeline.builder(a).source(source).sink(sink).workers(1).queueCapacity(2)
                    .maxFramesInFlight(4).hold(HoldSettings.none()).progressListener(progress::add).build();
            assertThat(p.isLive()).isTrue();
            PipelineResult r = p.run();

            assertThat(r.framesRead()).isEqualTo(100);
            assertThat(r.droppedFrames()).isGreaterThanOrEqualTo(90);
            assertThat(r.framesWritten() + r.droppedFrames()).isEqualTo(100);
            assertThat(sink.indices).hasSize((int) r.framesWritten()).isSorted().doesNotHaveDuplicates().endsWith(99L);
            assertThat(sink.faceHidden).containsOnly(true);
            PipelineProgress last = progress.get(progress.size() - 1);
            assertThat(last.droppedFrames()).isEqualTo(r.droppedFrames());
            assertThat(last.framesWritten()).isEqualTo(r.framesWritten());
            assertThat(last.totalFrames()).hasValue(100);
            assertThat(sink.finished).isTrue();
        }
        assertAllFramesClosed();
    }

    /** A live source paced by the sink: no frame is dropped, so the test does not depend on timing. */
    private PipelineResult runPacedLive(FailurePolicy policy, RecordingSink sink, List<List<FaceRegion>> regions) {
        try (Anonymizer a = anonymizer(i -> {
            if (i == 5) {
                throw new DetectorException("fake", "GPU lost");
            }
            return List.of(TestDetectors.face(i));
        })) {
            SyntheticSource source = new SyntheticSource(frames, 20, true);
            source.pace = new Semaphore(2);
            sink.onWrite = f -> source.pace.release();
            Pipeline.Builder b = Pipeline.builder(a).source(source).sink(sink).workers(2).queueCapacity(4)
                    .hold(HoldSettings.none()).regionListener((f, rs) -> regions.add(rs));
            if (policy != null) {
                b.failurePolicy(policy);
            }
            return b.build().run();
        }
    }

    @Test
    void liveModeWritesAFrameWhoseDetectionFailedFullyMasked() {
        RecordingSink sink = new RecordingSink();
        List<List<FaceRegion>> regions = new ArrayList<>();
        PipelineResult r = runPacedLive(null, sink, regions);

        assertThat(r.failedFramesMasked()).isEqualTo(1);
        assertThat(r.droppedFrames()).isZero();
        assertThat(sink.indices).containsExactlyElementsOf(range(0, 20));
        for (int i = 0; i < 20; i++) {
            assertThat(sink.allWhite.get(i)).as("frame " + i + " entirely hidden").isEqualTo(i == 5);
            assertThat(sink.faceHidden.get(i)).as("face hidden in frame " + i).isTrue();
        }
        FaceRegion whole = regions.get(5).get(0);
        assertThat(regions.get(5)).hasSize(1);
        assertThat(whole.detection()).isNull();
        assertThat(whole.width()).isEqualTo(TestFrames.WIDTH);
        assertThat(whole.height()).isEqualTo(TestFrames.HEIGHT);
        assertThat(sink.finished).isTrue();
        assertAllFramesClosed();
    }

    @Test
    void theDropPolicyLeavesAFailedFrameOutAndCountsIt() {
        RecordingSink sink = new RecordingSink();
        PipelineResult r = runPacedLive(FailurePolicy.DROP_FRAME, sink, new ArrayList<>());
        assertThat(r.failedFramesDropped()).isEqualTo(1);
        assertThat(r.failedFramesMasked()).isZero();
        assertThat(r.framesWritten()).isEqualTo(19);
        assertThat(sink.indices).doesNotContain(5L).hasSize(19);
        assertThat(sink.allWhite).containsOnly(false);
        assertThat(sink.faceHidden).containsOnly(true);
        assertAllFramesClosed();
    }

    // ------------------------------------------------------------------ temporal protection

    /** Runs 40 frames whose face the detector misses on frames 2, 6, 10, ... 38. */
    private MaskLeaks.Report runWithIsolatedMisses(HoldSettings hold, RecordingSink sink, PipelineResult[] result) {
        MaskLeaks leaks = new MaskLeaks();
        try (Anonymizer a = anonymizer(TestDetectors.missing(i -> i % 4 == 2))) {
            result[0] = Pipeline.builder(a).source(new SyntheticSource(frames, 40, false)).sink(sink).workers(2)
                    .hold(hold).regionListener((f, rs) -> leaks.accept(MaskLeaks.boundsOf(rs))).build().run();
        }
        for (long i = 0; i < 40; i++) {
            try (Mat original = frames.reference(i)) {
                assertThat(TestFrames.faceHidden(original, i)).as("the photo is not white at the face").isFalse();
            }
        }
        return leaks.report();
    }

    @Test
    void aForwardHoldOfOneFrameCoversIsolatedMisses() {
        RecordingSink sink = new RecordingSink();
        PipelineResult[] r = new PipelineResult[1];
        MaskLeaks.Report leaks = runWithIsolatedMisses(HoldSettings.none().withForwardFrames(1), sink, r);
        assertThat(leaks.faceFrames()).isEqualTo(38);
        assertThat(leaks.leaks()).isZero();
        assertThat(sink.faceHidden).hasSize(40).containsOnly(true);
        assertThat(r[0].heldRegions()).isEqualTo(10);
        assertThat(r[0].tracks()).isEqualTo(1);
        assertAllFramesClosed();
    }

    @Test
    void withoutHoldIsolatedMissesLeak() {
        RecordingSink sink = new RecordingSink();
        MaskLeaks.Report leaks = runWithIsolatedMisses(HoldSettings.none(), sink, new PipelineResult[1]);
        List<Long> missed = LongStream.range(0, 40).filter(i -> i % 4 == 2).boxed().toList();
        assertThat(leaks.leaks()).isEqualTo(missed.size());
        assertThat(leaks.leakList()).extracting(MaskLeaks.Leak::frame).containsExactlyElementsOf(missed);
        for (int i = 0; i < 40; i++) {
            assertThat(sink.faceHidden.get(i)).as("face hidden in frame " + i).isEqualTo(i % 4 != 2);
        }
        assertAllFramesClosed();
    }

    @Test
    void aBackwardHoldAloneAlsoCoversIsolatedMisses() {
        RecordingSink sink = new RecordingSink();
        PipelineResult[] r = new PipelineResult[1];
        MaskLeaks.Report leaks = runWithIsolatedMisses(HoldSettings.none().withBackwardFrames(1), sink, r);
        assertThat(leaks.leaks()).isZero();
        assertThat(sink.faceHidden).hasSize(40).containsOnly(true);
        assertThat(r[0].backwardRegions()).isEqualTo(10);
        assertAllFramesClosed();
    }

    @Test
    void theDefaultHoldCoversIsolatedMisses() {
        RecordingSink sink = new RecordingSink();
        MaskLeaks.Report leaks = runWithIsolatedMisses(HoldSettings.forFrameRate(30), sink, new PipelineResult[1]);
        assertThat(leaks.leaks()).isZero();
        assertThat(sink.faceHidden).containsOnly(true);
        assertAllFramesClosed();
    }

    @Test
    void aBackwardHoldHidesAFaceBeforeItsFirstDetection() {
        for (int backward : new int[] {0, 2}) {
            RecordingSink sink = new RecordingSink();
            PipelineResult r;
            try (Anonymizer a = anonymizer(TestDetectors.missing(i -> i < 12))) {
                r = Pipeline.builder(a).source(new SyntheticSource(frames, 30, false)).sink(sink).workers(3)
                        .hold(HoldSettings.none().withForwardFrames(3).withBackwardFrames(backward)).build().run();
            }
            assertThat(sink.indices).containsExactlyElementsOf(range(0, 30));
            for (int i = 0; i < 30; i++) {
                boolean expected = i >= 12 - backward;
                assertThat(sink.faceHidden.get(i)).as("backward " + backward + ", frame " + i).isEqualTo(expected);
            }
            assertThat(r.backwardRegions()).isEqualTo(backward);
        }
        assertAllFramesClosed();
    }

    // ------------------------------------------------------------------ push API

    @Test
    void framesPushedByTheApplicationComeBackAnonymizedThroughACallback() throws Exception {
        List<Long> seen = new CopyOnWriteArrayList<>();
        List<Boolean> hidden = new CopyOnWriteArrayList<>();
        AtomicBoolean finished = new AtomicBoolean();
        try (Anonymizer a = anonymizer(TestDetectors.always())) {
            PushSource source = PushSource.blocking("app frames", 3, 30);
            CallbackSink sink = CallbackSink.of(f -> {
                seen.add(TestFrames.indexOf(f.image()));
                hidden.add(TestFrames.faceHidden(f.image(), f.index()));
            }, () -> finished.set(true));
            CompletableFuture<PipelineResult> done = Pipeline.builder(a).source(source).sink(sink).workers(2)
                    .build().start();
            for (long i = 0; i < 30; i++) {
                try (Mat m = frames.image(i)) {
                    assertThat(source.push(m, i * 33_333)).isTrue();
                }
            }
            source.end();
            PipelineResult r = done.get(60, TimeUnit.SECONDS);
            assertThat(r.framesWritten()).isEqualTo(30);
            assertThat(sink.isFinished()).isTrue();
        }
        assertThat(seen).containsExactlyElementsOf(range(0, 30));
        assertThat(hidden).containsOnly(true);
        assertThat(finished).isTrue();
        assertAllFramesClosed();
    }

    @Test
    void closingAPushSourceBeforeEndFailsTheJob() throws Exception {
        try (Anonymizer a = anonymizer(TestDetectors.always())) {
            PushSource source = PushSource.blocking("app frames", 3, 30);
            RecordingSink sink = new RecordingSink();
            CompletableFuture<PipelineResult> done = Pipeline.builder(a).source(source).sink(sink).build().start();
            try (Mat m = frames.image(0)) {
                source.push(m, 0);
            }
            source.close();
            assertThatThrownBy(() -> done.get(60, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(PipelineException.class)
                    .hasMessageContaining("closed before end()");
            assertThat(sink.finished).isFalse();
            assertThat(sink.closeCount).isEqualTo(1);
        }
    }

    // ------------------------------------------------------------------ builder

    @Test
    void theBuilderFailsFastWithClearMessages() {
        try (Anonymizer a = anonymizer(TestDetectors.always())) {
            SyntheticSource source = new SyntheticSource(frames, 3, false);
            assertThatThrownBy(() -> Pipeline.builder(a).source(source).source(source))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("source was already set to synthetic.mp4");
            assertThatThrownBy(() -> Pipeline.builder(a).workers(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("number of workers must be in [1, 256], got 0");
            assertThatThrownBy(() -> Pipeline.builder(a).workers(2).workers(3))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("number of workers was already set to 2");
            assertThatThrownBy(() -> Pipeline.builder(a).queueCapacity(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queue capacity");
            assertThatThrownBy(() -> Pipeline.builder(a).sink(new RecordingSink()).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no source");
            assertThatThrownBy(() -> Pipeline.builder(a).source(source).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no sink");
            assertThatThrownBy(() -> Pipeline.builder(a).source(source).sink(new RecordingSink())
                            .hold(HoldSettings.none().withBackwardFrames(4)).maxFramesInFlight(4).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("max frames in flight (4) must exceed the backward hold (4 frames)");
            assertThatThrownBy(() -> Pipeline.builder(null)).isInstanceOf(NullPointerException.class);

            Pipeline p = Pipeline.builder(a).source(source).sink(new RecordingSink()).workers(3).build();
            assertThat(p.workers()).isEqualTo(3);
            assertThat(p.queueCapacity()).isEqualTo(3);
            HoldSettings defaults = HoldSettings.forFrameRate(30);
            assertThat(p.hold()).isEqualTo(defaults);
            assertThat(p.maxFramesInFlight()).isEqualTo(3 + 2 * 3 + defaults.backwardFrames());
            assertThat(p.isLive()).isFalse();
        }
    }
}
