package io.github.anonymizer.cli;

import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.FrameReport;
import io.github.anonymizer.core.image.DecodedImage;
import io.github.anonymizer.core.image.ImageFiles;
import io.github.anonymizer.core.image.ImageFormat;
import io.github.anonymizer.core.image.WriteResult;
import io.github.anonymizer.core.internal.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;

/**
 * One run of the command over its inputs: plans outputs, builds the anonymizer once, processes
 * photos in parallel, reports each failure on one line and keeps going.
 *
 * <p>Confined to the thread that runs the command (it starts and joins its own workers).
 */
final class Session implements AutoCloseable {

    private final AnonymizeCommand cmd;
    private final PrintWriter err;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private ProgressBar progress;
    private volatile boolean perFileProgress;

    Session(AnonymizeCommand cmd, PrintWriter err) {
        this.cmd = cmd;
        this.err = err;
    }

    /** Outcome of one input. */
    private record Outcome(Path input, Path output, int width, int height, FrameReport report, String error) {}

    boolean run() {
        OutputPlanner.Plan plan = OutputPlanner.plan(cmd.inputs, cmd.output, Session::looksLikeMedia);
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
        if (plan.skippedOutputs() > 0) {
            info("skipped " + plan.skippedOutputs() + " earlier output file(s) named *" + OutputPlanner.SUFFIX + ".*");
        }

        List<OutputPlanner.Job> jobs = plan.jobs();
        long runnable = jobs.stream().filter(j -> j.error() == null).count();
        perFileProgress = runnable > 1;
        progress = new ProgressBar(System.err, "files", runnable, !cmd.quiet && perFileProgress);
        AtomicInteger faces = new AtomicInteger();
        long t0 = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(cmd.jobs, (int) Math.max(1, runnable))));
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (OutputPlanner.Job job : jobs) {
                if (job.error() != null) {
                    futures.add(java.util.concurrent.CompletableFuture.completedFuture(
                            new Outcome(job.input(), null, 0, 0, null, job.error())));
                } else {
                    futures.add(pool.submit(() -> processPhoto(anonymizer, job, faces)));
                }
            }
            for (Future<Outcome> f : futures) {
                outcomes.add(join(f));
            }
        } finally {
            pool.shutdownNow();
        }
        progress.finish();

        int failed = 0;
        for (Outcome o : outcomes) {
            if (o.error() != null) {
                failed++;
            }
        }
        if (cmd.exportDetections != null) {
            failed += writeExport(outcomes) ? 0 : 1;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        int ok = (int) outcomes.stream().filter(o -> o.error() == null).count();
        info(String.format(Locale.ROOT, "anonymized %d of %d file(s), %d face(s) hidden, in %.1f s%s", ok,
                outcomes.size(), faces.get(), secs, failed > 0 ? "; " + failed + " failed" : ""));
        return failed == 0;
    }

    /**
     * Directory scans pick files by extension, so that a corrupt photo is reported by name rather
     * than silently skipped; files without a known extension are taken when their content is an image.
     */
    static boolean looksLikeMedia(Path p) {
        return ImageFormat.fromExtension(p).isPresent() || ImageFiles.isSupportedImage(p);
    }

    private Outcome processPhoto(Anonymizer anonymizer, OutputPlanner.Job job, AtomicInteger faces) {
        try (DecodedImage img = ImageFiles.read(job.input(), cmd.readOptions())) {
            for (String w : img.warnings()) {
                say("warning: " + job.input() + ": " + w);
            }
            FrameReport report = anonymizer.processInPlace(img.mat());
            WriteResult written = ImageFiles.write(img, job.output(), cmd.writeOptions());
            faces.addAndGet(report.hidden().size());
            for (String w : written.warnings()) {
                say("warning: " + job.output() + ": " + w);
            }
            if (!cmd.quiet && !perFileProgress) {
                say(job.input() + " -> " + written.file() + " (" + report.hidden().size() + " face(s) hidden)");
            }
            return new Outcome(job.input(), written.file(), img.width(), img.height(), report, null);
        } catch (RuntimeException e) {
            say("error: " + job.input() + ": " + Errors.message(e));
            return new Outcome(job.input(), null, 0, 0, null, Errors.message(e));
        } finally {
            synchronized (this) {
                progress.step(1);
            }
        }
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
            AnonymizeCommand.exportFile(json, o.input(), o.output(), o.width(), o.height(), o.report(), o.error());
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
