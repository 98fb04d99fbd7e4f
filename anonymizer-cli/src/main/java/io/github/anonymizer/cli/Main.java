package io.github.anonymizer.cli;

import picocli.CommandLine;

/**
 * Entry point of the {@code anonymizer} command. Stateless: each {@link #run} call parses and runs
 * one command line on the calling thread.
 *
 * <p>Exit codes: 0 when every input was anonymized, 1 when at least one input failed (the others
 * are still processed), 2 for a usage error (unknown option, bad value).
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        return AnonymizeCommand.commandLine().execute(args);
    }

    /** Runs the command line with its output and error text going to the given writers (for tests and embedding). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = AnonymizeCommand.commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }
}
