package io.github.anonymizer.cli;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.internal.Json;
import io.github.anonymizer.core.track.HoldSettings;
import io.github.anonymizer.video.AudioMode;
import io.github.anonymizer.video.OutputOptions;
import io.github.anonymizer.video.VideoJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Runs one video file, camera or stream through a {@link VideoJob} for the command line: encoder and
 * audio options, a progress bar with fps and ETA, per-frame detections for the export, and Ctrl-C
 * handling (a file job is cancelled and leaves no output; a live recording is finished with the
 * frames so far).
 *
 * <p>Confined to the command's thread.
 */
final class VideoRunner {
    private final AnonymizeCommand cmd;
    private final Consumer<String> say;
    private final Consumer<String> info;

    VideoRunner(AnonymizeCommand cmd, Consumer<String> say, Consumer<String> info) {
        this.cmd = cmd;
        this.say = say;
        this.info = info;
    }

    Session.Outcome run(Anonymizer anonymizer, String input, String output, boolean live) {
        ProgressBar bar = new ProgressBar(System.err, "frames", -1, !cmd.quiet);
        bar.label(input);
        List<FrameEntry> frames = cmd.exportDetections != null ? new ArrayList<>() : null;
        VideoJob.Builder b = VideoJob.builder(anonymizer).input(input).output(output).outputOptions(outputOptions())
                .progress(p -> {
                    p.totalFrames().ifPresent(bar::total);
                    bar.set(p.framesWritten());
                });
        if (cmd.workers != null) {
            b.workers(cmd.workers);
        }
        if (cmd.hold != null || cmd.holdBack != null) {
            HoldSettings h = HoldSettings.defaults();
            if (cmd.hold != null) {
                h = h.withForwardFrames(cmd.hold);
            }
            if (cmd.holdBack != null) {
                h = h.withBackwardFrames(cmd.holdBack);
            }
            b.hold(h);
        }
        if (frames != null) {
            b.regionListener((frame, regions) -> frames.add(new FrameEntry(frame.index(), frame.timestampMicros(),
                    regions.stream().map(FaceRegion::maskBox).toList(),
                    regions.stream().map(r -> r.detection() == null ? -1.0 : r.detection().score()).toList(),
                    regions.stream().map(FaceRegion::trackId).toList())));
        }
        if (!io.github.anonymizer.video.VideoInputs.isUrl(output)) {
            java.nio.file.Path parent = java.nio.file.Path.of(output).toAbsolutePath().getParent();
            try {
                java.nio.file.Files.createDirectories(parent);
            } catch (java.io.IOException e) {
                say.accept("error: " + input + ": cannot create the output folder " + parent + ": " + e.getMessage());
                return Session.failed(input, "cannot create the output folder " + parent);
            }
        }
        VideoJob job = b.build();
        Thread runner = Thread.currentThread();
        Thread hook = new Thread(() -> {
            if (live) {
                job.stop(); // finish the recording with what was captured
            } else {
                runner.interrupt(); // cancel: the partial output is deleted
            }
            try {
                runner.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "anonymizer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            VideoJob.Result r = job.run();
            bar.finish();
            r.warnings().forEach(w -> say.accept("warning: " + input + ": " + w));
            info.accept(String.format(Locale.ROOT,
                    "%s -> %s: %d frames at %.1f frames/s, %d face mask(s) (%d held), video %s, audio %s%s",
                    input, r.output(), r.framesWritten(), r.fps(), r.facesHidden(), r.heldRegions(), r.videoEncoder(),
                    r.audio().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    r.framesDropped() > 0 ? ", " + r.framesDropped() + " frames dropped to keep up" : ""));
            return new Session.Outcome(input, r.output(), null, r.facesHidden(), json -> export(json, input, r, frames));
        } catch (CancellationException e) {
            bar.clear();
            say.accept("error: " + input + ": cancelled; no output was left behind");
            return Session.failed(input, "cancelled");
        } catch (RuntimeException | Error e) {
            // an Error too: the job has already deleted its output; report this input and go on
            bar.clear();
            say.accept(Errors.line(input, e));
            return Session.failed(input, Errors.message(e));
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: let it finish
            }
            Thread.interrupted(); // a cancel must not leak into the next input
        }
    }

    OutputOptions outputOptions() {
        OutputOptions.Builder o = OutputOptions.builder();
        o.audio(cmd.noAudio ? AudioMode.DROP : AudioMode.KEEP);
        if (cmd.ffmpegConfig != null) {
            Map<String, String> cfg = new java.util.LinkedHashMap<>(FlatJson.parse(cmd.spec.commandLine(), "--ffmpeg-config", cmd.ffmpegConfig));
            String codec = cfg.remove("codec");
            if (codec != null) {
                o.videoCodec(codec);
            }
            o.codecOptions(cfg);
        }
        if (cmd.videoCodec != null) {
            o.videoCodec(cmd.videoCodec);
        }
        if (cmd.crf != null) {
            o.crf(cmd.crf);
        }
        if (cmd.preset != null) {
            o.preset(cmd.preset);
        }
        return o.build();
    }

    private record FrameEntry(long index, long micros, List<Box> boxes, List<Double> scores, List<Long> tracks) {}

    private static void export(Json json, String input, VideoJob.Result r, List<FrameEntry> frames) {
        json.beginObject().field("input", input).field("output", r.output()).field("frames", r.framesWritten())
                .field("framesDropped", r.framesDropped()).field("corruptFramesSkipped", r.corruptFramesSkipped());
        if (frames != null) {
            json.name("masks").beginArray();
            for (FrameEntry f : frames) {
                json.beginObject().field("frame", f.index()).field("timeMicros", f.micros()).name("regions").beginArray();
                for (int i = 0; i < f.boxes().size(); i++) {
                    Box m = f.boxes().get(i);
                    json.beginObject().field("x", m.x(), 2).field("y", m.y(), 2).field("w", m.width(), 2)
                            .field("h", m.height(), 2).field("score", f.scores().get(i), 4)
                            .field("track", f.tracks().get(i)).endObject();
                }
                json.endArray().endObject();
            }
            json.endArray();
        }
        json.endObject();
    }
}
