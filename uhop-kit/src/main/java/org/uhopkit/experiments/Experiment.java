package org.uhopkit.experiments;

import java.util.List;
import tech.tablesaw.plotly.components.Figure;

/**
 * One memory-retrieval experiment of the paper (section 4.1, appendix F.2-F.3, G.1-G.2): a sweep over a grid
 * of settings, run by {@link #run(Config)} into an {@link ExperimentResult}. The experiments are found by
 * name in {@link Experiments} (the registry the command line uses) or through the constants below.
 *
 * <p>Seeds: run {@code r} at memory size M uses {@code seed + 1_000_003 r + 7919 M} for the memories, that
 * plus 1 for the queries and plus 2 for the initial W, so every model sees the same memories and queries,
 * and both presets too.
 *
 * <pre>
 * jshell&gt; ExperimentResult r = Experiment.CAPACITY.run(Config.of(Dataset.MNIST));
 * jshell&gt; r.meanError(Method.UHOP_MHM, GridPoint.m(100))
 * </pre>
 */
public interface Experiment {

    /** Fig. 3 (left) and Fig. 26: error vs memory set size M, every model ({@link CapacityExperiment}). */
    Experiment CAPACITY = new CapacityExperiment();
    /** Fig. 3 (right): error vs noise level ({@link NoiseExperiment}). */
    Experiment NOISE = new NoiseExperiment();
    /** Fig. 5: U-Hop error vs Stage I iterations N ({@link StageOneExperiment}). */
    Experiment STAGE_ONE = new StageOneExperiment();
    /** Fig. 1 and Fig. 7: separation loss vs error over random runs ({@link LossVsErrorExperiment}). */
    Experiment LOSS_VS_ERROR = new LossVsErrorExperiment();
    /** Appendix G.2: max vs average separation loss ({@link MaxVsAverageExperiment}). */
    Experiment MAX_VS_AVERAGE = new MaxVsAverageExperiment();
    /** The capacity experiment under both presets ({@link PresetsExperiment}). */
    Experiment PRESETS = new PresetsExperiment();

    /** The command-line name, e.g. {@code capacity}, {@code stage-one}. */
    String name();

    /** A one-line description naming the paper's figure. */
    String title();

    /**
     * Runs the sweep. Reproducible: the same config gives the same tables, figures and provenance.
     *
     * @throws IllegalArgumentException for a setting this experiment cannot use
     */
    ExperimentResult run(Config config);

    /** The figures of a result of this experiment (the first is the main one), drawn from its summary. */
    List<Figure> figures(ExperimentResult result);

    /** The presets a run under {@code config} uses (both for {@link #PRESETS}, else the config's). */
    default List<Preset> presets(Config config) {
        return List.of(config.preset());
    }

    /**
     * The name of the result set a run under {@code config} writes:
     * {@code <experiment>-<dataset>-<preset>[+<preset>]-<profile>}, known before the run.
     */
    default String stem(Config config) {
        return name() + "-" + config.dataset().id() + "-"
                + String.join("+", presets(config).stream().map(Preset::id).toList()) + "-" + config.profile().id();
    }
}
