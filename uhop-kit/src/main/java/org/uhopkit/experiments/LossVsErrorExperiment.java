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
public final class LossVsErrorExperiment extends RetrievalExperiment {

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
    public RetrievalPart runCell(Config c, Cell cell) {
        checkCell(c, cell);
        return Sweep.part(this, c, cell, s -> {
            int runs = c.runsOr(s.pick(200, 20));
            int m = c.memorySizesOr(s.pick(100, 50))[0];
            int maxN = c.stageOneStepsOr(200)[0];
            Preset preset = c.preset();
            Random random = new Random(c.seed());
            int[] nOf = new int[runs];
            double[] gammaOf = new double[runs];
            for (int r = 0; r < runs; r++) { // the draws in the order of the per-run path
                nOf[r] = 1 + random.nextInt(maxN);
                gammaOf[r] = Math.max(1e-6, Math.abs(random.nextGaussian()));
            }
            c.progress().start("loss-vs-error " + c.dataset().id(), runs);
            Trial.Outcome[] outcomes = new Trial.Outcome[runs];
            long[] seeds = new long[runs];
            if (c.batching()) {
                // runs sorted by N, in chunks: one batched Stage I per chunk (little work wasted past a run's N)
                Integer[] order = new Integer[runs];
                for (int r = 0; r < runs; r++) {
                    order[r] = r;
                }
                java.util.Arrays.sort(order, java.util.Comparator.comparingInt(r -> nOf[r]));
                int chunk = chunkSize((long) s.images.width() * s.images.height() * s.images.channels());
                for (int from = 0; from < runs; from += chunk) {
                    int to = Math.min(runs, from + chunk);
                    List<Trial> trials = new ArrayList<>();
                    try {
                        List<NDArray> qs = new ArrayList<>();
                        int[] ns = new int[to - from];
                        LearningRate[] rates = new LearningRate[to - from];
                        for (int i = from; i < to; i++) {
                            Trial t = s.trial(m, order[i]);
                            trials.add(t);
                            qs.add(t.queries(c.maskingFor(preset)));
                            ns[i - from] = nOf[order[i]];
                            rates[i - from] = preset.averageLossRate(gammaOf[order[i]]);
                        }
                        List<Trial.Outcome> o = Sweep.uhopBatch(trials, preset, SeparationLoss.average(), true, ns,
                                rates, qs);
                        for (int i = from; i < to; i++) {
                            outcomes[order[i]] = o.get(i - from);
                            seeds[order[i]] = trials.get(i - from).seed;
                            c.progress().step("run " + (order[i] + 1) + "/" + runs);
                        }
                    } finally {
                        trials.forEach(Trial::close);
                    }
                }
            } else {
                for (int r = 0; r < runs; r++) {
                    int run = r;
                    try (Trial t = s.trial(m, r)) {
                        NDArray q = t.queries(c.maskingFor(preset));
                        Sweep.evaluate(t, preset, List.of(Method.UHOP_MHM), SeparationLoss.average(), true, nOf[r],
                                preset.averageLossRate(gammaOf[r]), List.of(q), (meth, o, qi) -> outcomes[run] = o);
                        seeds[r] = t.seed;
                    }
                    c.progress().step("run " + (r + 1) + "/" + runs);
                }
            }
            for (int r = 0; r < runs; r++) {
                s.rows.add(preset, Method.UHOP_MHM, "average", m, nOf[r], Double.NaN, r, seeds[r], gammaOf[r],
                        outcomes[r]);
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

    /**
     * Runs per batched Stage I for images of {@code d} values: up to 3, fewer for large images, so that the
     * W kept at every N of a chunk (at most chunk x chunk matrices of d x d floats) stay within about 256 MB.
     * Small on purpose: the batch keeps every run's W at every run's N, so the checkpoint work grows with the
     * square of the chunk (measured on MNIST, M = 100, 40 runs: CPU 20.4 s per run alone, 18.7 s in chunks of
     * 3, 21.7 s in chunks of 8).
     */
    static int chunkSize(long d) {
        double perW = 4.0 * d * d;
        return (int) Math.max(1, Math.min(3, Math.floor(Math.sqrt(256e6 / perW))));
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
