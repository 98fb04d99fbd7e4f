package io.github.anonymizer.core.cascade;

/**
 * How a cascade scans a frame: the parameters of OpenCV's {@code CascadeClassifier.detectMultiScale}
 * plus the preprocessing.
 *
 * <p>Immutable and thread-safe. The constructor rejects invalid values with an {@link
 * IllegalArgumentException} naming the setting.
 *
 * @param scaleFactor how much the image shrinks between scales, {@code > 1}; smaller finds more
 *     faces and is slower
 * @param minNeighbors how many overlapping raw windows a face needs, {@code >= 0}; higher means
 *     fewer false positives and more missed faces
 * @param minSize the smallest face side in pixels, {@code >= 0} (the cascade's own window, 20 to 45
 *     pixels, is a lower bound anyway)
 * @param maxSize the largest face side in pixels, or 0 for no limit
 * @param equalizeHistogram whether the grey image is histogram-equalized before detection
 * @param mirror whether the cascade also runs on the mirrored frame and the two sets of boxes are
 *     merged (for profile cascades, which find faces turned one way only)
 */
public record CascadeSettings(
        double scaleFactor, int minNeighbors, int minSize, int maxSize, boolean equalizeHistogram, boolean mirror) {

    public CascadeSettings {
        checkScaleFactor(scaleFactor);
        checkMinNeighbors(minNeighbors);
        checkMinSize(minSize);
        checkMaxSize(maxSize);
        if (maxSize != 0 && maxSize < minSize) {
            throw new IllegalArgumentException("maxSize (" + maxSize + ") must be 0 (no limit) or at least minSize (" + minSize + ")");
        }
    }

    static void checkScaleFactor(double v) {
        if (!(v > 1) || !Double.isFinite(v)) {
            throw new IllegalArgumentException("scaleFactor must be a finite number > 1, got " + v);
        }
    }

    static void checkMinNeighbors(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("minNeighbors must be >= 0, got " + v);
        }
    }

    static void checkMinSize(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("minSize must be >= 0 pixels, got " + v);
        }
    }

    static void checkMaxSize(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("maxSize must be >= 0 pixels (0 = no limit), got " + v);
        }
    }

    /** A short human-readable summary, for descriptions. */
    String summary() {
        return "scaleFactor " + scaleFactor + ", minNeighbors " + minNeighbors + ", minSize " + minSize
                + (maxSize == 0 ? "" : ", maxSize " + maxSize) + ", equalizeHist " + (equalizeHistogram ? "on" : "off")
                + (mirror ? ", also mirrored" : "");
    }
}
