package io.github.anonymizer.core.image;

import io.github.anonymizer.api.MediaException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes a file all-or-nothing: the bytes go to a hidden temporary file in the target's directory,
 * are flushed to the device, and the temporary file is then renamed over the target
 * ({@link StandardCopyOption#ATOMIC_MOVE}; {@link StandardCopyOption#REPLACE_EXISTING} only where
 * the file system cannot rename atomically). Whatever fails, the temporary file is deleted, so
 * readers see either the old target, or no target, or the complete new one.
 *
 * <p>The temporary file is created with the default permissions (the process umask applies), so
 * the result has the permissions of an ordinarily created file.
 *
 * <p>Immutable and thread-safe; concurrent writes to the same target leave one complete file.
 */
final class AtomicFileWriter {

    /** The rename step; replaceable in tests to simulate failures. */
    @FunctionalInterface
    interface Mover {
        void move(Path from, Path to, CopyOption... options) throws IOException;
    }

    static final AtomicFileWriter DEFAULT = new AtomicFileWriter((from, to, options) -> Files.move(from, to, options));

    private static final int MAX_NAME_PART = 100;

    private final Mover mover;

    AtomicFileWriter(Mover mover) {
        this.mover = mover;
    }

    /**
     * Writes {@code data} to {@code target}, whose parent directory must exist.
     *
     * @throws MediaException naming the target when anything fails; no file is left behind
     */
    void write(Path target, byte[] data) {
        Path dir = target.getParent();
        String name = target.getFileName().toString();
        if (name.length() > MAX_NAME_PART) {
            name = name.substring(0, MAX_NAME_PART);
        }
        Path tmp = dir.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                mover.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                mover.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } catch (IOException e) {
            throw new MediaException(target, "cannot write the output file: " + describe(e), e);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // nothing better to do: the original failure is what the caller needs to see
                }
            }
        }
    }

    static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
