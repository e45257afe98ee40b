package org.uhopkit.theory;

import org.uhopkit.report.Charts;
import org.uhopkit.report.Html;

import org.uhopkit.internal.Checks;
import org.uhopkit.report.Statistics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.uhopkit.Kernel;
import org.uhopkit.Retrieval;
import org.uhopkit.Separation;
import org.uhopkit.SeparationLoss;
import org.uhopkit.TrainedMemory;
import org.uhopkit.UHop;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** The separation-loss claims: convexity, O(1/N) decay, lower loss means lower error. Package-private. */
final class LossChecks {

    private LossChecks() {}

    static ClaimReport convexity(String what, ToDoubleFunction<NDArray> f, List<NDArray[]> segments, int points) {
        Checks.atLeast("points per segment", points, 3);
        IntColumn seg = IntColumn.create("segment");
        DoubleColumn lam = DoubleColumn.create("lambda");
        DoubleColumn val = DoubleColumn.create("f");
        DoubleColumn chord = DoubleColumn.create("chord");
        DoubleColumn gap = DoubleColumn.create("f_minus_chord");
        BooleanColumn viol = BooleanColumn.create("violation");
        var chart = Charts.of("Convexity along segments: f((1-l) W0 + l W1) - [(1-l) f(W0) + l f(W1)] (> 0 = not convex)",
                "lambda", "f minus chord");
        int violations = 0;
        int violSegments = 0;
        double worst = Double.NEGATIVE_INFINITY;
        int worstSeg = -1;
        double worstLam = Double.NaN;
        for (int s = 0; s < segments.size(); s++) {
            NDArray w0 = segments.get(s)[0];
            NDArray w1 = segments.get(s)[1];
            double[] l = new double[points];
            double[] fv = new double[points];
            for (int i = 0; i < points; i++) {
                l[i] = (double) i / (points - 1);
                try (NDManager sc = w0.getManager().newSubManager(w0.getDevice())) {
                    NDArray a = w0.mul(1 - l[i]);
                    a.attach(sc); // made here; the segment's ends stay where they are
                    NDArray b = w1.mul(l[i]);
                    b.attach(sc);
                    fv[i] = f.applyAsDouble(a.add(b));
                }
            }
            double scale = 0;
            for (double v : fv) {
                scale = Math.max(scale, Math.abs(v));
            }
            double tol = 1e-9 * (1 + scale);
            double[] g = new double[points];
            boolean any = false;
            for (int i = 0; i < points; i++) {
                double c = (1 - l[i]) * fv[0] + l[i] * fv[points - 1];
                g[i] = fv[i] - c;
                boolean v = g[i] > tol;
                // also local (three-point) convexity on the grid
                if (i > 0 && i < points - 1 && fv[i] > (fv[i - 1] + fv[i + 1]) / 2 + tol) {
                    v = true;
                }
                if (v) {
                    violations++;
                    any = true;
                }
                if (g[i] > worst) {
                    worst = g[i];
                    worstSeg = s;
                    worstLam = l[i];
                }
                seg.append(s);
                lam.append(l[i]);
                val.append(fv[i]);
                chord.append(c);
                gap.append(g[i]);
                viol.append(v);
            }
            violSegments += any ? 1 : 0;
            chart.lineMarkers("segment " + s, l, g);
        }
        Verdict verdict = violations > 0 ? Verdict.DOES_NOT_HOLD : Verdict.HOLDS;
        String sentence = violations > 0
                ? what + " is not convex: " + violSegments + " of " + segments.size() + " segments violate convexity;"
                        + " worst: segment " + worstSeg + " at lambda = " + Html.number(worstLam, 3) + ", where f lies "
                        + Html.number(worst, 3) + " above the chord."
                : what + " is convex along all " + segments.size() + " segments checked (" + points
                        + " points each).";
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("segments", (double) segments.size());
        numbers.put("segments with a violation", (double) violSegments);
        numbers.put("violating points", (double) violations);
        numbers.put("largest f - chord", worst);
        Table table = Table.create("convexity along segments", seg, lam, val, chord, gap, viol);
        return new ClaimReport("Convexity of " + what, verdict, sentence, numbers, table, chart.build());
    }

