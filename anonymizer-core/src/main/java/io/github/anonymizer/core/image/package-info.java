/**
 * Still-image files for the anonymizer: {@link io.github.anonymizer.core.image.ImageFiles} reads
 * JPEG, PNG, BMP, TIFF and WebP into upright OpenCV Mats (format found from the content, EXIF
 * orientation applied, decompression bombs refused) and writes them back atomically, with all
 * metadata stripped unless asked otherwise, never over the input file.
 */
package io.github.anonymizer.core.image;
