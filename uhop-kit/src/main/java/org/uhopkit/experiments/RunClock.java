package org.uhopkit.experiments;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When a run started and how long it has taken: the only clock an experiment's result set sees (its timings
 * files); every other file is a function of the config and the seeds.
 *
 * @param started the start as an ISO-8601 instant, to the millisecond
 * @param startNanos {@link System#nanoTime()} at the start
 */
public record RunClock(String started, long startNanos) {

    /**
     * A clock started now.
     *
     * @return a new clock
     */
    public static RunClock start() {
        return new RunClock(Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), System.nanoTime());
    }

    /**
     * Seconds since the start, to the centisecond.
     *
     * @return the elapsed seconds, rounded to 0.01
     */
    public double elapsedSeconds() {
        return Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
    }
}
