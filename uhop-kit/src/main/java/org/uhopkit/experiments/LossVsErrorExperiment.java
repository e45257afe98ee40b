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

    private static int runs(Config c) {
        return c.runsOr(c.profile().pick(200, 20));
    }

    /** Runs per cell: the runs sorted by N, in groups of this size (fewer where the memory budget says so). */
    static final int RUNS_PER_CELL = 20;

    /** Each run's N and learning rate, drawn from {@code java.util.Random(seed)} in run order. */
    private record Draws(int[] n, double[] gamma) {
        static Draws of(Config c) {
            int runs = runs(c);
            int maxN = c.stageOneStepsOr(200)[0];
            Random random = new Random(c.seed());
            int[] nOf = new int[runs];
            double[] gammaOf = new double[runs];
            for (int r = 0; r < runs; r++) {
                nOf[r] = 1 + random.nextInt(maxN);
                gammaOf[r] = Math.max(1e-6, Math.abs(random.nextGaussian()));
            }
            return new Draws(nOf, gammaOf);
        }

        /** The runs in order of N (ties by run), cut into cells. */
        List<int[]> groups(Config c) {
            Integer[] order = new Integer[n.length];
            for (int r = 0; r < order.length; r++) {
                order[r] = r;
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparingInt((Integer r) -> n[r]).thenComparingInt(r -> r));
            int size = Math.min(RUNS_PER_CELL, Sweep.runRanges(n.length, Sweep.pixels(c), 1).get(0)[1]);
            List<int[]> out = new ArrayList<>();
            for (int from = 0; from < order.length; from += size) {
                out.add(java.util.Arrays.stream(order, from, Math.min(order.length, from + size))
                        .mapToInt(Integer::intValue).toArray());
            }
            return out;
        }
    }

    /**
     * The runs sorted by their N, in cells of 20 (so a cell's batched Stage I stops near each run's own N),
     * e.g. {@code "M=100 20 runs, N 1-12"}; the rows are put back in run order when the result is assembled.
     */
    @Override
    public List<Cell> cells(Config c) {
        Draws draws = Draws.of(c);
        int m = c.memorySizesOr(c.profile().pick(100, 50))[0];
        List<Cell> out = new ArrayList<>();
        for (int[] g : draws.groups(c)) {
            double cost = 0;
            for (int r : g) {
                cost += Sweep.runCost(m, Sweep.pixels(c), draws.n()[r]);
            }
            out.add(new Cell(out.size(), "M=" + m + " " + g.length + (g.length == 1 ? " run" : " runs") + ", N "
                    + draws.n()[g[0]] + "-" + draws.n()[g[g.length - 1]], cost));
        }
        return out;
    }

    /** The parts' rows in run order (the cells hold runs in order of N), then the result as for every experiment. */
    @Override
    public ExperimentResult assemble(Config config, List<RetrievalPart> parts, RunClock clock) {
        org.uhopkit.internal.Checks.notNull("parts", parts);
        List<RetrievalPart.Row> rows = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            RetrievalPart p = org.uhopkit.internal.Checks.notNull("parts[" + i + "]", parts.get(i));
            if (p.cell().index() != i) {
                throw new IllegalArgumentException(name() + ": part " + i + " is of cell " + p.cell().index() + " ("
                        + p.cell().label() + "); parts must come in cell order");
            }
            rows.addAll(p.rows());
        }
        if (parts.isEmpty()) {
            return super.assemble(config, parts, clock); // names the missing parts
        }
        rows.sort(java.util.Comparator.comparingInt(RetrievalPart.Row::run));
        return super.assemble(config, List.of(new RetrievalPart(parts.get(0).cell(), rows, parts.get(0).settings())),
                clock);
    }

    @Override
    public RetrievalPart runCell(Config c, Cell cell) {
        checkCell(c, cell);
        Draws draws = Draws.of(c);
        int[] group = draws.groups(c).get(cell.index());
        return Sweep.part(this, c, cell, s -> {
            int runs = runs(c);
            int m = c.memorySizesOr(s.pick(100, 50))[0];
            int maxN = c.stageOneStepsOr(200)[0];
            Preset preset = c.preset();
            int[] nOf = draws.n();
            double[] gammaOf = draws.gamma();
            int count = group.length;
            c.progress().start("loss-vs-error " + c.dataset().id() + " " + cell.label(), count);
            // batched: one Stage I pass to the cell's largest N, each run's memory built only at its own N
            int[] checkpoints = java.util.Arrays.stream(group).map(r -> nOf[r]).distinct().sorted().toArray();
            boolean[][] wanted = new boolean[checkpoints.length][count];
            LearningRate[] rates = new LearningRate[count];
            for (int j = 0; j < count; j++) {
                wanted[java.util.Arrays.binarySearch(checkpoints, nOf[group[j]])][j] = true;
                rates[j] = preset.averageLossRate(gammaOf[group[j]]);
            }
            List<Trial> trials = new ArrayList<>();
            try {
                List<List<NDArray>> qs = new ArrayList<>();
                for (int r : group) {
                    Trial t = s.trial(m, r);
                    trials.add(t);
                    qs.add(List.of(t.queries(c.maskingFor(preset))));
                }
                Trial.Outcome[][][][] u = Sweep.uhop(c.batching(), trials, preset, List.of(Method.UHOP_MHM),
                        SeparationLoss.average(), true, checkpoints, wanted, rates, qs);
                for (int j = 0; j < count; j++) {
                    int r = group[j];
                    Trial.Outcome o = u[j][java.util.Arrays.binarySearch(checkpoints, nOf[r])][0][0];
                    s.rows.add(preset, Method.UHOP_MHM, "average", m, nOf[r], Double.NaN, r, trials.get(j).seed,
                            gammaOf[r], o);
                    c.progress().step("run " + (r + 1) + "/" + runs);
                }
            } finally {
                trials.forEach(Trial::close);
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