    static ClaimReport lossConvexity(NDArray xi, SeparationLoss loss, double t, int dPhi, int segments, int points,
            long seed) {
        long d = xi.getShape().get(1);
        Random rnd = new Random(seed);
        List<NDArray[]> segs = new ArrayList<>();
        NDManager holder = xi.getManager().newSubManager(xi.getDevice());
        try {
            for (int s = 0; s < segments; s++) {
                NDArray w0 = Kernel.linear().dimension(dPhi).seed(rnd.nextLong()).initialWeights(holder, d,
                        xi.getDataType());
                double scale = Math.exp(Math.log(10) * (2 * rnd.nextDouble() - 1)); // 0.1 .. 10
                NDArray w1 = Kernel.linear().dimension(dPhi).seed(rnd.nextLong()).initialWeights(holder, d,
                        xi.getDataType()).mul(scale);
                segs.add(new NDArray[] {w0, w1});
            }
            ToDoubleFunction<NDArray> f = w -> {
                try (SeparationLoss.ValueAndGradient vg = loss.valueAndGradient(w, xi, t)) {
                    return vg.value();
                }
            };
            ClaimReport r = convexity("The separation loss " + loss + " (t = " + t + ") in W", f, segs, points);
            return new ClaimReport("Convexity of the separation loss (Definition 2.2 / D.4) in W", r.verdict(),
                    r.sentence() + " The loss uses normalised features (D.2), so L(cW) = L(W) for every c > 0:"
                            + " a convex function constant on rays would be constant.", r.numbers(), r.table(),
                    r.figure());
        } finally {
            holder.close();
        }
    }

