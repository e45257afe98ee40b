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

    /**
     * The cells' (M, runs [from, to), loss), in output order: loss -1 for both losses in one cell, or 0 (average)
     * and 1 (max) for a single run too costly for one cell ({@link Sweep#CELL_FLOPS}), whose two losses then run as
     * two cells (they share nothing but the run's memories, queries and initial W, which each draws again).
     */
    private static List<int[]> points(Config c) {
        List<int[]> out = new ArrayList<>();
        for (int m : c.memorySizesOr(c.profile().pick(new int[] {10, 20, 50, 100, 200, 500}, new int[] {10, 50}))) {
            double cost = runCost(c, m);
            for (int[] r : Sweep.runRanges(c.runsOr(c.profile().pick(5, 2)), Sweep.pixels(c), cost)) {
                if (r[1] - r[0] == 1 && cost > Sweep.CELL_FLOPS) {
                    out.add(new int[] {m, r[0], r[1], 0});
                    out.add(new int[] {m, r[0], r[1], 1});
                } else {
                    out.add(new int[] {m, r[0], r[1], -1});
                }
            }
        }
        return out;
    }

    /** The losses, in row order: average, then max. */
    private static final List<SeparationLoss> LOSSES = List.of(SeparationLoss.average(), SeparationLoss.max());

    /** The work of one run at memory size m: a Stage I pass to the largest N for each of the two losses. */
    private static double runCost(Config c, int m) {
        int[] ns = c.stageOneStepsOr(c.profile().pick(new int[] {1, 10, 20, 50, 100, 200, 500}, new int[] {1, 10, 50}));
        return 2 * Sweep.runCost(m, Sweep.pixels(c), java.util.Arrays.stream(ns).max().orElse(0));
    }

    /**
     * One cell per memory size M and range of runs ({@link Sweep#runRanges}), e.g. {@code "M=100 runs 0-4"}, or
     * per run and loss where one run is too costly for a cell, e.g. {@code "M=500 run 3 max"}.
     */
    @Override
    public List<Cell> cells(Config c) {
        List<Cell> out = new ArrayList<>();
        for (int[] pt : points(c)) {
            String label = "M=" + pt[0] + " " + Sweep.runsLabel(new int[] {pt[1], pt[2]})
                    + (pt[3] < 0 ? "" : " " + Sweep.lossName(LOSSES.get(pt[3])));
            out.add(new Cell(out.size(), label, (pt[2] - pt[1]) * runCost(c, pt[0]) / (pt[3] < 0 ? 1 : 2)));
        }
        return out;
    }

    /**
     * The per-run table etc. of the parts ({@link RetrievalExperiment#assemble}), with the rows of a run split over
     * two cells (one per loss) put back in the order of a cell computing both: per run and N, average then max.
     */
    @Override
    public ExperimentResult assemble(Config config, List<RetrievalPart> parts, RunClock clock) {
        Sweep.checkOrder(this, parts);
        List<int[]> pts = points(config);
        if (pts.size() != parts.size()) {
            throw new IllegalArgumentException(name() + ": " + parts.size() + " parts for " + pts.size() + " cells");
        }
        List<RetrievalPart.Row> all = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            if (pts.get(i)[3] == 0) {
                List<RetrievalPart.Row> average = parts.get(i).rows();
                List<RetrievalPart.Row> max = parts.get(i + 1).rows();
                if (pts.get(i + 1)[3] != 1 || average.size() != max.size()) {
                    throw new IllegalArgumentException(name() + ": the parts of cells " + i + " and " + (i + 1)
                            + " (" + parts.get(i).cell().label() + ", " + parts.get(i + 1).cell().label()
                            + ") are not the two losses of one run");
                }
                for (int k = 0; k < average.size(); k++) {
                    if (!average.get(k).separationLoss().equals("average") || !max.get(k).separationLoss().equals("max")) {
                        throw new IllegalArgumentException(name() + ": row " + k + " of cells " + i + " and " + (i + 1)
                                + " has losses " + average.get(k).separationLoss() + " and " + max.get(k).separationLoss()
                                + ", expected average and max");
                    }
                    all.add(average.get(k));
                    all.add(max.get(k));
                }
                i++;
            } else {
                all.addAll(parts.get(i).rows());
            }
        }
        return Sweep.assembleRows(this, config, all, parts.get(0).settings(), clock);
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
            List<SeparationLoss> losses = pt[3] < 0 ? LOSSES : List.of(LOSSES.get(pt[3]));
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
            for (SeparationLoss loss : LOSSES) {
                specs.put(preset.id() + "/" + Sweep.lossName(loss), Sweep.describeSpec(preset, true, loss,
                        ns[ns.length - 1]));
            }
            return new Settings(Sweep.list(ms), Sweep.list(ns), List.of(), runs, List.of(Method.UHOP_MHM.label()),
                    LOSSES.stream().map(Sweep::lossName).toList(), Map.of(preset.id(),
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
