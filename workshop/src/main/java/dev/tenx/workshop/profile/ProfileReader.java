package dev.tenx.workshop.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads one JFR recording ({@link JfrSettings} says which events it holds) and turns the samples
 * inside each measured {@link PhaseWindow} into a {@link ProcessProfile}: each sample classified
 * ({@link StackClassifier}) and weighed as the thread time it stands for.
 *
 * <p>How a sample is weighed. JDK 17's sampler wakes every period and, in turn through the
 * thread list, takes at most five threads that run Java code ({@code jdk.ExecutionSample}) and
 * one thread that is in native code ({@code jdk.NativeMethodSample}: a system call, {@code
 * epoll_wait}, {@code fsync}). So a Java sample stands for one period of one thread, but a native
 * sample stands for as many periods as there were threads in native code to take turns: counted
 * as one each, three idle event loops would hide the thread that is inside {@code fsync}. Both
 * are measured, not assumed, from the runner's lifeline: the thread in each child JVM that waits
 * in a read of standard input for the whole run, so it is in native code at every wake-up and
 * is taken once per turn. Its sample count is the number of turns, so a native sample weighs
 * window / lifeline samples; and since some thread is in native code at every wake-up, the
 * native sample count is the number of wake-ups, so a Java sample weighs window / native samples.
 * The lifeline's own samples are the clock and are left out of the shares; in the client, so are
 * the delay proxy's threads, as its costs are left out of the client's row.
 *
 * <p>GC: the sampler takes nothing while the JVM is stopped for a collection; each pause's
 * duration ({@code jdk.GarbageCollection.sumOfPauses}, collections that start in the window) is
 * counted as one thread's time in {@link Category#GC}. Concurrent GC work on the collector's own
 * threads is not counted. Threads that are blocked (parked, waiting for a lock) are not sampled
 * at all: they are in no category, not even waiting.
 *
 * <p>Stateless; {@link #read} may run on any thread.
 */
public final class ProfileReader {

    static final int TOP_METHODS = 10;
    static final int TOP_ALLOCATIONS = 5;
    static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    static final String NATIVE_SAMPLE = "jdk.NativeMethodSample";
    static final String ALLOCATION_SAMPLE = "jdk.ObjectAllocationSample";
    static final String GARBAGE_COLLECTION = "jdk.GarbageCollection";
    private static final double NANOS_PER_MICRO = 1_000;
    private static final double NANOS_PER_MILLI = 1_000_000;

    private ProfileReader() {}

    /**
     * One profile per window, in the order given. {@code left out}: stacks that are not the
     * process's work ({@link StackClassifier#isDelayProxy} in the client). {@code collapsedDir}
     * and {@code collapsedPrefix}: where each window's collapsed stacks go, as
     * {@code <prefix>.<process>.<phase>.collapsed}.
     */
    public static List<ProcessProfile> read(Path recording, String process, List<PhaseWindow> windows,
                                            Predicate<List<Frame>> leftOut, Path collapsedDir, String collapsedPrefix)
            throws IOException {
        List<Accumulator> accumulators = windows.stream().map(Accumulator::new).toList();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                for (Accumulator a : accumulators) {
                    if (a.window.contains(event.getStartTime())) {
                        a.add(event, leftOut);
                    }
                }
            }
        }
        List<ProcessProfile> profiles = new ArrayList<>();
        for (Accumulator a : accumulators) {
            String collapsed = collapsedPrefix + "." + process + "." + a.window.phase() + ".collapsed";
            profiles.add(a.profile(process, collapsedDir.resolve(collapsed)));
        }
        return profiles;
    }

    /** A stack, innermost frame first. */
    static List<Frame> frames(RecordedStackTrace stack) {
        if (stack == null) {
            return List.of();
        }
        List<Frame> frames = new ArrayList<>(stack.getFrames().size());
        for (RecordedFrame f : stack.getFrames()) {
            frames.add(new Frame(f.getMethod().getType().getName(), f.getMethod().getName()));
        }
        return frames;
    }

    /** Counts for one window; the thread that reads the recording owns it. */
    private static final class Accumulator {
        private final PhaseWindow window;
        private final Map<List<Frame>, Long> javaStacks = new HashMap<>();
        private final Map<List<Frame>, Long> nativeStacks = new HashMap<>();
        private final Map<Long, Long> nativeSamplesByThread = new HashMap<>();
        private final Map<String, Long> allocationWeights = new HashMap<>();
        private long javaSamples;
        private long nativeSamples;
        private long allocationSamples;
        private long gcPauseNanos;

        Accumulator(PhaseWindow window) {
            this.window = window;
        }

        void add(RecordedEvent event, Predicate<List<Frame>> leftOut) {
            switch (event.getEventType().getName()) {
                case EXECUTION_SAMPLE -> {
                    javaSamples++;
                    List<Frame> frames = frames(event.getStackTrace());
                    if (!StackClassifier.isLifeline(frames) && !leftOut.test(frames)) {
                        javaStacks.merge(frames, 1L, Long::sum);
                    }
                }
                case NATIVE_SAMPLE -> {
                    nativeSamples++;
                    RecordedThread thread = event.getThread("sampledThread");
                    nativeSamplesByThread.merge(thread == null ? -1L : thread.getJavaThreadId(), 1L, Long::sum);
                    List<Frame> frames = frames(event.getStackTrace());
                    if (!StackClassifier.isLifeline(frames) && !leftOut.test(frames)) {
                        nativeStacks.merge(frames, 1L, Long::sum);
                    }
                }
                case ALLOCATION_SAMPLE -> {
                    List<Frame> frames = frames(event.getStackTrace());
                    if (!leftOut.test(frames)) {
                        allocationSamples++;
                        allocationWeights.merge(allocationSite(event, frames), event.getLong("weight"), Long::sum);
                    }
                }
                case GARBAGE_COLLECTION -> gcPauseNanos += event.getDuration("sumOfPauses").toNanos();
                default -> {
                    // an event the settings enable for another reader; not part of the profile
                }
            }
        }

        ProcessProfile profile(String process, Path collapsedFile) throws IOException {
            // The lifeline is taken once per turn of the native sampler; at least one turn, so no division by 0.
            long turns = Math.max(1, nativeSamplesByThread.values().stream().mapToLong(Long::longValue).max().orElse(0));
            double nativeWeightNanos = (double) window.nanos() / turns;
            double javaWeightNanos = (double) window.nanos() / Math.max(1, nativeSamples);
            Map<List<Frame>, Double> weighed = new HashMap<>();
            javaStacks.forEach((stack, n) -> weighed.merge(stack, n * javaWeightNanos, Double::sum));
            nativeStacks.forEach((stack, n) -> weighed.merge(stack, n * nativeWeightNanos, Double::sum));

            Map<Category, Double> nanos = new EnumMap<>(Category.class);
            Map<List<String>, Double> methods = new HashMap<>();
            Map<String, Double> collapsed = new TreeMap<>();
            weighed.forEach((stack, w) -> {
                Category c = StackClassifier.classify(stack);
                nanos.merge(c, w, Double::sum);
                if (c != Category.WAITING && !stack.isEmpty()) {
                    methods.merge(List.of(c.label(), stack.get(0).toString()), w, Double::sum);
                }
                collapsed.merge(collapsedLine(c, stack), w, Double::sum);
            });
            nanos.merge(Category.GC, (double) gcPauseNanos, Double::sum);
            writeCollapsed(collapsedFile, collapsed);

            double total = nanos.values().stream().mapToDouble(Double::doubleValue).sum();
            double busy = total - nanos.getOrDefault(Category.WAITING, 0.0);
            Map<String, Double> shares = new LinkedHashMap<>();
            Map<String, Double> perRecord = new LinkedHashMap<>();
            for (Category c : Category.values()) {
                double n = nanos.getOrDefault(c, 0.0);
                shares.put(c.label(), total > 0 ? n / total : 0.0);
                perRecord.put(c.label(), microsPerRecord(n));
            }
            return new ProcessProfile(process, window.phase(), window.nanos(), window.records(),
                    javaSamples, nativeSamples, allocationSamples, gcPauseNanos / NANOS_PER_MILLI,
                    total / window.nanos(), shares, perRecord, topMethods(methods, busy), topAllocations(),
                    collapsedFile.getFileName().toString());
        }

        private double microsPerRecord(double nanos) {
            return window.records() > 0 ? nanos / NANOS_PER_MICRO / window.records() : Double.NaN;
        }

        private List<ProcessProfile.Method> topMethods(Map<List<String>, Double> methods, double busyNanos) {
            return methods.entrySet().stream()
                    .sorted(Map.Entry.<List<String>, Double>comparingByValue().reversed())
                    .limit(TOP_METHODS)
                    .map(e -> new ProcessProfile.Method(e.getKey().get(0), e.getKey().get(1),
                            busyNanos > 0 ? e.getValue() / busyNanos : 0, microsPerRecord(e.getValue())))
                    .toList();
        }

        private List<ProcessProfile.Allocation> topAllocations() {
            double total = allocationWeights.values().stream().mapToLong(Long::longValue).sum();
            return allocationWeights.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(TOP_ALLOCATIONS)
                    .map(e -> new ProcessProfile.Allocation(e.getKey(), e.getValue() / total,
                            window.records() > 0 ? (double) e.getValue() / window.records() : Double.NaN))
                    .toList();
        }
    }

    /** The allocated class and the first frame outside the JDK that asked for it. */
    private static String allocationSite(RecordedEvent event, List<Frame> frames) {
        String type = event.getClass("objectClass") == null ? "?" : event.getClass("objectClass").getName();
        Frame site = frames.stream().filter(f -> StackClassifier.JDK_PACKAGES.stream().noneMatch(f::inPackage)).findFirst()
                .orElse(frames.isEmpty() ? null : frames.get(0));
        return type + " in " + (site == null ? "?" : site);
    }

    /** {@code category;outermost;...;innermost}: the category as the root, so a flame graph shows each as a tower. */
    private static String collapsedLine(Category c, List<Frame> stack) {
        List<String> names = new ArrayList<>(stack.size() + 1);
        for (int i = stack.size() - 1; i >= 0; i--) {
            names.add(stack.get(i).toString());
        }
        names.add(0, c.label().replace(' ', '_'));
        return String.join(";", names);
    }

    /** One line per stack, its weight in whole µs of thread time; stacks under half a µs are dropped. */
    private static void writeCollapsed(Path file, Map<String, Double> collapsed) throws IOException {
        String text = collapsed.entrySet().stream()
                .filter(e -> Math.round(e.getValue() / NANOS_PER_MICRO) > 0)
                .map(e -> e.getKey() + " " + Math.round(e.getValue() / NANOS_PER_MICRO))
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(file, text);
    }
}
