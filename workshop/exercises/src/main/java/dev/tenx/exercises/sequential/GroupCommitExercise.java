package dev.tenx.exercises.sequential;

import dev.tenx.sequential.Flusher;
import java.io.IOException;
import java.util.concurrent.CompletionStage;

/**
 * Exercise 4, sequential I/O: group commit. An fsync costs the same for one batch as for a
 * hundred, so the log's flusher thread never forces one batch at a time: it takes everything
 * written so far, forces once, and completes every wait that force covered; whatever is written
 * while it is inside the fsync waits for the next one, which covers all of it. Write this
 * {@link Flusher} so that {@code GroupCommitExerciseTest} passes.
 *
 * <p>The rules:
 * <ul>
 *   <li>{@link #durableEnd}: the offset below which everything is durable; {@code recoveredEnd}
 *       to start with, and only ever the end offset of a force that has returned.
 *   <li>{@link #written}: a writer appended up to {@code endOffset}; wakes {@link #run} if it sleeps.
 *   <li>{@link #durable}: a future that completes once a force that covers {@code endOffset} has
 *       returned, at once when {@code endOffset <= durableEnd()}; fails once the log has failed.
 *   <li>{@link #run}, on the flusher thread: sleep (wait, never spin) until something is written
 *       past {@code durableEnd()}; then {@code log.takeWork()}, {@code work.force()} once, publish
 *       {@code work.endOffset()} as the durable end, and complete every wait it covers, and only
 *       those; again. Complete the futures outside any lock you hold: their callbacks run on this
 *       thread and may call back in from others.
 *   <li>A force that throws fails the log: every wait fails with that {@link IOException} (wrap
 *       an unchecked one in one), so does every later one, {@link #failure} returns it, and
 *       {@link #run} returns without forcing again: after a failed fsync the page cache's state
 *       is unknown, and a retry that succeeded would prove nothing. {@link #fail} does the same
 *       for a writer whose write failed.
 *   <li>{@link #close}: {@link #run} forces what is written, then returns.
 * </ul>
 *
 * <p>How: one monitor ({@code synchronized}, {@code wait}, {@code notifyAll}) guarding the
 * written end, the waits and the failure is enough; keep the waits ordered by end offset. Change
 * only this file; keep the constructor. Run
 * {@code ./mvnw -pl workshop/exercises -am test -Pexercises -Dtest=GroupCommitExerciseTest}.
 * The stage's own answer, to read once yours passes:
 * {@code stage4-sequential-io/src/main/java/dev/tenx/sequential/GroupCommit.java}.
 */
public final class GroupCommitExercise implements Flusher {

    private final Flushable log;
    private final long recoveredEnd;

    /**
     * @param log          what each round forces: {@code log.takeWork()} takes everything written so far
     * @param recoveredEnd the log's end when it opened, durable already
     */
    public GroupCommitExercise(Flushable log, long recoveredEnd) {
        this.log = log;
        this.recoveredEnd = recoveredEnd;
    }

    @Override
    public long durableEnd() {
        throw notYet("durableEnd()", "recoveredEnd=" + recoveredEnd + " until a force returns");
    }

    @Override
    public void written(long endOffset) {
        throw notYet("written(endOffset=" + endOffset + ")", "remember it and wake the flusher");
    }

    @Override
    public CompletionStage<Void> durable(long endOffset) {
        throw notYet("durable(endOffset=" + endOffset + ")", "a future completed once a force covers it");
    }

    @Override
    public void run() {
        throw notYet("run()", "wait for work, " + log + ".takeWork(), force once, complete every wait it covers");
    }

    @Override
    public void fail(IOException e) {
        throw notYet("fail(" + e + ")", "fail every wait, now and later");
    }

    @Override
    public IOException failure() {
        throw notYet("failure()", "why the log failed, or null");
    }

    @Override
    public void close() {
        throw notYet("close()", "let run() force what is written, then return");
    }

    private static UnsupportedOperationException notYet(String call, String what) {
        return new UnsupportedOperationException("exercise: " + call + " is not written yet: " + what);
    }
}
