/**
 * The public vocabulary of the library: value types ({@link io.github.anonymizer.api.Box},
 * {@link io.github.anonymizer.api.Detection}, {@link io.github.anonymizer.api.FaceRegion}), the
 * {@link io.github.anonymizer.api.FaceDetector} and {@link io.github.anonymizer.api.RegionFilter}
 * interfaces, and the exceptions. The detector SPI is in {@code io.github.anonymizer.api.spi}.
 */
package io.github.anonymizer.api;
