package io.github.anonymizer.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.anonymizer.core.AnonymizedFrame;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.testing.SharedData;
import io.github.anonymizer.video.OutputOptions;
import io.github.anonymizer.video.VideoJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No network without an explicit model download: anonymizing a photo and a video with each bundled
 * detector, through the library and through the command line, opens no network socket.
 *
 * <p>How: on Linux every socket a process holds, whoever opened it (Java, FFmpeg, ONNX Runtime,
 * OpenCV), is a file descriptor whose link reads {@code socket:[inode]} in {@code /proc/self/fd}.
 * A watcher thread lists them about every millisecond while the work runs and looks each new one
 * up in {@code /proc/self/net/*}: a TCP, UDP, raw, packet or netlink socket fails the test, and so
 * does one that closed before it could be looked up (it could have been a DNS query); local
 * {@code AF_UNIX} sockets (inter-thread plumbing) are listed but allowed. The surefire fork talks
 * to Maven over pipes (its default), which the baseline check confirms: before the work starts the
 * process holds no socket but, after the first native library has been used, one local
 * {@code AF_UNIX} socket.
 *
 * <p>Limit: a socket that lives less than one scan can be missed; a DNS query to a local resolver
 * can be that short. So the same work also runs in a child JVM under {@code strace -f} where the
 * machine has strace (the {@code underStrace...} tests; skipped without it), which sees every call.
 */
class NoNetworkTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"centerface", "yunet", "ssd-res10", "ssd-yufacedetectnet", "haar", "lbp"})
    void anonymizingOpensNoSocket(String detector) throws Exception {
        assertNoNetwork(detector);
    }

    /**
     * The same work in a child JVM traced by {@code strace -f} (when the machine has strace): every
     * {@code socket}, {@code connect}, {@code bind} and {@code send*} call of every thread is logged,
     * however short-lived, so this sees what the watcher can miss (a DNS query is a {@code connect}
     * to port 53). A call naming an internet address, or a raw or netlink socket, fails the test.
     * One child runs every bundled detector in turn, with the environment of a plain user (no
     * {@code ORT_DISABLE_TELEMETRY}); a child that only starts the JVM is the baseline. With ONNX
     * Runtime 1.29, whose Linux build carries a telemetry uploader, a child running CenterFace was
     * seen making {@code connect()} calls to the resolver's port 53 (to look up Microsoft's event
     * collector); the build pins 1.28, which has none.
     */
    @Test
    void underStraceNoNetworkCallIsMade() throws Exception {
        assertThat(traced("none", Map.of())).as("network calls of a bare JVM").isEmpty();
        assertThat(traced(String.join(",", Bundled.DETECTORS), Map.of()))
                .as("network calls of a child anonymizing with %s", Bundled.DETECTORS).isEmpty();
    }

    /** Runs {@link NoNetworkProbe} under strace; returns its network system calls (inet sockets, connects to inet addresses). */
    private List<String> traced(String id, Map<String, String> env) throws Exception {
        Path strace = Stream.of("/usr/bin/strace", "/bin/strace").map(Path::of).filter(Files::isExecutable).findFirst()
                .orElse(null);
        Assumptions.assumeTrue(strace != null, "strace is not installed (apt-get install strace)");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = tmp.resolve("strace-" + id.replace(',', '-') + env.size() + ".txt");
        ProcessBuilder pb = new ProcessBuilder(strace.toString(), "-f", "-qq", "--seccomp-bpf", "-e",
                "trace=socket,connect,bind,listen,sendto,sendmsg,sendmmsg", "-o",
                log.toString(), javaBin.toString(), "-cp", cp, NoNetworkProbe.class.getName(), id,
                SharedData.models().toString(), SharedData.faces("dlib").resolve("images/2008_001009.jpg").toString(),
                SharedData.video("h264_aac.mp4").toString(), tmp.toString());
        pb.environment().remove("ORT_DISABLE_TELEMETRY");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve("probe-" + id + ".out").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).as("the probe finished").isTrue();
        assertThat(p.exitValue()).as("probe exit code; output: %s", Files.readString(tmp.resolve("probe-" + id + ".out")))
                .isZero();
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.map(l -> l.replaceFirst("^\\d+\\s+", "")).toList();
            // the JDK's libnet probes IPv4, IPv6 and SO_REUSEPORT support when it loads, with sockets it
            // closes at once: no address, no packet; listed, not counted
            System.out.printf("strace %s: inet sockets created %d (JDK libnet probes), network calls %s%n", id,
                    all.stream().filter(l -> l.startsWith("socket(AF_INET")).count(),
                    all.stream().filter(NoNetworkTest::isNetworkCall).toList());
            return all.stream().filter(NoNetworkTest::isNetworkCall).toList();
        }
    }

    /** A call that names an internet address or opens a raw or netlink socket. */
    private static boolean isNetworkCall(String call) {
        boolean addressed = call.startsWith("connect(") || call.startsWith("bind(") || call.startsWith("sendto(")
                || call.startsWith("sendmsg(") || call.startsWith("sendmmsg(");
        return (addressed && call.contains("AF_INET")) || call.startsWith("socket(AF_PACKET")
                || call.startsWith("socket(AF_NETLINK");
    }

    private void assertNoNetwork(String id) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "Linux /proc only");
        Bundled.useSharedModels();
        // surefire talks to Maven over pipes; a local AF_UNIX socket made by a native library at its first use
        // (one appears with the first detector and stays) is not network
        assertThat(sockets()).as("sockets held before the work").allMatch(s -> classify(s).equals("unix"));

        Map<String, String> seen = new ConcurrentSkipListMap<>();
        long[] scans = {0};
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (String s : sockets()) {
                    seen.computeIfAbsent(s, NoNetworkTest::classify);
                }
                scans[0]++;
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "socket-watcher");
        watcher.setDaemon(true);
        watcher.start();
        try {
            try (Anonymizer a = Bundled.anonymizer(id); Mat photo = opencv_imgcodecs.imread(
                    SharedData.faces("dlib").resolve("images/2008_001009.jpg").toString());
                    AnonymizedFrame out = a.process(photo)) {
                assertThat(out.report().hidden()).as("%s hides faces", id).isNotEmpty();
                VideoJob.builder(a).input(SharedData.video("h264_aac.mp4")).output(tmp.resolve(id + ".mp4"))
                        .outputOptions(OutputOptions.builder().preset("ultrafast").build()).build().run();
            }
            Cli.Run r = Cli.run("-d", id, "-q", "--preset", "ultrafast", "-o", tmp.resolve("cli").toString(),
                    SharedData.smoke("openmpf_race.jpg").toString(), SharedData.video("h264_aac.mp4").toString());
            assertThat(r.exit()).as(r.err()).isZero();
        } finally {
            watcher.interrupt();
            watcher.join();
        }
        System.out.printf("no-network %s: photo and video through the API and the CLI; %d scans of /proc/self/fd; "
                + "sockets seen: %s%n", id, scans[0], seen);
        assertThat(scans[0]).as("the watcher ran").isGreaterThan(10);
        assertThat(seen.values()).as("network sockets opened while anonymizing with %s: %s", id, seen)
                .allMatch(kind -> kind.equals("unix"));
    }

    /** The socket inodes among this process's open file descriptors. */
    static Set<String> sockets() {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:")) {
                        out.add(target);
                    }
                } catch (IOException e) {
                    // the descriptor closed while listing
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    /** The table of /proc/self/net that lists the socket's inode, or "closed" when it is gone. */
    static String classify(String socket) {
        String inode = socket.substring("socket:[".length(), socket.length() - 1);
        for (String table : new String[] {"unix", "tcp", "tcp6", "udp", "udp6", "raw", "raw6", "netlink", "packet"}) {
            try (Stream<String> lines = Files.lines(Path.of("/proc/self/net", table))) {
                if (lines.anyMatch(l -> (" " + l + " ").contains(" " + inode + " "))) {
                    return table;
                }
            } catch (IOException e) {
                // a table this kernel does not have
            }
        }
        return "closed before it could be looked up";
    }
}
