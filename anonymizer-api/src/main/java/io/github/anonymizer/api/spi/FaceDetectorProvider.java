package io.github.anonymizer.api.spi;

import io.github.anonymizer.api.FaceDetectorFactory;
import java.util.List;
import java.util.Optional;

/**
 * The service-provider interface through which the core finds detectors: a module registers an
 * implementation in {@code META-INF/services/io.github.anonymizer.api.spi.FaceDetectorProvider}
 * and the core loads it with {@link java.util.ServiceLoader}, never naming the class. Applications
 * plug in their own detector the same way, or pass a {@link FaceDetectorFactory} directly.
 *
 * <p><b>Thread-safe and cheap</b>: providers are instantiated by {@code ServiceLoader} with a
 * public no-argument constructor and must not load native code or models until {@link #open} is
 * called.
 */
public interface FaceDetectorProvider {

    /** A unique, lower-case id, for example {@code "haar"}, {@code "centerface"}. */
    String id();

    /** One line for listings: what the detector is and what it is good at. */
    String description();

    /**
     * Preference when no detector is named: the available provider with the highest priority is
     * chosen. Built-in values: CenterFace 100, YuNet 80, SSD 60/50, LBP 15, Haar 20.
     */
    int priority();

    /** The options {@link #open} accepts. */
    List<OptionSpec> options();

    /**
     * Why this detector cannot be opened with {@code options} right now (typically: its model file
     * is not installed), or empty when it can. Must be cheap: no model is loaded.
     */
    Optional<String> unavailableReason(DetectorOptions options);

    /**
     * What to tell the user when this detector is chosen automatically because no better one is
     * available: for weak fallbacks, how many faces it misses (measured) and what to install
     * instead. Empty (the default) for detectors that need no warning.
     */
    default Optional<String> fallbackWarning() {
        return Optional.empty();
    }

    /**
     * Loads the detector.
     *
     * @throws io.github.anonymizer.api.InvalidOptionException for an unknown or invalid option
     * @throws io.github.anonymizer.api.ModelException when a model file is missing or broken
     * @throws io.github.anonymizer.api.DetectorException when the detector cannot be created
     */
    FaceDetectorFactory open(DetectorOptions options);
}
