package io.github.anonymizer.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.anonymizer.api.Detection;
import io.github.anonymizer.core.AnonymizedFrame;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One {@link Anonymizer} shared by 8 threads over the shared photos gives exactly the sequential
 * result, with every bundled detector: the same boxes and scores, and the same output pixels, byte
 * for byte. Each thread goes through the photos in its own random order. The photos are shrunk to
 * at most 400 pixels wide to keep the run short on two cores.
 */
class ConcurrencyTest {

    /** Photos with faces of several sizes: dlib photos and smoke-test photos. */
    private static final List<Path> PHOTOS = List.of(SharedData.faces("dlib").resolve("images/2008_001009.jpg"),
            SharedData.faces("dlib").resolve("images/2007_007763.jpg"),
            SharedData.faces("dlib").resolve("images/2008_002079.jpg"),
            SharedData.faces("dlib").resolve("images/bald_guys.jpg"),
            SharedData.smoke("openmpf_race.jpg"), SharedData.smoke("skimage_astronaut.png"));

    record Result(List<Detection> hidden, byte[] pixels) {
        boolean same(Result o) {
            return hidden.equals(o.hidden) && java.util.Arrays.equals(pixels, o.pixels);
        }
    }

    static List<String> detectors() {
        return Bundled.DETECTORS;
    }

    @Test
    void everyBundledDetectorIsRegistered() {
        assertThat(Bundled.registeredIds()).containsExactlyInAnyOrderElementsOf(Bundled.DETECTORS);
    }

    @ParameterizedTest
    @MethodSource("detectors")
    void eightThreadsGiveTheSequentialResult(String detector) throws Exception {
        List<Mat> photos = new ArrayList<>();
        try (Anonymizer a = Bundled.anonymizer(detector)) {
            for (Path p : PHOTOS) {
                photos.add(shrunk(p));
            }
            List<Result> sequential = new ArrayList<>();
            for (Mat m : photos) {
                sequential.add(run(a, m));
            }
            long faces = sequential.stream().mapToLong(r -> r.hidden().size()).sum();
            assertThat(faces).as("%s finds faces in the photos", detector).isPositive();

            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<List<String>>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    long seed = t;
                    futures.add(pool.submit(() -> {
                        List<Integer> order = new ArrayList<>();
                        for (int i = 0; i < photos.size(); i++) {
                            order.add(i);
                        }
                        Collections.shuffle(order, new Random(seed));
                        List<String> differences = new ArrayList<>();
                        for (int i : order) {
                            if (!run(a, photos.get(i)).same(sequential.get(i))) {
                                differences.add(PHOTOS.get(i).getFileName().toString());
                            }
                        }
                        return differences;
                    }));
                }
                for (Future<List<String>> f : futures) {
                    assertThat(f.get(10, TimeUnit.MINUTES)).as("photos that came out differently in a thread").isEmpty();
                }
            } finally {
                pool.shutdownNow();
            }
            System.out.printf("%s: 8 threads x %d photos = sequential result (%d faces)%n", detector,
                    photos.size(), faces);
        } finally {
            photos.forEach(Mat::close);
        }
    }

    private static Mat shrunk(Path p) {
        Mat full = opencv_imgcodecs.imread(p.toString());
        if (full.cols() <= 400) {
            return full;
        }
        try (full; org.bytedeco.opencv.opencv_core.Size size = new org.bytedeco.opencv.opencv_core.Size(400,
                (int) Math.round(full.rows() * 400.0 / full.cols()))) {
            Mat small = new Mat();
            org.bytedeco.opencv.global.opencv_imgproc.resize(full, small, size, 0, 0,
                    org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA);
            return small;
        }
    }

    private static Result run(Anonymizer a, Mat photo) {
        try (AnonymizedFrame out = a.process(photo)) {
            Mat img = out.image();
            byte[] b = new byte[(int) (img.total() * img.elemSize())];
            img.data().get(b);
            return new Result(out.report().hidden(), b);
        }
    }
}
