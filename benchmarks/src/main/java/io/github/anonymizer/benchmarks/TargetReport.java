package io.github.anonymizer.benchmarks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Checks the speed targets against JMH JSON result files ({@code -rf json -rff FILE}) and prints
 * them as markdown: each target's two measurements, their ratio from the means and from the best
 * iterations (on a shared machine the best iteration is the one least disturbed by other work),
 * and whether it is met.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.anonymizer.benchmarks.TargetReport RESULT.json...
 * </pre>
 *
 * <ul>
 *   <li>CenterFace {@code detect()} within 1.10 x the raw ONNX Runtime {@code run()} (DetectorBenchmark);
 *   <li>end to end at least 0.85 x detector-only frames/s at the same settings (VideoBenchmark);
 *   <li>2 workers at least 1.6 x 1 worker end to end (VideoBenchmark);
 *   <li>1080p with detection at 640x360 at least 3 x full-resolution detection (VideoBenchmark);
 *   <li>peak memory of a 60 s clip within 10% of a 10 s clip (MemoryBenchmark).
 * </ul>
 * Rows appear for whatever settings the files hold. Confined to the main thread.
 */
public final class TargetReport {

    private TargetReport() {}

    /** One JMH result: benchmark method, parameters, scores. */
    record Run(String method, Map<String, String> params, double score, double error, String unit, double best,
            Map<String, Double> secondary) {

        String param(String name) {
            return params.getOrDefault(name, "");
        }

        /** The parameters other than {@code except}, as a comparable key. */
        Map<String, String> others(String... except) {
            Map<String, String> m = new TreeMap<>(params);
            for (String e : except) {
                m.remove(e);
            }
            return m;
        }
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: TargetReport JMH-RESULT.json...");
            System.exit(2);
        }
        List<Run> runs = new ArrayList<>();
        for (String a : args) {
            runs.addAll(read(Path.of(a)));
        }
        System.out.print(report(runs));
    }

    static List<Run> read(Path file) {
        JsonArray array;
        try {
            array = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Run> runs = new ArrayList<>();
        for (JsonElement e : array) {
            JsonObject o = e.getAsJsonObject();
            String bench = o.get("benchmark").getAsString();
            String method = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
            Map<String, String> params = new TreeMap<>();
            if (o.has("params")) {
                o.getAsJsonObject("params").entrySet().forEach(p -> params.put(p.getKey(), p.getValue().getAsString()));
            }
            JsonObject pm = o.getAsJsonObject("primaryMetric");
            String unit = pm.get("scoreUnit").getAsString();
            boolean higherIsBetter = unit.endsWith("/s");
            double best = higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            for (JsonElement fork : pm.getAsJsonArray("rawData")) {
                for (JsonElement v : fork.getAsJsonArray()) {
                    best = higherIsBetter ? Math.max(best, v.getAsDouble()) : Math.min(best, v.getAsDouble());
                }
            }
            Map<String, Double> secondary = new LinkedHashMap<>();
            if (o.has("secondaryMetrics")) {
                o.getAsJsonObject("secondaryMetrics").entrySet().forEach(s -> secondary.put(s.getKey(),
                        s.getValue().getAsJsonObject().get("score").getAsDouble()));
            }
            JsonElement err = pm.get("scoreError");
            double error = err.isJsonPrimitive() && err.getAsJsonPrimitive().isNumber() ? err.getAsDouble() : Double.NaN;
            runs.add(new Run(method, params, pm.get("score").getAsDouble(), error, unit, best, secondary));
        }
        return runs;
    }

    static String report(List<Run> runs) {
        StringBuilder sb = new StringBuilder();
        sb.append("| target | setting | A | B | A/B (means) | A/B (best iterations) | goal | met |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---|\n");
        // 1. CenterFace detect() vs raw run()
        for (Run detect : select(runs, r -> r.method().equals("DetectorBenchmark.detectorDetect")
                && r.param("detector").equals("centerface"))) {
            Run raw = partner(runs, detect, "DetectorBenchmark.rawInference", Map.of());
            if (raw != null) {
                row(sb, "CenterFace detect() / raw ORT run()", setting(detect, "inputSize", "detectionSize", "options"),
                        detect, raw, 1.10, false);
            }
        }
        // 2. end to end vs detector only
        for (Run e2e : select(runs, r -> r.method().equals("VideoBenchmark.endToEnd"))) {
            Run det = partner(runs, e2e, "VideoBenchmark.detectOnly", Map.of());
            if (det != null) {
                row(sb, "end to end / detector only", videoSetting(e2e), e2e, det, 0.85, true);
            }
        }
        // 3. 2 workers vs 1
        for (Run two : select(runs, r -> r.method().equals("VideoBenchmark.endToEnd") && r.param("workers").equals("2"))) {
            Run one = partner(runs, two, "VideoBenchmark.endToEnd", Map.of("workers", "1"));
            if (one != null) {
                row(sb, "end to end, 2 workers / 1 worker", videoSetting(two), two, one, 1.6, true);
            }
        }
        // 4. 1080p, detection at 640x360 vs full resolution
        for (Run small : select(runs, r -> r.method().equals("VideoBenchmark.endToEnd")
                && r.param("resolution").equals("1920x1080") && r.param("detectionSize").equals("640x360"))) {
            Run full = partner(runs, small, "VideoBenchmark.endToEnd", Map.of("detectionSize", "input"));
            if (full != null) {
                row(sb, "1080p end to end, detection 640x360 / full", videoSetting(small), small, full, 3.0, true);
            }
        }
        // 5. memory
        for (Run longer : select(runs, r -> r.method().equals("MemoryBenchmark.job") && r.param("seconds").equals("60"))) {
            Run shorter = partner(runs, longer, "MemoryBenchmark.job", Map.of("seconds", "10"));
            if (shorter != null && longer.secondary().containsKey("peakRssMb")) {
                double a = longer.secondary().get("peakRssMb");
                double b = shorter.secondary().get("peakRssMb");
                double ratio = a / b;
                sb.append(String.format(Locale.ROOT, "| peak RSS, 60 s clip / 10 s clip | %s | %.0f MB | %.0f MB | %.3f | "
                        + "– | 0.90–1.10 | %s |%n", setting(longer, "resolution", "detectionSize", "workers"), a, b,
                        ratio, ratio >= 0.9 && ratio <= 1.1 ? "yes" : "**no**"));
            }
        }
        sb.append("\nA and B: JMH scores (frames/s for video, ms/op for detectors, ± 99.9% error); 'best "
                + "iterations' compares the best iteration of each (highest frames/s, lowest ms/op).\n");
        List<Run> video = select(runs, r -> r.method().startsWith("VideoBenchmark.") && r.secondary().containsKey("cpu"));
        if (!video.isEmpty()) {
            sb.append("\n| benchmark | setting | frames/s | cores busy | CPU ms/frame |\n|---|---|---:|---:|---:|\n");
            for (Run r : video) {
                double cpu = r.secondary().get("cpu");
                sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.0f |%n", r.method(), videoSetting(r),
                        r.score(), cpu, cpu / r.score() * 1000));
            }
        }
        return sb.toString();
    }

    private static List<Run> select(List<Run> runs, Predicate<Run> p) {
        return runs.stream().filter(p).toList();
    }

    /** The run of {@code method} whose parameters equal {@code base}'s except for {@code changed}. */
    private static Run partner(List<Run> runs, Run base, String method, Map<String, String> changed) {
        Map<String, String> want = new TreeMap<>(base.params());
        want.putAll(changed);
        return runs.stream().filter(r -> r.method().equals(method) && r.params().equals(want)).findFirst().orElse(null);
    }

    private static String setting(Run r, String... names) {
        List<String> parts = new ArrayList<>();
        for (String n : names) {
            String v = r.param(n);
            if (!v.isEmpty()) {
                parts.add(n + "=" + v);
            }
        }
        return String.join(", ", parts);
    }

    private static String videoSetting(Run r) {
        Map<String, String> m = r.others("detector");
        m.entrySet().removeIf(e -> e.getValue().isEmpty() || (e.getKey().equals("opencvThreads")
                && e.getValue().equals("default")) || (e.getKey().equals("decoderThreads") && e.getValue().equals("0"))
                || (e.getKey().equals("preset") && e.getValue().equals("default")));
        return r.param("detector") + " " + m.toString().replaceAll("[{}]", "");
    }

    private static void row(StringBuilder sb, String target, String setting, Run a, Run b, double goal,
            boolean atLeast) {
        double ratio = a.score() / b.score();
        double best = a.best() / b.best();
        boolean met = atLeast ? ratio >= goal : ratio <= goal;
        boolean metBest = atLeast ? best >= goal : best <= goal;
        sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.3f | %.3f | %s %.2f | %s |%n", target, setting,
                score(a), score(b), ratio, best, atLeast ? "≥" : "≤", goal,
                met ? "yes" : metBest ? "best iterations only" : "**no**"));
    }

    private static String score(Run r) {
        String unit = r.unit().replace("ops/s", "frames/s");
        return Double.isNaN(r.error()) ? String.format(Locale.ROOT, "%.2f %s", r.score(), unit)
                : String.format(Locale.ROOT, "%.2f ± %.2f %s", r.score(), r.error(), unit);
    }
}
