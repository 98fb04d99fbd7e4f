package io.github.anonymizer.core;

import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.api.spi.FaceDetectorProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds detectors through {@link ServiceLoader}: every {@link FaceDetectorProvider} registered in
 * {@code META-INF/services} on the class path (the built-in detector modules and any an
 * application adds). The core never names a detector class.
 *
 * <p>Stateless and thread-safe; providers are looked up on every call, so nothing is cached.
 */
public final class Detectors {

    private Detectors() {}

    /** Every registered provider, best (highest priority) first; ids are unique (first wins). */
    public static List<FaceDetectorProvider> providers() {
        Map<String, FaceDetectorProvider> byId = new LinkedHashMap<>();
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        for (ClassLoader cl : new ClassLoader[] {tccl, Detectors.class.getClassLoader()}) {
            if (cl == null) {
                continue;
            }
            for (FaceDetectorProvider p : ServiceLoader.load(FaceDetectorProvider.class, cl)) {
                byId.putIfAbsent(p.id(), p);
            }
        }
        List<FaceDetectorProvider> list = new ArrayList<>(byId.values());
        list.sort(Comparator.comparingInt(FaceDetectorProvider::priority).reversed().thenComparing(FaceDetectorProvider::id));
        return List.copyOf(list);
    }

    /** The provider with this id (case-insensitive), if registered. */
    public static Optional<FaceDetectorProvider> provider(String id) {
        Objects.requireNonNull(id, "id");
        String key = id.strip().toLowerCase(Locale.ROOT);
        return providers().stream().filter(p -> p.id().equals(key)).findFirst();
    }

    /**
     * Opens the detector with this id.
     *
     * @throws InvalidOptionException naming the id and the registered ids when none matches
     */
    public static FaceDetectorFactory open(String id, DetectorOptions options) {
        FaceDetectorProvider p = provider(id).orElseThrow(() -> new InvalidOptionException("detector",
                "no detector '" + id + "' is on the class path; available: " + ids()));
        return p.open(options == null ? DetectorOptions.empty() : options);
    }

    /** The registered ids, best first, comma-separated (for messages). */
    public static String ids() {
        String s = providers().stream().map(FaceDetectorProvider::id).collect(Collectors.joining(", "));
        return s.isEmpty() ? "(none: add a detector module such as detector-haar to the class path)" : s;
    }

    /**
     * What {@link #openBest} chose and why.
     *
     * <p>Immutable; the factory inside is owned by the caller, who closes it.
     *
     * @param factory the opened detector
     * @param provider the provider it came from
     * @param skipped one line per better detector that could not be used, with the reason
     * @param warning the chosen provider's {@link FaceDetectorProvider#fallbackWarning()} plus why
     *     better detectors were skipped, or {@code null}
     */
    public record Selection(FaceDetectorFactory factory, FaceDetectorProvider provider, List<String> skipped, String warning) {}

    /**
     * Opens the best available detector: providers are tried in priority order (CenterFace, YuNet,
     * the SSDs, then the cascades) and the first whose model is present is opened. Options are
     * passed only to providers that accept them all.
     *
     * @throws io.github.anonymizer.api.DetectorException when no detector can be opened
     */
    public static Selection openBest(DetectorOptions options) {
        DetectorOptions opts = options == null ? DetectorOptions.empty() : options;
        List<String> skipped = new ArrayList<>();
        RuntimeException lastError = null;
        for (FaceDetectorProvider p : providers()) {
            if (!acceptsAll(p, opts)) {
                skipped.add(p.id() + ": does not take the options " + opts);
                continue;
            }
            Optional<String> reason = p.unavailableReason(opts);
            if (reason.isPresent()) {
                skipped.add(p.id() + ": " + reason.get());
                continue;
            }
            try {
                FaceDetectorFactory f = p.open(opts);
                String warning = p.fallbackWarning().map(w -> w + (skipped.isEmpty() ? ""
                        : " Not available: " + String.join("; ", skipped) + ".")).orElse(null);
                return new Selection(f, p, List.copyOf(skipped), warning);
            } catch (RuntimeException e) {
                skipped.add(p.id() + ": failed to open: " + e.getMessage());
                lastError = e;
            }
        }
        throw new io.github.anonymizer.api.DetectorException("auto",
                "no face detector could be opened; tried: " + (skipped.isEmpty() ? "(none registered)" : String.join("; ", skipped)),
                lastError);
    }

    private static boolean acceptsAll(FaceDetectorProvider p, DetectorOptions opts) {
        return opts.asMap().keySet().stream().allMatch(k -> p.options().stream().anyMatch(s -> s.name().equals(k)));
    }
}
