package dev.tenx.workshop.reliability;

import dev.tenx.common.spi.ConsumedRecord;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the producers of one check sent and every acknowledgement they got, across broker
 * restarts, and the judgement of a log read back against it: every acknowledged record at its
 * offset, byte-exact, timestamp inside the window of its {@code send} call; offsets dense from 0;
 * nothing that was never sent; no key twice.
 *
 * <p>Thread-safe: producer threads and their callbacks record concurrently; {@link #check} runs
 * once they have ended.
 */
final class Ledger {

    /** A record handed to a producer: its bytes and the wall-clock window in which it was stamped. */
    record Sent(byte[] key, byte[] value, long sendStartMs, long sendEndMs) {
        String name() {
            return new String(key, StandardCharsets.UTF_8);
        }

        boolean matches(ConsumedRecord read) {
            long ts = read.record().timestampMs();
            return java.util.Arrays.equals(key, read.record().key()) && java.util.Arrays.equals(value, read.record().value())
                    && ts >= sendStartMs && ts <= sendEndMs;
        }
    }

    /** What a log read back holds against the ledger; {@code firstProblem} names one, or is empty. */
    record Check(int records, int acknowledged, int lost, int corrupt, int neverSent, int duplicated, int offsetsOutOfLine,
                 String firstProblem) {
        boolean clean() {
            return lost == 0 && corrupt == 0 && neverSent == 0 && duplicated == 0 && offsetsOutOfLine == 0;
        }
    }

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<Long, Sent> acknowledged = new ConcurrentHashMap<>();
    /** Offsets acknowledged twice, for two different records: a broken broker, counted as corrupt. */
    private final Map<Long, Sent> contradicted = new ConcurrentHashMap<>();

    void sent(Sent record) {
        sent.put(record.name(), record);
    }

    void acknowledged(Sent record, long offset) {
        Sent earlier = acknowledged.putIfAbsent(offset, record);
        if (earlier != null && earlier != record) {
            contradicted.put(offset, record);
        }
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    Check check(List<ConsumedRecord> log) {
        Problems problems = new Problems();
        int outOfLine = 0;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).offset() != i) {
                outOfLine++;
                problems.note("offset " + log.get(i).offset() + " read at position " + i);
            }
        }
        int lost = 0;
        int corrupt = contradicted.size();
        for (Map.Entry<Long, Sent> ack : acknowledged.entrySet()) {
            long offset = ack.getKey();
            if (offset >= log.size()) {
                lost++;
                problems.note("acknowledged offset " + offset + " (" + ack.getValue().name() + ") is past the log end "
                        + log.size());
            } else if (!ack.getValue().matches(log.get((int) offset))) {
                corrupt++;
                problems.note("offset " + offset + " holds something other than acknowledged " + ack.getValue().name());
            }
        }
        int neverSent = 0;
        int duplicated = 0;
        Map<String, Long> firstOffset = new HashMap<>();
        for (ConsumedRecord read : log) {
            String key = new String(read.record().key(), StandardCharsets.UTF_8);
            Long first = firstOffset.putIfAbsent(key, read.offset());
            if (first != null) {
                duplicated++;
                problems.note(key + " stored at offsets " + first + " and " + read.offset());
            }
            Sent s = sent.get(key);
            if (s == null || !s.matches(read)) {
                neverSent++;
                problems.note("offset " + read.offset() + " holds " + key + ", which was never sent like this");
            }
        }
        return new Check(log.size(), acknowledged.size(), lost, corrupt, neverSent, duplicated, outOfLine,
                problems.first);
    }

    /** Keeps the first problem found, for the report. */
    private static final class Problems {
        String first = "";

        void note(String problem) {
            if (first.isEmpty()) {
                first = problem;
            }
        }
    }
}
