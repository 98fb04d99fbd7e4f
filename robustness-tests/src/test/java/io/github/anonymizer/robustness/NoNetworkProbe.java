package io.github.anonymizer.robustness;

import io.github.anonymizer.core.AnonymizedFrame;
import io.github.anonymizer.core.Anonymizer;
import io.github.anonymizer.core.model.ModelStore;
import io.github.anonymizer.video.OutputOptions;
import io.github.anonymizer.video.VideoJob;
import java.nio.file.Path;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A separate program for {@link NoNetworkTest}: anonymizes a photo and a video with each of the
 * given detectors (or, with {@code none}, only starts the JVM and loads nothing), so that a
 * system-call tracer can watch a process that does nothing else.
 *
 * <p>Arguments: detector ids (comma-separated), models folder, photo, video, output folder. Exits 0
 * when done.
 */
public final class NoNetworkProbe {

    private NoNetworkProbe() {}

    public static void main(String[] args) {
        if (args[0].equals("none")) {
            return;
        }
        System.setProperty(ModelStore.PROPERTY_MODEL_DIR, args[1]);
        Path out = Path.of(args[4]);
        for (String id : args[0].split(",")) {
            try (Anonymizer a = Anonymizer.builder().detector(id).build(); Mat photo = opencv_imgcodecs.imread(args[2]);
                    AnonymizedFrame f = a.process(photo)) {
                if (f.report().hidden().isEmpty()) {
                    throw new IllegalStateException(id + " found no face in " + args[2]);
                }
                VideoJob.builder(a).input(args[3]).output(out.resolve(id + ".mp4"))
                        .outputOptions(OutputOptions.builder().preset("ultrafast").build()).build().run();
            }
        }
    }
}
