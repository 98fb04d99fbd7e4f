package io.github.anonymizer.video;

import io.github.anonymizer.api.MediaException;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.pipeline.FailurePolicy;
import io.github.anonymizer.core.pipeline.Pipeline;
import io.github.anonymizer.core.pipeline.PipelineProgressListener;
import io.github.anonymizer.core.pipeline.PipelineResult;
import io.github.anonymizer.core.pipeline.RegionListener;
import io.github.anonymizer.core.track.HoldSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Anonymizes one video, camera or stream into a file or a network URL: opens a {@link VideoSource}
 * and a {@link VideoSink} and runs them through a {@link Pipeline} (a bounded reader queue, several
 * detection workers, frames written in order, temporal hold so a face missed for a few frames stays
 * hidden), then reports what it did.
 *
 * <pre>{@code
 * try (Anonymizer anonymizer = Anonymizer.builder().build()) {
 *     VideoJob.Result r = VideoJob.builder(anonymizer)
 *             .input("in.mp4")                      // file, "cam", /dev/videoN or URL
 *             .output("in_anonymized.mp4")          // file or URL (udp://, tcp://..., rtmp://...)
 *             .outputOptions(OutputOptions.builder().crf(20).audio(AudioMode.KEEP).build())
 *             .build()
 *             .run();
 *     System.out.println(r);
 * }
 * }</pre>
 *
 * <p>Fail closed: for a file input, if reading, detection, masking or writing fails at frame N, the
 * job throws (a {@link io.github.anonymizer.core.pipeline.PipelineException} or {@link MediaException}
 * naming frame N) and a file output is deleted; no un-anonymized frame is ever written. For a live
 * input a frame whose detection failed is written fully masked (see {@link FailurePolicy}).
 *
 * <p>{@link #run()} is called once, from one thread; {@link #stop()} may be called from any thread
 * and ends the job normally (the output is finished with the frames so far), which is how a live
 * recording is stopped.
 */
public final class VideoJob {

    /**
     * What a job did.
     *
     * <p>Immutable and thread-safe.
     *
     * @param input the input name
     * @param output the output file or URL
     * @param framesRead frames decoded
     * @param framesWritten frames anonymized and written
     * @param framesDropped frames read but not written to keep up with a live source
     * @param framesDuplicated frames repeated to fill gaps in the input timing
     * @param corruptFramesSkipped corrupt video packets the decoder skipped
     * @param failedFramesMasked live frames whose detection failed, written fully masked
     * @param facesHidden masks applied, summed over all frames (held faces included)
     * @param heldRegions masks applied in frames where the detector had missed the face (hold)
     * @param seconds wall-clock time of the run
     * @param videoEncoder the FFmpeg video encoder used
     * @param audio what happened to the audio
     * @param audioPacketsWritten audio packets copied or encoded
     * @param audioPacketsDropped audio packets dropped by a live source's full queue
     * @param warnings settings that did not apply, signs of a damaged input, frames whose detection failed
     *     (written fully masked or left out, as the failure policy says)
     */
    public record Result(String input, String output, long framesRead, long framesWritten, long framesDropped,
            long framesDuplicated, long corruptFramesSkipped, long failedFramesMasked, long facesHidden,
            long heldRegions, double seconds, String videoEncoder, AudioOutcome audio, long audioPacketsWritten,
            long audioPacketsDropped, List<String> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }

        /** Frames written per second of wall-clock time. */
        public double fps() {
            return seconds > 0 ? framesWritten / seconds : 0;
        }
    }

    private final Anonymizer anonymizer;
    private final String input;
    private final String output;
    private final SourceOptions sourceOptions;
    private final OutputOptions outputOptions;
    private final int workers;
    private final HoldSettings hold;
    private final FailurePolicy failurePolicy;
    private final PipelineProgressListener progress;
    private final RegionListener regionListener;
    private volatile VideoSource running;
    private volatile boolean stopRequested;
    private boolean started;

    private VideoJob(Builder b) {
        this.anonymizer = b.anonymizer;
        this.input = b.input;
        this.output = b.output;
        this.sourceOptions = b.sourceOptions;
        this.outputOptions = b.outputOptions;
        this.workers = b.workers;
        this.hold = b.hold;
        this.failurePolicy = b.failurePolicy;
        this.progress = b.progress;
        this.regionListener = b.regionListener;
    }

    /** A job for this anonymizer (which the job uses but does not close). */
    public static Builder builder(Anonymizer anonymizer) {
        return new Builder(anonymizer);
    }

    /**
     * Runs the job to the end of the input (or until {@link #stop()}).
     *
     * @throws MediaException when the input cannot be read or the output cannot be written
     * @throws io.github.anonymizer.core.pipeline.PipelineException when detection or filtering fails;
     *     the message names the frame
     * @throws java.util.concurrent.CancellationException when the thread running the job is interrupted
     * @throws IllegalStateException when called twice
     */
    public Result run() {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("a VideoJob runs once");
            }
            started = true;
        }
        requireDistinct();
        AtomicLong faces = new AtomicLong();
        try (VideoSource source = VideoSource.open(input, sourceOptions)) {
            running = source;
            if (stopRequested) {
                source.stop();
            }
            try (VideoSink sink = VideoSink.open(output, source, outputOptions)) {
                Pipeline.Builder pb = Pipeline.builder(anonymizer).source(source).sink(sink)
                        .regionListener((frame, regions) -> {
                            faces.addAndGet(regions.size());
                            if (regionListener != null) {
                                regionListener.onFrame(frame, regions);
                            }
                        });
                if (workers > 0) {
                    pb.workers(workers);
                }
                if (hold != null) {
                    pb.hold(hold);
                }
                if (failurePolicy != null) {
                    pb.failurePolicy(failurePolicy);
                }
                if (progress != null) {
                    pb.progressListener(progress);
                }
                PipelineResult r = pb.build().run();
                List<String> warnings = new ArrayList<>(sink.warnings());
                OptionalLong announced = source.frameCount();
                long accounted = source.framesRead() + source.corruptFramesSkipped() + sink.framesDuplicated();
                if (source.brokenOff() != null) {
                    warnings.add("the stream broke off (" + source.brokenOff() + "): taken as its end");
                }
                if (source.timedOut()) {
                    warnings.add("the stream sent nothing for " + sourceOptions.readTimeoutMillis()
                            + " ms: taken as its end");
                }
                if (!stopRequested && announced.isPresent() && accounted + 2 < announced.getAsLong()) {
                    warnings.add("read " + source.framesRead() + " of the " + announced.getAsLong()
                            + " frames the file announces: it is probably truncated or damaged");
                }
                if (r.failedFramesMasked() > 0) {
                    warnings.add(r.failedFramesMasked() + " frame(s) whose detection failed were written fully masked");
                }
                if (r.failedFramesDropped() > 0) {
                    warnings.add(r.failedFramesDropped() + " frame(s) whose detection failed were left out of the output");
                }
                if (r.droppedFrames() > 0) {
                    warnings.add(r.droppedFrames() + " frame(s) dropped to keep up with the live source");
                }
                return new Result(source.name(), sink.name(), source.framesRead(), sink.framesWritten(),
                        r.droppedFrames(), sink.framesDuplicated(), source.corruptFramesSkipped(),
                        r.failedFramesMasked(), faces.get(), r.heldRegions(), r.wallTime().toNanos() / 1e9,
                        sink.videoEncoder(), sink.audio(), sink.audioPacketsWritten(), source.audioPacketsDropped(),
                        warnings);
            }
        } finally {
            running = null;
        }
    }

    /** Ends the job from any thread: the output is finished with the frames written so far. */
    public void stop() {
        stopRequested = true;
        VideoSource s = running;
        if (s != null) {
            s.stop();
        }
    }

    /** Refuses to write over the input. */
    private void requireDistinct() {
        if (Ff.isUrl(input) || Ff.isUrl(output)) {
            if (input.equals(output)) {
                throw new MediaException(output, "the output is the input", null);
            }
            return;
        }
        Path in = Path.of(input).toAbsolutePath().normalize();
        Path out = Path.of(output).toAbsolutePath().normalize();
        boolean same = in.equals(out);
        if (!same && Files.exists(in) && Files.exists(out)) {
            try {
                same = Files.isSameFile(in, out);
            } catch (IOException e) {
                same = false;
            }
        }
        if (same) {
            throw new MediaException(out, "the output is the input; refusing to overwrite it");
        }
    }

    /**
     * Builds a {@link VideoJob}.
     *
     * <p>Not thread-safe: use from one thread.
     */
    public static final class Builder {
        private final Anonymizer anonymizer;
        private String input;
        private String output;
        private SourceOptions sourceOptions = SourceOptions.defaults();
        private OutputOptions outputOptions = OutputOptions.defaults();
        private int workers;
        private HoldSettings hold;
        private FailurePolicy failurePolicy;
        private PipelineProgressListener progress;
        private RegionListener regionListener;

        private Builder(Anonymizer anonymizer) {
            this.anonymizer = Objects.requireNonNull(anonymizer, "anonymizer");
        }

        /** A file path, {@code "cam"}, {@code /dev/videoN}, or a URL. */
        public Builder input(String input) {
            this.input = Objects.requireNonNull(input, "input");
            return this;
        }

        public Builder input(Path file) {
            return input(file.toString());
        }

        /** A file path or a URL. */
        public Builder output(String output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        public Builder output(Path file) {
            return output(file.toString());
        }

        public Builder sourceOptions(SourceOptions options) {
            this.sourceOptions = Objects.requireNonNull(options, "source options");
            return this;
        }

        public Builder outputOptions(OutputOptions options) {
            this.outputOptions = Objects.requireNonNull(options, "output options");
            return this;
        }

        /** Detection threads (default: the number of processors). */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1, got " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** Temporal hold (default: {@link HoldSettings#forFrameRate} of the input). */
        public Builder hold(HoldSettings hold) {
            this.hold = Objects.requireNonNull(hold, "hold");
            return this;
        }

        /** What to do with a frame whose detection fails (default: fail files, mask live frames whole). */
        public Builder failurePolicy(FailurePolicy policy) {
            this.failurePolicy = Objects.requireNonNull(policy, "failure policy");
            return this;
        }

        /** Called as frames are written (e.g. a progress bar), on the job's writer thread. */
        public Builder progress(PipelineProgressListener progress) {
            this.progress = progress;
            return this;
        }

        /** Sees the regions hidden in every written frame (e.g. to export detections per frame). */
        public Builder regionListener(RegionListener listener) {
            this.regionListener = listener;
            return this;
        }

        /** @throws IllegalStateException without input or output */
        public VideoJob build() {
            if (input == null || output == null) {
                throw new IllegalStateException("a VideoJob needs an input and an output");
            }
            return new VideoJob(this);
        }
    }
}
