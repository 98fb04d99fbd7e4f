package io.github.anonymizer.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.anonymizer.api.Detection;
import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.UnsupportedFrameException;
import io.github.anonymizer.core.AnonymizedFrame;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.image.DecodedImage;
import io.github.anonymizer.core.image.ImageFiles;
import io.github.anonymizer.core.image.WriteOptions;
import io.github.anonymizer.testing.SharedData;
import io.github.anonymizer.video.VideoJob;
import io.github.anonymizer.video.VideoSource;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Misuse of the public API, with a real detector (Haar): null arguments, use after close, closing
 * while other threads are inside {@code process}, frames in unexpected pixel formats. Each gets
 * the behaviour the javadoc states: {@link NullPointerException} naming the argument, {@link
 * IllegalStateException} after close, {@link UnsupportedFrameException} naming the frame type.
 */
class ApiMisuseTest {

    @TempDir
    Path tmp;

    @Test
    void nullArgumentsAreNullPointerExceptions() {
        try (Anonymizer a = Anonymizer.builder().detector("haar").build();
                Mat frame = Fixtures.photo("openmpf_race.jpg", 160)) {
            List<ThrowingCallable> calls = List.of(() -> a.process((Mat) null), () -> a.process((BufferedImage) null),
                    () -> a.processInPlace(null), () -> a.detect(null), () -> a.detections(null, 0.5),
                    () -> a.hide(null, List.of()), () -> a.hide(frame, null), () -> a.hideWholeFrame(null),
                    () -> a.regionFor(null, -1, 10, 10), () -> ImageFiles.read(null),
                    () -> ImageFiles.write((DecodedImage) null, tmp.resolve("x.png"), WriteOptions.defaults()),
                    () -> VideoJob.builder(null), () -> VideoJob.builder(a).input((String) null),
                    () -> VideoJob.builder(a).output((String) null), () -> Anonymizer.builder().detector((String) null),
                    () -> Anonymizer.builder().filter(null), () -> Anonymizer.builder().hideIf(null),
                    () -> VideoSource.open((String) null));
            for (int i = 0; i < calls.size(); i++) {
                assertThatThrownBy(calls.get(i)).as("call #%d", i).isInstanceOf(NullPointerException.class);
            }
        }
    }

    @Test
    void everythingFailsWithIllegalStateAfterClose() {
        Anonymizer a = Anonymizer.builder().detector("haar").build();
        try (Mat frame = Fixtures.photo("openmpf_race.jpg", 160)) {
            a.close();
            a.close(); // idempotent
            List<ThrowingCallable> calls = List.of(() -> a.process(frame), () -> a.processInPlace(frame),
                    () -> a.detect(frame), () -> a.detections(frame, 0.5), () -> a.hide(frame, List.of()),
                    () -> a.hideWholeFrame(frame));
            for (ThrowingCallable c : calls) {
                assertThatThrownBy(c).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            }
        }
        AnonymizedFrame out;
        try (Anonymizer b = Anonymizer.builder().detector("haar").build(); Mat frame = Fixtures.photo("openmpf_race.jpg", 160)) {
            out = b.process(frame);
        }
        Mat image = out.image(); // the result outlives its anonymizer: it owns its Mat
        assertThat(image.cols()).isEqualTo(160);
        out.close();
        out.close();
        assertThatThrownBy(out::image).isInstanceOf(IllegalStateException.class);
        DecodedImage img = ImageFiles.read(SharedData.smoke("skimage_astronaut.png"));
        img.close();
        img.close();
        assertThatThrownBy(img::mat).isInstanceOf(IllegalStateException.class);
    }

