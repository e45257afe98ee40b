package org.uhopkit.experiments;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import tech.tablesaw.plotly.components.Figure;

/**
 * A memory-retrieval experiment of the paper (section 4.1, appendix F.2-F.3, G.1-G.2) on MNIST or CIFAR-10:
 * its cells compute per-run rows ({@link RetrievalPart}) and their assembly is an {@link ExperimentResult}
 * (per-run table, summary, figures, provenance). Subclasses say what a cell sweeps and how the result is drawn.
 */
public abstract class RetrievalExperiment implements Experiment<ExperimentResult, RetrievalPart> {

    /** For the experiments of this package. */
    RetrievalExperiment() {}

    /** MNIST and CIFAR-10. */
    @Override
    public Set<Dataset> datasets() {
        return EnumSet.of(Dataset.MNIST, Dataset.CIFAR10);
    }

    /** One cell, the whole sweep, unless a subclass splits it. */
    @Override
    public List<Cell> cells(Config config) {
        return List.of(Cell.whole());
    }

    /** The per-run table, provenance, timings and figures of the parts' rows, in cell order. */
    @Override
    public ExperimentResult assemble(Config config, List<RetrievalPart> parts, RunClock clock) {
        return Sweep.assemble(this, config, parts, clock);
    }

    /**
     * The figures of a result of this experiment (the first is the main one), drawn from its summary.
     *
     * @param result a result of this experiment
     * @return the figures, the main one first
     */
    public abstract List<Figure> figures(ExperimentResult result);

    /**
     * Checks that {@code cell} is one of {@link #cells(Config)} (same index and label).
     *
     * @param config the config of the run
     * @param cell the cell to check
     * @throws IllegalArgumentException naming the cell and the number of cells
     */
    protected final void checkCell(Config config, Cell cell) {
        List<Cell> cells = cells(config);
        if (cell == null || cell.index() >= cells.size() || !cells.get(cell.index()).equals(cell)) {
            throw new IllegalArgumentException(name() + " has no cell " + cell + " under this config ("
                    + cells.size() + " cells)");
        }
    }
}
