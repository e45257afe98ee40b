package org.uhopkit.experiments;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.uhopkit.LearningRate;
import org.uhopkit.SeparationLoss;
import org.uhopkit.report.ExperimentFigures;
import org.uhopkit.report.Html;
import org.uhopkit.report.Statistics;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * Separation loss vs retrieval error (Fig. 1, Fig. 7, appendix G.1): 200 (paper profile) or 20 (quick) runs of
 * U-Hop + MHM on masked queries, each with a random learning rate {@code |N(0, 1)|} (the paper's N(0, 1) would
 * include gradient ascent) and a random N uniform in [1, 200], M = 100 or 50; the result carries Pearson's and
 * Spearman's correlation of the final loss and the error ({@link ExperimentResult#correlation()}). The
 * random draws come from {@code java.util.Random(seed)}. Use {@link Experiment#LOSS_VS_ERROR}.
 */
public final class LossVsErrorExperiment implements Experiment {

    LossVsErrorExperiment() {}

    @Override
    public String name() {
        return "loss-vs-error";
    }

    @Override
    public String title() {
        return "Separation loss vs retrieval error, 200 random runs (Fig. 1, Fig. 7)";
    }

    @Override
    public ExperimentResult run(Config c) {
        return Sweep.run(this, c, s -> {
            int runs = c.runsOr(s.pick(200, 20));
            int m = c.memorySizesOr(s.pick(100, 50))[0];
            int maxN = c.stageOneStepsOr(200)[0];
            Preset preset = c.preset();
            Random random = new Random(c.seed());
            c.progress().start("loss-vs-error " + c.dataset().id(), runs);
            for (int r = 0; r < runs; r++) {
                int n = 1 + random.nextInt(maxN);
                double gamma = Math.max(1e-6, Math.abs(random.nextGaussian()));
                LearningRate rate = preset.averageLossRate(gamma);
                int run = r;
                try (Trial t = s.trial(m, r)) {
                    NDArray q = t.queries(c.maskingFor(preset));
                    Sweep.evaluate(t, preset, List.of(Method.UHOP_MHM), SeparationLoss.average(), true, n, rate,
                            List.of(q), (meth, o, qi) -> s.rows.add(preset, meth, "average", m, n, Double.NaN, run,
                                    t.seed, gamma, o));
                }
                c.progress().step("run " + (r + 1) + "/" + runs);
            }
            return new Settings(Sweep.list(m), Sweep.list(maxN), List.of(), runs, List.of(Method.UHOP_MHM.label()),
                    List.of("average"), Map.of(preset.id(), c.maskingFor(preset).toString()),
                    Map.of(preset.id() + "/average", Sweep.describeSpec(preset, true, SeparationLoss.average(), maxN)),
                    "per run from java.util.Random(seed): N uniform integer in [1, " + maxN + "], then learning rate "
                            + "|N(0, 1)| (at least 1e-6; " + switch (preset) {
                                case PAPER -> "constant";
                                case OFFICIAL -> "authors' decay";
                            } + ")");
        });
    }

    /** Pearson's and Spearman's correlation of the final loss and the error over the runs where both are finite. */
    static Correlation correlation(Table runs) {
        double[] loss = runs.doubleColumn(ExperimentResult.STAGE_ONE_LOSS).asDoubleArray();
        double[] err = runs.doubleColumn(ExperimentResult.ERROR).asDoubleArray();
        List<double[]> keep = new ArrayList<>();
        for (int i = 0; i < loss.length; i++) {
            if (Double.isFinite(loss[i]) && Double.isFinite(err[i])) {
                keep.add(new double[] {loss[i], err[i]});
            }
        }
        if (keep.size() < 2) {
            return new Correlation(keep.size(), Double.NaN, Double.NaN);
        }
        double[] x = keep.stream().mapToDouble(v -> v[0]).toArray();
        double[] y = keep.stream().mapToDouble(v -> v[1]).toArray();
        return new Correlation(keep.size(), Statistics.pearson(x, y), Statistics.spearman(x, y));
    }

    @Override
    public List<Figure> figures(ExperimentResult r) {
        Provenance p = r.provenance();
        Table runs = r.runs();
        double[] loss = runs.doubleColumn(ExperimentResult.STAGE_ONE_LOSS).asDoubleArray();
        double[] err = runs.doubleColumn(ExperimentResult.ERROR).asDoubleArray();
        String[] text = new String[loss.length];
        for (int i = 0; i < text.length; i++) {
            text[i] = "N=" + runs.intColumn(ExperimentResult.N).get(i) + ", lr="
                    + Html.number(runs.doubleColumn(ExperimentResult.LEARNING_RATE).getDouble(i), 3);
        }
        double pearson = r.correlation().map(Correlation::pearson).orElse(Double.NaN);
        return List.of(ExperimentFigures.scatter(loss, err, text, "U-Hop + MHM runs",
                "Separation loss vs retrieval error on " + Dataset.parse(p.dataset()).label() + " ("
                        + p.presetLabel() + " preset, " + runs.rowCount() + " runs, Pearson r = "
                        + Html.number(pearson, 3) + ")",
                "separation loss of the learned kernel (average loss, t = 2)",
                "retrieval error (sum of squares, mean over queries)"));
    }
}
