package org.uhopkit.experiments;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.uhopkit.SeparationLoss;
import org.uhopkit.data.Corruption;
import org.uhopkit.report.ExperimentFigures;
import tech.tablesaw.plotly.components.Figure;

/**
 * Memory capacity (section 4.1, Fig. 3 left, Fig. 26): masked queries, the error of every model against the
 * memory set size M in {10, 20, 30, 50, 100, 200, 500} (paper profile) or {10, 50, 100} (quick), U-Hop with
 * the data set's N ({@link Dataset#maskedStageOneSteps()}: 100 on MNIST, 500 on CIFAR-10), 20 or 2 runs.
 * Use {@link Experiment#CAPACITY}.
 */
public final class CapacityExperiment extends RetrievalExperiment {

    CapacityExperiment() {}

    @Override
    public String name() {
        return "capacity";
    }

    @Override
    public String title() {
        return "Memory capacity: error vs memory set size M (Fig. 3 left, Fig. 26)";
    }

    @Override
    public RetrievalPart runCell(Config config, Cell cell) {
        checkCell(config, cell);
        return Sweep.part(this, config, cell, s -> {
            Map<String, String> queries = new LinkedHashMap<>();
            Map<String, String> specs = new LinkedHashMap<>();
            Grid g = sweep(s, config.preset(), queries, specs);
            return g.settings(config, queries, specs);
        });
    }

    /** The memory sizes, runs and N of one capacity sweep. */
    record Grid(int[] ms, int runs, int n) {
        Settings settings(Config c, Map<String, String> queries, Map<String, String> specs) {
            return new Settings(Sweep.list(ms), Sweep.list(n), List.of(), runs, Sweep.labels(c.methods()),
                    List.of("average"), queries, specs, "");
        }
    }

    /** One capacity sweep under {@code preset}; records its queries and Stage I spec. */
    static Grid sweep(Sweep s, Preset preset, Map<String, String> queries, Map<String, String> specs) {
        Config c = s.config;
        int[] ms = c.memorySizesOr(s.pick(new int[] {10, 20, 30, 50, 100, 200, 500}, new int[] {10, 50, 100}));
        int runs = c.runsOr(s.pick(20, 2));
        int n = c.stageOneStepsOr(c.dataset().maskedStageOneSteps())[0];
        Corruption corruption = c.maskingFor(preset);
        queries.put(preset.id(), corruption.toString());
        specs.put(preset.id() + "/average", Sweep.describeSpec(preset, true, SeparationLoss.average(), n));
        c.progress().start(preset.id() + " capacity " + c.dataset().id(), (long) ms.length * runs);
        for (int m : ms) {
            for (int r = 0; r < runs; r++) {
                int run = r;
                try (Trial t = s.trial(m, r)) {
                    NDArray q = t.queries(corruption);
                    Sweep.evaluate(t, preset, c.methods(), SeparationLoss.average(), true, n, null, List.of(q),
                            (meth, o, qi) -> s.rows.add(preset, meth, meth.isUHop() ? "average" : "", m,
                                    meth.isUHop() ? n : 0, Double.NaN, run, t.seed, o.learningRate(), o));
                }
                c.progress().step("M=" + m + " run " + (r + 1) + "/" + runs);
            }
        }
        return new Grid(ms, runs, n);
    }

    @Override
    public List<Figure> figures(ExperimentResult r) {
        Provenance p = r.provenance();
        return List.of(ExperimentFigures.meanLines(r.summary(), ExperimentResult.M, ExperimentResult.ERROR_MEAN,
                row -> row.getString(ExperimentResult.METHOD), row -> false,
                "Memory capacity on " + Dataset.parse(p.dataset()).label() + " (" + p.presetLabel() + " preset, "
                        + p.profile() + ", N = " + p.settings().stageOneSteps().get(0) + ")",
                "memory set size M", ExperimentFigures.ERROR_AXIS, true));
    }
}
