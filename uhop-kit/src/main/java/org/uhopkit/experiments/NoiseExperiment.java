package org.uhopkit.experiments;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.uhopkit.SeparationLoss;
import org.uhopkit.report.ExperimentFigures;
import tech.tablesaw.plotly.components.Figure;

/**
 * Noise robustness (section 4.1, Fig. 3 right, appendix F.3): noisy queries, the error of every model against
 * the noise level sigma in {0, 0.01, 0.05, 0.1, 0.3, 0.5, 0.7, 1.0, 1.2, 1.4, 2.0} (paper profile) or
 * {0, 0.1, 0.5, 1, 2} (quick), M = 100 or 50 (the paper does not state M), U-Hop with the data set's N
 * ({@link Dataset#noisyStageOneSteps()}: 100 on MNIST, 200 on CIFAR-10), 20 or 2 runs. Stage I does not see
 * the queries, so one W per run serves every sigma. Use {@link Experiment#NOISE}.
 */
public final class NoiseExperiment extends RetrievalExperiment {

    NoiseExperiment() {}

    @Override
    public String name() {
        return "noise";
    }

    @Override
    public String title() {
        return "Noise robustness: error vs noise level (Fig. 3 right)";
    }

    private static double[] sigmas(Config c) {
        return c.noiseLevelsOr(c.profile().pick(new double[] {0, 0.01, 0.05, 0.1, 0.3, 0.5, 0.7, 1.0, 1.2, 1.4, 2.0},
                new double[] {0, 0.1, 0.5, 1.0, 2.0}));
    }

    private static int memorySize(Config c) {
        return c.memorySizesOr(c.profile().pick(100, 50))[0];
    }

    /** The work of one run: U-Hop's Stage I at M with the data set's N once, then every model at each noise level. */
    private static double runCost(Config c) {
        int m = memorySize(c);
        long d = Sweep.pixels(c);
        return Sweep.runCost(m, d, c.stageOneStepsOr(c.dataset().noisyStageOneSteps())[0])
                + (sigmas(c).length - 1) * Sweep.runCost(m, d, 0);
    }

    private static List<int[]> ranges(Config c) {
        return Sweep.runRanges(c.runsOr(c.profile().pick(20, 2)), Sweep.pixels(c), runCost(c));
    }

    /** One cell per range of runs ({@link Sweep#runRanges}), e.g. {@code "M=100 runs 0-19"}. */
    @Override
    public List<Cell> cells(Config c) {
        List<Cell> out = new ArrayList<>();
        for (int[] r : ranges(c)) {
            out.add(new Cell(out.size(), "M=" + memorySize(c) + " " + Sweep.runsLabel(r), (r[1] - r[0]) * runCost(c)));
        }
        return out;
    }

    @Override
    public RetrievalPart runCell(Config c, Cell cell) {
        checkCell(c, cell);
        int[] range = ranges(c).get(cell.index());
        return Sweep.part(this, c, cell, s -> {
            double[] sigmas = sigmas(c);
            int m = memorySize(c);
            int runs = c.runsOr(s.pick(20, 2));
            int n = c.stageOneStepsOr(c.dataset().noisyStageOneSteps())[0];
            Preset preset = c.preset();
            int count = range[1] - range[0];
            c.progress().start("noise " + c.dataset().id() + " " + cell.label(), count);
            List<Trial> trials = new ArrayList<>();
            try {
                List<List<NDArray>> qs = new ArrayList<>();
                for (int r = range[0]; r < range[1]; r++) {
                    Trial t = s.trial(m, r);
                    trials.add(t);
                    List<NDArray> q = new ArrayList<>();
                    for (double sg : sigmas) {
                        q.add(t.queries(preset.noise(sg)));
                    }
                    qs.add(q);
                }
                Trial.Outcome[][][][] u = Sweep.uhop(c.batching(), trials, preset, c.methods(),
                        SeparationLoss.average(), false, new int[] {n}, Sweep.everywhere(1, count), null, qs);
                for (int j = 0; j < count; j++) {
                    Trial t = trials.get(j);
                    int run = range[0] + j;
                    Sweep.emit(t, preset, c.methods(), u[j][0], qs.get(j),
                            (meth, o, qi) -> s.rows.add(preset, meth, meth.isUHop() ? "average" : "", m,
                                    meth.isUHop() ? n : 0, sigmas[qi], run, t.seed, o.learningRate(), o));
                    c.progress().step("run " + (run + 1) + "/" + runs);
                }
            } finally {
                trials.forEach(Trial::close);
            }
            return new Settings(Sweep.list(m), Sweep.list(n), Sweep.list(sigmas), runs, Sweep.labels(c.methods()),
                    List.of("average"), Map.of(preset.id(), preset.noise(sigmas[0]).getClass().getSimpleName()
                            + "(sigma)"),
                    Map.of(preset.id() + "/average", Sweep.describeSpec(preset, false, SeparationLoss.average(), n)),
                    "");
        });
    }

    @Override
    public List<Figure> figures(ExperimentResult r) {
        Provenance p = r.provenance();
        return List.of(ExperimentFigures.meanLines(r.summary(), ExperimentResult.SIGMA, ExperimentResult.ERROR_MEAN,
                row -> row.getString(ExperimentResult.METHOD), row -> false,
                "Noise robustness on " + Dataset.parse(p.dataset()).label() + " (" + p.presetLabel() + " preset, "
                        + p.profile() + ", M = " + p.settings().memorySizes().get(0) + ")",
                "noise level sigma", ExperimentFigures.ERROR_AXIS, false));
    }
}
