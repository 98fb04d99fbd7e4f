package io.github.anonymizer.core.model;

import java.net.URI;

/**
 * Receives download progress. {@link ModelDownloader} calls it on the thread that called
 * {@code install}, a few times a second at most, so implementations need not be thread-safe.
 */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores everything. */
    ProgressListener NONE = (modelId, fileName, bytesSoFar, totalBytes) -> { };

    /**
     * Bytes received so far for one file.
     *
     * @param totalBytes the expected size (the published size, else the server's Content-Length),
     *     or -1 when unknown
     */
    void progress(String modelId, String fileName, long bytesSoFar, long totalBytes);

    /** A download of {@code fileName} from {@code source} starts. Does nothing by default. */
    default void started(String modelId, String fileName, URI source) {
    }
}
