package io.github.anonymizer.cli;

import io.github.anonymizer.core.model.InstallResult;
import io.github.anonymizer.core.model.ModelCatalog;
import io.github.anonymizer.core.model.ModelDownloader;
import io.github.anonymizer.core.model.ModelFile;
import io.github.anonymizer.core.model.ModelInfo;
import io.github.anonymizer.core.model.ModelStore;
import io.github.anonymizer.core.model.ProgressListener;
import io.github.anonymizer.core.model.VerificationReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code anonymizer models list|install|verify}: the model catalog, explicit downloads (the only
 * network access this tool ever makes), and checks of installed files.
 *
 * <p>Confined to one thread.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List, install and verify detector models.",
            "Models are looked up in ANONYMIZER_MODEL_DIR (or -Danonymizer.model.dir) and then in the user cache",
            "(" + "~/.cache/anonymizer/models" + "). Nothing is downloaded unless you run 'models install'."},
        subcommands = {ModelsCommand.ListCommand.class, ModelsCommand.InstallCommand.class, ModelsCommand.VerifyCommand.class})
final class ModelsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the models the detectors can use and where they are installed.")
    static final class ListCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ModelStore store = ModelStore.defaults();
            out.println("searched, in order: " + store.searchDirs());
            for (ModelInfo m : ModelCatalog.all()) {
                boolean installed = store.available(m.id());
                out.printf(Locale.ROOT, "%-22s %-13s %s%n", m.id(), installed ? "installed" : "not installed", m.name());
                out.printf(Locale.ROOT, "%-22s licence: %s; source: %s%n", "", m.licence(), m.homepage());
                for (ModelFile f : m.requiredFiles()) {
                    String where = store.find(m.id(), f.name()).map(p -> " -> " + p).orElse("");
                    out.printf(Locale.ROOT, "%-22s   %s%s%n", "", f.summary(), where);
                    f.authoritativeDigests().forEach(d -> out.printf(Locale.ROOT, "%-22s     %s%n", "", d));
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Download a model from its official source into the user cache, verifying the publisher's digest.",
                "This is the only command that uses the network."})
    static final class InstallCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "ID", description = "Model ids, see 'models list'.")
        List<String> ids;

        @Option(names = "--allow-unverified",
                description = "Also download files for which the publisher gives no digest (e.g. OpenCV's deploy.prototxt); they are pinned by SHA-256 afterwards.")
        boolean allowUnverified;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ModelStore store = ModelStore.defaults();
            ModelDownloader downloader = ModelDownloader.builder().allowUnverified(allowUnverified).build();
            int failed = 0;
            for (String id : ids) {
                ProgressBar bar = new ProgressBar(System.err, "bytes", -1, true);
                ProgressListener listener = new ProgressListener() {
                    @Override
                    public void progress(String modelId, String fileName, long bytesSoFar, long totalBytes) {
                        bar.total(totalBytes);
                        bar.label(modelId + "/" + fileName);
                        bar.set(bytesSoFar);
                    }

                    @Override
                    public void started(String modelId, String fileName, java.net.URI source) {
                        bar.clear();
                        System.err.println("downloading " + source);
                    }
                };
                try {
                    InstallResult r = store.install(id, downloader, listener);
                    bar.finish();
                    for (InstallResult.InstalledFile f : r.files()) {
                        out.printf(Locale.ROOT, "%s/%s: %s %s (sha256 %s)%n", id, f.fileName(),
                                f.downloaded() ? "downloaded to" : "already present at", f.path(), f.sha256());
                        if (!f.verified()) {
                            out.printf(Locale.ROOT, "  not verified: the publisher gives no digest for this file%n");
                        }
                    }
                } catch (RuntimeException e) {
                    bar.clear();
                    spec.commandLine().getErr().println("error: " + Errors.message(e));
                    failed++;
                }
            }
            out.flush();
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check installed models: present, intact (pinned SHA-256 and format), and whether each file is the",
                "publisher's official one or a rebuild/modified copy. Exit code 1 when a model is missing or damaged."})
    static final class VerifyCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..*", paramLabel = "ID", description = "Model ids (default: every installed model).")
        List<String> ids = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ModelStore store = ModelStore.defaults();
            List<String> which = ids;
            if (which.isEmpty()) {
                which = ModelCatalog.all().stream().map(ModelInfo::id).filter(store::available).toList();
                if (which.isEmpty()) {
                    out.println("no model installed in " + store.searchDirs());
                    out.flush();
                    return 1;
                }
            }
            boolean ok = true;
            for (String id : which) {
                VerificationReport r = store.verify(id);
                out.print(r.toText());
                ok &= r.usable();
            }
            out.flush();
            return ok ? 0 : 1;
        }
    }
}
