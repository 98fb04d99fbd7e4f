package io.github.anonymizer.core.pipeline;

import io.github.anonymizer.api.AnonymizerException;
import java.util.Objects;

/**
 * A {@link Pipeline} job failed: the message names the source, the frame and the stage, and the
 * cause is the original exception (a {@link io.github.anonymizer.api.MediaException} from the
 * source or sink, a {@link io.github.anonymizer.api.DetectorException}, a filter's exception).
 * When it is thrown the sink has been closed without {@code finish()}, so no partial output
 * remains.
 *
 * <p>Immutable and thread-safe once thrown.
 */
public final class PipelineException extends AnonymizerException {
    private static final long serialVersionUID = 1L;

    /** Where in the pipeline the failure happened. Immutable and thread-safe. */
    public enum Stage {
        /** Reading or decoding from the source. */
        READ("reading"),
        /** Face detection (including the hide predicate). */
        DETECT("detection"),
        /** Masking and filtering the faces. */
        FILTER("hiding the faces"),
        /** Writing to the sink. */
        WRITE("writing"),
        /** Completing the output ({@code FrameSink.finish()} or closing the sink). */
        FINISH("finishing the output"),
        /** A progress or region listener supplied by the application. */
        LISTENER("a listener");

        private final String description;

        Stage(String description) {
            this.description = description;
        }

        /** For messages, for example "detection". */
        public String description() {
            return description;
        }
    }

    private final Stage stage;
    private final long frameIndex;
    private final String sourceName;

    /**
     * @param stage where it failed
     * @param frameIndex the frame's number in the stream (from 0), or -1 when not about one frame
     * @param sourceName the source's name, for the message
     * @param cause the original exception
     */
    public PipelineException(Stage stage, long frameIndex, String sourceName, Throwable cause) {
        super(message(stage, frameIndex, sourceName, cause), cause);
        this.stage = stage;
        this.frameIndex = frameIndex;
        this.sourceName = sourceName;
    }

    private static String message(Stage stage, long frameIndex, String sourceName, Throwable cause) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(cause, "cause");
        String where = frameIndex >= 0 ? sourceName + ", frame " + frameIndex : sourceName;
        String why = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        return where + ": " + stage.description() + " failed: " + why;
    }

    public Stage stage() {
        return stage;
    }

    /** The frame's number in the stream (from 0), or -1 when the failure is not about one frame. */
    public long frameIndex() {
        return frameIndex;
    }

    /** The name of the pipeline's source. */
    public String sourceName() {
        return sourceName;
    }
}
