package io.github.anonymizer.cli;

import io.github.anonymizer.api.AnonymizerException;

/**
 * Turns exceptions into the one-line messages the command prints.
 *
 * <p>Stateless and thread-safe.
 */
final class Errors {
    private Errors() {}

    /**
     * {@code "error: INPUT: reason"} on one line; when the message already starts with the input's
     * name (as MediaException messages do), the name is not repeated.
     */
    static String line(String input, Throwable t) {
        String msg = message(t);
        String abs;
        try {
            abs = java.nio.file.Path.of(input).toAbsolutePath().normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
            abs = input;
        }
        if (msg.startsWith(input + ":") || msg.startsWith(abs + ":")) {
            return "error: " + msg;
        }
        return "error: " + input + ": " + msg;
    }

    /** The message of the exception, or of the first cause that has one, on one line. */
    static String message(Throwable t) {
        Throwable cur = t;
        String msg = null;
        while (cur != null && msg == null) {
            if (cur.getMessage() != null && !cur.getMessage().isBlank()) {
                msg = cur instanceof AnonymizerException || cur instanceof IllegalArgumentException
                        || cur instanceof IllegalStateException || cur instanceof java.io.IOException
                        || cur instanceof java.io.UncheckedIOException
                        ? cur.getMessage()
                        : cur.getClass().getSimpleName() + ": " + cur.getMessage();
            }
            cur = cur.getCause();
        }
        if (msg == null) {
            msg = t.getClass().getName();
        }
        return msg.replace('\n', ' ').replace('\r', ' ');
    }
}
