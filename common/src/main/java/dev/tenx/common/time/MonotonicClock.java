package dev.tenx.common.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * The producers' clock for linger, request deadlines and retry backoff: wall time read once, at
 * construction, then advanced by {@link System#nanoTime()}, so that it never steps. A wall clock
 * that NTP steps back by a minute would make a batch linger a minute, or a request wait a minute
 * past {@code request.timeout.ms}; one stepped forward would time out everything in flight.
 * Record timestamps use wall time, not this clock.
 *
 * <p>Immutable; thread-safe.
 */
public final class MonotonicClock extends Clock {

    private final long originEpochMs = System.currentTimeMillis();
    private final long originNanos = System.nanoTime();

    @Override
    public long millis() {
        return originEpochMs + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - originNanos);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("zone=" + zone + ": a monotonic clock has one zone, UTC");
    }
}
