package io.github.anonymizer.api;

/**
 * An option given by name (a detector option, a command-line option, a configuration value) has
 * an invalid value or is unknown. The message names the option, the value and what is expected.
 *
 * <p>Immutable and thread-safe once thrown.
 */
public class InvalidOptionException extends AnonymizerException {
    private static final long serialVersionUID = 1L;
    private final String option;

    public InvalidOptionException(String option, String message) {
        super("option '" + option + "': " + message);
        this.option = option;
    }

    /** The name of the offending option. */
    public String option() {
        return option;
    }
}
