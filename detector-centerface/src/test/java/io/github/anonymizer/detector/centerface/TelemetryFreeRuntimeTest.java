package io.github.anonymizer.detector.centerface;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The ONNX Runtime native library on the class path carries no telemetry uploader. ONNX Runtime
 * 1.29 added one on Linux and macOS that contacts Microsoft's event collector unless an environment
 * variable is set before it loads; a privacy tool must never do that, so the build pins a version
 * without it, and this test fails the build if an upgrade brings it back.
 */
class TelemetryFreeRuntimeTest {

    @Test
    void theBundledNativeLibraryHasNoTelemetryEndpoint() throws IOException {
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(java.util.Locale.ROOT);
        String dir = (os.contains("linux") ? "linux" : os.contains("mac") ? "osx" : "win") + "-"
                + (arch.contains("aarch64") || arch.contains("arm64") ? "aarch64" : "x64");
        String lib = os.contains("linux") ? "libonnxruntime.so" : os.contains("mac") ? "libonnxruntime.dylib" : "onnxruntime.dll";
        String resource = "/ai/onnxruntime/native/" + dir + "/" + lib;
        byte[] bytes;
        try (InputStream in = OrtEnvironment.class.getResourceAsStream(resource)) {
            assertThat(in).as("ONNX Runtime native library %s on the class path", resource).isNotNull();
            bytes = in.readAllBytes();
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(text).as("the ONNX Runtime build must not carry a telemetry uploader (upgraded past 1.28?)")
                .doesNotContain("events.data.microsoft.com")
                .doesNotContain("OneCollector");
    }
}
