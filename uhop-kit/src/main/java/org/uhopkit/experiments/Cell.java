package org.uhopkit.experiments;

import java.io.Serializable;
import org.uhopkit.internal.Checks;

/**
 * One independent part of an experiment run: {@link Experiment#cells(Config)} lists them in output order and
 * {@link Experiment#runCell(Config, Cell)} computes one, on this machine or as a task on another (the kit's
 * Spark module ships {@code (command line, cell index)} and gets the part back).
 *
 * @param index the position in {@link Experiment#cells(Config)}, from 0
 * @param label what the cell covers, for progress lines and task names, e.g. {@code "M=100 runs 0-19"}
 * @param cost an estimate of the cell's work in any unit the experiment likes (e.g. floating-point operations),
 *     at least 0 and finite: a runner that computes several cells at once starts the costliest first, so that
 *     no large cell is left to run alone at the end ({@link LocalCells}); it never changes a result
 */
public record Cell(int index, String label, double cost) implements Serializable {

    private static final long serialVersionUID = 2L;

    /**
     * Checks the index (at least 0), the label (not blank) and the cost (at least 0 and finite).
     *
     * @param index the position, at least 0
     * @param label what the cell covers, not blank
     * @param cost the estimated work, at least 0 and finite
     */
    public Cell {
        if (index < 0) {
            throw new IllegalArgumentException("cell index must be at least 0, got " + index);
        }
        Checks.notNull("label", label);
        if (label.isBlank()) {
            throw new IllegalArgumentException("cell label must not be blank");
        }
        if (!(cost >= 0) || !Double.isFinite(cost)) {
            throw new IllegalArgumentException("cell cost must be at least 0 and finite, got " + cost);
        }
    }

    /**
     * A cell of unknown cost (1).
     *
     * @param index the position in {@link Experiment#cells(Config)}, from 0
     * @param label what the cell covers
     */
    public Cell(int index, String label) {
        this(index, label, 1);
    }

    /**
     * Cells are equal when their index and label are: the cost is an estimate for scheduling, not part of what
     * the cell is (a cell rebuilt as {@code new Cell(i, label)} names the same work).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Cell c && c.index == index && c.label.equals(label);
    }

    /** From the index and the label, as {@link #equals}. */
    @Override
    public int hashCode() {
        return 31 * index + label.hashCode();
    }

    /**
     * The single cell of an experiment that is not split: index 0, label {@code "all"}.
     *
     * @return the single cell
     */
    public static Cell whole() {
        return new Cell(0, "all");
    }
}
