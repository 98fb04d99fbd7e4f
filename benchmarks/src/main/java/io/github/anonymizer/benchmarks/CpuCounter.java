package io.github.anonymizer.benchmarks;

import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A secondary JMH result: the CPU time of the whole benchmark process (every thread, native ones
 * such as the encoder's and ONNX Runtime's included) during an iteration. JMH reports it as a rate,
 * {@code cpu} in "ops/s", which reads as CPU seconds per second: the number of cores the job kept
 * busy. Dividing it by the frames per second gives the CPU time of a frame, a figure that depends
 * much less than frames per second on what else the machine is running.
 *
 * <p>JMH state, confined to the benchmark thread.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class CpuCounter {

    /** CPU seconds used since the iteration started; JMH divides it by the iteration's length. */
    public double cpu;

    private long start;

    @Setup(Level.Iteration)
    public void start() {
        cpu = 0;
        start = processCpuNanos();
    }

    /** Updates {@link #cpu}; call at the end of every invocation. */
    public void update() {
        cpu = (processCpuNanos() - start) / 1e9;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
