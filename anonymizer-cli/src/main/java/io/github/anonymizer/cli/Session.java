package io.github.anonymizer.cli;

import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.FrameReport;
import io.github.anonymizer.core.image.DecodedImage;
import io.github.anonymizer.core.image.ImageFiles;
import io.github.anonymizer.core.image.ImageFormat;
import io.github.anonymizer.core.image.WriteResult;
import io.github.anonymizer.core.internal.Json;
import io.github.anonymizer.video.VideoInputs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * One run of the command over its inputs: plans outputs, builds the anonymizer once, processes
 * photos in parallel and videos one after the other (each with several detection workers), reports
 * each failure on one line and keeps going.
 *
 * <p>Confined to the thread that runs the command (it starts and joins its own workers).
 */
final class Session implements AutoCloseable {

    private final AnonymizeCommand cmd;
    private final PrintWriter err;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private ProgressBar progress;
    private volatile boolean quietPerFile;

    Session(AnonymizeCommand cmd, PrintWriter err) {
        this.cmd = cmd;
        this.err = err;
    }

    /**
     * Outcome of one input; {@code export} writes its entry of the detections file.
     */
    record Outcome(String input, String output, String error, long faces, Consumer<Json> export) {}

    /** One input to process: a photo or video file, or a live source. */
    private record Work(String input, String output, String error, boolean video, boolean live, boolean named) {
        Work(String input, String output, String error, boolean video, boolean live) {
            this(input, output, error, video, live, false);
        }
    }

    boolean run() {
        List<Work> work = plan();
        Anonymizer anonymizer;
        try {
            anonymizer = cmd.buildAnonymizer(owned);
        } catch (InvalidOptionException | IllegalArgumentException | IllegalStateException e) {
            throw new CommandLine.ParameterException(cmd.spec.commandLine(), Errors.message(e), e);
        }
        owned.add(0, anonymizer);
        info("detector: " + anonymizer.detectorDescription() + String.format(Locale.ROOT, ", threshold %.2f",
                anonymizer.threshold()));
        anonymizer.selectionWarning().ifPresent(w -> say("warning: " + w));

        long photos = work.stream().filter(w -> w.error() == null && !w.video()).count();
        quietPerFile = photos > 1;
        progress = new ProgressBar(System.err, "files", photos, !cmd.quiet && photos > 1);
        long t0 = System.nanoTime();
        List<Future<Outcome>> futures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool((int) Math.max(1, Math.min(cmd.jobs, photos)));
        try {
            for (Work w : work) {
                if (w.error() != null) {
                    say("error: " + w.input() + ": " + w.error());
                    futures.add(CompletableFuture.completedFuture(failed(w.input(), w.error())));
                } else if (!w.video()) {
                    futures.add(pool.submit(() -> processPhoto(anonymizer, w)));
                }
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(join(f));
            }
            progress.finish();
            for (Work w : work) {
                if (w.error() == null && w.video()) {
                    outcomes.add(new VideoRunner(cmd, this::say, this::info).run(anonymizer, w.input(), w.output(), w.live()));
                }
            }
            return finish(outcomes, t0);
        } finally {
            pool.shutdownNow();
        }
    }

