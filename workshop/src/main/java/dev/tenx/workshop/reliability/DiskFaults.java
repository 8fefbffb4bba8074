package dev.tenx.workshop.reliability;

import dev.tenx.common.broker.AssembledBroker;
import dev.tenx.common.broker.FileChannels;
import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.config.HostPort;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.errors.BrokerException;
import dev.tenx.common.faults.PowerLossDisk;
import dev.tenx.common.faults.PowerLossDisk.Errno;
import dev.tenx.common.faults.PowerLossDisk.Operation;
import dev.tenx.common.spi.AssembledStage;
import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.Stage;
import dev.tenx.common.spi.StageParts;
import dev.tenx.common.wire.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * A failing disk under a running broker: the stage's broker, in this JVM, opens its store's files
 * through a {@link PowerLossDisk} on which one write, file fsync or directory fsync fails with
 * {@code EIO} or {@code ENOSPC} ({@link PowerLossDisk#failNext}). Producers write with full
 * windows; once some records are acknowledged the fault is armed (a directory fsync fault also
 * at the store's creation, before anything is acknowledged). Then:
 * <ul>
 *   <li>the producers must get a clear error: {@code STORAGE_ERROR} from the broker;
 *   <li>the store must stop acknowledging: every record sent after a producer saw the error is refused;
 *   <li>the power then goes with nothing unforced surviving, the harshest case, which also loses
 *       what the failed fsync was to make durable, even if a retried fsync said it had; a broker
 *       restarted on what is left must hold every record acknowledged before the fault, byte-exact at
 *       its offset, and accept the next one.
 * </ul>
 * A fault the store never reaches (a directory fsync after start-up, in a store that creates no
 * file after it) is reported as not reached. Used by one thread.
 */
final class DiskFaults {

    /** One fault, armed before the store opens or once records are acknowledged. */
    record Fault(String name, Operation operation, Errno errno, boolean atCreation) {
    }

    static final List<Fault> FAULTS = List.of(
            new Fault("write EIO", Operation.WRITE, Errno.EIO, false),
            new Fault("write ENOSPC", Operation.WRITE, Errno.ENOSPC, false),
            new Fault("fsync EIO", Operation.FORCE_FILE, Errno.EIO, false),
            new Fault("dir fsync EIO at creation", Operation.FORCE_DIRECTORY, Errno.EIO, true),
            new Fault("dir fsync EIO after start", Operation.FORCE_DIRECTORY, Errno.EIO, false));

    /** What one fault did. {@code clearError} is what the producers were told, or why nothing was. */
    record Result(Fault fault, boolean reached, int acknowledgedBefore, int acknowledgedAfterError, int lost,
                  int corrupt, String clearError, String firstProblem) {
        boolean clean() {
            return !reached || (acknowledgedAfterError == 0 && lost == 0 && corrupt == 0 && firstProblem.isEmpty());
        }
    }

    private static final int PRODUCERS = 2;
    private static final int WINDOW = 50;
    private static final int REQUEST_TIMEOUT_MS = 5_000;
    private static final int ACKS_BEFORE_FAULT = 100;
    private static final int SENDS_AFTER_ERROR = 3;
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** How long after the fault struck the producers must have been told: a store that hides it never tells them. */
    private static final Duration ERROR_WAIT = Duration.ofSeconds(5);
    /** How long producers write after the fault is armed before it counts as never reached. */
    private static final Duration REACH_WAIT = Duration.ofSeconds(3);
    private static final Duration POLL = Duration.ofMillis(5);

    private final Stage stage;
    private final Path workDir;
    /** What the store's files go through on top of the failing disk: nothing in the run; a broken layer in its self-test. */
    private final UnaryOperator<FileChannels> storeLayer;

    DiskFaults(Stage stage, Path workDir) {
        this(stage, workDir, UnaryOperator.identity());
    }

    DiskFaults(Stage stage, Path workDir, UnaryOperator<FileChannels> storeLayer) {
        this.stage = stage;
        this.workDir = workDir;
        this.storeLayer = storeLayer;
    }

    List<Result> run() throws Exception {
        List<Result> results = new ArrayList<>();
        for (Fault fault : FAULTS) {
            results.add(run(fault));
        }
        return results;
    }

    Result run(Fault fault) throws Exception {
        StageParts parts = ((AssembledStage) stage).parts();
        Path dir = Files.createDirectories(workDir.resolve("disk-" + fault.name().replace(' ', '-')));
        PowerLossDisk disk = new PowerLossDisk(dir, Integer.MAX_VALUE, PowerLossDisk.Survivors.NONE);
        Map<String, Object> props = props(parts, dir);
        Ledger ledger = new Ledger();
        if (fault.atCreation()) {
            disk.failNext(fault.operation(), fault.errno());
        }
        AssembledBroker broker;
        try {
            broker = AssembledBroker.start(parts.broker(), parts.codec(), parts.transport(), props, storeLayer.apply(disk));
        } catch (IOException e) {
            disk.powerOff();
            return judge(fault, parts, props, ledger, disk.faultsInjected() > 0, 0, 0,
                    "the broker refused to start: " + e.getMessage(), "");
        }
        int ackedBefore;
        int ackedAfter = 0;
        String error;
        try {
            WindowedProducers producers = new WindowedProducers(stage, broker.address(), "f", PRODUCERS, WINDOW,
                    REQUEST_TIMEOUT_MS, ledger).start();
            if (!fault.atCreation()) {
                await(() -> ledger.acknowledgedCount() >= ACKS_BEFORE_FAULT || producers.firstFailure() != null, WAIT);
                disk.failNext(fault.operation(), fault.errno());
            }
            await(() -> disk.faultsInjected() > 0 || producers.firstFailure() != null, REACH_WAIT);
            await(() -> producers.firstFailure() != null || producers.unexpectedFailure() != null
                    || disk.faultsInjected() == 0, ERROR_WAIT);
            ackedBefore = ledger.acknowledgedCount();
            producers.stopAndAwait(WAIT);
            if (disk.faultsInjected() == 0) {
                broker.close();
                return new Result(fault, false, ackedBefore, 0, 0, 0, "not reached: the store made no such call", "");
            }
            error = describe(producers.firstFailure());
            ackedAfter = sendAfterTheError(broker, ledger);
        } finally {
            closeQuietly(broker);
        }
        disk.powerOff();
        return judge(fault, parts, props, ledger, true, ackedBefore, ackedAfter, error, "");
    }

    /** A new producer, after the error: each of its records must be refused, none acknowledged. */
    private int sendAfterTheError(AssembledBroker broker, Ledger ledger) {
        int acknowledged = 0;
        try (Producer producer = stage.newProducer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS,
                HostPort.format(broker.address()), ProducerConfig.REQUEST_TIMEOUT_MS, REQUEST_TIMEOUT_MS))) {
            for (int i = 0; i < SENDS_AFTER_ERROR; i++) {
                byte[] key = ("after-error-" + i).getBytes(StandardCharsets.UTF_8);
                long startMs = System.currentTimeMillis();
                ledger.sent(new Ledger.Sent(key, new byte[1], startMs, Long.MAX_VALUE));
                try {
                    long offset = producer.send(key, new byte[1]).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).offset();
                    ledger.acknowledged(new Ledger.Sent(key, new byte[1], startMs, Long.MAX_VALUE), offset);
                    acknowledged++;
                } catch (ExecutionException | RuntimeException refused) {
                    // what must happen: the store accepts nothing more until a restart
                } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
                    break;
                }
            }
        } catch (RuntimeException closing) {
            // the producer's flush on close may report the refusal again
        }
        return acknowledged;
    }

    /** The power goes (nothing unforced survives); a broker on the real files must hold every acknowledged record. */
    private Result judge(Fault fault, StageParts parts, Map<String, Object> props, Ledger ledger, boolean reached,
                         int ackedBefore, int ackedAfter, String error, String problem) {
        try (AssembledBroker restarted = AssembledBroker.start(parts.broker(), parts.codec(), parts.transport(), props)) {
            Ledger.Check check = ledger.check(LogReadBack.readAll(stage, restarted.address()));
            String found = !problem.isEmpty() ? problem : check.clean() ? "" : check.firstProblem();
            if (found.isEmpty() && !error.startsWith("the broker refused") && !error.contains(ErrorCode.STORAGE_ERROR.name())) {
                found = "the producers were not told STORAGE_ERROR but: " + error;
            }
            return new Result(fault, reached, ackedBefore, ackedAfter, check.lost(), check.corrupt() + check.neverSent(),
                    error, found);
        } catch (IOException | RuntimeException e) {
            return new Result(fault, reached, ackedBefore, ackedAfter, ledger.acknowledgedCount(), 0, error,
                    "the broker did not restart on what the disk kept: " + e);
        }
    }

    private static Map<String, Object> props(StageParts parts, Path dir) {
        Map<String, Object> props = new HashMap<>();
        PowerLossPoints.SMALL_SEGMENTS.forEach((k, v) -> {
            if (parts.broker().config().keys().containsKey(k)) {
                props.put(k, v);
            }
        });
        props.put(BrokerConfig.LOG_DIR, dir.toString());
        props.put(BrokerConfig.LISTENERS, "127.0.0.1:0");
        return props;
    }

    private static String describe(Throwable failure) {
        if (failure == null) {
            return "no error";
        }
        Throwable t = failure;
        while (!(t instanceof BrokerException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static void await(java.util.function.BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    private static void closeQuietly(AssembledBroker broker) {
        try {
            broker.close();
        } catch (RuntimeException failedStore) {
            // closing a store whose disk failed may fail again; the restart is what is judged
        }
    }
}
