package io.github.anonymizer.cli;

import picocli.CommandLine;

/**
 * The version line of {@code anonymizer --version}, from the jar manifest.
 *
 * <p>Stateless and thread-safe.
 */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"anonymizer " + (v == null ? "(development build)" : v),
            "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
