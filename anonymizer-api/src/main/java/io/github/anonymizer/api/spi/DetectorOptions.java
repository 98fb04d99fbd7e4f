package io.github.anonymizer.api.spi;

import io.github.anonymizer.api.InvalidOptionException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Named string options for a detector, as they come from a command line, a configuration file or
 * code. Typed getters parse on access and throw {@link InvalidOptionException} naming the option,
 * the value and what was expected.
 *
 * <p>Immutable and thread-safe.
 */
public final class DetectorOptions {

    private static final DetectorOptions EMPTY = new DetectorOptions(Map.of());

    private final Map<String, String> values;

    private DetectorOptions(Map<String, String> values) {
        this.values = values;
    }

    /** No options: every detector's defaults. */
    public static DetectorOptions empty() {
        return EMPTY;
    }

    /** Options from a map; keys and values must not be null. */
    public static DetectorOptions of(Map<String, String> values) {
        Map<String, String> copy = new TreeMap<>();
        values.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "option name"), Objects.requireNonNull(v, k)));
        return new DetectorOptions(Map.copyOf(copy));
    }

    /**
     * Parses {@code "name=value,name=value"} (whitespace around entries ignored).
     *
     * @throws InvalidOptionException on an entry without {@code =}
     */
    public static DetectorOptions parse(String text) {
        Map<String, String> map = new TreeMap<>();
        if (text != null && !text.isBlank()) {
            for (String entry : text.split(",")) {
                String e = entry.strip();
                int eq = e.indexOf('=');
                if (eq <= 0) {
                    throw new InvalidOptionException(e, "expected name=value, got '" + e + "'");
                }
                map.put(e.substring(0, eq).strip(), e.substring(eq + 1).strip());
            }
        }
        return of(map);
    }

    /** These options plus one more (replacing an existing value of the same name). */
    public DetectorOptions with(String name, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
        return new DetectorOptions(Map.copyOf(copy));
    }

    /** All options as an unmodifiable map. */
    public Map<String, String> asMap() {
        return values;
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public String getString(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    public double getDouble(String name, double defaultValue) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(name, "expected a number, got '" + v + "'");
        }
    }

    public int getInt(String name, int defaultValue) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(name, "expected an integer, got '" + v + "'");
        }
    }

    public boolean getBoolean(String name, boolean defaultValue) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new InvalidOptionException(name, "expected true or false, got '" + v + "'");
        };
    }

    public Optional<Path> getPath(String name) {
        return get(name).map(Path::of);
    }

    /** An enum constant by case-insensitive name, with '-' accepted for '_'. */
    public <E extends Enum<E>> E getEnum(String name, Class<E> type, E defaultValue) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        String key = v.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(key)) {
                return e;
            }
        }
        String allowed = java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
        throw new InvalidOptionException(name, "expected one of " + allowed + ", got '" + v + "'");
    }

    /**
     * Checks that every option is one of {@code known}.
     *
     * @param detectorId named in the error message
     * @throws InvalidOptionException naming the first unknown option and the known ones
     */
    public void requireKnown(String detectorId, Collection<OptionSpec> known) {
        for (String name : values.keySet()) {
            if (known.stream().noneMatch(s -> s.name().equals(name))) {
                String names = known.stream().map(OptionSpec::name).collect(Collectors.joining(", "));
                throw new InvalidOptionException(name, "unknown option for detector '" + detectorId + "'; known options: "
                        + (names.isEmpty() ? "(none)" : names));
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DetectorOptions other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
