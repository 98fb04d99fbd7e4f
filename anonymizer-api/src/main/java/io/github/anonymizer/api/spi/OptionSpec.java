package io.github.anonymizer.api.spi;

import java.util.Objects;

/**
 * Describes one option a {@link FaceDetectorProvider} accepts, for help texts and validation.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the option name, for example {@code "scaleFactor"}
 * @param description what it does and which values it takes
 * @param defaultValue the value used when the option is absent, or {@code null} if none
 */
public record OptionSpec(String name, String description, String defaultValue) {
    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
    }
}
