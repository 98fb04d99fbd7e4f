package io.github.anonymizer.core.pipeline;

/**
 * Receives a {@link Pipeline}'s progress after every frame written or dropped, and once more when
 * the job has completed.
 *
 * <p>Confined to the pipeline's writer thread (the thread of {@code run()}), one call at a time:
 * keep it quick (throttle screen updates yourself), it delays the output. An exception thrown
 * here fails the job.
 */
@FunctionalInterface
public interface PipelineProgressListener {

    void onProgress(PipelineProgress progress);
}
