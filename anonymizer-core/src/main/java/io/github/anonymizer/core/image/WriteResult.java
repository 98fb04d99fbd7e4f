package io.github.anonymizer.core.image;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link ImageFiles#write} did.
 *
 * <p>Immutable and thread-safe.
 *
 * @param file the file written (absolute, normalized)
 * @param format the format written
 * @param bytes the size of the file written
 * @param keptMetadata the metadata kinds copied from the source (empty with
 *     {@link MetadataPolicy#STRIP})
 * @param warnings human-readable notes about metadata that was asked for but not kept, or an
 *     extension that does not match the format; empty when everything went as asked
 */
public record WriteResult(Path file, ImageFormat format, long bytes, Set<MetadataKind> keptMetadata,
        List<String> warnings) {

    public WriteResult {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        keptMetadata = Set.copyOf(keptMetadata);
        warnings = List.copyOf(warnings);
    }
}
