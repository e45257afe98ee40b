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

    @Override
    public RetrievalPart runCell(Config c, Cell cell) {
        checkCell(c, cell);
        return Sweep.part(this, c, cell, s -> {
            int[] ns = c.stageOneStepsOr(s.pick(new int[] {1, 10, 20, 50, 100, 200, 500}, new int[] {1, 10, 50}));
            int[] ms = c.memorySizesOr(s.pick(new int[] {10, 20, 50, 100, 200, 500}, new int[] {10, 50}));
            int runs = c.runsOr(s.pick(5, 2));
            Preset preset = c.preset();
            List<SeparationLoss> losses = List.of(SeparationLoss.average(), SeparationLoss.max());
            c.progress().start("max-vs-average " + c.dataset().id(), (long) ms.length * runs * ns.length);
            for (int m : ms) {
                for (int r = 0; r < runs; r++) {
                    int run = r;
                    try (Trial t = s.trial(m, r)) {
                        NDArray q = t.queries(c.maskingFor(preset));
                        // one checkpointed Stage I pass per loss; rows in the order N, then loss
                        List<List<Trial.Outcome>> byLoss = new ArrayList<>();
                        for (SeparationLoss loss : losses) {
                            List<Trial.Outcome> outcomes = new ArrayList<>();
                            Sweep.evaluateAt(c.batching(), t, preset, List.of(Method.UHOP_MHM), loss, true, ns, null,
                                    List.of(q), (n, meth, o, qi) -> outcomes.add(o));
                            byLoss.add(outcomes);
                        }
                        for (int i = 0; i < ns.length; i++) {
                            for (int l = 0; l < losses.size(); l++) {
                                Trial.Outcome o = byLoss.get(l).get(i);
                                s.rows.add(preset, Method.UHOP_MHM, Sweep.lossName(losses.get(l)), m, ns[i],
                                        Double.NaN, run, t.seed, o.learningRate(), o);
                            }
                            c.progress().step("M=" + m + " run " + (r + 1) + " N=" + ns[i]);
                        }
                    }
                }
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
