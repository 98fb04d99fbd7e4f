package io.github.anonymizer.core.cascade;

import java.util.Locale;

/**
 * Implemented by a detector module's enum of built-in cascades ({@code HaarCascade}, {@code
 * LbpCascade}).
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface CascadeChoice {

    /** The cascade file inside the OpenCV jar. */
    BundledCascade bundled();

    /** The enum constant name ({@link Enum#name()}). */
    String name();

    /** The value of the {@code cascade} option: the constant's name in lower case with '-' for '_'. */
    default String optionValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
