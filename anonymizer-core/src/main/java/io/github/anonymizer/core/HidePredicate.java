package io.github.anonymizer.core;

import io.github.anonymizer.api.Detection;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decides per detection whether the face is hidden: a hook for applications that spare some faces
 * (a consenting speaker, the reporter) or hide only the people a classifier picks (seed 004).
 *
 * <p>Called on the processing thread, possibly from several threads at once for different frames:
 * implementations must be thread-safe. If the predicate throws, the frame fails (fail closed): the
 * exception propagates and the frame must not be published.
 */
@FunctionalInterface
public interface HidePredicate {

    /**
     * @param detection the face, in full-frame pixel coordinates
     * @param frame the frame as given to the anonymizer (read-only: do not modify or keep it)
     * @return {@code true} to hide the face, {@code false} to leave it visible
     */
    boolean shouldHide(Detection detection, Mat frame);

    /** Hides every face. */
    static HidePredicate all() {
        return (d, f) -> true;
    }
}
