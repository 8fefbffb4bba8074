package dev.tenx.workshop;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The load generator's own JVM, one per stage run: {@code ClientMain <task.json>}. It reads its
 * {@link ClientTask}, runs the producers, the consumer and every client-side measurement
 * ({@link ClientRun}), writes the {@link ClientResult} to the task's result file and exits 0; on
 * any failure it prints the stack trace to standard error and exits {@value #EXIT_FAILED}.
 * A fresh JVM per run, so that no stage inherits another's JIT compilations, heap or GC history,
 * and so that the runner's own process (Maven's, under exec:java) is never measured.
 *
 * <p>Standard output carries one line per phase, {@value #PHASE_PREFIX}{@code <planned ms> <name>},
 * each printed before its phase starts and so outside every measured window: the write system
 * call it costs is never counted as the client's. Standard input is the runner's lifeline: when
 * it closes (the runner ended, however), this JVM exits {@value #EXIT_ORPHANED}, as the broker's does.
 *
 * <p>Threads: the main thread runs the task; one daemon thread waits on standard input.
 */
public final class ClientMain {

    static final String PHASE_PREFIX = "tenx-client phase ";
    static final int EXIT_FAILED = 1;
    static final int EXIT_ORPHANED = 3;
    static final int EXIT_USAGE = 2;
    /** Both sides' mapper: Jackson's defaults write NaN as "NaN", and read it back as NaN. */
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int STDIN_DRAIN_BYTES = 256;

    private ClientMain() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ClientMain <task.json>");
            System.exit(EXIT_USAGE);
        }
        exitWhenTheRunnerGoes(System.in);
        try {
            ClientTask task = JSON.readValue(Path.of(args[0]).toFile(), ClientTask.class);
            ClientResult result = new ClientRun(task, phases(System.out)).run();
            JSON.writeValue(Path.of(task.resultFile()).toFile(), result);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(EXIT_FAILED);
        }
        System.exit(0); // the stage's client libraries may leave non-daemon threads behind
    }

    private static ClientRun.Phases phases(PrintStream out) {
        return (name, plannedMs) -> {
            out.println(PHASE_PREFIX + plannedMs + " " + name);
            out.flush();
        };
    }

    /** Exits {@value #EXIT_ORPHANED} once {@code in}, the runner's lifeline, closes: also the overload client's. */
    static void exitWhenTheRunnerGoes(InputStream in) {
        Thread watcher = new Thread(() -> {
            byte[] sink = new byte[STDIN_DRAIN_BYTES];
            try {
                while (in.read(sink) >= 0) {
                    // the runner has nothing to say; we only wait for it to go away
                }
            } catch (IOException e) {
                // the pipe broke: the runner is gone all the same
            }
            System.exit(EXIT_ORPHANED);
        }, "runner-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
