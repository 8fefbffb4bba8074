package dev.tenx.workshop;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.config.ConfigDef;
import dev.tenx.common.config.HostPort;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.process.BrokerProcess;
import dev.tenx.common.spi.Stage;
import dev.tenx.common.spi.Stages;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The overload scenario ({@code -Poverload}): each selected stage, in turn, is offered far more
 * than it can take, open loop, by producers with no window of the runner's, while one connection
 * pipelines fetches it never reads; every {@code overload.sample.ms} the client records throughput,
 * p99 from the intended send time, what the producers hold and the broker's heap, and at the end
 * it drains and reads the log back. The broker and the client each run in a JVM of their own, so
 * a stage whose broker or client dies of it is reported, not fatal. Prints and writes
 * {@code results.md} and {@code results.json} under {@code <output.dir>/overload/<timestamp>/}.
 * The comparison runs the same scenario after its stage runs when {@code overload=true}
 * ({@link ComparisonRunner}, through {@link #run(List, OverloadConfig, Path, PrintStream)}), and
 * records it in its own results.json.
 *
 * <p>Threads: the calling thread owns both child processes, one stage at a time.
 */
public final class OverloadRunner {

    private static final long START_AND_EXIT_MS = 60_000;

    /** What one stage did under overload; {@code result} is null when its client did not end normally. */
    public record Outcome(String stage, List<OverloadSample> samples, OverloadResult result, boolean brokerSurvived,
                          String failure) {
    }

    /**
     * One overload run: every knob in force ({@link OverloadConfig#values()}, defaults included)
     * and what each stage did, in the order they ran; its own results.json, or the comparison's
     * {@code overload}. Immutable.
     */
    public record Results(Map<String, Object> settings, List<Outcome> outcomes) {
    }

    private OverloadRunner() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> system = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().forEach(name -> system.put(name, System.getProperty(name)));
        OverloadConfig config = OverloadConfig.of(system, List.of(args));
        List<Stage> stages = select(OverloadConfig.split(config.getString(OverloadConfig.STAGES), ","));
        System.out.println("tenx overload: " + stages.stream().map(Stage::name).toList() + "; " + config.values());
        Path dir = newDirectory(Path.of(config.getString(OverloadConfig.OUTPUT_DIR)));
        Results results = run(stages, config, dir, System.out);
        String markdown = OverloadReport.markdown(config, results.outcomes());
        System.out.println();
        System.out.print(markdown);
        Files.writeString(dir.resolve(ResultsWriter.MARKDOWN_FILE), markdown);
        ClientMain.JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(ResultsWriter.JSON_FILE).toFile(), results);
        System.out.println("results: " + dir.toAbsolutePath());
    }

    /**
     * Overloads each of {@code stages} in turn, each in a broker JVM and a client JVM of its own,
     * their files under {@code dir}; a stage whose broker or client dies of it is an outcome, not
     * an exception.
     */
    static Results run(List<Stage> stages, OverloadConfig config, Path dir, PrintStream out)
            throws IOException, InterruptedException {
        List<Outcome> outcomes = new ArrayList<>();
        for (Stage stage : stages) {
            out.println("overloading " + stage.name() + " ...");
            outcomes.add(run(stage, config, dir));
        }
        return new Results(config.values(), List.copyOf(outcomes));
    }

    /** A new directory for one overload run's files, {@code <outputDir>/overload/<timestamp>/}. */
    static Path newDirectory(Path outputDir) throws IOException {
        return Files.createDirectories(outputDir.resolve("overload").resolve(Instant.now().toString().replace(':', '-')));
    }

    /** The backpressure stage and the one before it, unless named. */
    static List<Stage> select(List<String> names) {
        if (!names.isEmpty()) {
            return names.stream().map(Stages::byName).toList();
        }
        List<Stage> all = Stages.all();
        Stage last = all.get(all.size() - 1);
        return all.size() < 2 ? List.of(last) : List.of(all.get(all.size() - 2), last);
    }

    private static Outcome run(Stage stage, OverloadConfig config, Path dir) throws IOException, InterruptedException {
        Path logDir = Files.createTempDirectory(dir, stage.name() + "-log-");
        Path files = dir.resolve(stage.name());
        Map<String, Object> brokerProps = defined(stage.brokerConfig(), config.stageProps());
        brokerProps.put(BrokerConfig.LOG_DIR, logDir.toString());
        brokerProps.put(BrokerConfig.LISTENERS, "127.0.0.1:0");
        List<String> brokerJvm = OverloadConfig.split(config.getString(OverloadConfig.BROKER_JVM_ARGS), " ");
        BrokerProcess broker = BrokerProcess.start(stage, brokerProps, brokerJvm, Path.of(files + ".broker.log"));
        boolean survived;
        String failure = null;
        OverloadResult result = null;
        try {
            String address = HostPort.format(broker.address());
            OverloadTask task = task(stage, config, address, broker.pid(), files);
            int exit = runClient(task, config, files);
            survived = broker.isAlive();
            if (exit == 0) {
                result = ClientMain.JSON.readValue(Path.of(task.resultFile()).toFile(), OverloadResult.class);
            } else {
                failure = "the client exited " + exit + "; its log: " + files + ".client.log";
            }
        } finally {
            try {
                broker.close();
            } catch (RuntimeException e) {
                failure = (failure == null ? "" : failure + "; ") + "closing the broker: " + e.getMessage();
            }
        }
        List<OverloadSample> samples = readSamples(Path.of(files + ".samples.jsonl"));
        deleteQuietly(logDir);
        return new Outcome(stage.name(), samples, result, survived, failure);
    }

    private static OverloadTask task(Stage stage, OverloadConfig config, String address, long brokerPid, Path files) {
        Map<String, Object> producerProps = defined(stage.producerConfig(), config.stageProps());
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS, address);
        Map<String, Object> consumerProps = defined(stage.consumerConfig(), config.stageProps());
        consumerProps.put(ProducerConfig.BOOTSTRAP_SERVERS, address);
        return new OverloadTask(stage.name(), address, brokerPid, config.getInt(OverloadConfig.RECORD_SIZE),
                config.getInt(OverloadConfig.PRODUCERS), config.getLong(OverloadConfig.RATE),
                config.getLong(OverloadConfig.DURATION_MS), config.getLong(OverloadConfig.SAMPLE_MS),
                config.getLong(OverloadConfig.DRAIN_MS), config.getLong(OverloadConfig.VERIFY_MS),
                config.getInt(OverloadConfig.UNREAD_FETCHES), producerProps, consumerProps,
                files + ".samples.jsonl", files + ".result.json");
    }

    /** Starts the client's JVM and waits for it; a client that outlives every phase is killed. */
    private static int runClient(OverloadTask task, OverloadConfig config, Path files)
            throws IOException, InterruptedException {
        Path taskFile = Path.of(files + ".task.json");
        ClientMain.JSON.writeValue(taskFile.toFile(), task);
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(OverloadConfig.split(config.getString(OverloadConfig.CLIENT_JVM_ARGS), " "));
        command.add("-cp");
        command.add(BrokerProcess.currentClasspath());
        command.add(OverloadClient.class.getName());
        command.add(taskFile.toString());
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of(files + ".client.log").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(Path.of(files + ".client.log").toFile()))
                .start();
        long timeoutMs = task.durationMs() + task.drainMs() + task.verifyMs() + START_AND_EXIT_MS;
        // Kept open until the child has exited: its closing is how the child learns that we are gone.
        OutputStream lifeline = process.getOutputStream();
        try {
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } finally {
            lifeline.close();
        }
        return process.exitValue();
    }

    /** The keys of {@code props} that {@code def} defines: each stage takes the scenario's keys it knows. */
    private static Map<String, Object> defined(ConfigDef def, Map<String, String> props) {
        Map<String, Object> picked = new LinkedHashMap<>();
        props.forEach((key, value) -> {
            if (def.keys().containsKey(key)) {
                picked.put(key, value);
            }
        });
        return picked;
    }

    private static List<OverloadSample> readSamples(Path file) throws IOException {
        List<OverloadSample> samples = new ArrayList<>();
        if (!Files.exists(file)) {
            return samples;
        }
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                samples.add(ClientMain.JSON.readValue(line, new TypeReference<OverloadSample>() { }));
            }
        }
        return samples;
    }

    private static void deleteQuietly(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
        }
    }
}
