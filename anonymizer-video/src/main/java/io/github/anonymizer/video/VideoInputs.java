package io.github.anonymizer.video;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Tells video inputs apart from photos: video files by extension, live inputs (cameras and
 * network streams) by their names.
 *
 * <p>Stateless and thread-safe.
 */
public final class VideoInputs {

    /** File extensions treated as video (lower case, without the dot). */
    public static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "m4v", "mov", "mkv", "avi", "webm", "ogg", "ogv",
            "mpg", "mpeg", "ts", "mts", "m2ts", "wmv", "flv", "3gp", "mxf", "y4m");

    private VideoInputs() {}

    /** Whether the file name has a video extension. */
    public static boolean isVideoFile(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && VIDEO_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Whether {@code input} names a camera ({@code cam}, {@code cam:N}, {@code /dev/videoN}) or a
     * network stream ({@code scheme://...} other than {@code file://}).
     */
    public static boolean isLive(String input) {
        return VideoSource.isCamera(input) || Ff.isUrl(input);
    }

    /** Whether {@code target} is a network URL (a stream to publish to) rather than a file. */
    public static boolean isUrl(String target) {
        return Ff.isUrl(target);
    }
}
