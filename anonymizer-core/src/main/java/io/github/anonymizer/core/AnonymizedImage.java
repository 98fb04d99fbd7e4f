package io.github.anonymizer.core;

import java.awt.image.BufferedImage;

/**
 * An anonymized copy of a {@link BufferedImage} plus what was done to it.
 *
 * <p>Immutable reference holder (the image itself is a mutable AWT object owned by the caller).
 *
 * @param image the anonymized image: same size, and same type as the input where
 *     {@link BufferedImages#keepsType} says so
 * @param report the faces hidden and the masks applied
 */
public record AnonymizedImage(BufferedImage image, FrameReport report) {}
