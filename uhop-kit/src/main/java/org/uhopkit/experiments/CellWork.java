package org.uhopkit.experiments;

import java.io.Serializable;

/**
 * What a {@link CellRunner} does with each cell of a run, wherever the cell runs: computes its part. It is
 * shipped to the machine that runs the cell, so it must be serializable and carry everything it needs in plain
 * data (the command line's {@code reproduce} ships its arguments and rebuilds the {@link Config} there).
 * Implementations must be pure functions of the cell, like {@link Experiment#runCell(Config, Cell)}: a cell
 * may run on any machine, in any order, more than once.
 */
@FunctionalInterface
public interface CellWork extends Serializable {

    /**
     * Computes one cell's part.
     *
     * @param cell one of the cells handed to {@link CellRunner.Session#run}
     * @return the part: plain, serializable data
     */
    Serializable run(Cell cell);

    /**
     * Whether a runner must run at most one exclusive cell at a time in each JVM (for cells that train with DJL's
     * gradient collector, {@link Experiment#concurrentCells()}).
     *
     * @return false unless the cells must not overlap
     */
    default boolean exclusive() {
        return false;
    }
}
