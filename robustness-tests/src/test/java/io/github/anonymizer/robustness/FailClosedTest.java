package io.github.anonymizer.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.anonymizer.api.DetectorException;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.core.AnonymizedFrame;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.pipeline.FailurePolicy;
import io.github.anonymizer.core.pipeline.PipelineException;
import io.github.anonymizer.testing.SharedData;
import io.github.anonymizer.video.OutputOptions;
import io.github.anonymizer.video.VideoJob;
import io.github.anonymizer.video.VideoSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fail closed, end to end, with detection failures injected on chosen frames
 * ({@link FaultInjectionProvider}): a frame whose detection failed is never written with its faces
 * visible. A photo fails and is not written (the others in the folder are); a video file job fails
 * naming the frame and leaves no output; a live-style job writes the frame fully masked and counts
 * it; the relaxed policy (drop the frame) is counted and reported too.
 */
class FailClosedTest {

    @TempDir
    Path tmp;

    private static final OutputOptions FAST = OutputOptions.builder().preset("ultrafast").build();

    /** Every failure kind: the frame fails with a DetectorException and is left exactly as it was. */
    @ParameterizedTest
    @ValueSource(strings = {"throw", "null", "nan"})
    void aFailedDetectionReturnsNoFrameAndLeavesTheInputUntouched(String mode) {
        try (Anonymizer a = Anonymizer.builder().detector(FaultInjectionProvider.ID,
                DetectorOptions.parse("mode=" + mode + ",failAt=2")).build();
                Mat photo = Fixtures.photo("openmpf_race.jpg", 320);
                Mat before = photo.clone()) {
            try (AnonymizedFrame ok = a.process(photo)) {
                assertThat(ok.report().regions()).hasSize(1);
            }
            assertThatThrownBy(() -> a.process(photo)).isInstanceOf(DetectorException.class)
                    .hasMessageContaining(FaultInjectionProvider.ID);
            a.processInPlace(photo); // call 3 works again
            assertThat(samePixels(before, photo)).as("the face in the middle was hidden").isFalse();
        }
        // processInPlace: the frame is untouched when detection fails
        try (Anonymizer a = Anonymizer.builder().detector(FaultInjectionProvider.ID,
                DetectorOptions.parse("mode=" + mode + ",failAt=1")).build();
                Mat photo = Fixtures.photo("openmpf_race.jpg", 320);
                Mat before = photo.clone()) {
            assertThatThrownBy(() -> a.processInPlace(photo)).isInstanceOf(DetectorException.class);
            assertThat(samePixels(before, photo)).as("untouched after a failed detection").isTrue();
        }
    }

    /** An Error thrown by a detector is not swallowed either: the call fails, nothing is returned. */
    @Test
    void anErrorInsideADetectorPropagatesAndTheAnonymizerStillWorks() {
        try (Anonymizer a = Anonymizer.builder().detector(FaultInjectionProvider.ID,
                DetectorOptions.parse("mode=error,failAt=1")).build();
                Mat photo = Fixtures.photo("openmpf_race.jpg", 320)) {
            assertThatThrownBy(() -> a.process(photo)).isInstanceOf(StackOverflowError.class);
            try (AnonymizedFrame ok = a.process(photo)) {
                assertThat(ok.report().regions()).as("the next call works").hasSize(1);
            }
        }
    }

