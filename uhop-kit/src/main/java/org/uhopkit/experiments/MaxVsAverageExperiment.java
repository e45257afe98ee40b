package org.uhopkit.experiments;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.uhopkit.SeparationLoss;
import org.uhopkit.report.ExperimentFigures;
import tech.tablesaw.plotly.components.Figure;

/**
 * Max vs average separation loss (appendix G.2, Fig. 8-25): masked queries, U-Hop + MHM trained with either
 * loss, loss and error against N in {1, 10, 20, 50, 100, 200, 500} (paper profile) or {1, 10, 50} (quick) for
 * M in {10, 20, 50, 100, 200, 500} or {10, 50}, 5 or 2 runs; both losses see the same memories, queries and
 * initial W. Use {@link Experiment#MAX_VS_AVERAGE}.
 */
public final class MaxVsAverageExperiment extends RetrievalExperiment {

    MaxVsAverageExperiment() {}

    @Override
    public String name() {
        return "max-vs-average";
    }

    @Override
    public String title() {
        return "Max vs average separation loss: loss and error vs N (appendix G.2)";
    }

    /** The cells' (M, runs [from, to)), in output order. */
    private static List<int[]> points(Config c) {
        List<int[]> out = new ArrayList<>();
        for (int m : c.memorySizesOr(c.profile().pick(new int[] {10, 20, 50, 100, 200, 500}, new int[] {10, 50}))) {
            for (int[] r : Sweep.runRanges(c.runsOr(c.profile().pick(5, 2)), Sweep.pixels(c), runCost(c, m))) {
                out.add(new int[] {m, r[0], r[1]});
            }
        }
        return out;
    }

    /** The work of one run at memory size m: a Stage I pass to the largest N for each of the two losses. */
    private static double runCost(Config c, int m) {
        int[] ns = c.stageOneStepsOr(c.profile().pick(new int[] {1, 10, 20, 50, 100, 200, 500}, new int[] {1, 10, 50}));
        return 2 * Sweep.runCost(m, Sweep.pixels(c), java.util.Arrays.stream(ns).max().orElse(0));
    }

    /** One cell per memory size M and range of runs ({@link Sweep#runRanges}), e.g. {@code "M=100 runs 0-4"}. */
    @Override
    public List<Cell> cells(Config c) {
        List<Cell> out = new ArrayList<>();
        for (int[] pt : points(c)) {
            out.add(new Cell(out.size(), "M=" + pt[0] + " " + Sweep.runsLabel(new int[] {pt[1], pt[2]}),
                    (pt[2] - pt[1]) * runCost(c, pt[0])));
        }
        return out;
    }

    @Override
    public RetrievalPart runCell(Config c, Cell cell) {
        checkCell(c, cell);
        int[] pt = points(c).get(cell.index());
        return Sweep.part(this, c, cell, s -> {
            int[] ns = c.stageOneStepsOr(s.pick(new int[] {1, 10, 20, 50, 100, 200, 500}, new int[] {1, 10, 50}));
            int[] ms = c.memorySizesOr(s.pick(new int[] {10, 20, 50, 100, 200, 500}, new int[] {10, 50}));
            int runs = c.runsOr(s.pick(5, 2));
            Preset preset = c.preset();
            List<SeparationLoss> losses = List.of(SeparationLoss.average(), SeparationLoss.max());
            int m = pt[0];
            int count = pt[2] - pt[1];
            int[] checkpoints = java.util.Arrays.stream(ns).distinct().sorted().toArray();
            c.progress().start("max-vs-average " + c.dataset().id() + " " + cell.label(), (long) count * ns.length);
            List<Trial> trials = new ArrayList<>();
            try {
                List<List<NDArray>> qs = new ArrayList<>();
                for (int r = pt[1]; r < pt[2]; r++) {
                    Trial t = s.trial(m, r);
                    trials.add(t);
                    qs.add(List.of(t.queries(c.maskingFor(preset))));
                }
                // one batched Stage I pass per loss over the cell's runs; rows per run in the order N, then loss
                List<Trial.Outcome[][][][]> byLoss = new ArrayList<>();
                for (SeparationLoss loss : losses) {
                    byLoss.add(Sweep.uhop(c.batching(), trials, preset, List.of(Method.UHOP_MHM), loss, true,
                            checkpoints, Sweep.everywhere(checkpoints.length, count), null, qs));
                }
                for (int j = 0; j < count; j++) {
                    int run = pt[1] + j;
                    for (int n : ns) {
                        int ci = java.util.Arrays.binarySearch(checkpoints, n);
                        for (int l = 0; l < losses.size(); l++) {
                            Trial.Outcome o = byLoss.get(l)[j][ci][0][0];
                            s.rows.add(preset, Method.UHOP_MHM, Sweep.lossName(losses.get(l)), m, n, Double.NaN, run,
                                    trials.get(j).seed, o.learningRate(), o);
                        }
                        c.progress().step("M=" + m + " run " + (run + 1) + " N=" + n);
                    }
                }
            } finally {
                trials.forEach(Trial::close);
            }
            Map<String, String> specs = new LinkedHashMap<>();
            for (SeparationLoss loss : losses) {
                specs.put(preset.id() + "/" + Sweep.lossName(loss), Sweep.describeSpec(preset, true, loss,
                        ns[ns.length - 1]));
            }
            return new Settings(Sweep.list(ms), Sweep.list(ns), List.of(), runs, List.of(Method.UHOP_MHM.label()),
                    losses.stream().map(Sweep::lossName).toList(), Map.of(preset.id(),
                            c.maskingFor(preset).toString()), specs, "");
        });
    }

    @Override
    public List<Figure> figures(ExperimentResult r) {
        Provenance p = r.provenance();
        String ds = Dataset.parse(p.dataset()).label();
        return List.of(
                ExperimentFigures.meanLines(r.summary(), ExperimentResult.N, ExperimentResult.ERROR_MEAN,
                        row -> row.getString(ExperimentResult.SEPARATION_LOSS) + " loss, M="
                                + row.getInt(ExperimentResult.M),
                        row -> row.getString(ExperimentResult.SEPARATION_LOSS).equals("max"),
                        "Retrieval error vs N, average (solid) vs max (dashed) loss, " + ds + " (" + p.presetLabel()
                                + " preset)", "Stage I iterations N", ExperimentFigures.ERROR_AXIS, true),
                ExperimentFigures.meanLines(r.summary(), ExperimentResult.N, ExperimentResult.STAGE_ONE_LOSS,
                        row -> row.getString(ExperimentResult.SEPARATION_LOSS) + " loss, M="
                                + row.getInt(ExperimentResult.M),
                        row -> row.getString(ExperimentResult.SEPARATION_LOSS).equals("max"),
                        "Separation loss (the one optimised) vs N, " + ds, "Stage I iterations N",
                        "separation loss after Stage I", true));
    }
}
