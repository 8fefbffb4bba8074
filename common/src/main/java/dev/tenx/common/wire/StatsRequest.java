package dev.tenx.common.wire;

/** Asks the broker for its counters. Has no fields. */
public record StatsRequest() implements Message {
}
