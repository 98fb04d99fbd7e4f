package io.github.anonymizer.video;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg's I/O interrupt callback, shared by every open input and output: FFmpeg calls it while a
 * read, write, open or connect blocks, and aborts the call when it returns 1. One native callback
 * serves all (JavaCPP callbacks are a scarce resource); its {@code opaque} pointer carries the id of
 * the {@link Flag} to consult.
 *
 * <p>Thread-safe.
 */
final class Interrupts {
    private Interrupts() {}

    /** The abort state of one input or output; set from any thread. */
    static final class Flag implements AutoCloseable {
        final long id;
        private volatile boolean aborted;
        /** System.nanoTime() after which a blocking call is aborted, or Long.MAX_VALUE. */
        private volatile long deadline = Long.MAX_VALUE;
        private volatile boolean timedOut;

        private Flag(long id) {
            this.id = id;
        }

        /** Aborts any blocking call now and every later one. */
        void abort() {
            aborted = true;
        }

        boolean aborted() {
            return aborted;
        }

        /** Aborts blocking calls that last longer than {@code millis} from now; 0 or less: no limit. */
        void arm(long millis) {
            deadline = millis > 0 ? System.nanoTime() + millis * 1_000_000L : Long.MAX_VALUE;
        }

        void disarm() {
            deadline = Long.MAX_VALUE;
        }

        /**
         * Whether a blocking call was aborted by its deadline. Sticky: FFmpeg's protocol threads
         * (UDP) may report the abort on a later call.
         */
        boolean timedOut() {
            return timedOut;
        }

        boolean shouldInterrupt() {
            if (aborted) {
                return true;
            }
            long d = deadline;
            if (d != Long.MAX_VALUE && System.nanoTime() - d > 0) {
                timedOut = true;
                return true;
            }
            return false;
        }

        /** Points {@code cb} at the shared callback with this flag's id. */
        void install(AVIOInterruptCB cb) {
            cb.callback(CALLBACK).opaque(new IdPointer(id));
        }

        @Override
        public void close() {
            FLAGS.remove(id);
        }
    }

    private static final Map<Long, Flag> FLAGS = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();

    /** The one native callback; lives as long as the class (never freed). */
    private static final Callback CALLBACK = new Callback();

    /** A new flag, registered until closed. */
    static Flag newFlag() {
        Flag f = new Flag(IDS.incrementAndGet());
        FLAGS.put(f.id, f);
        return f;
    }

    private static final class Callback extends AVIOInterruptCB.Callback_Pointer {
        Callback() {
            super(); // allocates the native thunk
        }

        @Override
        public int call(Pointer opaque) {
            if (opaque == null) {
                return 0;
            }
            Flag f = FLAGS.get(opaque.address());
            return f != null && f.shouldInterrupt() ? 1 : 0;
        }
    }

    /** A pointer whose address is an id, never dereferenced. */
    private static final class IdPointer extends Pointer {
        IdPointer(long id) {
            this.address = id;
        }
    }
}
