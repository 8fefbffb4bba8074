package dev.tenx.workshop.profile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What each child JVM records when {@code profile=true}: a JFR settings file that enables only the
 * events {@link ProfileReader} reads, and the JVM options that start the recording.
 *
 * <p>Why a recording from the JVM's start ({@code -XX:StartFlightRecording}), cut to the measured
 * windows afterwards by their timestamps, rather than one started and stopped at each window's
 * edges: JFR's first start in a JVM loads and initialises its own classes, some hundreds of
 * milliseconds of CPU, which at a window's edge would land in the window; starting it from
 * outside ({@code jcmd}, the attach API, JMX) costs a process or agent threads in the measured
 * JVM at that same moment, and the broker has no way to hear of the client's phases. Started
 * with the JVM, all of that is paid before the warm-up, and the windows are exactly the load
 * generator's (the same clock, the same instants as its counters). What runs outside the
 * windows costs no measured figure.
 *
 * <p>Only four events, so that the recording stays small (about a megabyte per stage run) and
 * its periodic flushes to disk few: execution and native-method samples at the same period
 * (equal periods are what lets {@link ProfileReader} count wake-ups), allocation samples,
 * collections. Stateless.
 */
public final class JfrSettings {

    /**
     * The sampling period of both sample events. 10 ms is what the JDK's own {@code profile}
     * settings use for Java samples: 500 wake-ups in a 5 s window, enough for shares to a few
     * percent; each wake-up suspends the sampled threads to walk their stacks, so a shorter period
     * costs more (the overhead is measured: {@code ProfileOverhead}).
     */
    public static final Duration PERIOD = Duration.ofMillis(10);
    /** Frames kept per stack: Netty's pipeline is deep, and a flame graph needs the outer frames. */
    static final int STACK_DEPTH = 128;
    /** JFR's own default rate for allocation samples, enough for the top sites of a 3 s window. */
    static final String ALLOCATION_SAMPLES_PER_SECOND = "150/s";

    private JfrSettings() {}

    /** The settings file's text: only the events the profile reads. */
    public static String jfc() {
        String period = PERIOD.toMillis() + " ms";
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration version="2.0" label="tenx" description="tenx runner: samples, allocation samples, collections">
                  <event name="%s"><setting name="enabled">true</setting><setting name="period">%s</setting></event>
                  <event name="%s"><setting name="enabled">true</setting><setting name="period">%s</setting></event>
                  <event name="%s"><setting name="enabled">true</setting><setting name="throttle">%s</setting><setting name="stackTrace">true</setting></event>
                  <event name="%s"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
                </configuration>
                """.formatted(ProfileReader.EXECUTION_SAMPLE, period, ProfileReader.NATIVE_SAMPLE, period,
                ProfileReader.ALLOCATION_SAMPLE, ALLOCATION_SAMPLES_PER_SECOND, ProfileReader.GARBAGE_COLLECTION);
    }

    /**
     * The options that make a JVM record from its start with {@code settings} into {@code recording},
     * written when it exits (both children exit normally: the broker when its standard input
     * closes, the client when it is done).
     */
    public static List<String> jvmArgs(Path settings, Path recording) {
        for (Path p : List.of(settings, recording)) {
            if (p.toString().contains(",")) {
                // -XX:StartFlightRecording separates its options with commas and has no quoting
                throw new IllegalArgumentException("path=" + p + ": a JFR option cannot hold a comma; choose another output.dir");
            }
        }
        return List.of("-XX:StartFlightRecording=settings=" + settings + ",filename=" + recording + ",dumponexit=true",
                "-XX:FlightRecorderOptions=stackdepth=" + STACK_DEPTH);
    }
}
