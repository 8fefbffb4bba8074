package dev.tenx.workshop;

import dev.tenx.common.process.BrokerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's JVM for one stage run, seen from the runner: writes the
 * {@link ClientTask}, starts {@link ClientMain} with the given JVM options and this JVM's class
 * path, relays its phase lines, waits for it and reads its {@link ClientResult}. Its standard
 * error goes to a log file, whose tail a failure quotes.
 *
 * <p>Not thread-safe: the thread that calls {@link #run} owns the process; one daemon thread of
 * its own reads the child's standard output and calls the phase listener.
 */
final class ClientProcess {

    /** Lines of the client's log a failure quotes. */
    private static final int LOG_LINES_QUOTED = 30;
    private static final String TASK_SUFFIX = ".task.json";
    private static final String RESULT_SUFFIX = ".result.json";
    private static final String LOG_SUFFIX = ".client.log";

    private ClientProcess() {}

    /**
     * Runs {@code task} in a new JVM and returns what it measured. The task, the result and the
     * child's standard error are kept as {@code <files>.task.json}, {@code .result.json} and
     * {@code .client.log}. Fails if the child exits non-zero or outlives {@code timeout}.
     */
    static ClientResult run(ClientTask task, List<String> jvmArgs, Path files, Duration timeout,
                            ClientRun.Phases phases) throws IOException, InterruptedException {
        Path taskFile = Path.of(files + TASK_SUFFIX);
        Path log = logFile(files);
        ClientMain.JSON.writeValue(taskFile.toFile(), task);
        Process process = new ProcessBuilder(command(jvmArgs, taskFile))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Thread relay = new Thread(() -> relayPhases(process, phases), "client-stdout");
        relay.setDaemon(true);
        relay.start();
        // Kept open until the child has exited: its closing is how the child learns that we are gone.
        OutputStream lifeline = process.getOutputStream();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("the client of " + task.stage() + " did not finish within " + timeout
                        + "; killed. Its log, " + log + ", ends with:\n" + tail(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        } finally {
            lifeline.close();
        }
        relay.join(TimeUnit.SECONDS.toMillis(1));
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the client of " + task.stage() + " failed (exit " + process.exitValue()
                    + "); its log, " + log + ", ends with:\n" + tail(log));
        }
        return ClientMain.JSON.readValue(Path.of(task.resultFile()).toFile(), ClientResult.class);
    }

    /** Where {@link #run} keeps the child's standard error, for {@code files}. */
    static Path logFile(Path files) {
        return Path.of(files + LOG_SUFFIX);
    }

    /** Where {@link #run} asks the child to write its result, for {@code files}. */
    static String resultFile(Path files) {
        return files + RESULT_SUFFIX;
    }

    private static List<String> command(List<String> jvmArgs, Path taskFile) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(BrokerProcess.currentClasspath());
        command.add(ClientMain.class.getName());
        command.add(taskFile.toString());
        return command;
    }

    private static void relayPhases(Process process, ClientRun.Phases phases) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(ClientMain.PHASE_PREFIX)) {
                    String[] plannedAndName = line.substring(ClientMain.PHASE_PREFIX.length()).split(" ", 2);
                    phases.begin(plannedAndName[1], Long.parseLong(plannedAndName[0]));
                }
            }
        } catch (IOException e) {
            // the child went away; its exit code says how
        }
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES_QUOTED), lines.size()));
    }
}
