package io.github.anonymizer.core.model;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A detector model: its id (the folder name under a model directory or the cache), what it is,
 * where it comes from, its licence and its files.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the model id, for example {@code "centerface"}
 * @param name display name
 * @param description what the model is and which detector uses it
 * @param homepage the publisher's page or repository
 * @param licence the licence terms in a few words
 * @param licenceUrl where the licence text is
 * @param files the model's files, required ones first
 */
public record ModelInfo(String id, String name, String description, URI homepage, String licence,
        URI licenceUrl, List<ModelFile> files) {

    public ModelInfo {
        ModelFile.requirePlainName(id, "model id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(homepage, "homepage");
        Objects.requireNonNull(licence, "licence");
        Objects.requireNonNull(licenceUrl, "licenceUrl");
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException(id + ": a model has at least one file");
        }
        long distinct = files.stream().flatMap(f -> f.allNames().stream()).distinct().count();
        if (distinct != files.stream().mapToLong(f -> f.allNames().size()).sum()) {
            throw new IllegalArgumentException(id + ": file names must be unique");
        }
    }

    /** The file whose official or alternative name is {@code fileName}. */
    public Optional<ModelFile> file(String fileName) {
        return files.stream().filter(f -> f.hasName(fileName)).findFirst();
    }

    /** The files the model cannot be used without. */
    public List<ModelFile> requiredFiles() {
        return files.stream().filter(ModelFile::required).toList();
    }

    /** Sum of the published sizes, or -1 when a size is not published. */
    public long publishedSize() {
        long sum = 0;
        for (ModelFile f : files) {
            if (f.size().isEmpty()) {
                return -1;
            }
            sum += f.size().getAsLong();
        }
        return sum;
    }
}
