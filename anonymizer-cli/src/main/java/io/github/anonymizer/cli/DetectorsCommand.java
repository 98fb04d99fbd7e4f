package io.github.anonymizer.cli;

import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.api.spi.FaceDetectorProvider;
import io.github.anonymizer.api.spi.OptionSpec;
import io.github.anonymizer.core.Detectors;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code anonymizer detectors}: lists the detectors on the class path, best first, whether each
 * can be used now (its model is installed) and, with {@code --options}, what options it takes.
 *
 * <p>Confined to one thread.
 */
@Command(name = "detectors", mixinStandardHelpOptions = true,
        description = "List the face detectors, best first, and whether their models are installed.")
final class DetectorsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--options", description = "Also list each detector's options.")
    boolean showOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<FaceDetectorProvider> providers = Detectors.providers();
        boolean chosen = false;
        for (FaceDetectorProvider p : providers) {
            Optional<String> reason = p.unavailableReason(DetectorOptions.empty());
            String mark = reason.isPresent() ? "  " : chosen ? "  " : "* ";
            if (reason.isEmpty()) {
                chosen = true;
            }
            out.printf("%s%-22s %s%n", mark, p.id(), p.description());
            out.printf("  %-22s %s%n", "", reason.map(r -> "not available: " + r).orElse("available"));
            if (showOptions) {
                for (OptionSpec o : p.options()) {
                    out.printf("  %-22s   %s=%s  %s%n", "", o.name(), o.defaultValue() == null ? "" : o.defaultValue(),
                            o.description());
                }
            }
        }
        out.println("* = used when no --detector is given");
        out.flush();
        return 0;
    }
}
