package org.uhopkit.experiments;

import tech.tablesaw.api.Table;

/**
 * When an experiment ran and how long it took: kept apart from the results and the provenance (in
 * {@code timings.csv} and {@code timings.json}) because wall times differ between two runs of the same
 * config, and everything else does not.
 *
 * @param started the start, ISO-8601 UTC
 * @param wallSeconds the whole run's wall time, seconds
 * @param perRun the wall time of each method in each run (Stage I included), keyed like the per-run table
 */
public record Timings(String started, double wallSeconds, Table perRun) {

    /**
     * The per-run table (a copy).
     *
     * @return a new copy of the per-run table
     */
    @Override
    public Table perRun() {
        return perRun.copy();
    }
}
