package io.github.anonymizer.cli;

import io.github.anonymizer.api.AnonymizerException;

/**
 * Turns exceptions into the one-line messages the command prints.
 *
 * <p>Stateless and thread-safe.
 */
final class Errors {
    private Errors() {}

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
