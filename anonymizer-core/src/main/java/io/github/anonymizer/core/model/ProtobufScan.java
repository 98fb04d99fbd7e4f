package io.github.anonymizer.core.model;

import io.github.anonymizer.core.model.ModelFormat.FormatProblem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Walks the top-level fields of a protobuf binary file without decoding nested messages: every
 * tag must be valid, and every length-delimited field must end inside the file, so a truncated
 * file is caught without reading the weights. Confined to one call (no state).
 */
final class ProtobufScan {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final FileChannel channel;
    private final long size;
    private final ByteBuffer buffer = ByteBuffer.allocate(8192);
    private long bufferStart;
    private long pos;

    private ProtobufScan(FileChannel channel, long size) {
        this.channel = channel;
        this.size = size;
        this.buffer.limit(0);
    }

    /**
     * Scans {@code file}; known field numbers must have the given wire type, and at least one of
     * {@code anyOfRequired} must occur.
     */
    static void requireFields(Path file, Map<Integer, Integer> wireTypes, int... anyOfRequired)
            throws IOException, FormatProblem {
        Set<Integer> seen;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            seen = new ProtobufScan(ch, ch.size()).scan(wireTypes);
        }
        for (int f : anyOfRequired) {
            if (seen.contains(f)) {
                return;
            }
        }
        StringBuilder want = new StringBuilder();
        for (int f : anyOfRequired) {
            want.append(want.length() == 0 ? "" : " or ").append(f);
        }
        throw new FormatProblem("protobuf without the expected top-level field " + want
                + " (found fields " + seen + ")");
    }

    private Set<Integer> scan(Map<Integer, Integer> wireTypes) throws IOException, FormatProblem {
        Set<Integer> seen = new HashSet<>();
        while (pos < size) {
            long at = pos;
            long tag = readVarint("field tag");
            long field = tag >>> 3;
            int wire = (int) (tag & 7);
            if (field == 0 || field > 536_870_911L) {
                throw new FormatProblem("invalid protobuf field number " + field + " at byte " + at);
            }
            Integer expected = wireTypes.get((int) field);
            if (expected != null && expected != wire) {
                throw new FormatProblem("field " + field + " at byte " + at + " has wire type " + wire
                        + ", expected " + expected);
            }
            long skip = switch (wire) {
                case VARINT -> {
                    readVarint("varint of field " + field);
                    yield 0;
                }
                case FIXED64 -> 8;
                case LENGTH_DELIMITED -> readVarint("length of field " + field);
                case FIXED32 -> 4;
                default -> throw new FormatProblem("byte " + at + " is not a protobuf field (wire type " + wire
                        + "); this does not look like a protobuf file");
            };
            if (skip < 0 || skip > size - pos) {
                throw new FormatProblem("truncated: field " + field + " at byte " + at + " needs " + skip
                        + " bytes but only " + (size - pos) + " remain (file size " + size + ")");
            }
            pos += skip;
            seen.add((int) field);
        }
        return seen;
    }

    private long readVarint(String what) throws IOException, FormatProblem {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= size) {
                throw new FormatProblem("truncated: the file ends inside the " + what + " (file size " + size + ")");
            }
            int b = readByte();
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new FormatProblem("malformed varint (" + what + ") before byte " + pos);
    }

    private int readByte() throws IOException {
        if (pos < bufferStart || pos >= bufferStart + buffer.limit()) {
            buffer.clear();
            bufferStart = pos;
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, bufferStart + buffer.position()) < 0) {
                    break;
                }
            }
            buffer.flip();
        }
        int b = buffer.get((int) (pos - bufferStart)) & 0xff;
        pos++;
        return b;
    }
}