    /** The command line on a folder with a photo whose detection fails: that one is named and not written. */
    @ParameterizedTest
    @ValueSource(strings = {"throw", "null", "nan", "error"})
    void aPhotoWhoseDetectionFailsIsNotWrittenAndTheOthersAre(String mode) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        try (Mat photo = Fixtures.photo("openmpf_race.jpg", 320);
                Scalar white = new Scalar(255, 255, 255, 0);
                Mat poison = new Mat(120, 160, opencv_core.CV_8UC3, white)) {
            for (int i = 1; i <= 3; i++) {
                opencv_imgcodecs.imwrite(in.resolve("photo" + i + ".jpg").toString(), photo);
            }
            opencv_imgcodecs.imwrite(in.resolve("poison.png").toString(), poison);
        }
        Path out = tmp.resolve("out");
        Cli.Run r = Cli.run("-d", FaultInjectionProvider.ID, "--detector-option", "mode=" + mode + ",failBright=true", "-q",
                "-o", out.toString(), in.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.errorLines()).as(r.err()).hasSize(1);
        // a detection failure names the detector; an Error thrown by the detector is named by its type
        assertThat(r.errorLines().get(0)).contains("poison.png")
                .contains(mode.equals("error") ? "StackOverflowError" : FaultInjectionProvider.ID);
        assertThat(Fixtures.tree(out)).containsExactly("photo1_anonymized.jpg", "photo2_anonymized.jpg", "photo3_anonymized.jpg");
    }

    /** A video file job whose detection fails at frame 10 fails, names the frame and leaves no output. */
    @ParameterizedTest
    @ValueSource(strings = {"throw", "nan", "error"})
    void aVideoFileJobFailsAtTheFrameAndLeavesNoOutput(String mode) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out")).resolve("clip_anonymized.mp4");
        try (Anonymizer a = Anonymizer.builder().detector(FaultInjectionProvider.ID,
                DetectorOptions.parse("mode=" + mode + ",failAt=10")).build()) {
            VideoJob job = VideoJob.builder(a).input(SharedData.video("h264_aac.mp4")).output(out).workers(2)
                    .outputOptions(FAST).build();
            Throwable t = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, job::run);
            if (!mode.equals("error")) {
                assertThat(t).isInstanceOf(PipelineException.class).hasMessageContaining("frame");
            }
        }
        assertThat(Fixtures.tree(out.getParent())).as("no output, no temporary file").isEmpty();

        Cli.Run r = Cli.run("-d", FaultInjectionProvider.ID, "--detector-option", "mode=" + mode + ",failAt=10", "-q",
                "--preset", "ultrafast", "-o", out.toString(), SharedData.video("h264_aac.mp4").toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.errorLines()).as(r.err()).hasSize(1).allMatch(l -> l.contains("h264_aac.mp4"));
        assertThat(Fixtures.tree(out.getParent())).as("no output, no temporary file").isEmpty();
    }

    /**
     * The live policy: each frame whose detection failed is written with the whole picture hidden,
     * and counted. With one worker the detector sees the frames in order, so calls 7, 14, 21 ... are
     * frames 6, 13, 20 ...: exactly those frames of the output are flat (whole-frame blur), and no
     * other frame is.
     */
    @Test
    void liveFramesWhoseDetectionFailedAreWrittenFullyMaskedAndCounted() {
        Path out = tmp.resolve("live.mp4");
        VideoJob.Result r;
        try (Anonymizer a = Anonymizer.builder().detector(FaultInjectionProvider.ID,
                DetectorOptions.parse("failEvery=7")).build()) {
            r = VideoJob.builder(a).input(SharedData.video("h264_aac.mp4")).output(out).workers(1)
                    .failurePolicy(FailurePolicy.MASK_WHOLE_FRAME).outputOptions(FAST).build().run();
        }
        assertThat(r.failedFramesMasked()).isEqualTo(r.framesRead() / 7);
        assertThat(r.framesWritten()).isEqualTo(r.framesRead());
        assertThat(r.warnings()).anyMatch(w -> w.contains(r.failedFramesMasked() + " frame(s) whose detection failed"));
        List<Long> flat = flatFrames(out);
        List<Long> expected = new ArrayList<>();
        for (long i = 6; i < r.framesRead(); i += 7) {
            expected.add(i);
        }
        assertThat(flat).as("whole-frame masked frames").isEqualTo(expected);
    }

    /** The relaxed policy leaves failed frames out: never silently, the job's warnings say how many. */
    @Test
    void droppingFailedFramesIsCountedAndReported() {
        Path out = tmp.resolve("dropped.mp4");
        VideoJob.Result r;
        try (Anonymizer a = Anonymizer.builder().detector(FaultInjectionProvider.ID,
                DetectorOptions.parse("failEvery=5")).build()) {
            r = VideoJob.builder(a).input(SharedData.video("h264_aac.mp4")).output(out).workers(2)
                    .failurePolicy(FailurePolicy.DROP_FRAME).outputOptions(FAST).build().run();
        }
        long failed = r.framesRead() / 5;
        assertThat(r.framesWritten() + r.framesDuplicated()).isGreaterThanOrEqualTo(r.framesRead() - failed);
        assertThat(r.warnings()).as("the dropped frames are reported").anyMatch(w -> w.contains(failed + " frame(s) whose detection failed"));
        assertThat(flatFrames(out)).as("no frame was masked whole").isEmpty();
    }

    /** Indexes of output frames with (almost) no detail left: the whole-frame blur. */
    private static List<Long> flatFrames(Path video) {
        List<Long> flat = new ArrayList<>();
        try (VideoSource s = VideoSource.open(video)) {
            long i = 0;
            while (true) {
                try (var f = s.read(); Mat gray = new Mat(); Mat lap = new Mat(); Mat mean = new Mat(); Mat std = new Mat()) {
                    if (f == null) {
                        return flat;
                    }
                    opencv_imgproc.cvtColor(f.image(), gray, opencv_imgproc.COLOR_BGR2GRAY);
                    opencv_imgproc.Laplacian(gray, lap, opencv_core.CV_64F);
                    opencv_core.meanStdDev(lap, mean, std);
                    double sd;
                    try (org.bytedeco.javacpp.indexer.DoubleIndexer d = std.createIndexer()) {
                        sd = d.get(0);
                    }
                    if (sd < 3.0) { // measured: about 1.2 for a whole-frame blur, 9 to 15 for the clip's frames
                        flat.add(i);
                    }
                    i++;
                }
            }
        }
    }

    private static boolean samePixels(Mat a, Mat b) {
        try (Mat diff = new Mat()) {
            opencv_core.absdiff(a, b, diff);
            try (Mat gray = new Mat()) {
                opencv_imgproc.cvtColor(diff, gray, opencv_imgproc.COLOR_BGR2GRAY);
                return opencv_core.countNonZero(gray) == 0;
            }
        }
    }
}