    static ClaimReport decay(double[] trace) {
        int n = trace.length - 1;
        if (n < 4) {
            throw new IllegalArgumentException("the loss trace needs at least 5 entries (N >= 4), got " + trace.length);
        }
        double best = Double.POSITIVE_INFINITY;
        for (double v : trace) {
            best = Math.min(best, v);
        }
        int increases = 0;
        for (int k = 1; k <= n; k++) {
            increases += trace[k] > trace[k - 1] + 1e-12 * (1 + Math.abs(trace[k - 1])) ? 1 : 0;
        }
        IntColumn step = IntColumn.create("N");
        DoubleColumn loss = DoubleColumn.create("loss");
        DoubleColumn gapC = DoubleColumn.create("gap_to_best");
        DoubleColumn scaled = DoubleColumn.create("N_times_gap");
        List<Double> lx = new ArrayList<>();
        List<Double> ly = new ArrayList<>();
        double gap1 = trace[1] - best;
        double maxScaled = 0;
        for (int k = 0; k <= n; k++) {
            double g = trace[k] - best;
            step.append(k);
            loss.append(trace[k]);
            gapC.append(g);
            scaled.append(k * g);
            if (k >= 1 && k <= Math.max(2, n / 2) && g > 1e-12 * (1 + Math.abs(best))) {
                lx.add(Math.log(k));
                ly.add(Math.log(g));
                maxScaled = Math.max(maxScaled, k * g);
            }
        }
        double slope = lx.size() >= 2 ? Statistics.slope(Charts.toArray(lx), Charts.toArray(ly)) : Double.NEGATIVE_INFINITY;
        Verdict verdict = slope <= -0.9 ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD;
        String sentence = "Over N = 1.." + Math.max(2, n / 2) + " the gap to the best loss reached decays like N^"
                + Html.number(slope, 3) + " (log-log fit), "
                + (slope <= -0.9 ? "at least as fast as O(1/N)" : "slower than O(1/N)") + "; the loss rose at "
                + increases + " steps. (Lemma D.1 needs a convex loss with an L-smooth gradient and gamma <= 1/G;"
                + " the gap is measured to the best value reached in " + n + " steps, not to the unknown optimum.)";
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("N", (double) n);
        numbers.put("fitted exponent", slope);
        numbers.put("loss at N = 0", trace[0]);
        numbers.put("best loss", best);
        numbers.put("steps where the loss rose", (double) increases);
        numbers.put("max N x gap (first half)", maxScaled);
        numbers.put("gap at N = 1", gap1);
        var chart = Charts.of("Separation loss: gap to the best value vs N (log-log)", "Stage I step N",
                "loss - best loss").logX().logY();
        List<Double> px = new ArrayList<>();
        List<Double> py = new ArrayList<>();
        List<Double> rx = new ArrayList<>();
        List<Double> ry = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            double g = trace[k] - best;
            if (g > 0) {
                px.add((double) k);
                py.add(g);
                rx.add((double) k);
                ry.add(gap1 / k);
            }
        }
        chart.lineMarkers("loss gap", Charts.toArray(px), Charts.toArray(py));
        chart.line("reference gap(1) / N", Charts.toArray(rx), Charts.toArray(ry));
        Table table = Table.create("separation loss decay", step, loss, gapC, scaled);
        return new ClaimReport("O(1/N) convergence of gradient descent on the separation loss", verdict, sentence,
                numbers, table, chart.build());
    }

    static ClaimReport lossVersusError(NDArray xi, NDArray queries, Separation sep, double beta, int[] ns,
            double[] rates, long seed) {
        IntColumn nC = IntColumn.create("N");
        DoubleColumn rC = DoubleColumn.create("learning_rate");
        DoubleColumn lC = DoubleColumn.create("final_loss");
        DoubleColumn eC = DoubleColumn.create("mean_sq_error");
        double[][] x = Dense.rows(xi);
        List<Double> ls = new ArrayList<>();
        List<Double> es = new ArrayList<>();
        for (int n : ns) {
            // with N = 0 no step is taken, so the learning rate does not matter: one run, rate recorded as missing
            for (double g : n == 0 ? new double[] {rates[0]} : rates) {
                try (TrainedMemory mem = UHop.memories(xi).kernel(Kernel.linear().seed(seed)).learningRate(g)
                        .separation(sep).beta(beta).trackEnergy(false).stageOne(n);
                        Retrieval r = mem.retrieve(queries)) {
                    double[][] out = Dense.rows(r.states());
                    double err = 0;
                    for (int i = 0; i < out.length; i++) {
                        for (int j = 0; j < out[i].length; j++) {
                            err += (out[i][j] - x[i][j]) * (out[i][j] - x[i][j]);
                        }
                    }
                    err /= out.length;
                    nC.append(n);
                    rC.append(n == 0 ? Double.NaN : g);
                    lC.append(mem.finalLoss());
                    eC.append(err);
                    ls.add(mem.finalLoss());
                    es.add(err);
                }
            }
        }
        double rho = Statistics.spearman(Charts.toArray(ls), Charts.toArray(es));
        Verdict verdict = rho >= 0.5 ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD;
        String sentence = "Across " + ls.size() + " Stage I settings the Spearman rank correlation between the final"
                + " separation loss and the retrieval error is " + Html.number(rho, 3) + ": "
                + (rho >= 0.5 ? "lower loss goes with lower error" : "lower loss does not reliably mean lower error")
                + ".";
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("settings", (double) ls.size());
        numbers.put("Spearman rank correlation", rho);
        numbers.put("Pearson correlation", Statistics.pearson(Charts.toArray(ls), Charts.toArray(es)));
        var chart = Charts.of("Separation loss vs retrieval error (" + sep + ", beta = " + beta + ")",
                "final separation loss", "mean squared error per query");
        chart.points("Stage I settings", Charts.toArray(ls), Charts.toArray(es));
        Table table = Table.create("loss vs retrieval error", nC, rC, lC, eC);
        return new ClaimReport("Lower separation loss gives lower retrieval error (Figure 1, G.1)", verdict, sentence,
                numbers, table, chart.build());
    }
}
