/**
 * The OpenCV Haar cascade face detector: {@link io.github.anonymizer.detector.haar.HaarDetector}
 * for code, provider id {@code "haar"} for the registry and the command line.
 */
package io.github.anonymizer.detector.haar;
