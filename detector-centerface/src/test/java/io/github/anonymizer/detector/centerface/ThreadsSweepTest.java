package io.github.anonymizer.detector.centerface;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The measurement behind the default {@code threads}: throughput of N workers (one detector each,
 * one shared session) for intra-op thread counts, on a 1024-wide WIDER photo. A rough wall-clock
 * figure, not a benchmark (the machine is shared); run with {@code -Dcenterface.sweep=true}.
 * Asserts only that every worker found the same faces.
 */
@EnabledIfSystemProperty(named = "centerface.sweep", matches = "true")
class ThreadsSweepTest {

    static final int FRAMES_PER_WORKER = 12;

    @Test
    void throughputByWorkersAndThreads() throws Exception {
        Path image;
        try (Stream<Path> s = Files.list(SharedData.faces("wider-originals").resolve("images"))) {
            image = s.sorted().findFirst().orElseThrow();
        }
        int cores = Runtime.getRuntime().availableProcessors();
        try (Mat frame = opencv_imgcodecs.imread(image.toString(), opencv_imgcodecs.IMREAD_COLOR)) {
            for (int threads : new int[] {1, cores}) {
                try (CenterFaceDetector cf = CenterFaceDetector.builder().model(TestModels.centerface()).threads(threads)
                        .build()) {
                    for (int workers : new int[] {1, cores, 2 * cores}) {
                        run(cf, frame, workers, 2); // warm-up
                        long t0 = System.nanoTime();
                        List<List<Detection>> results = run(cf, frame, workers, FRAMES_PER_WORKER);
                        double seconds = (System.nanoTime() - t0) / 1e9;
                        System.out.printf(Locale.ROOT, "%dx%d, threads %d, workers %d: %.2f frames/s (%d frames in %.1f s)%n",
                                frame.cols(), frame.rows(), threads, workers, workers * FRAMES_PER_WORKER / seconds,
                                workers * FRAMES_PER_WORKER, seconds);
                        assertThat(results).allSatisfy(r -> assertThat(r).isEqualTo(results.get(0)));
                    }
                }
            }
        }
    }

    private static List<List<Detection>> run(CenterFaceDetector cf, Mat frame, int workers, int frames) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<List<Detection>>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    List<Detection> last = null;
                    try (FaceDetector d = cf.create()) {
                        for (int i = 0; i < frames; i++) {
                            last = d.detect(frame, 0.2);
                        }
                    }
                    return last;
                }));
            }
            List<List<Detection>> out = new ArrayList<>();
            for (Future<List<Detection>> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
