package dev.tenx.workshop;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The line that says what the run is doing: stage, phase, elapsed of planned. On a console it is
 * one line rewritten in place with a carriage return a few times a second; otherwise (a pipe, a
 * file, Surefire) a plain line every few seconds. No record rate: the records are counted in the
 * client's JVM, which says only when each phase begins, so that reporting progress costs it no
 * system call inside a measured window.
 *
 * <p>Threads: the controlling thread and the thread relaying a client's phase lines call
 * {@link #phase}; the controlling thread calls {@link #message} and {@link #close}; one daemon
 * thread of its own prints the line, reading the current phase through a volatile field.
 * Printing is synchronized, so that a message never lands inside the line.
 */
public final class Progress implements AutoCloseable {

    private static final long CONSOLE_PERIOD_MS = 250;
    private static final long PLAIN_PERIOD_MS = 5_000;
    private static final int LINE_WIDTH = 100;

    private record Phase(String label, long startNanos, long plannedMs) {
    }

    private final PrintStream out;
    private final boolean console;
    private final ScheduledExecutorService printer;
    private volatile Phase phase;

    public Progress(PrintStream out, boolean console) {
        this.out = out;
        this.console = console;
        this.printer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        long periodMs = console ? CONSOLE_PERIOD_MS : PLAIN_PERIOD_MS;
        printer.scheduleAtFixedRate(this::print, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** From now on, reports {@code label}, planned to last {@code plannedMs} (0: unknown). */
    public void phase(String label, long plannedMs) {
        phase = new Phase(label, System.nanoTime(), plannedMs);
    }

    private synchronized void print() {
        Phase p = phase;
        if (p == null) {
            return;
        }
        String line = line(p.label(), System.nanoTime() - p.startNanos(), p.plannedMs());
        if (console) {
            out.print("\r" + pad(line));
        } else {
            out.println(line);
        }
        out.flush();
    }

    /**
     * Prints {@code text} (whole lines) between progress lines: on a console, over the blanked
     * line, which the next phase rewrites below it.
     */
    public synchronized void message(String text) {
        if (console) {
            out.print("\r" + " ".repeat(LINE_WIDTH) + "\r");
        }
        phase = null;
        out.print(text);
        out.flush();
    }

    /**
     * {@code label elapsed/planned s}, or {@code label elapsed s} when the length is not known.
     * A phase never shows past its own length: its window is over and what remains (the last
     * request answered, the next phase's line not yet arrived) is its ending, said as such.
     */
    static String line(String label, long elapsedNanos, long plannedMs) {
        double elapsedSeconds = Rates.millis(elapsedNanos) / TimeUnit.SECONDS.toMillis(1);
        if (plannedMs <= 0) {
            return String.format(Locale.ROOT, "%s %5.1f s", label, elapsedSeconds);
        }
        double plannedSeconds = (double) plannedMs / TimeUnit.SECONDS.toMillis(1);
        return elapsedSeconds <= plannedSeconds
                ? String.format(Locale.ROOT, "%s %5.1f/%.1f s", label, elapsedSeconds, plannedSeconds)
                : String.format(Locale.ROOT, "%s %5.1f/%.1f s, ending", label, plannedSeconds, plannedSeconds);
    }

    private static String pad(String line) {
        return line.length() >= LINE_WIDTH ? line : line + " ".repeat(LINE_WIDTH - line.length());
    }

    /** Stops printing and, on a console, blanks the line so the tables start clean. */
    @Override
    public synchronized void close() {
        printer.shutdownNow();
        if (console) {
            out.print("\r" + " ".repeat(LINE_WIDTH) + "\r");
            out.flush();
        }
    }
}
