package io.github.anonymizer.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceDetector;
import io.github.anonymizer.api.FaceDetectorFactory;
import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.api.spi.FaceDetectorProvider;
import io.github.anonymizer.api.spi.OptionSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract every {@link FaceDetector} implementation meets; each detector module's tests
 * extend it (the TwelveMonkeys way) and name a factory and a provider id:
 *
 * <pre>{@code
 * class HaarDetectorContractTest extends FaceDetectorContract {
 *     protected FaceDetectorFactory createFactory() { return HaarDetector.builder().build(); }
 *     protected String providerId() { return "haar"; }
 * }
 * }</pre>
 *
 * <p>What it checks (and so decides for every detector):
 * <ul>
 *   <li>the provider is registered in {@code META-INF/services} and found by {@link ServiceLoader};
 *       its id, description and option names are sane; it opens with {@link #providerOptions()}
 *       (when it reports itself unavailable, say for a missing model file, that test is skipped, or
 *       fails under {@code CI=true}), and rejects an unknown option with an {@link
 *       InvalidOptionException} naming it (before loading any model);
 *   <li>a {@code null} frame throws {@link NullPointerException}; an empty {@link Mat} or one that
 *       is not {@code CV_8UC3} throws {@link IllegalArgumentException} (the core converts frames
 *       before detection, so another type reaching a detector is a caller bug);
 *   <li>frames from 1x1 up to a few pixels return no faces and no error;
 *   <li>a frame that is a region of a larger {@link Mat} gives the same faces as its copy, and the
 *       input is not modified;
 *   <li>{@code detect} after {@code close} throws {@link IllegalStateException}; {@code close} is
 *       idempotent, on detectors and factories; {@code create} after the factory's {@code close}
 *       throws {@link IllegalStateException};
 *   <li>the faces of a real photo with ground-truth boxes ({@link #knownFacesImage()}) are all found
 *       at IoU 0.3 and the factory's default threshold, with the factory's id and scores in
 *       {@code [0, 1]};
 *   <li>8 threads, each with its own detector from one factory, give exactly the detections a
 *       single detector gives sequentially on the same photos;
 *   <li>a loop of {@link #leakLoopIterations()} detections on one detector keeps giving the same
 *       result, and leaves at most {@value #LEAKED_POINTERS_ALLOWED} more live JavaCPP pointers
 *       ({@link Pointer#totalCount()}) than before it: native objects made per frame must be closed,
 *       not left to the garbage collector.
 * </ul>
 *
 * <p>Photos come from the shared test data ({@link SharedData}): without it the photo tests are
 * skipped, or fail under {@code CI=true}. Images are decoded with OpenCV's {@code imread}, so the
 * test class path needs the OpenCV natives.
 *
 * <p>Not thread-safe (a JUnit test class); one factory from {@link #createFactory()} is shared by
 * the tests of one class and closed after them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FaceDetectorContract {

    /** Images of {@code faces/dlib} used by the threading test. */
    protected static final List<String> THREAD_TEST_IMAGES =
            List.of("2008_001009.jpg", "2009_004587.jpg", "2008_001322.jpg", "2008_002506.jpg");

    /** Growth of {@link Pointer#totalCount()} tolerated over the whole leak loop. */
    public static final long LEAKED_POINTERS_ALLOWED = 8;

    private FaceDetectorFactory factory;

    /** A new factory of the detector under test, with its default settings. */
    protected abstract FaceDetectorFactory createFactory();

    /** The id under which the module registers its provider. */
    protected abstract String providerId();

    /** The options {@link #providerOptions()} opens the provider with; none by default. */
    protected DetectorOptions providerOptions() {
        return DetectorOptions.empty();
    }

    /**
     * A photo of {@code faces/dlib} all of whose ground-truth faces the detector must find at IoU
     * 0.3: by default {@code 2008_001009.jpg} (two frontal faces, 76 and 90 pixels).
     */
    protected String knownFacesImage() {
        return "2008_001009.jpg";
    }

    /** How many detections the leak loop runs; 200 by default. */
    protected int leakLoopIterations() {
        return 200;
    }

    @BeforeAll
    final void openFactory() {
        factory = createFactory();
        assertThat(factory).as("createFactory()").isNotNull();
    }

    @AfterAll
    final void closeFactory() {
        if (factory != null) {
            factory.close();
        }
    }

    /** The factory shared by this class's tests. */
    protected final FaceDetectorFactory factory() {
        return factory;
    }

    // ---------------------------------------------------------------- provider

    @Test
    void providerIsRegisteredWithServiceLoader() {
        FaceDetectorProvider provider = provider();
        assertThat(provider.id()).isEqualTo(providerId()).isLowerCase();
        assertThat(provider.description()).isNotBlank();
        List<String> names = provider.options().stream().map(OptionSpec::name).toList();
        assertThat(names).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n).isNotBlank());
        assertThat(provider.options()).allSatisfy(o -> assertThat(o.description()).isNotBlank());
    }

    @Test
    void providerOpensWhenAvailable() {
        FaceDetectorProvider provider = provider();
        Optional<String> reason = provider.unavailableReason(providerOptions());
        if (reason.isPresent()) {
            String why = "provider '" + providerId() + "' is unavailable: " + reason.get();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and " + why); // CI must never pass by skipping
            }
            Assumptions.abort("skipped: " + why);
        }
        try (FaceDetectorFactory opened = provider.open(providerOptions())) {
            assertThat(opened.id()).isEqualTo(providerId());
            assertThat(opened.description()).isNotBlank();
            assertThat(opened.defaultThreshold()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void providerRejectsUnknownOption() {
        FaceDetectorProvider provider = provider();
        assertThatThrownBy(() -> provider.open(providerOptions().with("noSuchOption", "1")).close())
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.option()).isEqualTo("noSuchOption"))
                .hasMessageContaining(providerId());
    }

    private FaceDetectorProvider provider() {
        List<FaceDetectorProvider> matching = new ArrayList<>();
        for (FaceDetectorProvider p : ServiceLoader.load(FaceDetectorProvider.class)) {
            if (p.id().equals(providerId())) {
                matching.add(p);
            }
        }
        assertThat(matching).as("providers registered with id '%s' in META-INF/services", providerId()).hasSize(1);
        return matching.get(0);
    }

    // ---------------------------------------------------------------- factory and life cycle

    @Test
    void factoryDescribesItself() {
        assertThat(factory.id()).isEqualTo(providerId());
        assertThat(factory.description()).isNotBlank();
        assertThat(factory.defaultThreshold()).isBetween(0.0, 1.0);
        try (FaceDetector detector = factory.create()) {
            assertThat(detector.id()).isEqualTo(factory.id());
        }
    }

    @Test
    void detectAfterCloseThrowsAndCloseIsIdempotent() {
        FaceDetector detector = factory.create();
        try (Mat frame = uniform(64, 64)) {
            assertThatCode(() -> detector.detect(frame, factory.defaultThreshold())).doesNotThrowAnyException();
            detector.close();
            assertThatThrownBy(() -> detector.detect(frame, factory.defaultThreshold()))
                    .isInstanceOf(IllegalStateException.class);
            assertThatCode(detector::close).doesNotThrowAnyException();
        }
    }

    @Test
    void createAfterFactoryCloseThrowsAndCloseIsIdempotent() {
        FaceDetectorFactory own = createFactory();
        own.create().close();
        own.close();
        assertThatThrownBy(own::create).isInstanceOf(IllegalStateException.class);
        assertThatCode(own::close).doesNotThrowAnyException();
    }

    // ---------------------------------------------------------------- bad and odd frames

    @Test
    void nullFrameThrowsNullPointerException() {
        try (FaceDetector detector = factory.create()) {
            assertThatThrownBy(() -> detector.detect(null, factory.defaultThreshold()))
                    .isInstanceOf(NullPointerException.class);
        }
    }

    @Test
    void emptyFrameThrowsIllegalArgumentException() {
        try (FaceDetector detector = factory.create(); Mat empty = new Mat()) {
            assertThatThrownBy(() -> detector.detect(empty, factory.defaultThreshold()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void wrongFrameTypeThrowsIllegalArgumentException() {
        try (FaceDetector detector = factory.create();
                Mat gray = filled(64, 64, CV_8UC1, 128);
                Mat floats = filled(64, 64, CV_32FC3, 0.5)) {
            assertThatThrownBy(() -> detector.detect(gray, factory.defaultThreshold()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> detector.detect(floats, factory.defaultThreshold()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void tinyFramesGiveNoFaces() {
        int[][] sizes = {{1, 1}, {1, 2}, {2, 1}, {3, 3}, {8, 8}, {16, 16}, {1, 64}, {64, 1}};
        try (FaceDetector detector = factory.create()) {
            for (int[] s : sizes) {
                try (Mat frame = uniform(s[0], s[1])) {
                    assertThat(detector.detect(frame, factory.defaultThreshold())).as("%dx%d frame", s[0], s[1]).isEmpty();
                }
            }
        }
    }

    @Test
    void regionOfLargerMatGivesSameFacesAsItsCopyAndIsNotModified() {
        try (Mat photo = readImage(SharedData.faces("dlib").resolve("images").resolve(knownFacesImage()));
                Rect r = new Rect(7, 5, photo.cols() - 20, photo.rows() - 12);
                Mat region = new Mat(photo, r);
                Mat copy = region.clone();
                Mat before = photo.clone();
                FaceDetector detector = factory.create()) {
            assertThat(region.isContinuous()).isFalse();
            List<Detection> fromRegion = sorted(detector.detect(region, factory.defaultThreshold()));
            List<Detection> fromCopy = sorted(detector.detect(copy, factory.defaultThreshold()));
            assertThat(fromRegion).isNotEmpty().isEqualTo(fromCopy);
            assertThat(bytes(photo)).as("input pixels after detection").isEqualTo(bytes(before));
        }
    }

    // ---------------------------------------------------------------- real photos

    @Test
    void knownFacesAreFound() {
        GroundTruth truth = GroundTruth.of("dlib");
        List<Box> faces = truth.faces().get(knownFacesImage());
        assertThat(faces).as("ground truth of %s", knownFacesImage()).isNotEmpty();
        try (Mat photo = readImage(truth.image(knownFacesImage())); FaceDetector detector = factory.create()) {
            // detectors may return detections below minScore; the caller filters again
            List<Detection> found = detector.detect(photo, factory.defaultThreshold()).stream()
                    .filter(d -> d.score() >= factory.defaultThreshold()).toList();
            assertThat(found).allSatisfy(d -> {
                assertThat(d.detectorId()).isEqualTo(factory.id());
                assertThat(d.score()).isBetween(0.0, 1.0);
            });
            assertThat(FaceMatching.found(faces, found, 0.3)).as("faces of %s found at IoU 0.3 among %s", knownFacesImage(), found)
                    .isEqualTo(faces.size());
        }
    }

    @Test
    void eightThreadsGiveTheSameDetectionsAsOne() throws Exception {
        Path dir = SharedData.faces("dlib").resolve("images");
        List<Mat> photos = new ArrayList<>();
        try {
            for (String name : THREAD_TEST_IMAGES) {
                photos.add(readImage(dir.resolve(name)));
            }
            List<List<Detection>> sequential = new ArrayList<>();
            try (FaceDetector detector = factory.create()) {
                for (Mat photo : photos) {
                    sequential.add(sorted(detector.detect(photo, factory.defaultThreshold())));
                }
            }
            assertThat(sequential).as("sequential detections").anySatisfy(l -> assertThat(l).isNotEmpty());
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<List<Detection>>>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int offset = t;
                    Callable<List<List<Detection>>> task = () -> {
                        List<List<Detection>> results = new ArrayList<>(photos.size());
                        photos.forEach(p -> results.add(null));
                        try (FaceDetector detector = factory.create()) {
                            for (int i = 0; i < photos.size(); i++) {
                                int k = (i + offset) % photos.size(); // each thread in a different order
                                results.set(k, sorted(detector.detect(photos.get(k), factory.defaultThreshold())));
                            }
                        }
                        return results;
                    };
                    futures.add(pool.submit(task));
                }
                for (Future<List<List<Detection>>> f : futures) {
                    assertThat(f.get()).isEqualTo(sequential);
                }
            } finally {
                pool.shutdownNow();
            }
        } finally {
            photos.forEach(Mat::close);
        }
    }

    @Test
    void leakLoopKeepsWorking() {
        try (Mat photo = readImage(SharedData.faces("dlib").resolve("images").resolve(knownFacesImage()));
                Mat small = new Mat();
                Size size = new Size(photo.cols() / 2, photo.rows() / 2);
                FaceDetector detector = factory.create()) {
            resize(photo, small, size, 0, 0, INTER_AREA);
            List<Detection> first = sorted(detector.detect(small, factory.defaultThreshold()));
            long pointersBefore = Pointer.totalCount();
            for (int i = 0; i < leakLoopIterations(); i++) {
                List<Detection> again = sorted(detector.detect(small, factory.defaultThreshold()));
                if (!again.equals(first)) {
                    fail("iteration " + i + " gave " + again + " instead of " + first);
                }
            }
            long growth = Pointer.totalCount() - pointersBefore;
            assertThat(growth).as("live JavaCPP pointers added over %d detections", leakLoopIterations())
                    .isLessThanOrEqualTo(LEAKED_POINTERS_ALLOWED);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Decodes an image with OpenCV as 8-bit BGR; fails the test when it cannot. The caller closes it. */
    protected static Mat readImage(Path file) {
        Mat m = imread(file.toString(), IMREAD_COLOR);
        if (m == null || m.empty() || m.type() != CV_8UC3) {
            if (m != null) {
                m.close();
            }
            fail("OpenCV cannot decode " + file);
        }
        return m;
    }

    /** A uniform mid-grey BGR frame. */
    private static Mat uniform(int width, int height) {
        return filled(width, height, CV_8UC3, 128);
    }

    private static Mat filled(int width, int height, int type, double value) {
        try (Scalar s = new Scalar(value, value, value, 0)) {
            return new Mat(height, width, type, s);
        }
    }

    /** Detections in a canonical order, for comparing runs. */
    protected static List<Detection> sorted(List<Detection> detections) {
        List<Detection> copy = new ArrayList<>(detections);
        copy.sort(Comparator.<Detection>comparingDouble(d -> d.box().x()).thenComparingDouble(d -> d.box().y())
                .thenComparingDouble(d -> d.box().width()).thenComparingDouble(d -> d.box().height())
                .thenComparingDouble(Detection::score));
        return copy;
    }

    private static byte[] bytes(Mat m) {
        try (Mat continuous = m.clone()) {
            byte[] b = new byte[(int) (continuous.total() * continuous.elemSize())];
            continuous.data().get(b);
            return b;
        }
    }
}
