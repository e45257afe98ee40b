package org.uhopkit.experiments;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One experiment of the paper: a sweep split into independent {@linkplain Cell cells}, each computed by
 * {@link #runCell(Config, Cell)} into a plain-data part {@code P}, and the parts assembled into a result set
 * {@code R} by {@link #assemble(Config, List, RunClock)}. {@link #run(Config)} does all three on this machine;
 * the kit's Spark module runs the cells as tasks elsewhere and assembles the same result set, byte for byte
 * (timings apart). The experiments are found by name in {@link Experiments} (the registry the command line
 * uses) or through the constants below.
 *
 * <p>Retrieval seeds: run {@code r} at memory size M uses {@code seed + 1_000_003 r + 7919 M} for the memories,
 * that plus 1 for the queries and plus 2 for the initial W, so every model sees the same memories and queries,
 * and both presets too.
 *
 * <pre>
 * jshell&gt; ExperimentResult r = Experiment.CAPACITY.run(Config.of(Dataset.MNIST));
 * jshell&gt; r.meanError(Method.UHOP_MHM, GridPoint.m(100))
 * </pre>
 *
 * @param <R> the result set type
 * @param <P> the part one cell computes: plain, serializable data (no NDArray, no table)
 */
public interface Experiment<R extends ResultSet, P extends Serializable> {

    /** Fig. 3 (left) and Fig. 26: error vs memory set size M, every model ({@link CapacityExperiment}). */
    RetrievalExperiment CAPACITY = new CapacityExperiment();
    /** Fig. 3 (right): error vs noise level ({@link NoiseExperiment}). */
    RetrievalExperiment NOISE = new NoiseExperiment();
    /** Fig. 5: U-Hop error vs Stage I iterations N ({@link StageOneExperiment}). */
    RetrievalExperiment STAGE_ONE = new StageOneExperiment();
    /** Fig. 1 and Fig. 7: separation loss vs error over random runs ({@link LossVsErrorExperiment}). */
    RetrievalExperiment LOSS_VS_ERROR = new LossVsErrorExperiment();
    /** Appendix G.2: max vs average separation loss ({@link MaxVsAverageExperiment}). */
    RetrievalExperiment MAX_VS_AVERAGE = new MaxVsAverageExperiment();
    /** The capacity experiment under both presets ({@link PresetsExperiment}). */
    RetrievalExperiment PRESETS = new PresetsExperiment();
    /** Table 8: STanHop-Net with and without U-Hop on ETTh1, ETTm1, WTH ({@link ForecastingExperiment}). */
    ForecastingExperiment FORECASTING = new ForecastingExperiment();

    /** Table 1 and Fig. 4 / G.5: image classification with the four Hopfield variants ({@link ClassificationExperiment}). */
    ClassificationExperiment CLASSIFICATION = new ClassificationExperiment();
    /** Fig. 6 / G.4: max training accuracy vs sample size ({@link ExpressivenessExperiment}). */
    ExpressivenessExperiment EXPRESSIVENESS = new ExpressivenessExperiment();

    /**
     * The command-line name, e.g. {@code capacity}, {@code stage-one}.
     *
     * @return the name, lower case with dashes
     */
    String name();

    /**
     * A one-line description naming the paper's figure or table.
     *
     * @return the description
     */
    String title();

    /**
     * The data sets this experiment accepts ({@code --dataset}).
     *
     * @return the accepted data sets, not empty
     */
    Set<Dataset> datasets();

    /**
     * The data set used when none is named (the first of {@link #datasets()} in the paper's order).
     *
     * @return the default data set, one of {@link #datasets()}
     */
    default Dataset defaultDataset() {
        for (Dataset d : Dataset.values()) {
            if (datasets().contains(d)) {
                return d;
            }
        }
        throw new IllegalStateException(name() + " accepts no data set");
    }

    /**
     * Checks that this experiment accepts the config's data set.
     *
     * @param config the config, not null
     * @throws IllegalArgumentException naming the data set and the accepted ones
     */
    default void checkDataset(Config config) {
        if (!datasets().contains(config.dataset())) {
            throw new IllegalArgumentException("experiment " + name() + " does not use dataset '"
                    + config.dataset().id() + "', expected one of " + String.join(", ",
                    Dataset.ids(datasets())));
        }
    }

    /**
     * The independent cells of a run under {@code config}, in output order; the same list for the same config
     * on every machine.
     *
     * @param config the config, not null
     * @return the cells, in output order
     */
    List<Cell> cells(Config config);

    /**
     * Computes one cell: a pure function of {@code (config, cell)} (its own NDManager, its own seeds), so it
     * may run in another thread, process or machine.
     *
     * @param config the config, not null
     * @param cell one of {@code cells(config)}
     * @return the cell's part of the result
     * @throws IllegalArgumentException for a cell that is not one of {@link #cells(Config)}
     */
    P runCell(Config config, Cell cell);

    /**
     * The result set of a run from its cells' parts, in cell order; {@code clock} gives the timings (and
     * nothing else).
     *
     * @param config the config the parts were computed under
     * @param parts the parts, one per cell, in cell order
     * @param clock the run's clock (timings only)
     * @return the result set
     * @throws IllegalArgumentException when parts are missing or out of order
     */
    R assemble(Config config, List<P> parts, RunClock clock);

    /**
     * Runs the sweep on this machine: every cell in order, then {@link #assemble}. Reproducible: the same config
     * gives the same tables, figures and provenance.
     *
     * @param config the config, not null
     * @return the result set
     * @throws IllegalArgumentException for a setting this experiment cannot use
     */
    default R run(Config config) {
        return run(config, 1);
    }

    /**
     * Runs the sweep on this machine with up to {@code parallel} cells at a time ({@link LocalCells}; the
     * experiments that train run one cell at a time whatever {@code parallel} says, see
     * {@link #concurrentCells()}). The result is the same as {@link #run(Config)}'s, timings apart: each cell is
     * a pure function of the config and the cell. With {@code parallel > 1} the config's progress steps once per
     * finished cell.
     *
     * @param config the settings
     * @param parallel cells at a time, at least 1 (e.g. {@link LocalCells#defaultParallelism()})
     * @return the result set
     * @throws IllegalArgumentException for a setting this experiment cannot use, or parallel below 1
     */
    default R run(Config config, int parallel) {
        checkDataset(config);
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel (cells at a time) must be at least 1, got " + parallel);
        }
        RunClock clock = RunClock.start();
        List<Cell> cells = cells(config);
        List<P> parts;
        if (parallel == 1 || !concurrentCells() || cells.size() < 2) {
            parts = new ArrayList<>();
            for (Cell c : cells) {
                parts.add(runCell(config, c));
            }
        } else {
            Config quiet = config.progress(Progress.none()); // the cells' own progress lines would interleave
            parts = LocalCells.run(cells, parallel, c -> runCell(quiet, c), name() + " " + config.dataset().id()
                    + " (" + cells.size() + " cells, " + Math.min(parallel, cells.size()) + " at a time)",
                    config.progress());
        }
        return assemble(config, parts, clock);
    }

    /**
     * Whether two cells of this experiment may run at the same time in one JVM (a Spark executor with several
     * cores, {@code local[N]}). False for the experiments that train with DJL's autograd: a JVM has one gradient
     * collector at a time ({@code PtGradientCollector}), so their cells run one after another in each JVM.
     *
     * @return true when cells may run concurrently in one JVM
     */
    default boolean concurrentCells() {
        return true;
    }

    /**
     * The presets a run under {@code config} uses (both for {@link #PRESETS}, else the config's).
     *
     * @param config the config, not null
     * @return the presets, in run order
     */
    default List<Preset> presets(Config config) {
        return List.of(config.preset());
    }

    /**
     * The name of the result set a run under {@code config} writes:
     * {@code <experiment>-<dataset>-<preset>[+<preset>]-<profile>}, known before the run.
     *
     * @param config the config, not null
     * @return the result set's name
     */
    default String stem(Config config) {
        return name() + "-" + config.dataset().id() + "-"
                + String.join("+", presets(config).stream().map(Preset::id).toList()) + "-" + config.profile().id();
    }
}