    private boolean finish(List<Outcome> outcomes, long t0) {
        int failed = (int) outcomes.stream().filter(o -> o.error() != null).count();
        if (cmd.exportDetections != null && !writeExport(outcomes)) {
            failed++;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long faces = outcomes.stream().mapToLong(Outcome::faces).sum();
        int ok = (int) outcomes.stream().filter(o -> o.error() == null).count();
        info(String.format(Locale.ROOT, "anonymized %d of %d input(s), %d face mask(s) applied, in %.1f s%s", ok,
                outcomes.size(), faces, secs, failed > 0 ? "; " + failed + " failed" : ""));
        return failed == 0;
    }

    /** Splits live inputs from files and plans every output. */
    private List<Work> plan() {
        List<Work> work = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (String in : cmd.inputs) {
            if (VideoInputs.isLive(in)) {
                if (cmd.output == null) {
                    work.add(new Work(in, null, "a live input needs --output FILE (or a stream URL to publish to)", true, true));
                } else if (cmd.inputs.size() > 1) {
                    work.add(new Work(in, null, "a live input must be the only input", true, true));
                } else {
                    work.add(new Work(in, cmd.output, null, true, true));
                }
            } else {
                files.add(Path.of(in));
            }
        }
        if (!files.isEmpty()) {
            if (cmd.output != null && VideoInputs.isUrl(cmd.output)) {
                if (files.size() == 1 && VideoInputs.isVideoFile(files.get(0))) {
                    work.add(new Work(files.get(0).toString(), cmd.output, null, true, false));
                    return work;
                }
                work.add(new Work(files.get(0).toString(), null, "a stream URL output takes a single video input", true, false));
                return work;
            }
            OutputPlanner.Plan plan = OutputPlanner.plan(files, cmd.output == null ? null : Path.of(cmd.output),
                    Session::looksLikeMedia, Session::outputName);
            if (plan.skippedOutputs() > 0) {
                info("skipped " + plan.skippedOutputs() + " earlier output file(s) named *" + OutputPlanner.SUFFIX + ".*");
            }
            boolean named = plan.outputIsFile();
            for (OutputPlanner.Job j : plan.jobs()) {
                work.add(new Work(j.input().toString(), j.output() == null ? null : j.output().toString(), j.error(),
                        VideoInputs.isVideoFile(j.input()), false, named));
            }
        }
        return work;
    }

    /** Photos keep their format; videos become H.264 in MP4. */
    static String outputName(Path input) {
        String name = OutputPlanner.suffixed(input.getFileName().toString());
        if (VideoInputs.isVideoFile(input)) {
            String ext = OutputPlanner.extension(name);
            return (ext == null ? name : name.substring(0, name.length() - ext.length() - 1)) + ".mp4";
        }
        return name;
    }

    /**
     * Directory scans pick files by extension, so that a corrupt photo or video is reported by name
     * rather than silently skipped; files without a known extension are taken when their content is
     * an image.
     */
    static boolean looksLikeMedia(Path p) {
        return ImageFormat.fromExtension(p).isPresent() || VideoInputs.isVideoFile(p) || ImageFiles.isSupportedImage(p);
    }

    private Outcome processPhoto(Anonymizer anonymizer, Work job) {
        Path in = Path.of(job.input());
        try (DecodedImage img = ImageFiles.read(in, cmd.readOptions())) {
            for (String w : img.warnings()) {
                say("warning: " + job.input() + ": " + w);
            }
            FrameReport report = anonymizer.processInPlace(img.mat());
            // an output file named on the command line gets the format its extension says; otherwise
            // the output keeps the input's format
            Path target = Path.of(job.output());
            ImageFormat format = job.named() ? ImageFormat.fromExtension(target).orElse(img.format()) : img.format();
            WriteResult written = ImageFiles.write(img.mat(), target, format, cmd.writeOptions(), img);
            for (String w : written.warnings()) {
                say("warning: " + job.output() + ": " + w);
            }
            if (!quietPerFile) {
                info(job.input() + " -> " + written.file() + " (" + report.hidden().size() + " face(s) hidden)");
            }
            int width = img.width();
            int height = img.height();
            String out = written.file().toString();
            return new Outcome(job.input(), out, null, report.regions().size(),
                    json -> AnonymizeCommand.exportFile(json, job.input(), out, width, height, report, null));
        } catch (RuntimeException | Error e) {
            // an Error too (a detector's StackOverflowError, say): it is this input that failed; it is
            // reported on its line and the other inputs go on
            say(Errors.line(job.input(), e));
            return failed(job.input(), Errors.message(e));
        } finally {
            synchronized (this) {
                progress.step(1);
            }
        }
    }

    static Outcome failed(String input, String error) {
        return new Outcome(input, null, error, 0,
                json -> AnonymizeCommand.exportFile(json, input, null, 0, 0, null, error));
    }

    private static Outcome join(Future<Outcome> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(Errors.message(e.getCause()), e.getCause());
        }
    }

    private boolean writeExport(List<Outcome> outcomes) {
        Json json = new Json().beginObject().name("files").beginArray();
        for (Outcome o : outcomes) {
            o.export().accept(json);
        }
        json.endArray().endObject();
        Path target = cmd.exportDetections.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.writeString(tmp, json + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            info("detections written to " + target);
            return true;
        } catch (IOException e) {
            say("error: " + target + ": cannot write the detections: " + e.getMessage());
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to do
                }
            }
            return false;
        }
    }

    private void info(String line) {
        if (!cmd.quiet) {
            say(line);
        }
    }

    private synchronized void say(String line) {
        if (progress != null) {
            progress.clear();
        }
        err.println(line);
        err.flush();
    }

    @Override
    public void close() {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                err.println("warning: cleanup failed: " + Errors.message(e));
            }
        }
    }
}
