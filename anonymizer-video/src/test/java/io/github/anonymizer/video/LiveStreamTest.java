package io.github.anonymizer.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.github.anonymizer.api.MediaException;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.pipeline.VideoFrame;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network path on loopback, with no camera or display: the test publishes a clip as an MPEG-TS
 * stream with {@link VideoSink#toUrl}, and a {@link VideoJob} reads it back live through
 * {@link VideoSource#openUrl}, anonymizes it and records it to a file.
 */
class LiveStreamTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aTcpStreamIsReadLiveAnonymizedAndRecorded() throws Exception {
        int port = freePort();
        // the publisher listens; the reader connects (TCP: nothing is lost)
        CompletableFuture<Long> published = CompletableFuture.supplyAsync(() -> publish(Clips.clip("h264_aac.mp4"),
                "tcp://127.0.0.1:" + port + "?listen=1", false));
        Path out = tmp.resolve("from-tcp.mp4");
        // without low-latency mode the packets read while probing are kept: every frame arrives
        SourceOptions keepAll = SourceOptions.builder().lowLatency(false).build();
        VideoJob.Result r = runWithRetry("tcp://127.0.0.1:" + port, out, keepAll);
        assertThat(published.get(30, TimeUnit.SECONDS)).isEqualTo(31);
        System.out.println("tcp: " + r);

        assertThat(r.framesRead()).isEqualTo(31);
        assertThat(r.audio()).isEqualTo(AudioOutcome.COPIED);
        // a live source never waits for the pipeline: on a loaded machine some frames of this unpaced
        // stream are dropped to keep up, and every one is accounted for
        assertThat(r.framesWritten() + r.framesDropped()).isEqualTo(31);
        if (r.framesDropped() > 0) {
            assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("dropped to keep up"));
        }
        assertRecording(out, r, Math.max(10, r.framesWritten()));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aUdpStreamIsReadLiveUntilItGoesQuiet() throws Exception {
        int port = freePort();
        Path out = tmp.resolve("from-udp.mp4");
        SourceOptions live = SourceOptions.builder().readTimeoutMillis(1500).build();
        // the reader binds first and waits for packets; the publisher sends at the clip's own pace
        CompletableFuture<VideoJob.Result> reader = CompletableFuture.supplyAsync(() ->
                runWithRetry("udp://127.0.0.1:" + port, out, live));
        Thread.sleep(500);
        long sent = publish(Clips.clip("video_01.mp4"), "udp://127.0.0.1:" + port + "?pkt_size=1316", true);
        VideoJob.Result r = reader.get(60, TimeUnit.SECONDS);
        System.out.println("udp: " + r);

        assertThat(sent).isEqualTo(90);
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("taken as its end"));
        // low-latency mode drops what was read while probing (up to 1 s), and datagrams may be lost:
        // the rest of the 3 s clip arrives
        assertThat(r.framesRead()).isBetween(30L, 90L);
        assertThat(r.framesWritten() + r.framesDropped()).isEqualTo(r.framesRead());
        assertRecording(out, r, Math.max(10, r.framesWritten()));
    }

    @Test
    void aLiveSourceReportsItselfAsLive() throws Exception {
        int port = freePort();
        CompletableFuture<Long> published = CompletableFuture.supplyAsync(() -> publish(Clips.clip("vp8_opus.webm"),
                "tcp://127.0.0.1:" + port + "?listen=1", false));
        try (VideoSource src = openWithRetry("tcp://127.0.0.1:" + port, SourceOptions.builder().lowLatency(false).build())) {
            assertThat(src.isLive()).isTrue();
            assertThat(src.frameCount()).isEmpty();
            assertThat(src.width()).isEqualTo(640);
            assertThat(src.height()).isEqualTo(480);
            long n = 0;
            for (VideoFrame next = src.read(); next != null; next = src.read()) {
                try (VideoFrame f = next) {
                    assertThat(f.image().cols()).isEqualTo(640);
                    assertThat(f.image().rows()).isEqualTo(480);
                    n++;
                }
            }
            assertThat(n).isEqualTo(31);
        }
        assertThat(published.get(30, TimeUnit.SECONDS)).isEqualTo(31);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void stoppingALiveRecordingFinishesTheFile() throws Exception {
        int port = freePort();
        CompletableFuture<Long> published = CompletableFuture.supplyAsync(() -> {
            try {
                return publish(Clips.clip("video_01.mp4"), "tcp://127.0.0.1:" + port + "?listen=1", true);
            } catch (MediaException e) {
                return -1L; // the reader hung up first: expected
            }
        });
        Path out = tmp.resolve("stopped.mp4");
        CountDownLatch twenty = new CountDownLatch(1);
        VideoJob.Result r;
        try (Anonymizer a = TestAnonymizers.fixedBox()) {
            AtomicReference<VideoJob> job = new AtomicReference<>();
            CompletableFuture<VideoJob.Result> running = CompletableFuture.supplyAsync(() -> retry(() -> {
                job.set(VideoJob.builder(a).input("tcp://127.0.0.1:" + port).output(out)
                        .sourceOptions(SourceOptions.builder().lowLatency(false).build())
                        .outputOptions(OutputOptions.builder().preset("ultrafast").build())
                        .progress(p -> {
                            if (p.framesWritten() >= 20) {
                                twenty.countDown();
                            }
                        }).build());
                return job.get().run(); // a job runs once: a new one per attempt to connect
            }));
            assertThat(twenty.await(30, TimeUnit.SECONDS)).isTrue();
            job.get().stop(); // from another thread, while the job waits for the next frame
            r = running.get(30, TimeUnit.SECONDS);
        }
        published.get(30, TimeUnit.SECONDS);
        System.out.println("stopped: " + r);
        assertThat(r.framesWritten()).isBetween(20L, 89L); // the clip is paced at 30 fps: stopped long before its end
        assertRecording(out, r, 20);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void closingFromAnotherThreadEndsABlockedRead() throws Exception {
        int port = freePort();
        CompletableFuture<Long> published = CompletableFuture.supplyAsync(() -> {
            try {
                return publish(Clips.clip("video_01.mp4"), "tcp://127.0.0.1:" + port + "?listen=1", true);
            } catch (MediaException e) {
                return -1L;
            }
        });
        VideoSource src = openWithRetry("tcp://127.0.0.1:" + port, SourceOptions.builder().lowLatency(false).build());
        CountDownLatch five = new CountDownLatch(5);
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                for (VideoFrame next = src.read(); next != null; next = src.read()) {
                    next.close();
                    five.countDown();
                }
                return "end";
            } catch (IllegalStateException e) {
                return "closed";
            }
        });
        assertThat(five.await(30, TimeUnit.SECONDS)).isTrue();
        src.close();
        assertThat(reader.get(5, TimeUnit.SECONDS)).isIn("end", "closed");
        assertThat(src.framesRead()).isLessThan(90);
        published.get(30, TimeUnit.SECONDS);
    }

    private static <T> T retry(java.util.function.Supplier<T> open) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try {
                return open.get();
            } catch (MediaException e) {
                if (!e.getMessage().contains("cannot open") || System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(100);
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aStreamThatBreaksOffKeepsWhatArrived() throws Exception {
        // an MPEG-TS recording of a clip, served by a plain socket that resets the connection halfway
        Path ts = tmp.resolve("clip.ts");
        TestAnonymizers.anonymize(Clips.clip("video_01.mp4"), ts, OutputOptions.builder().preset("ultrafast").build());
        byte[] bytes = Files.readAllBytes(ts);
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                try (Socket client = server.accept()) {
                    client.getOutputStream().write(bytes, 0, bytes.length / 2);
                    client.getOutputStream().flush();
                    Thread.sleep(1500); // let the reader take it all
                    client.setSoLinger(true, 0); // close with a reset, not an orderly end
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Path out = tmp.resolve("broken.mp4");
            SourceOptions o = SourceOptions.builder().lowLatency(false).build();
            VideoJob.Result r = runWithRetry("tcp://127.0.0.1:" + server.getLocalPort(), out, o);
            serving.get(30, TimeUnit.SECONDS);
            System.out.println("broken off: " + r);
            assertThat(r.framesRead()).isBetween(10L, 89L);
            assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("broke off"));
            assertRecording(out, r, 10);
        }
    }

    private static void assertRecording(Path out, VideoJob.Result r, long minFrames) {
        try (MediaProbe.Info dst = MediaProbe.probe(out, Set.of(0L, 10L))) {
            assertThat(dst.video().width()).isEqualTo(640);
            assertThat(dst.video().height()).isEqualTo(480);
            assertThat(dst.video().frames()).isEqualTo(r.framesWritten() + r.framesDuplicated());
            assertThat(dst.video().frames()).isGreaterThanOrEqualTo(minFrames);
            assertThat(dst.audio()).hasSize(1);
            dst.frames().forEach((i, m) -> assertThat(VideoJobTest.boxMean(m, TestAnonymizers.BOX)).as("frame %d", i)
                    .isCloseTo(TestAnonymizers.FILL, offset(6.0)));
        }
    }

    /** Publishes a clip (copying its audio) to a URL as MPEG-TS; returns the frames sent. */
    static long publish(Path clip, String url, boolean realtime) {
        SourceOptions in = SourceOptions.builder().realtime(realtime).build();
        OutputOptions.Builder ob = OutputOptions.builder().preset("ultrafast").codecOption("g", "10");
        if (url.contains("listen")) {
            ob.formatOption("listen_timeout", "30000"); // ms; a tcp protocol option
        }
        OutputOptions out = ob.build();
        try (VideoSource src = VideoSource.open(clip, in); VideoSink sink = VideoSink.toUrl(url, src, out)) {
            long n = 0;
            for (VideoFrame next = src.read(); next != null; next = src.read()) {
                try (VideoFrame f = next) {
                    sink.write(f);
                    n++;
                }
            }
            sink.finish();
            return n;
        }
    }

    private VideoJob.Result runWithRetry(String url, Path out, SourceOptions options) {
        return retry(() -> {
            try (Anonymizer a = TestAnonymizers.fixedBox()) {
                return VideoJob.builder(a).input(url).output(out).sourceOptions(options)
                        .outputOptions(OutputOptions.builder().preset("ultrafast").build()).build().run();
            }
        });
    }

    private static VideoSource openWithRetry(String url, SourceOptions options) {
        return retry(() -> VideoSource.openUrl(url, options));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
