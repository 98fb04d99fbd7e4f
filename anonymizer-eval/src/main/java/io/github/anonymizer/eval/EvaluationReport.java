package io.github.anonymizer.eval;

import io.github.anonymizer.core.internal.Json;
import java.util.List;
import java.util.Locale;

/**
 * The quality of one detector configuration on one ground-truth set.
 *
 * <p>Immutable and thread-safe.
 *
 * @param set the set's folder name (for example {@code "dlib"})
 * @param detector the detector description
 * @param settings threshold, mask and detection-size settings used, as text
 * @param images images evaluated
 * @param msPerFrame mean wall-clock milliseconds of {@code Anonymizer.processInPlace} per image
 *     (detect + filter), after one warm-up image; a rough figure, the JMH benchmarks are the
 *     measurement to rely on
 * @param results one entry per difficulty subset (ALL first)
 */
public record EvaluationReport(String set, String detector, String settings, int images, double msPerFrame,
        List<Metrics.Result> results) {

    public EvaluationReport {
        results = List.copyOf(results);
    }

    /** The result for a subset. */
    public Metrics.Result result(Difficulty subset) {
        return results.stream().filter(r -> r.subset() == subset).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no result for subset " + subset + " in set " + set));
    }

    /** A plain-text table, one line per subset. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "set %s | %s | %s | %d images | %.1f ms/frame%n", set, detector, settings,
                images, msPerFrame));
        sb.append(String.format(Locale.ROOT, "%-7s %6s %6s %6s %9s %7s %7s %12s %11s %15s%n", "subset", "faces", "TP",
                "FP", "precision", "recall", "AP", "hidden-rate", "(as boxes)", "(as ellipses)"));
        for (Metrics.Result r : results) {
            sb.append(String.format(Locale.ROOT, "%-7s %6d %6d %6d %9.3f %7.3f %7.3f %12.3f %11.3f %15.3f%n",
                    r.subset().name().toLowerCase(Locale.ROOT), r.faces(), r.truePositives(), r.falsePositives(),
                    r.precision(), r.recall(), r.averagePrecision(), r.hiddenRate(), r.hiddenRateBox(),
                    r.hiddenRateEllipse()));
        }
        return sb.toString();
    }

    /** A JSON object with the same content. */
    public String toJson() {
        Json j = new Json().beginObject().field("set", set).field("detector", detector).field("settings", settings)
                .field("images", images).field("msPerFrame", msPerFrame, 2).name("results").beginArray();
        for (Metrics.Result r : results) {
            j.beginObject().field("subset", r.subset().name().toLowerCase(Locale.ROOT)).field("faces", r.faces())
                    .field("tp", r.truePositives()).field("fp", r.falsePositives())
                    .field("precision", r.precision(), 4).field("recall", r.recall(), 4)
                    .field("ap", r.averagePrecision(), 4).field("hiddenFaces", r.hiddenFaces())
                    .field("hiddenRate", r.hiddenRate(), 4).field("hiddenRateBox", r.hiddenRateBox(), 4)
                    .field("hiddenRateEllipse", r.hiddenRateEllipse(), 4).endObject();
        }
        return j.endArray().endObject().toString();
    }
}
