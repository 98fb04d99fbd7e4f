package io.github.anonymizer.cli;

import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.eval.EvaluationReport;
import io.github.anonymizer.eval.Evaluator;
import io.github.anonymizer.eval.GroundTruthSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code anonymizer evaluate SET...}: the quality harness on folders in the {@code gt.txt} format.
 * Takes the same detector, mask and filter options as the main command (from the parent).
 *
 * <p>Confined to one thread.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Measure a detector on folders of photos with ground-truth boxes (gt.txt + images/):",
            "precision, recall, AP at IoU 0.5 and the hidden-face rate (faces whose box is at least 80% covered",
            "by the applied mask), per WIDER difficulty where given. Detector, threshold, mask and scale options",
            "go before 'evaluate', e.g. anonymizer --detector haar --boxes evaluate ../shared/data/faces/dlib"})
final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    AnonymizeCommand parent;

    @Parameters(arity = "1..*", paramLabel = "SET", description = "Folders holding gt.txt and images/.")
    List<Path> sets;

    @Option(names = "--iou", paramLabel = "IOU", description = "IoU from which a detection matches a face (default: ${DEFAULT-VALUE}).")
    double iou = 0.5;

    @Option(names = "--json", description = "Print JSON lines instead of tables.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<AutoCloseable> owned = new ArrayList<>();
        try (Anonymizer anonymizer = parent.buildAnonymizer(owned)) {
            anonymizer.selectionWarning().ifPresent(w -> spec.commandLine().getErr().println("warning: " + w));
            for (Path set : sets) {
                EvaluationReport r = Evaluator.evaluate(anonymizer, GroundTruthSet.load(set), iou);
                out.println(json ? r.toJson() : r.toText());
                out.flush();
            }
        } finally {
            for (AutoCloseable c : owned) {
                try {
                    c.close();
                } catch (Exception e) {
                    spec.commandLine().getErr().println("warning: cleanup failed: " + Errors.message(e));
                }
            }
        }
        return 0;
    }
}
