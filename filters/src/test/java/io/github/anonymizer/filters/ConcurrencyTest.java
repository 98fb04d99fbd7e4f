package io.github.anonymizer.filters;

import static io.github.anonymizer.filters.Frames.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.anonymizer.api.FaceRegion;
import io.github.anonymizer.api.RegionFilter;
import io.github.anonymizer.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * One filter instance used by 8 threads at once gives the same frames as used by one thread:
 * every filter, on a real photo with its ground-truth faces, in two frame formats (so that
 * {@link ImageReplaceFilter} converts its picture while other threads use it).
 */
@SuppressWarnings("try") // PointerScope blocks release the native objects made in them
class ConcurrencyTest {

    private static final int THREADS = 8;
    private static final int ROUNDS = 4;

    @Test
    void eightThreadsGiveTheSameOutputAsOne() throws Exception {
        String image = "2008_002079.jpg"; // six faces
        List<Frames.Face> faces = Frames.faces("dlib").stream().filter(f -> f.image().equals(image)).toList();
        assertThat(faces).hasSize(6);
        try (PointerScope scope = new PointerScope()) {
            Mat photo = Frames.read(SharedData.faces("dlib").resolve("images").resolve(image));
            Mat background = new Mat();
            org.bytedeco.opencv.global.opencv_core.flip(photo, background, 1);
            List<Mat> frames = List.of(Frames.convert(photo, Frames.Format.BGR8), Frames.convert(photo, Frames.Format.BGRA16));
            List<FaceRegion> regions = faces.stream().map(f -> Frames.regionFor(f.box(), 1.3, photo)).toList();

            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                for (int i = 0; i < 8; i++) {
                    // fresh image filters for each run, so that their picture conversion races too
                    try (ImageReplaceFilter stretched = ImageReplaceFilter.stretched(background);
                            ImageReplaceFilter plate = ImageReplaceFilter.backgroundPlate(background)) {
                        List<RegionFilter> filters = List.of(GaussianBlurFilter.defaults(), GaussianBlurFilter.relative(0.05),
                                PixelateFilter.defaults(), PixelateFilter.blocksAcross(6), SolidFillFilter.rgb(1, 2, 3),
                                stretched, plate, DebugOverlay.defaults());
                        RegionFilter filter = filters.get(i);
                        run(pool, filter, frames, regions);
                    }
                }
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
            }
        }
    }

    private static void run(ExecutorService pool, RegionFilter filter, List<Mat> frames, List<FaceRegion> regions)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<byte[]>>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            results.add(pool.submit(() -> {
                start.await();
                List<byte[]> out = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    out.addAll(applyAll(filter, frames, regions));
                }
                return out;
            }));
        }
        start.countDown();
        List<byte[]> concurrent = new ArrayList<>();
        for (Future<List<byte[]>> f : results) {
            concurrent.addAll(f.get(2, TimeUnit.MINUTES));
        }
        List<byte[]> sequential = applyAll(filter, frames, regions);
        assertThat(concurrent).hasSize(THREADS * ROUNDS * frames.size());
        for (int i = 0; i < concurrent.size(); i++) {
            assertThat(java.util.Arrays.equals(concurrent.get(i), sequential.get(i % sequential.size())))
                    .as("%s, concurrent result %d equals the sequential one", filter, i).isTrue();
        }
        // and the filter did something
        assertThat(java.util.Arrays.equals(sequential.get(0), bytes(frames.get(0)))).as("%s changed the frame", filter).isFalse();
    }

    /** Each frame, copied, with the filter applied to every region. */
    private static List<byte[]> applyAll(RegionFilter filter, List<Mat> frames, List<FaceRegion> regions) {
        List<byte[]> out = new ArrayList<>();
        try (PointerScope scope = new PointerScope()) {
            for (Mat frame : frames) {
                Mat copy = frame.clone();
                for (FaceRegion r : regions) {
                    filter.apply(copy.apply(Frames.rect(r)), r);
                }
                out.add(bytes(copy));
            }
        }
        return out;
    }
}
