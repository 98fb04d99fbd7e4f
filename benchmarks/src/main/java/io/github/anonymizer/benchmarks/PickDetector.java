package io.github.anonymizer.benchmarks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.api.spi.FaceDetectorProvider;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.Detectors;
import io.github.anonymizer.eval.Difficulty;
import io.github.anonymizer.eval.EvaluationReport;
import io.github.anonymizer.eval.Evaluator;
import io.github.anonymizer.eval.GroundTruthSet;
import io.github.anonymizer.eval.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The "pick a detector" report: for every detector, the milliseconds one frame costs at each size
 * (JMH, {@link DetectorBenchmark#anonymizerDetect} at the frame's own size) next to its hidden-face
 * rate and AP on the shared photo sets (the quality harness, {@link Evaluator}, with the defaults
 * the CLI uses). Prints a markdown table.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.anonymizer.benchmarks.PickDetector [options]
 *   --detectors ID,...      default: every registered detector whose model is installed
 *   --sizes WxH,...         default: 640x360,1280x720,1920x1080
 *   --sets NAME,...         face sets under data/faces; default: dlib,wider-originals
 *   --jmh-results FILE      read a JMH JSON result file instead of running the benchmark
 *   --save-jmh FILE         where the JMH run writes its JSON (default: pick-detector-jmh.json)
 *   --iterations N          JMH measurement iterations of 2 s (default 4, after 2 warm-up ones)
 *   --out FILE              also write the table to FILE
 * </pre>
 *
 * <p>AP is at IoU 0.5 on the WIDER sets and at IoU 0.3 on dlib, whose hand-made boxes are tighter
 * than any detector's (as {@code data/README.md} advises). Confined to the main thread.
 */
public final class PickDetector {

    static final List<String> DEFAULT_SIZES = List.of("640x360", "1280x720", "1920x1080");
    static final List<String> DEFAULT_SETS = List.of("dlib", "wider-originals");

    private PickDetector() {}

    public static void main(String[] args) throws RunnerException, IOException {
        Map<String, String> opts = parse(args);
        BenchEnv.useSharedModels();
        List<String> detectors = opts.containsKey("detectors") ? split(opts.get("detectors")) : installedDetectors();
        List<String> sizes = opts.containsKey("sizes") ? split(opts.get("sizes")) : DEFAULT_SIZES;
        List<String> sets = opts.containsKey("sets") ? split(opts.get("sets")) : DEFAULT_SETS;
        Path jmh;
        if (opts.containsKey("jmh-results")) {
            jmh = Path.of(opts.get("jmh-results"));
        } else {
            jmh = Path.of(opts.getOrDefault("save-jmh", "pick-detector-jmh.json"));
            runJmh(detectors, sizes, Integer.parseInt(opts.getOrDefault("iterations", "4")), jmh);
        }
        Map<String, Map<String, double[]>> latency = readLatency(jmh);
        Map<String, Map<String, Metrics.Result>> quality = new LinkedHashMap<>();
        for (String d : detectors) {
            Map<String, Metrics.Result> perSet = new LinkedHashMap<>();
            for (String set : sets) {
                perSet.put(set, evaluate(d, set));
            }
            quality.put(d, perSet);
        }
        String table = table(detectors, sizes, sets, latency, quality);
        System.out.println();
        System.out.print(table);
        if (opts.containsKey("out")) {
            Files.writeString(Path.of(opts.get("out")), table, StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> known = List.of("detectors", "sizes", "sets", "jmh-results", "save-jmh", "iterations", "out");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String key = a.startsWith("--") ? a.substring(2) : null;
            if (key == null || !known.contains(key) || i + 1 >= args.length) {
                usage("unknown or incomplete option '" + a + "'");
            }
            m.put(key, args[++i]);
        }
        return m;
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: PickDetector [--detectors ID,...] [--sizes WxH,...] [--sets NAME,...] "
                + "[--jmh-results FILE | --save-jmh FILE] [--iterations N] [--out FILE]");
        System.exit(2);
    }

    private static List<String> split(String s) {
        return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    /** Every registered detector that can be opened with its defaults, in the registry's order. */
    static List<String> installedDetectors() {
        List<String> ids = new ArrayList<>();
        for (FaceDetectorProvider p : Detectors.providers()) {
            if (p.unavailableReason(DetectorOptions.empty()).isEmpty()) {
                ids.add(p.id());
            } else {
                System.err.println("skipping " + p.id() + ": " + p.unavailableReason(DetectorOptions.empty()).get());
            }
        }
        return ids;
    }

    private static void runJmh(List<String> detectors, List<String> sizes, int iterations, Path out)
            throws RunnerException {
        Options o = new OptionsBuilder()
                .include(DetectorBenchmark.class.getName() + ".anonymizerDetect$")
                .param("detector", detectors.toArray(String[]::new))
                .param("inputSize", sizes.toArray(String[]::new))
                .param("detectionSize", "input")
                .forks(1)
                .warmupIterations(2).warmupTime(TimeValue.seconds(2))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(2))
                .resultFormat(ResultFormatType.JSON).result(out.toString())
                .build();
        new Runner(o).run();
    }

    /** detector -> size -> {ms/frame, 99.9% error}, from a JMH JSON file. */
    static Map<String, Map<String, double[]>> readLatency(Path jmhJson) {
        JsonArray runs;
        try {
            runs = JsonParser.parseString(Files.readString(jmhJson, StandardCharsets.UTF_8)).getAsJsonArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JMH results " + jmhJson, e);
        }
        Map<String, Map<String, double[]>> m = new LinkedHashMap<>();
        for (JsonElement e : runs) {
            JsonObject run = e.getAsJsonObject();
            if (!run.get("benchmark").getAsString().endsWith("DetectorBenchmark.anonymizerDetect")) {
                continue;
            }
            JsonObject params = run.getAsJsonObject("params");
            if (!params.get("detectionSize").getAsString().equals("input")
                    || (params.has("options") && !params.get("options").getAsString().isEmpty())) {
                continue;
            }
            JsonObject metric = run.getAsJsonObject("primaryMetric");
            double scale = switch (metric.get("scoreUnit").getAsString()) {
                case "ms/op" -> 1;
                case "us/op" -> 1e-3;
                case "s/op" -> 1e3;
                default -> throw new IllegalStateException("unexpected unit " + metric.get("scoreUnit") + " in " + jmhJson);
            };
            double error = metric.get("scoreError").isJsonPrimitive() && metric.get("scoreError").getAsJsonPrimitive()
                    .isNumber() ? metric.get("scoreError").getAsDouble() : Double.NaN;
            m.computeIfAbsent(params.get("detector").getAsString(), k -> new LinkedHashMap<>())
                    .put(params.get("inputSize").getAsString(),
                            new double[] {metric.get("score").getAsDouble() * scale, error * scale});
        }
        return m;
    }

    /** The quality harness with the detector's (and the CLI's) defaults. */
    static Metrics.Result evaluate(String detector, String set) {
        Path folder = BenchEnv.data("faces/" + set);
        double iou = set.equals("dlib") ? 0.3 : 0.5;
        try (Anonymizer a = Anonymizer.builder().detector(detector).build()) {
            EvaluationReport r = Evaluator.evaluate(a, GroundTruthSet.load(folder), iou);
            System.err.print(r.toText());
            return r.result(Difficulty.ALL);
        }
    }

    static String table(List<String> detectors, List<String> sizes, List<String> sets,
            Map<String, Map<String, double[]>> latency, Map<String, Map<String, Metrics.Result>> quality) {
        StringBuilder sb = new StringBuilder();
        sb.append("| detector |");
        sizes.forEach(s -> sb.append(" ms/frame ").append(s).append(" |"));
        sets.forEach(s -> sb.append(" hidden ").append(s).append(" | AP ").append(s).append(" |"));
        sb.append('\n').append("|---|");
        sizes.forEach(s -> sb.append("---:|"));
        sets.forEach(s -> sb.append("---:|---:|"));
        sb.append('\n');
        for (String d : detectors) {
            sb.append("| ").append(d).append(" |");
            Map<String, double[]> lat = latency.getOrDefault(d, Map.of());
            for (String s : sizes) {
                double[] v = lat.get(s);
                if (v == null) {
                    sb.append(" n/a |");
                } else if (Double.isNaN(v[1])) {
                    sb.append(String.format(Locale.ROOT, " %.1f |", v[0]));
                } else {
                    sb.append(String.format(Locale.ROOT, " %.1f ± %.1f |", v[0], v[1]));
                }
            }
            for (String set : sets) {
                Metrics.Result r = quality.get(d).get(set);
                sb.append(String.format(Locale.ROOT, " %.3f | %.3f |", r.hiddenRate(), r.averagePrecision()));
            }
            sb.append('\n');
        }
        sb.append('\n').append(String.format(Locale.ROOT,
                "ms/frame: JMH average time of Anonymizer.detect on one frame at its own size (resize, detector, "
                        + "decision), one thread, %d cores, ± 99.9%% confidence; detector defaults. Hidden: share of "
                        + "ground-truth faces at least %.0f%% covered by the applied mask (default ellipse, mask scale "
                        + "1.3, detector's default threshold). AP: VOC average precision, IoU 0.3 on dlib (tight "
                        + "hand-made boxes), 0.5 on WIDER sets.%n", Runtime.getRuntime().availableProcessors(),
                Evaluator.HIDDEN_COVERAGE * 100));
        return sb.toString();
    }
}
