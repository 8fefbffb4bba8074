package dev.tenx.workshop.reliability;

import dev.tenx.common.broker.FileChannels;
import dev.tenx.common.broker.RecordStore;
import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.faults.DurableRecords;
import dev.tenx.common.faults.PowerLossDisk;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.spi.AssembledStage;
import dev.tenx.common.spi.Stage;
import dev.tenx.common.spi.StageParts;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.RecordBatch;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Lost unsynced writes: the stage's own store on a {@link PowerLossDisk}, given a seeded run of
 * batches of varied sizes (some records larger than a page, so that writes span sectors) with
 * waits for durability after some of them, as a broker's group of requests would make, loses
 * power at a random operation (a write, an fsync, a file creation). Of what was not forced, a
 * random subset of writes and directory entries survives, in any order, some writes torn at a
 * sector boundary. The store reopened on what is left must open, hold every acknowledged record
 * (one whose wait for durability completed) byte-exact at its offset, hold beyond them only
 * records appended after them in order, and take the next append at its end.
 *
 * <p>A store with segments runs with small ones ({@link #SMALL_SEGMENTS}), so that new files and
 * their directory entries are part of every run. Used by one thread.
 */
final class PowerLossPoints {

    /** What the crash points found; {@code operations} is a clean run's count of them. */
    record Result(int points, int operations, int acknowledgedChecked, int lost, int corrupt, int refusedToOpen,
                  String firstProblem) {
        boolean clean() {
            return lost == 0 && corrupt == 0 && refusedToOpen == 0 && firstProblem.isEmpty();
        }
    }

    /** Set where the stage's broker defines the key: a segment roll every few batches. */
    static final Map<String, Object> SMALL_SEGMENTS = Map.of("log.segment.bytes", 4 * 1024L);
    private static final int BATCHES = 10;
    private static final int MAX_RECORDS_PER_BATCH = 4;
    /** Larger than a page of any store that has pages, and than several sectors. */
    private static final int MAX_VALUE_BYTES = 5 * 1024;
    private static final long TIMESTAMP_BASE_MS = 1_700_000_000_000L;
    private static final Duration DURABLE_TIMEOUT = Duration.ofSeconds(10);

    private final Stage stage;
    private final ReliabilityConfig config;
    private final Path workDir;

    PowerLossPoints(Stage stage, ReliabilityConfig config, Path workDir) {
        this.stage = stage;
        this.config = config;
        this.workDir = workDir;
    }

    Result run() throws Exception {
        StageParts parts = ((AssembledStage) stage).parts();
        long seed = config.getLong(ReliabilityConfig.SEED) ^ stage.number();
        List<List<LogRecord>> batches = batches(new SplittableRandom(seed));
        Path clean = Files.createDirectories(workDir.resolve("power-clean"));
        PowerLossDisk counting = new PowerLossDisk(clean, Integer.MAX_VALUE, PowerLossDisk.Survivors.NONE);
        Run cleanRun = runUntilPowerLoss(parts, clean, counting, batches, seed);
        int operations = counting.operations();
        SplittableRandom random = new SplittableRandom(seed + 1);
        int points = config.getInt(ReliabilityConfig.POWER_LOSS_POINTS);
        int acknowledgedChecked = 0;
        int lost = 0;
        int corrupt = 0;
        int refused = 0;
        String problem = cleanRun.acknowledged() == cleanRun.appended().size() ? ""
                : "a run without a power loss acknowledged " + cleanRun.acknowledged() + " of " + cleanRun.appended().size();
        for (int point = 0; point < points && problem.isEmpty(); point++) {
            Path dir = Files.createDirectories(workDir.resolve("power-" + point));
            PowerLossDisk.Survivors survivors = survivors(random);
            int crashAfter = random.nextInt(operations + 1);
            String where = "power lost after " + crashAfter + " of " + operations + " operations, " + survivors;
            Run run = runUntilPowerLoss(parts, dir, new PowerLossDisk(dir, crashAfter, survivors), batches, seed);
            acknowledgedChecked += run.acknowledged();
            Judgement j = judge(parts, dir, run);
            lost += j.lost();
            corrupt += j.corrupt();
            refused += j.refused() ? 1 : 0;
            if (!j.problem().isEmpty()) {
                problem = where + ": " + j.problem();
            }
            deleteTree(dir);
        }
        return new Result(points, operations, acknowledgedChecked, lost, corrupt, refused, problem);
    }

    private record Run(List<LogRecord> appended, int acknowledged) {
    }

    private record Judgement(int lost, int corrupt, boolean refused, String problem) {
    }

    private static PowerLossDisk.Survivors survivors(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> PowerLossDisk.Survivors.NONE;
            case 1 -> PowerLossDisk.Survivors.ALL;
            case 2 -> PowerLossDisk.Survivors.random(random.nextLong());
            default -> PowerLossDisk.Survivors.tearing(random.nextLong());
        };
    }

    /** Appends every batch, waiting for durability after some (as group commit sees requests), until the power goes. */
    private Run runUntilPowerLoss(StageParts parts, Path dir, PowerLossDisk disk, List<List<LogRecord>> batches,
                                  long seed) throws Exception {
        SplittableRandom waits = new SplittableRandom(seed + 2);
        List<LogRecord> appended = new ArrayList<>();
        int acknowledged = 0;
        RecordStore store = null;
        try {
            store = open(parts, dir, disk);
            for (int b = 0; b < batches.size(); b++) {
                appended.addAll(batches.get(b));
                append(parts.codec(), store, batches.get(b));
                if (waits.nextBoolean() || b == batches.size() - 1) {
                    awaitDurable(store, appended.size());
                    acknowledged = appended.size();
                }
            }
        } catch (IOException e) {
            if (!(e instanceof PowerLossDisk.PowerLost) && !(e.getCause() instanceof PowerLossDisk.PowerLost)) {
                throw new IOException("the store failed for another reason than the power loss: " + e, e);
            }
        } finally {
            disk.powerOff();
            if (store != null) {
                try {
                    store.close();
                } catch (IOException afterThePowerWent) {
                    // a store that forces on close finds the machine off
                }
            }
        }
        return new Run(appended, acknowledged);
    }

    private Judgement judge(StageParts parts, Path dir, Run run) throws Exception {
        RecordStore store;
        try {
            store = open(parts, dir, new PowerLossDisk(dir, Integer.MAX_VALUE, PowerLossDisk.Survivors.ALL));
        } catch (IOException e) {
            return new Judgement(run.acknowledged(), 0, true, "the store refused to open on what the disk kept: " + e);
        }
        try (store) {
            return judgeOpened(parts, store, run);
        } catch (IOException | RuntimeException e) {
            return new Judgement(run.acknowledged(), 0, false, "the recovered store failed: " + e);
        }
    }

    private Judgement judgeOpened(StageParts parts, RecordStore store, Run run) throws Exception {
        List<LogRecord> log = DurableRecords.readAll(parts.codec(), store);
        int lost = 0;
        int corrupt = 0;
        for (int i = 0; i < run.appended().size() && i < Math.max(log.size(), run.acknowledged()); i++) {
            boolean present = i < log.size();
            if (present && !sameRecord(log.get(i), run.appended().get(i))) {
                corrupt++;
            } else if (!present && i < run.acknowledged()) {
                lost++;
            }
        }
        if (log.size() > run.appended().size()) {
            corrupt += log.size() - run.appended().size();
        }
        if (lost > 0 || corrupt > 0) {
            return new Judgement(lost, corrupt, false, lost + " acknowledged records lost, " + corrupt
                    + " records other than appended (log of " + log.size() + ", " + run.acknowledged() + " acknowledged)");
        }
        List<LogRecord> next = List.of(new LogRecord("after".getBytes(StandardCharsets.UTF_8), new byte[1], 1L));
        append(parts.codec(), store, next);
        awaitDurable(store, log.size() + 1);
        List<LogRecord> after = DurableRecords.readAll(parts.codec(), store);
        boolean appendedAtTheEnd = after.size() == log.size() + 1 && sameRecord(after.get(log.size()), next.get(0));
        return new Judgement(0, 0, false, appendedAtTheEnd ? "" : "the append after recovery did not land at the end");
    }

    private static boolean sameRecord(LogRecord a, LogRecord b) {
        return java.util.Arrays.equals(a.key(), b.key()) && java.util.Arrays.equals(a.value(), b.value())
                && a.timestampMs() == b.timestampMs();
    }

    private RecordStore open(StageParts parts, Path dir, FileChannels files) throws IOException {
        Map<String, Object> props = new HashMap<>();
        SMALL_SEGMENTS.forEach((k, v) -> {
            if (parts.broker().config().keys().containsKey(k)) {
                props.put(k, v);
            }
        });
        props.put(BrokerConfig.LOG_DIR, dir.toString());
        return parts.broker().store().open(new BrokerConfig(parts.broker().config(), props), parts.codec(),
                new BrokerCounters(), files);
    }

    private static void append(MessageCodec codec, RecordStore store, List<LogRecord> records) throws IOException {
        // as the broker hands a batch over: decoded from a produce request's bytes
        RecordBatch batch = codec.decodeProduceRequest(Unpooled.wrappedBuffer(codec.encode(ProduceRequest.of(records))));
        try {
            store.append(batch);
        } finally {
            batch.release();
        }
    }

    private static void awaitDurable(RecordStore store, long endOffset) throws Exception {
        try {
            store.durable(endOffset).toCompletableFuture().get(DURABLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        if (store.durableEnd() < endOffset) {
            throw new IllegalStateException("durable(" + endOffset + ") completed below the durable end "
                    + store.durableEnd());
        }
    }


    private static List<List<LogRecord>> batches(SplittableRandom random) {
        List<List<LogRecord>> batches = new ArrayList<>();
        int n = 0;
        for (int b = 0; b < BATCHES; b++) {
            List<LogRecord> batch = new ArrayList<>();
            for (int r = 1 + random.nextInt(MAX_RECORDS_PER_BATCH); r > 0; r--) {
                byte[] value = new byte[random.nextInt(MAX_VALUE_BYTES + 1)];
                random.nextBytes(value);
                batch.add(new LogRecord(("r" + n).getBytes(StandardCharsets.UTF_8), value, TIMESTAMP_BASE_MS + n));
                n++;
            }
            batches.add(batch);
        }
        return batches;
    }

    static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
