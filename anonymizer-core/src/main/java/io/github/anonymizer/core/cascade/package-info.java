/**
 * The shared engine of the OpenCV cascade detectors ({@code detector-haar}, {@code detector-lbp}):
 * loading a cascade XML from inside the OpenCV jar or from a user file ({@link
 * io.github.anonymizer.core.cascade.CascadeModel}), the detection settings ({@link
 * io.github.anonymizer.core.cascade.CascadeSettings}), the mapping of OpenCV's level weights to
 * scores in {@code [0, 1]} ({@link io.github.anonymizer.core.cascade.CascadeScore}), the factory and
 * per-thread detector, and the builder and option handling the detector modules share.
 *
 * <p>Applications use the detector modules ({@code HaarDetector.builder()}, the {@code "haar"} and
 * {@code "lbp"} providers), not this package directly.
 */
package io.github.anonymizer.core.cascade;
