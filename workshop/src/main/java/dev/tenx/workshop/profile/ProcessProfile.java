package dev.tenx.workshop.profile;

import java.util.List;
import java.util.Map;

/**
 * Where one process's threads were during one measured window, estimated from its JFR samples
 * ({@link ProfileReader} says how each sample is weighed). Immutable; what results.json holds per
 * process and phase.
 *
 * @param process            "broker" or "client"
 * @param threads            estimated thread time / window: how many threads the sampler saw
 *                           running Java code or in native code, on average (blocked threads are
 *                           not sampled, so they are not in it)
 * @param shares             per {@link Category#label()}, in category order: its share of the
 *                           estimated thread time; the shares sum to 1
 * @param microsPerRecord    per category: that thread time per record, in µs
 * @param topMethods         the innermost frames that took the most thread time outside waiting
 * @param topAllocations     where the sampled allocations were made, by estimated bytes
 * @param collapsedStacks    the file with this window's stacks in the collapsed format flame-graph
 *                           tools read ({@code category;outermost;...;innermost µs}), or null
 */
public record ProcessProfile(String process, String phase, long windowNanos, long records,
                             long javaSamples, long nativeSamples, long allocationSamples, double gcPauseMillis,
                             double threads, Map<String, Double> shares, Map<String, Double> microsPerRecord,
                             List<Method> topMethods, List<Allocation> topAllocations, String collapsedStacks) {

    /**
     * An innermost frame and the thread time spent in it.
     *
     * @param busyShare its share of the thread time outside {@link Category#WAITING}
     */
    public record Method(String category, String frame, double busyShare, double microsPerRecord) {
    }

    /**
     * An allocation site: the class allocated and the first frame outside the JDK that asked
     * for it (the innermost frame when all are the JDK's).
     *
     * @param share          its share of the sampled allocation weight
     * @param bytesPerRecord JFR's estimate of the bytes allocated there, per record
     */
    public record Allocation(String site, double share, double bytesPerRecord) {
    }

    public double share(Category c) {
        return shares.getOrDefault(c.label(), 0.0);
    }

    public double microsPerRecord(Category c) {
        return microsPerRecord.getOrDefault(c.label(), 0.0);
    }

    /** The category with the largest share, waiting left out: where the working threads spent most. */
    public Category largestBusyCategory() {
        Category largest = Category.OTHER;
        for (Category c : Category.values()) {
            if (c != Category.WAITING && share(c) > share(largest)) {
                largest = c;
            }
        }
        return largest;
    }
}
