package io.github.anonymizer.video;

import io.github.anonymizer.api.AnonymizerException;
import io.github.anonymizer.api.DetectorException;
import io.github.anonymizer.api.MediaException;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.FrameReport;
import io.github.anonymizer.core.pipeline.VideoFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Anonymizes one video, camera or stream into a file or a network URL: opens a {@link VideoSource}
 * and a {@link VideoSink}, runs every frame through an {@link Anonymizer}, and reports what it did.
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
 * <p>Frames go through one at a time, in order, on the calling thread (a sequential loop; a
 * multi-threaded pipeline can drive the same source and sink). Fail closed: if reading, detection,
 * masking or writing fails at frame N, the job throws (the message names frame N) and a file output
 * is deleted; no un-anonymized frame is ever written.
 *
 * <p>{@link #run()} is called once, from one thread; {@link #stop()} may be called from any thread
 * and ends the job normally (the output is finished with the frames so far), which is how a live
 * recording is stopped.
 */
public final class VideoJob {

    /** Called after each frame is written, on the job's thread. */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param framesDone frames written so far
         * @param totalFrames the expected number of frames when known
         * @param report what was hidden in the frame just written
         */
        void onFrame(long framesDone, OptionalLong totalFrames, FrameReport report);
    }

    /**
     * What a job did.
     *
     * <p>Immutable and thread-safe.
     *
     * @param input the input name
     * @param output the output file or URL
     * @param framesRead frames decoded
     * @param framesWritten frames anonymized and written
     * @param framesDropped frames read but not written (0 for this sequential job)
     * @param framesDuplicated frames repeated to fill gaps in the input timing
     * @param corruptFramesSkipped corrupt video packets the decoder skipped
     * @param facesHidden masks applied, summed over all frames
     * @param seconds wall-clock time of the run
     * @param videoEncoder the FFmpeg video encoder used
     * @param audio what happened to the audio
     * @param audioPacketsWritten audio packets copied or encoded
     * @param audioPacketsDropped audio packets dropped by a live source's full queue
     * @param warnings settings that did not apply, signs of a damaged input
     */
    public record Result(String input, String output, long framesRead, long framesWritten, long framesDropped,
            long framesDuplicated, long corruptFramesSkipped, long facesHidden, double seconds, String videoEncoder,
            AudioOutcome audio, long audioPacketsWritten, long audioPacketsDropped, List<String> warnings) {
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
    private final Progress progress;
    private volatile VideoSource running;
    private volatile boolean stopRequested;
    private boolean started;

    private VideoJob(Builder b) {
        this.anonymizer = b.anonymizer;
        this.input = b.input;
        this.output = b.output;
        this.sourceOptions = b.sourceOptions;
        this.outputOptions = b.outputOptions;
        this.progress = b.progress;
    }

    /** A job for this anonymizer (which the job uses but does not close). */
    public static Builder builder(Anonymizer anonymizer) {
        return new Builder(anonymizer);
    }

    /**
     * Runs the job to the end of the input (or until {@link #stop()}).
     *
     * @throws MediaException when the input cannot be read or the output cannot be written
     * @throws DetectorException when detection fails; the message names the frame
     * @throws IllegalStateException when called twice
     */
    public Result run() {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("a VideoJob runs once");
            }
            started = true;
        }
        long t0 = System.nanoTime();
        requireDistinct();
        try (VideoSource source = VideoSource.open(input, sourceOptions)) {
            running = source;
            if (stopRequested) {
                source.stop();
            }
            try (VideoSink sink = VideoSink.open(output, source, outputOptions)) {
                long faces = 0;
                long index = -1;
                try {
                    while (true) {
                        VideoFrame next = source.read();
                        if (next == null) {
                            break;
                        }
                        try (VideoFrame frame = next) {
                            index = frame.index();
                            FrameReport report = anonymizer.processInPlace(frame.image());
                            sink.write(frame);
                            faces += report.regions().size();
                            if (progress != null) {
                                progress.onFrame(sink.framesWritten(), source.frameCount(), report);
                            }
                        }
                    }
                    sink.finish();
                } catch (RuntimeException e) {
                    throw atFrame(e, index);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
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
                return new Result(source.name(), sink.name(), source.framesRead(), sink.framesWritten(), 0,
                        sink.framesDuplicated(), source.corruptFramesSkipped(), faces, seconds, sink.videoEncoder(),
                        sink.audio(), sink.audioPacketsWritten(), source.audioPacketsDropped(), warnings);
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

    private RuntimeException atFrame(RuntimeException e, long index) {
        if (e instanceof MediaException) {
            return e;
        }
        String where = input + ": frame " + Math.max(index, 0) + ": ";
        if (e instanceof DetectorException d) {
            return new DetectorException(d.detectorId(), where + e.getMessage(), e);
        }
        return new AnonymizerException(where + e.getMessage(), e);
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
        private Progress progress;

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

        /** Called after each written frame (e.g. a progress bar). */
        public Builder progress(Progress progress) {
            this.progress = progress;
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
