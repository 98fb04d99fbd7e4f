/**
 * The detector service-provider interface: implement
 * {@link io.github.anonymizer.api.spi.FaceDetectorProvider} and register it in
 * {@code META-INF/services/io.github.anonymizer.api.spi.FaceDetectorProvider}.
 */
package io.github.anonymizer.api.spi;
