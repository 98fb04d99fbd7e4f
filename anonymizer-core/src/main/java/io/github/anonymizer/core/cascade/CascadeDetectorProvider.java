package io.github.anonymizer.core.cascade;

import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.api.spi.FaceDetectorProvider;
import io.github.anonymizer.api.spi.OptionSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The common part of the cascade detector providers: the {@link CascadeOptions} plus a {@value
 * CascadeOptions#CASCADE} option naming one of the module's built-in cascades, mapped onto the
 * module's builder. Cascade providers never need a downloaded model.
 *
 * <p>A subclass is just a public no-argument constructor passing the module's constants. Then the provider is thread-safe and cheap to construct (nothing
 * is loaded before {@link #open}).
 *
 * @param <E> the module's enum of built-in cascades
 * @param <B> the module's builder
 */
public abstract class CascadeDetectorProvider<E extends Enum<E> & CascadeChoice, B extends CascadeDetectorBuilder<E, B>>
        implements FaceDetectorProvider {

    private final String id;
    private final String description;
    private final int priority;
    private final Class<E> cascadeType;
    private final E defaultCascade;
    private final List<OptionSpec> options;
    private final Supplier<B> builders;

    /**
     * @param id the detector id
     * @param description the one-line description
     * @param priority the provider priority
     * @param cascadeType the enum of built-in cascades
     * @param defaultCascade the cascade used when none is named
     * @param defaults the builder's default settings, shown in the option specs
     * @param builders makes a new builder with the defaults
     */
    protected CascadeDetectorProvider(String id, String description, int priority, Class<E> cascadeType, E defaultCascade,
            CascadeSettings defaults, Supplier<B> builders) {
        this.builders = Objects.requireNonNull(builders, "builders");
        this.id = Objects.requireNonNull(id, "id");
        this.description = Objects.requireNonNull(description, "description");
        this.priority = priority;
        this.cascadeType = Objects.requireNonNull(cascadeType, "cascadeType");
        this.defaultCascade = Objects.requireNonNull(defaultCascade, "defaultCascade");
        String values = Arrays.stream(cascadeType.getEnumConstants()).map(CascadeChoice::optionValue)
                .collect(Collectors.joining(", "));
        this.options = CascadeOptions.specs(new OptionSpec(CascadeOptions.CASCADE, "built-in cascade: " + values
                + " (profile cascades also run on the mirrored frame, for faces turned either way)",
                defaultCascade.optionValue()), defaults);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final int priority() {
        return priority;
    }

    @Override
    public final List<OptionSpec> options() {
        return options;
    }

    /**
     * Empty unless a {@value CascadeOptions#CASCADE_FILE} is given and missing, or the OpenCV jar
     * holding the built-in cascades is not on the class path.
     */
    @Override
    public final Optional<String> unavailableReason(DetectorOptions options) {
        E cascade;
        try {
            cascade = options.getEnum(CascadeOptions.CASCADE, cascadeType, defaultCascade);
        } catch (RuntimeException e) {
            return Optional.empty(); // open() reports the invalid value
        }
        return CascadeOptions.unavailableReason(options, cascade.bundled());
    }

    @Override
    public final FaceDetectorFactory open(DetectorOptions options) {
        options.requireKnown(id, this.options);
        B builder = builders.get();
        if (options.get(CascadeOptions.CASCADE).isPresent()) {
            builder.cascade(options.getEnum(CascadeOptions.CASCADE, cascadeType, defaultCascade));
        }
        return CascadeOptions.open(options, builder);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + id + "]";
    }
}
