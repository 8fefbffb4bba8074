package dev.tenx.workshop;

import java.util.Map;

/**
 * What the overload client measured over the whole run, written when it ends normally. Immutable.
 *
 * @param sendAttemptsPerSecond records handed to {@code send()} per second: below the offered rate
 *                              when {@code send()} blocks or the load threads cannot keep up
 * @param acknowledgedPerSecond acknowledgements while records were due, per second
 * @param acknowledged          every acknowledgement, those of the drain after the timetable included;
 *                              the latency percentiles are theirs
 * @param errorsByType          failed sends by exception class, e.g. {@code BufferExhaustedException}
 * @param drained               every producer flushed and closed within {@code overload.drain.ms}
 * @param verified              a consumer read the log back and found every acknowledged offset,
 *                              with the bytes sent; null when it could not be checked
 * @param verification          what the check found, in words
 */
public record OverloadResult(double offeredPerSecond, double sendAttemptsPerSecond, double acknowledgedPerSecond,
                             long acknowledged, double p50Ms, double p99Ms, double p999Ms, double maxMs,
                             Map<String, Long> errorsByType, boolean drained, long bufferedAfterDrainBytes,
                             Boolean verified, String verification) {
}
