package dev.tenx.common.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when a test says so: linger and timeout tests advance it instead of
 * sleeping, so they are fast and never flaky. Thread-safe: the time is volatile, {@link #advance}
 * is synchronized.
 */
public final class ManualClock extends Clock {

    private volatile long millis;

    public ManualClock(long startMillis) {
        this.millis = startMillis;
    }

    public synchronized void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("by=" + by + ": a clock does not go back");
        }
        millis += by.toMillis();
    }

    public void advanceMs(long ms) {
        advance(Duration.ofMillis(ms));
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a manual clock has one zone, UTC");
    }
}
