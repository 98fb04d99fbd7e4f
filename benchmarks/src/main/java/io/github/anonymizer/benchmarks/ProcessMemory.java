package io.github.anonymizer.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The resident memory of this process, from Linux's {@code /proc/self}.
 *
 * <p>Stateless and thread-safe.
 */
final class ProcessMemory {

    private ProcessMemory() {}

    /** Resets the peak resident set ({@code VmHWM}) to the current one (Linux 4.0 and later). */
    static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset the peak RSS through /proc/self/clear_refs", e);
        }
    }

    /** The peak resident set since start or the last {@link #resetPeak()}, in KB. */
    static long peakRssKb() {
        return statusKb("VmHWM:");
    }

    /** The current resident set, in KB. */
    static long rssKb() {
        return statusKb("VmRSS:");
    }

    private static long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).replace("kB", "").strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status", e);
        }
        throw new IllegalStateException("no " + key + " in /proc/self/status");
    }
}
