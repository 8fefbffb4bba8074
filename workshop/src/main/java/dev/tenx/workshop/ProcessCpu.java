package dev.tenx.workshop;

import java.time.Duration;

/**
 * CPU time (user + system, all threads) of a process, as {@code ProcessHandle.Info} reports it.
 * On Linux that is {@code utime + stime} of {@code /proc/<pid>/stat}, in clock ticks (10 ms at
 * the usual USER_HZ of 100): over a window of seconds the error is well under a percent, over a
 * sub-second window it is not. Both processes are read the same way so that they compare.
 *
 * <p>Stateless; any thread may call it. The runner's controlling thread does, when it takes a
 * {@link Sample}.
 */
public final class ProcessCpu {

    private ProcessCpu() {}

    public static long cpuNanos(long pid) {
        ProcessHandle handle = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("process " + pid + " is gone"));
        return cpuNanos(handle);
    }

    public static long selfCpuNanos() {
        return cpuNanos(ProcessHandle.current());
    }

    private static long cpuNanos(ProcessHandle handle) {
        return handle.info().totalCpuDuration()
                .map(Duration::toNanos)
                .orElseThrow(() -> new IllegalStateException("no CPU time for process " + handle.pid()));
    }
}
