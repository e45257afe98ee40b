package org.uhopkit.experiments;

import java.io.Serializable;
import java.util.List;
import org.uhopkit.internal.Checks;

/**
 * What one cell of a memory-retrieval experiment computed: its per-run rows (plain data, so a cell can run
 * in another process) and the settings it swept.
 *
 * @param cell the cell
 * @param rows one row per method, run and grid point, in the order they were computed
 * @param settings what was swept (the same for every cell of a run)
 */
public record RetrievalPart(Cell cell, List<Row> rows, Settings settings) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Copies the rows; nothing may be null.
     *
     * @param cell the cell, not null
     * @param rows the rows, not null (copied)
     * @param settings what was swept, not null
     */
    public RetrievalPart {
        Checks.notNull("cell", cell);
        Checks.notNull("settings", settings);
        rows = List.copyOf(Checks.notNull("rows", rows));
    }

    /**
     * One method's outcome in one run at one grid point: the columns of {@link ExperimentResult#runs()} and,
     * apart, its wall time.
     *
     * @param preset the preset id
     * @param method the method's label
     * @param separationLoss the Stage I loss's name ({@code ""} for a baseline)
     * @param m the memory set size M
     * @param n the Stage I steps N (0 for a baseline)
     * @param sigma the noise level (NaN for masked queries)
     * @param run the run index
     * @param seed the run's seed
     * @param learningRate the Stage I learning rate (NaN for a baseline)
     * @param error the mean retrieval error over the run's queries
     * @param capacity the fraction of queries retrieved within the threshold
     * @param stageOneLoss the final Stage I loss (NaN for a baseline)
     * @param seconds the wall time of the row (kept only in the timings)
     */
    public record Row(String preset, String method, String separationLoss, int m, int n, double sigma, int run,
            long seed, double learningRate, double error, double capacity, double stageOneLoss, double seconds)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
