package io.github.anonymizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.track.HoldSettings;
import io.github.anonymizer.core.track.MaskLeaks;
import io.github.anonymizer.testing.SharedData;
import io.github.anonymizer.video.AudioMode;
import io.github.anonymizer.video.OutputOptions;
import io.github.anonymizer.video.VideoJob;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The temporal hold on the real clip video_01.mp4: face-frames that are unmasked while the same
 * face is masked in both neighbouring frames ({@link MaskLeaks}), without and with the hold. The
 * README's numbers come from this test's output.
 */
class HoldLeakTest {

    @TempDir
    Path tmp;

    MaskLeaks.Report run(String detector, HoldSettings hold) {
        MaskLeaks leaks = new MaskLeaks();
        DetectorOptions options = DetectorOptions.of(java.util.Map.of("model",
                SharedData.models().resolve(detector.equals("centerface") ? "centerface/centerface.onnx"
                        : "yunet/face_detection_yunet_2023mar.onnx").toString()));
        try (Anonymizer a = Anonymizer.builder().detector(detector, options).build()) {
            VideoJob.builder(a).input(SharedData.video("video_01.mp4")).output(tmp.resolve(detector + ".mp4"))
                    .outputOptions(OutputOptions.builder().preset("ultrafast").audio(AudioMode.DROP).build())
                    .hold(hold).regionListener((frame, regions) -> leaks.accept(MaskLeaks.boundsOf(regions)))
                    .build().run();
        }
        return leaks.report();
    }

    @ParameterizedTest
    @ValueSource(strings = {"centerface", "yunet"})
    void withTheDefaultHoldNoFaceFrameBetweenTwoMaskedFramesIsBare(String detector) {
        MaskLeaks.Report without = run(detector, HoldSettings.none());
        MaskLeaks.Report with = run(detector, HoldSettings.forFrameRate(29.97));
        System.out.printf("video_01.mp4, %s: without hold %d leak(s) in %d face-frames; with the default hold"
                + " (%d frames forward, %d back) %d leak(s) in %d face-frames%n", detector, without.leaks(),
                without.faceFrames(), HoldSettings.forFrameRate(29.97).forwardFrames(),
                HoldSettings.forFrameRate(29.97).backwardFrames(), with.leaks(), with.faceFrames());
        assertThat(without.frames()).isEqualTo(90);
        assertThat(with.leaks()).isZero();
        assertThat(with.faceFrames()).isGreaterThanOrEqualTo(without.faceFrames() - without.leaks());
    }
}
