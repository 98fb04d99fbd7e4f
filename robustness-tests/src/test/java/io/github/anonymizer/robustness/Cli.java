package io.github.anonymizer.robustness;

import io.github.anonymizer.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs the command line in this JVM, as its tests do, and keeps what it printed. Stateless. */
final class Cli {

    private Cli() {}

    /** Exit code and the text written to standard output and standard error. */
    record Run(int exit, String out, String err) {

        /** The lines of standard error starting with {@code error:}. */
        List<String> errorLines() {
            return err.lines().filter(l -> l.startsWith("error:")).toList();
        }

        List<String> warningLines() {
            return err.lines().filter(l -> l.startsWith("warning:")).toList();
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }
}
