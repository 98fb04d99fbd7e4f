/**
 * The OpenCV LBP cascade face detector: {@link io.github.anonymizer.detector.lbp.LbpDetector} for
 * code, provider id {@code "lbp"} for the registry and the command line.
 */
package io.github.anonymizer.detector.lbp;
