package io.github.anonymizer.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress display on standard error: a bar when the total is known, the count and
 * rate, and an ETA. Redraws in place on a terminal (at most every 200 ms) and prints plain
 * occasional lines otherwise, so logs stay readable.
 *
 * <p>Confined to one thread.
 */
final class ProgressBar {
    private final PrintStream out;
    private final String unit;
    private final boolean terminal;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long total;
    private long done;
    private long lastDraw;
    private String label = "";
    private int lastLength;

    ProgressBar(PrintStream out, String unit, long total, boolean enabled) {
        this.out = out;
        this.unit = unit;
        this.total = total;
        this.enabled = enabled;
        this.terminal = System.console() != null;
    }

    void total(long total) {
        this.total = total;
    }

    void label(String label) {
        this.label = label;
    }

    void step(long n) {
        done += n;
        draw(false);
    }

    void set(long done) {
        this.done = done;
        draw(false);
    }

    /** Draws the final state and ends the line. */
    void finish() {
        draw(true);
        if (enabled && terminal && lastLength > 0) {
            out.println();
        }
    }

    /** Clears the line so a message can be printed, the bar is redrawn at the next step. */
    void clear() {
        if (enabled && terminal && lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            lastLength = 0;
        }
    }

    String render() {
        double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        double rate = done / secs;
        StringBuilder sb = new StringBuilder();
        if (total > 0) {
            int width = 24;
            int filled = (int) Math.min(width, width * done / total);
            sb.append('[').append("=".repeat(filled));
            if (filled < width) {
                sb.append('>').append(" ".repeat(width - filled - 1));
            }
            sb.append("] ").append(done).append('/').append(total).append(' ').append(unit);
            if (done > 0 && done < total) {
                long eta = Math.round((total - done) / Math.max(rate, 1e-9));
                sb.append(String.format(Locale.ROOT, "  %.1f %s/s  ETA %s", rate, unit, time(eta)));
            } else {
                sb.append(String.format(Locale.ROOT, "  %.1f %s/s  %s", rate, unit, time(Math.round(secs))));
            }
        } else {
            sb.append(done).append(' ').append(unit).append(String.format(Locale.ROOT, "  %.1f %s/s", rate, unit));
        }
        if (!label.isEmpty()) {
            sb.append("  ").append(label);
        }
        return sb.toString();
    }

    private void draw(boolean force) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        long interval = terminal ? 200_000_000L : 10_000_000_000L;
        if (!force && now - lastDraw < interval) {
            return;
        }
        lastDraw = now;
        String s = render();
        if (terminal) {
            String pad = s.length() < lastLength ? " ".repeat(lastLength - s.length()) : "";
            out.print("\r" + s + pad);
            lastLength = s.length();
        } else {
            out.println(s);
        }
        out.flush();
    }

    static String time(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}
