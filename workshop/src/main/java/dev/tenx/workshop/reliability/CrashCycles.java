package dev.tenx.workshop.reliability;

import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.process.BrokerProcess;
import dev.tenx.common.spi.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * SIGKILL, again and again, on one log directory: each cycle starts the stage's broker in a JVM of
 * its own on the directory the last one was killed on, reads the whole log back and judges it
 * against every record acknowledged in every cycle so far ({@link Ledger}), then lets several
 * producers with full windows write, and kills the broker at a random moment. A last start after
 * the last kill judges the log once more. Recovery time is a cycle's start-up: from launching the
 * JVM to its listening line, which includes the store's recovery of the directory (and the JVM's
 * own start, the same for every stage).
 *
 * <p>What it cannot see: what the page cache holds survives a killed process, so a store that
 * acknowledges before its fsync passes here ({@link PowerLossPoints} sees that). Used by one thread.
 */
final class CrashCycles {

    /** What the cycles found. {@code recoveryMs} has one entry per start, the first (empty directory) included. */
    record Result(int cycles, int acknowledged, int records, int lost, int corrupt, int neverSent, int duplicated,
                  int offsetsOutOfLine, int hangs, List<Long> recoveryMs, double meanInFlightAtKill, String firstProblem) {
        boolean clean() {
            return lost == 0 && corrupt == 0 && neverSent == 0 && duplicated == 0 && offsetsOutOfLine == 0 && hangs == 0
                    && firstProblem.isEmpty();
        }
    }

    private static final List<String> BROKER_JVM_ARGS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final int REQUEST_TIMEOUT_MS = 5_000;
    private static final Duration FIRST_ACK_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SENDS_END_TIMEOUT = Duration.ofMillis(4L * REQUEST_TIMEOUT_MS);
    private static final Duration POLL = Duration.ofMillis(5);

    private final Stage stage;
    private final ReliabilityConfig config;
    private final Path workDir;

    CrashCycles(Stage stage, ReliabilityConfig config, Path workDir) {
        this.stage = stage;
        this.config = config;
        this.workDir = workDir;
    }

    Result run() throws IOException, InterruptedException {
        Path logDir = Files.createDirectories(workDir.resolve("crash-log"));
        Path stderr = workDir.resolve("crash-brokers.log");
        Map<String, Object> props = Map.of(BrokerConfig.LOG_DIR, logDir.toString(), BrokerConfig.LISTENERS, "127.0.0.1:0");
        SplittableRandom random = new SplittableRandom(config.getLong(ReliabilityConfig.SEED) ^ stage.number());
        Ledger ledger = new Ledger();
        List<Long> recoveryMs = new ArrayList<>();
        long inFlightAtKills = 0;
        int hangs = 0;
        Ledger.Check check = null;
        String problem = "";
        int cycles = config.getInt(ReliabilityConfig.CRASH_CYCLES);
        for (int cycle = 0; cycle <= cycles && problem.isEmpty(); cycle++) {
            long startNanos = System.nanoTime();
            BrokerProcess broker = BrokerProcess.start(stage, props, BROKER_JVM_ARGS, stderr);
            recoveryMs.add(Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
            try {
                check = ledger.check(LogReadBack.readAll(stage, broker.address()));
                if (!check.clean()) {
                    problem = "after kill " + cycle + ": " + check.firstProblem();
                    break;
                }
                if (cycle == cycles) {
                    break; // the last start only judges
                }
                WindowedProducers producers = new WindowedProducers(stage, broker.address(), "c" + cycle,
                        config.getInt(ReliabilityConfig.CRASH_PRODUCERS), config.getInt(ReliabilityConfig.CRASH_WINDOW),
                        REQUEST_TIMEOUT_MS, ledger).start();
                int ackedBefore = ledger.acknowledgedCount();
                if (!awaitFirstAck(ledger, ackedBefore, producers)) {
                    problem = "cycle " + cycle + ": no acknowledgement within " + FIRST_ACK_TIMEOUT.toSeconds() + " s"
                            + failureOf(producers);
                }
                // the random moment: anywhere in the first crash.kill.max.ms after the first acknowledgement
                sleepMs(random.nextInt(config.getInt(ReliabilityConfig.CRASH_KILL_MAX_MS) + 1));
                inFlightAtKills += producers.inFlight();
                broker.kill();
                if (!producers.stopAndAwait(SENDS_END_TIMEOUT)) {
                    hangs++;
                    problem = "cycle " + cycle + ": a producer's sends neither failed nor completed after the kill";
                } else if (producers.unexpectedFailure() != null) {
                    problem = "cycle " + cycle + ": " + producers.unexpectedFailure();
                }
            } finally {
                broker.close();
            }
        }
        return new Result(cycles, ledger.acknowledgedCount(), check == null ? 0 : check.records(),
                check == null ? 0 : check.lost(), check == null ? 0 : check.corrupt(),
                check == null ? 0 : check.neverSent(), check == null ? 0 : check.duplicated(),
                check == null ? 0 : check.offsetsOutOfLine(), hangs, recoveryMs,
                cycles == 0 ? 0 : (double) inFlightAtKills / cycles, problem);
    }

    private static boolean awaitFirstAck(Ledger ledger, int ackedBefore, WindowedProducers producers) {
        long deadline = System.nanoTime() + FIRST_ACK_TIMEOUT.toNanos();
        while (ledger.acknowledgedCount() == ackedBefore) {
            if (System.nanoTime() > deadline || producers.firstFailure() != null || producers.unexpectedFailure() != null) {
                return false;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        return true;
    }

    private static String failureOf(WindowedProducers producers) {
        Object failure = producers.firstFailure() != null ? producers.firstFailure() : producers.unexpectedFailure();
        return failure == null ? "" : ": " + failure;
    }

    private static void sleepMs(long ms) throws InterruptedException {
        Thread.sleep(ms);
    }
}
