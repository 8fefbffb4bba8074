package dev.tenx.workshop;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a run ran on, read from the JVM and /proc at run time, so that a results file
 * says where its numbers come from. Immutable.
 *
 * @param runnerJvmArgs the options of the JVM the runner orchestrates from (Maven's, under
 *                      exec:java); it measures nothing itself
 */
public record Machine(int cores, String cpuModel, long memoryBytes, String jdk, String os, List<String> runnerJvmArgs) {

    private static final long BYTES_PER_KB = 1024;
    private static final String UNKNOWN = "unknown";

    public static Machine current() {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                procField(Path.of("/proc/cpuinfo"), "model name"),
                memTotalBytes(),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /** The first {@code name : value} line's value, or "unknown" (ARM kernels have no "model name"). */
    static String procField(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
        } catch (IOException e) {
            return UNKNOWN;
        }
        return UNKNOWN;
    }

    private static long memTotalBytes() {
        String memTotal = procField(Path.of("/proc/meminfo"), "MemTotal"); // "24576000 kB"
        if (memTotal.equals(UNKNOWN)) {
            return -1;
        }
        return Long.parseLong(memTotal.split("\\s+")[0]) * BYTES_PER_KB;
    }
}
