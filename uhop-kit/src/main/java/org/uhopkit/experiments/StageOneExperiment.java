package org.uhopkit.experiments;

import ai.djl.ndarray.NDArray;
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

    @Override
    public RetrievalPart runCell(Config c, Cell cell) {
        checkCell(c, cell);
        return Sweep.part(this, c, cell, s -> {
            int[] ns = c.stageOneStepsOr(s.pick(new int[] {1, 10, 20, 50, 100, 200, 500, 1000},
                    new int[] {1, 10, 50, 100}));
            int[] ms = c.memorySizesOr(s.pick(100, 50));
            int runs = c.runsOr(s.pick(20, 2));
            Preset preset = c.preset();
            List<Method> uhop = c.methods().stream().filter(Method::isUHop).toList();
            List<Method> methods = uhop.isEmpty() ? List.of(Method.UHOP_MHM, Method.UHOP_SPARSE_MHM) : uhop;
            c.progress().start("stage-one " + c.dataset().id(), (long) ms.length * runs * ns.length);
            for (int m : ms) {
                for (int r = 0; r < runs; r++) {
                    int run = r;
                    try (Trial t = s.trial(m, r)) {
                        NDArray q = t.queries(c.maskingFor(preset));
                        Sweep.evaluateAt(c.batching(), t, preset, methods, SeparationLoss.average(), true, ns, null,
                                List.of(q), (n, meth, o, qi) -> s.rows.add(preset, meth, "average", m, n, Double.NaN, run,
                                        t.seed, o.learningRate(), o));
                        for (int n : ns) {
                            c.progress().step("M=" + m + " run " + (r + 1) + " N=" + n);
                        }
                    }
                }
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
