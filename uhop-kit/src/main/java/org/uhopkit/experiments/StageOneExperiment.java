package org.uhopkit.experiments;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.uhopkit.SeparationLoss;
import org.uhopkit.report.ExperimentFigures;
import tech.tablesaw.plotly.components.Figure;

/**
 * Stage I iterations (Fig. 5): masked queries, the error of U-Hop + MHM and U-Hop + sparse MHM against the
 * Stage I steps N in {1, 10, 20, 50, 100, 200, 500, 1000} (paper profile) or {1, 10, 50, 100} (quick),
 * M = 100 or 50 (not stated in the paper), 20 or 2 runs. Only the config's U-Hop methods are run (both when
 * it has none). Use {@link Experiment#STAGE_ONE}.
 */
public final class StageOneExperiment extends RetrievalExperiment {

    StageOneExperiment() {}

    @Override
    public String name() {
        return "stage-one";
    }

    @Override
    public String title() {
        return "Stage I iterations: error vs N (Fig. 5)";
    }

    private static int[] memorySizes(Config c) {
        return c.memorySizesOr(c.profile().pick(100, 50));
    }

    /** The work of one run at memory size m: one Stage I pass to the largest N. */
    private static double runCost(Config c, int m) {
        int[] ns = c.stageOneStepsOr(c.profile().pick(new int[] {1, 10, 20, 50, 100, 200, 500, 1000},
                new int[] {1, 10, 50, 100}));
        return Sweep.runCost(m, Sweep.pixels(c), Arrays.stream(ns).max().orElse(0));
    }

    /** The cells' (M, runs [from, to)), in output order. */
    private static List<int[]> points(Config c) {
        List<int[]> out = new ArrayList<>();
        for (int m : memorySizes(c)) {
            for (int[] r : Sweep.runRanges(c.runsOr(c.profile().pick(20, 2)), Sweep.pixels(c), runCost(c, m))) {
                out.add(new int[] {m, r[0], r[1]});
            }
        }
        return out;
    }

    /** One cell per memory size M and range of runs ({@link Sweep#runRanges}), e.g. {@code "M=100 runs 0-19"}. */
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
            int[] ns = c.stageOneStepsOr(s.pick(new int[] {1, 10, 20, 50, 100, 200, 500, 1000},
                    new int[] {1, 10, 50, 100}));
            int[] ms = memorySizes(c);
            int runs = c.runsOr(s.pick(20, 2));
            Preset preset = c.preset();
            List<Method> uhop = c.methods().stream().filter(Method::isUHop).toList();
            List<Method> methods = uhop.isEmpty() ? List.of(Method.UHOP_MHM, Method.UHOP_SPARSE_MHM) : uhop;
            int m = pt[0];
            int count = pt[2] - pt[1];
            int[] checkpoints = Arrays.stream(ns).distinct().sorted().toArray();
            c.progress().start("stage-one " + c.dataset().id() + " " + cell.label(), (long) count * ns.length);
            List<Trial> trials = new ArrayList<>();
            try {
                List<List<NDArray>> qs = new ArrayList<>();
                for (int r = pt[1]; r < pt[2]; r++) {
                    Trial t = s.trial(m, r);
                    trials.add(t);
                    qs.add(List.of(t.queries(c.maskingFor(preset))));
                }
                // batched: one Stage I pass to the largest N for every run of the cell; per run: each N alone
                Trial.Outcome[][][][] u = Sweep.uhop(c.batching(), trials, preset, methods, SeparationLoss.average(),
                        true, checkpoints, Sweep.everywhere(checkpoints.length, count), null, qs);
                for (int j = 0; j < count; j++) {
                    Trial t = trials.get(j);
                    int run = pt[1] + j;
                    for (int n : ns) {
                        Sweep.emit(t, preset, methods, u[j][Arrays.binarySearch(checkpoints, n)], qs.get(j),
                                (meth, o, qi) -> s.rows.add(preset, meth, "average", m, n, Double.NaN, run, t.seed,
                                        o.learningRate(), o));
                        c.progress().step("M=" + m + " run " + (run + 1) + " N=" + n);
                    }
                }
            } finally {
                trials.forEach(Trial::close);
            }
            return new Settings(Sweep.list(ms), Sweep.list(ns), List.of(), runs, Sweep.labels(methods),
                    List.of("average"), Map.of(preset.id(), c.maskingFor(preset).toString()),
                    Map.of(preset.id() + "/average", Sweep.describeSpec(preset, true, SeparationLoss.average(),
                            ns[ns.length - 1])), "");
        });
    }

    @Override
    public List<Figure> figures(ExperimentResult r) {
        Provenance p = r.provenance();
        return List.of(ExperimentFigures.meanLines(r.summary(), ExperimentResult.N, ExperimentResult.ERROR_MEAN,
                row -> row.getString(ExperimentResult.METHOD) + ", M=" + row.getInt(ExperimentResult.M),
                row -> row.getString(ExperimentResult.METHOD).equals(Method.UHOP_SPARSE_MHM.label()),
                "Retrieval error vs Stage I iterations N on " + Dataset.parse(p.dataset()).label() + " ("
                        + p.presetLabel() + " preset, " + p.profile() + ")",
                "Stage I iterations N", ExperimentFigures.ERROR_AXIS, true));
    }
}