    /**
     * Four threads loop on {@code process} while the main thread closes the anonymizer: close waits
     * for the calls inside, every call either returns a complete result (its faces hidden) or
     * throws IllegalStateException, and every call after close returns throws.
     */
    @Test
    void closingWhileOtherThreadsAreInsideProcess() throws Exception {
        Anonymizer a = Anonymizer.builder().detector("haar").build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Mat frame = Fixtures.photo("openmpf_race.jpg", 480)) {
            int expectedFaces;
            try (AnonymizedFrame first = a.process(frame)) {
                expectedFaces = first.report().hidden().size();
            }
            assertThat(expectedFaces).isPositive();
            AtomicBoolean closed = new AtomicBoolean();
            CountDownLatch running = new CountDownLatch(4);
            List<Future<int[]>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    int ok = 0;
                    int refusedAfterClose = 0;
                    running.countDown();
                    while (true) {
                        boolean closedBefore = closed.get();
                        try (AnonymizedFrame out = a.process(frame)) {
                            assertThat(closedBefore).as("a call that started after close() returned succeeded").isFalse();
                            assertThat(out.report().hidden()).hasSize(expectedFaces);
                            ok++;
                        } catch (IllegalStateException e) {
                            assertThat(e).hasMessageContaining("closed");
                            refusedAfterClose++;
                            if (refusedAfterClose > 3) {
                                return new int[] {ok, refusedAfterClose};
                            }
                        }
                    }
                }));
            }
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200);
            a.close();
            closed.set(true);
            int total = 0;
            for (Future<int[]> f : futures) {
                int[] r = f.get(60, TimeUnit.SECONDS);
                total += r[0];
            }
            assertThat(total).as("calls completed before the close").isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unsupportedPixelFormatsAreNamedAndSupportedOnesKeepTheirType() {
        try (Anonymizer a = Anonymizer.builder().detector("haar").build(); Mat photo = Fixtures.photo("openmpf_race.jpg", 480)) {
            for (int type : new int[] {opencv_core.CV_8UC2, opencv_core.CV_8SC3, opencv_core.CV_16SC3, opencv_core.CV_32SC1,
                opencv_core.CV_32FC3, opencv_core.CV_64FC1, opencv_core.CV_16FC3}) {
                try (Scalar s = new Scalar(1, 1, 1, 1); Mat m = new Mat(16, 16, type, s)) {
                    assertThatThrownBy(() -> a.process(m)).as("type %d", type).isInstanceOf(UnsupportedFrameException.class)
                            .hasMessageContaining("unsupported frame type");
                }
            }
            try (Mat empty = new Mat()) {
                assertThatThrownBy(() -> a.process(empty)).isInstanceOf(UnsupportedFrameException.class).hasMessageContaining("empty");
            }
            try (Mat cube = new Mat(3, new int[] {4, 4, 4}, opencv_core.CV_8UC1)) {
                assertThatThrownBy(() -> a.process(cube)).isInstanceOf(UnsupportedFrameException.class);
            }
            // a region of a larger Mat (not continuous in memory) gives the result of its copy, and only it changes
            try (Rect r = new Rect(16, 8, photo.cols() - 32, photo.rows() - 16); Mat roi = new Mat(photo, r); Mat copy = roi.clone();
                    Mat whole = photo.clone();
                    AnonymizedFrame fromRoi = a.process(roi); AnonymizedFrame fromCopy = a.process(copy)) {
                assertThat(fromRoi.report().hidden()).isEqualTo(fromCopy.report().hidden());
                assertThat(samePixels(fromRoi.image(), fromCopy.image())).isTrue();
                List<Detection> faces = fromRoi.report().hidden();
                a.processInPlace(roi);
                try (Mat diff = new Mat()) {
                    opencv_core.absdiff(photo, whole, diff);
                    try (Rect outside = new Rect(0, 0, 16, photo.rows()); Mat left = new Mat(diff, outside);
                            Mat flat = left.reshape(1, 0)) {
                        assertThat(opencv_core.countNonZero(flat)).as("pixels left of the region").isZero();
                    }
                }
                assertThat(faces).isNotEmpty();
            }
            // 16-bit and gray and BGRA frames keep their type; their faces are found as in the 8-bit BGR frame
            try (AnonymizedFrame bgr = a.process(photo)) {
                for (int code : new int[] {-1, org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2BGRA}) {
                    for (boolean deep : new boolean[] {false, true}) {
                        try (Mat m = Fixtures.convert(photo, code, deep); AnonymizedFrame out = a.process(m)) {
                            assertThat(out.image().type()).isEqualTo(m.type());
                            assertThat(out.report().hidden()).as("faces of a %s frame", io.github.anonymizer.core.internal.Frames.describe(m))
                                    .isEqualTo(bgr.report().hidden());
                        }
                    }
                }
            }
        }
    }

    @Test
    void regionsMadeForAnotherFrameSizeAreRefused() {
        try (Anonymizer a = Anonymizer.builder().detector("haar").build(); Mat frame = Fixtures.photo("openmpf_race.jpg", 160)) {
            Detection d = new Detection(new io.github.anonymizer.api.Box(10, 10, 20, 20), 0.9, "test");
            FaceRegion other = a.regionFor(d, -1, 100, 100).orElseThrow();
            assertThatThrownBy(() -> a.hide(frame, List.of(other))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("100x100");
        }
    }

    private static boolean samePixels(Mat x, Mat y) {
        try (Mat diff = new Mat()) {
            opencv_core.absdiff(x, y, diff);
            try (Mat flat = diff.reshape(1, 0)) {
                return opencv_core.countNonZero(flat) == 0;
            }
        }
    }
}
