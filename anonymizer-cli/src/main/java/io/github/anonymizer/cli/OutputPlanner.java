package io.github.anonymizer.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Turns the command line's inputs into (input, output) pairs.
 *
 * <ul>
 *   <li>A file is processed whatever its extension (an unsupported one fails with a clear message).
 *   <li>A directory is walked recursively for supported media files, sorted by path; hidden files
 *       and earlier outputs ({@code *_anonymized.*}) are skipped.
 *   <li>Without {@code --output} each result goes beside its input as
 *       {@code <name>_anonymized.<ext>}; with {@code --output DIR} under DIR, keeping the
 *       sub-folders of directory inputs. With a single file input, {@code --output FILE} (a path
 *       with an extension that is not an existing directory) names the output file itself.
 *   <li>An output that is an input, or that two inputs would share, is an error for that input.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class OutputPlanner {

    static final String SUFFIX = "_anonymized";

    /**
     * One unit of work.
     *
     * @param input the file to read
     * @param output where to write, or {@code null} when {@code error} says why not
     * @param error why this input cannot be processed, or {@code null}
     */
    record Job(Path input, Path output, String error) {}

    /**
     * The planned jobs, how many earlier outputs a directory scan skipped, and whether the output
     * path names the output file itself (a single input file).
     */
    record Plan(List<Job> jobs, int skippedOutputs, boolean outputIsFile) {}

    private OutputPlanner() {}

    static Plan plan(List<Path> inputs, Path output, Predicate<Path> isMedia) {
        return plan(inputs, output, isMedia, p -> suffixed(p.getFileName().toString()));
    }

    /**
     * @param outputName the output file name for an input (for example {@code x_anonymized.mp4} for
     *     any video)
     */
    static Plan plan(List<Path> inputs, Path output, Predicate<Path> isMedia, java.util.function.Function<Path, String> outputName) {
        List<Job> jobs = new ArrayList<>();
        int[] skipped = {0};
        boolean outputIsFile = output != null && inputs.size() == 1 && Files.isRegularFile(inputs.get(0))
                && !Files.isDirectory(output) && extension(output.getFileName().toString()) != null;
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                List<Path> files = scan(in, isMedia, skipped);
                if (files.isEmpty()) {
                    jobs.add(new Job(in, null, "no supported photo or video files in this folder"));
                }
                for (Path f : files) {
                    Path rel = in.relativize(f);
                    Path dir = output == null ? f.getParent() : output.resolve(rel).getParent();
                    jobs.add(new Job(f, dir.resolve(outputName.apply(f)), null));
                }
            } else if (!Files.exists(in, LinkOption.NOFOLLOW_LINKS) && !Files.exists(in)) {
                jobs.add(new Job(in, null, "no such file or directory"));
            } else if (outputIsFile) {
                jobs.add(new Job(in, output, null));
            } else {
                Path dir = output == null ? parentOf(in) : output;
                jobs.add(new Job(in, dir.resolve(outputName.apply(in)), null));
            }
        }
        return new Plan(checkCollisions(jobs), skipped[0], outputIsFile);
    }

    private static Path parentOf(Path p) {
        Path parent = p.toAbsolutePath().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }

    /** {@code photo.jpg -> photo_anonymized.jpg}, {@code archive.tar.gz}-style names keep the last extension. */
    static String suffixed(String name) {
        String ext = extension(name);
        return ext == null ? name + SUFFIX : name.substring(0, name.length() - ext.length() - 1) + SUFFIX + "." + ext;
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 || dot == name.length() - 1 ? null : name.substring(dot + 1);
    }

    private static List<Path> scan(Path dir, Predicate<Path> isMedia, int[] skipped) {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> out = new ArrayList<>();
            s.filter(Files::isRegularFile).sorted().forEach(p -> {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    return;
                }
                String ext = extension(name);
                String stem = ext == null ? name : name.substring(0, name.length() - ext.length() - 1);
                if (stem.endsWith(SUFFIX)) {
                    skipped[0]++;
                    return;
                }
                if (isMedia.test(p)) {
                    out.add(p);
                }
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Job> checkCollisions(List<Job> jobs) {
        Map<Path, Path> inputs = new HashMap<>();
        for (Job j : jobs) {
            inputs.put(key(j.input()), j.input());
        }
        Map<Path, Path> taken = new HashMap<>();
        List<Job> out = new ArrayList<>();
        for (Job j : jobs) {
            if (j.error() != null) {
                out.add(j);
                continue;
            }
            Path k = key(j.output());
            if (inputs.containsKey(k)) {
                out.add(new Job(j.input(), null, "the output " + j.output() + " is an input; refusing to overwrite it"));
            } else if (taken.containsKey(k)) {
                out.add(new Job(j.input(), null, "its output " + j.output() + " would overwrite the output of "
                        + taken.get(k) + "; use separate --output folders"));
            } else {
                taken.put(k, j.input());
                out.add(j);
            }
        }
        return out;
    }

    /** A path key that sees through '..' and symbolic links where the file exists. */
    private static Path key(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            Path abs = p.toAbsolutePath().normalize();
            Path parent = abs.getParent();
            try {
                return parent == null ? abs : parent.toRealPath().resolve(abs.getFileName());
            } catch (IOException e2) {
                return abs;
            }
        }
    }
}
