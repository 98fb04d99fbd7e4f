package io.github.anonymizer.video;

/**
 * An exact fraction such as a frame rate ({@code 30000/1001}) or a time base.
 *
 * <p>Immutable and thread-safe.
 *
 * @param num numerator
 * @param den denominator, positive
 */
public record Rational(int num, int den) {
    public Rational {
        if (den <= 0) {
            throw new IllegalArgumentException("denominator must be positive, got " + num + "/" + den);
        }
    }

    /** The value as a double. */
    public double value() {
        return (double) num / den;
    }

    /** {@code den/num}; the numerator must be positive. */
    public Rational inverse() {
        return new Rational(den, num);
    }

    @Override
    public String toString() {
        return num + "/" + den;
    }
}
