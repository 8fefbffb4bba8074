package dev.tenx.workshop;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The line that says what the run is doing: stage, phase, elapsed of total, current rate. On a
 * console it is one line rewritten in place with a carriage return a few times a second;
 * otherwise (a pipe, a file, Surefire) a plain line every few seconds.
 *
 * <p>Threads: the controlling thread calls {@link #phase}, {@link #message} and
 * {@link #close}; one daemon thread of its own prints the line, reading the current phase through
 * a volatile field. Printing is synchronized, so that a message never lands inside the line.
 */
public final class Progress implements AutoCloseable {

    private static final long CONSOLE_PERIOD_MS = 250;
    private static final long PLAIN_PERIOD_MS = 5_000;
    private static final int LINE_WIDTH = 100;

    private record Phase(String label, long startNanos, long totalMs, LongSupplier count, long startCount) {
    }

    private final PrintStream out;
    private final boolean console;
    private final ScheduledExecutorService printer;
    private volatile Phase phase;
    private long lastCount;
    private long lastNanos;

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

    /** From now on, reports {@code label}, planned to last {@code totalMs}, rating {@code count}. */
    public void phase(String label, long totalMs, LongSupplier count) {
        phase = new Phase(label, System.nanoTime(), totalMs, count, count.getAsLong());
    }

    private synchronized void print() {
        Phase p = phase;
        if (p == null) {
            return;
        }
        long now = System.nanoTime();
        long count = p.count().getAsLong();
        boolean samePhase = lastNanos > p.startNanos();
        // The rate since the previous line, or since the phase began on its first line.
        double rate = samePhase
                ? Rates.perSecond(count - lastCount, now - lastNanos)
                : Rates.perSecond(count - p.startCount(), now - p.startNanos());
        lastCount = count;
        lastNanos = now;
        String line = String.format(Locale.ROOT, "%s %5.1f/%.1f s %s rec/s", p.label(),
                Rates.millis(now - p.startNanos()) / TimeUnit.SECONDS.toMillis(1),
                (double) p.totalMs() / TimeUnit.SECONDS.toMillis(1), Format.count(rate));
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
