package io.github.anonymizer.core.model;

import io.github.anonymizer.api.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds of model files, with a cheap sanity check that detectors run before handing a file
 * to a native loader, so that a truncated or wrong file gives a {@link ModelException} naming the
 * model and the path instead of a native crash or an obscure parser error.
 *
 * <p>The checks walk the top level of a protobuf file (a few hundred fields, skipping the large
 * ones without reading them), so truncation is found without reading the weights; text files
 * (prototxt, pbtxt: tens of kilobytes) are read once and must be UTF-8 with balanced braces.
 * They are not full parsers: a file that passes can still be rejected by the loader.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum ModelFormat {
    /** ONNX {@code ModelProto}: needs {@code graph} (field 7). */
    ONNX("ONNX model", ".onnx") {
        @Override
        void checkContent(Path file) throws IOException, FormatProblem {
            ProtobufScan.requireFields(file, Map.of(1, ProtobufScan.VARINT, 7, ProtobufScan.LENGTH_DELIMITED,
                    8, ProtobufScan.LENGTH_DELIMITED), 7);
        }
    },
    /** Caffe {@code NetParameter} with weights: needs {@code layer} (field 100) or V1 {@code layers} (2). */
    CAFFE_MODEL("Caffe model", ".caffemodel") {
        @Override
        void checkContent(Path file) throws IOException, FormatProblem {
            ProtobufScan.requireFields(file, Map.of(1, ProtobufScan.LENGTH_DELIMITED, 2, ProtobufScan.LENGTH_DELIMITED,
                    100, ProtobufScan.LENGTH_DELIMITED), 100, 2);
        }
    },
    /** TensorFlow {@code GraphDef}: needs {@code node} (field 1). */
    TF_GRAPH("TensorFlow graph", ".pb") {
        @Override
        void checkContent(Path file) throws IOException, FormatProblem {
            ProtobufScan.requireFields(file, Map.of(1, ProtobufScan.LENGTH_DELIMITED, 4, ProtobufScan.LENGTH_DELIMITED), 1);
        }
    },
    /** Caffe network description in protobuf text format: must mention {@code layer}. */
    CAFFE_PROTOTXT("Caffe prototxt", ".prototxt") {
        @Override
        void checkContent(Path file) throws IOException, FormatProblem {
            TextScan.check(file, "layer");
        }
    },
    /** TensorFlow graph in protobuf text format: must mention {@code node}. */
    TF_GRAPH_TEXT("TensorFlow pbtxt", ".pbtxt") {
        @Override
        void checkContent(Path file) throws IOException, FormatProblem {
            TextScan.check(file, "node");
        }
    },
    /** Any other file: only checked to be a readable, non-empty regular file. */
    BINARY("model file", "") {
        @Override
        void checkContent(Path file) {
            // nothing beyond the common checks
        }
    };

    private final String label;
    private final String extension;

    ModelFormat(String label, String extension) {
        this.label = label;
        this.extension = extension;
    }

    /** What the format is called in messages. */
    public String label() {
        return label;
    }

    /** The usual file name extension (with the dot), empty for {@link #BINARY}. */
    public String extension() {
        return extension;
    }

    /** The format a file name's extension suggests, if any. */
    public static Optional<ModelFormat> forFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (ModelFormat f : values()) {
            if (!f.extension.isEmpty() && lower.endsWith(f.extension)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks that {@code file} looks like a complete file of this format. Cheap: see the class
     * comment.
     *
     * @throws ModelException naming {@code modelId} and {@code file} when the file is missing,
     *     unreadable, empty, truncated or of another format
     */
    public void check(String modelId, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelException(modelId, file, Files.exists(file) ? "is not a regular file" : "file not found");
        }
        try {
            if (Files.size(file) == 0) {
                throw new ModelException(modelId, file, "is empty (0 bytes), not a " + label);
            }
            checkContent(file);
        } catch (FormatProblem e) {
            throw new ModelException(modelId, file, "is not a valid " + label + ": " + e.getMessage()
                    + "; the file is truncated, damaged or of another kind. Reinstall it or give the right file.");
        } catch (IOException e) {
            throw new ModelException(modelId, file, "cannot be read: " + e, e);
        }
    }

    abstract void checkContent(Path file) throws IOException, FormatProblem;

    /** A format check failed; the message says where and why. */
    static final class FormatProblem extends Exception {
        private static final long serialVersionUID = 1L;

        FormatProblem(String message) {
            super(message, null, false, false);
        }
    }
}
