package io.github.anonymizer.core.cascade;

/**
 * Maps the level weight OpenCV reports for a cascade detection ({@code detectMultiScale3} with
 * {@code outputRejectLevels = true}: the sum of the last stage's weak classifiers for the best
 * window of the group) to a score in {@code [0, 1]}, so that one score threshold means roughly the
 * same for every detector.
 *
 * <p>The mapping is a logistic of the margin over the last stage's threshold, in units of that
 * stage's spread:
 *
 * <pre>
 *   z     = (w - t) / sigma
 *   score = 1 / (1 + exp(-max(z, 0)))
 * </pre>
 *
 * where {@code w} is the level weight, {@code t} the last stage's {@code stageThreshold} (rounded to
 * {@code float} as OpenCV stores it) and {@code sigma = sqrt(sum_k (maxLeaf_k - minLeaf_k)^2) / 2}
 * over the last stage's weak classifiers: the standard deviation the stage sum would have if each
 * weak classifier picked one of its leaves at random. Both numbers come from the cascade file
 * itself; nothing is fitted to a test set. The mapping is strictly increasing in {@code w} for
 * {@code w >= t}.
 *
 * <p>OpenCV only reports windows that pass every stage ({@code w >= t}), so every detection scores
 * in {@code [0.5, 1]}: {@link #DECISION_SCORE} 0.5 is the cascade's own decision boundary. A
 * threshold of 0.5 (the cascade detectors' {@code defaultThreshold()}) therefore keeps exactly the
 * boxes OpenCV's plain {@code detectMultiScale} returns with the same settings (checked by
 * {@code CascadeDetectorTest} on real photos); a lower threshold keeps nothing more, a higher one
 * drops detections with a small margin. A cascade whose last stage is degenerate (OpenCV's
 * {@code lbpcascade_frontalface_improved.xml}: two weak classifiers, every passing window has
 * exactly {@code w = t}) scores every detection 0.5.
 *
 * <p>Immutable and thread-safe.
 *
 * @param lastStageThreshold {@code t}, the last stage's threshold
 * @param sigma the last stage's spread, {@code > 0}
 */
public record CascadeScore(double lastStageThreshold, double sigma) {

    /** The score of a window exactly on the cascade's decision boundary, and the lowest score any detection gets. */
    public static final double DECISION_SCORE = 0.5;

    public CascadeScore {
        if (!Double.isFinite(lastStageThreshold)) {
            throw new IllegalArgumentException("last stage threshold must be finite, got " + lastStageThreshold);
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be a finite number > 0, got " + sigma);
        }
    }

    /** The margin {@code z = (w - t) / sigma}, unclamped. */
    public double margin(double levelWeight) {
        return (levelWeight - lastStageThreshold) / sigma;
    }

    /**
     * The score of a detection with this level weight, in {@code [0.5, 1]}.
     *
     * @throws IllegalArgumentException when the weight is not a finite number
     */
    public double score(double levelWeight) {
        if (!Double.isFinite(levelWeight)) {
            throw new IllegalArgumentException("cascade level weight must be finite, got " + levelWeight);
        }
        double z = Math.max(0, margin(levelWeight));
        return 1 / (1 + Math.exp(-z));
    }
}
