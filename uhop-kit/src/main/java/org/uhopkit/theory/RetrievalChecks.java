package org.uhopkit.theory;

import org.uhopkit.report.Charts;
import org.uhopkit.report.Html;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.uhopkit.MemorySpec;
import org.uhopkit.Retrieval;
import org.uhopkit.Separation;
import org.uhopkit.Similarity;
import org.uhopkit.UHop;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** Eq. (2.6), Theorem 2.2, (E.1), Corollary 2.2.1 and the bound (1.3). Package-private. */
final class RetrievalChecks {

    private RetrievalChecks() {}

    /** What the separation does at the memories themselves. */
    record AtMemories(double[][] scores, double[][] weights, double[] residual, double[] norms) {}

    /**
     * The scores {@code K(Xi, xi_mu)} (row mu), the weights {@code Sep(beta K(Xi, xi_mu))}, the residual
     * {@code ||T(xi_mu) - xi_mu||} and {@code ||xi_mu||} for every memory, computed on a copy of the memories
     * in a scratch manager (the spec's arrays are never attached elsewhere).
     */
    static AtMemories atMemories(MemorySpec spec) {
        NDArray memories = spec.memories();
        try (NDManager s = memories.getManager().newSubManager(memories.getDevice())) {
            NDArray xi = Dense.copy(s, memories);
            NDArray k = spec.similarity().scores(xi, xi);
            NDArray p = spec.separation().weights(k.mul(spec.beta()));
            NDArray next = p.matMul(xi);
            double[] residual = DynamicsChecks.rowNorms(next.sub(xi));
            double[] norms = DynamicsChecks.rowNorms(xi);
            return new AtMemories(Dense.rows(k), Dense.rows(p), residual, norms);
        }
    }

    /**
     * The margin of each memory, {@code k[mu][mu] - max_{nu != mu} k[mu][nu]}, from scores with one row per
     * memory as query ({@code +Infinity} for a single memory). With {@code k = K(Xi, Xi)} it is the margin of
     * Theorem 2.2 before beta; with the Gram matrix it is Delta_mu of section 1.
     */
    static double[] margins(double[][] k) {
        double[] out = new double[k.length];
        for (int mu = 0; mu < k.length; mu++) {
            double maxOther = Double.NEGATIVE_INFINITY;
            for (int nu = 0; nu < k.length; nu++) {
                if (nu != mu) {
                    maxOther = Math.max(maxOther, k[mu][nu]);
                }
            }
            out[mu] = k[mu][mu] - maxOther;
        }
        return out;
    }

    static boolean oneHot(double[] p, int mu) {
        for (int j = 0; j < p.length; j++) {
            if (j != mu && p[j] != 0.0) {
                return false;
            }
        }
        return p[mu] >= 1 - 1e-12;
    }

    static double largestOther(double[] p, int mu) {
        double best = 0;
        for (int j = 0; j < p.length; j++) {
            if (j != mu) {
                best = Math.max(best, p[j]);
            }
        }
        return best;
    }

    static ClaimReport exactRetrieval(MemorySpec spec) {
        AtMemories at = atMemories(spec);
        int m = at.weights().length;
        IntColumn mem = IntColumn.create("memory");
        DoubleColumn self = DoubleColumn.create("weight_on_itself");
        DoubleColumn rest = DoubleColumn.create("one_minus_weight");
        DoubleColumn other = DoubleColumn.create("largest_other_weight");
        IntColumn support = IntColumn.create("support");
        DoubleColumn res = DoubleColumn.create("residual_T_minus_xi");
        BooleanColumn cond = BooleanColumn.create("eq_2_6_holds");
        BooleanColumn fixed = BooleanColumn.create("fixed_point");
        int exact = 0;
        int fixedCount = 0;
        int mismatch = 0;
        int rounding = 0;
        int firstMismatch = -1;
        double maxSelf = 0;
        double minRest = Double.POSITIVE_INFINITY;
        for (int mu = 0; mu < m; mu++) {
            double[] p = at.weights()[mu];
            double others = 0;
            int sup = 0;
            for (int j = 0; j < m; j++) {
                if (j != mu) {
                    others += p[j];
                }
                if (p[j] > 0) {
                    sup++;
                }
            }
            boolean c = oneHot(p, mu);
            // a fixed point up to rounding: T(xi_mu) = xi_mu to 1e-12 relative
            boolean f = at.residual()[mu] <= 1e-12 * (1 + at.norms()[mu]);
            exact += c ? 1 : 0;
            fixedCount += f ? 1 : 0;
            if (f && !c && others <= 1e-12) {
                rounding++; // (2.6) fails only by a mass below rounding (softmax with a large margin)
            } else if (c != f) {
                mismatch++;
                if (firstMismatch < 0) {
                    firstMismatch = mu;
                }
            }
            maxSelf = Math.max(maxSelf, p[mu]);
            minRest = Math.min(minRest, others);
            mem.append(mu);
            self.append(p[mu]);
            rest.append(others);
            other.append(largestOther(p, mu));
            support.append(sup);
            res.append(at.residual()[mu]);
            cond.append(c);
            fixed.append(f);
        }
        Verdict verdict;
        String sentence;
        String roundingNote = rounding == 0 ? "" : " " + rounding + " memories are fixed points only up to rounding:"
                + " (2.6) fails for them by a mass below 1e-12 off the memory (smallest "
                + Html.number(minRest) + ").";
        if (mismatch > 0) {
            verdict = Verdict.DOES_NOT_HOLD;
            sentence = mismatch + " memories break the equivalence 'fixed point iff Sep(beta K(Xi, xi_mu)) = e_mu';"
                    + " e.g. memory " + firstMismatch + " (weight on itself " + Html.number(
                            at.weights()[firstMismatch][firstMismatch]) + ", residual "
                    + Html.number(at.residual()[firstMismatch])
                    + "): with repeated memories a memory can be a fixed point without (2.6)." + roundingNote;
        } else {
            verdict = Verdict.HOLDS;
            sentence = "For every memory, being a fixed point of T coincides with (2.6): " + exact + " of " + m
                    + " memories are retrieved exactly with " + spec.separation() + " at beta = " + spec.beta()
                    + (exact == 0 ? "; the largest weight on the own memory is " + Html.number(maxSelf)
                            + " and at least " + Html.number(minRest) + " of the mass is elsewhere." : ".")
                    + roundingNote;
        }
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("memories M", (double) m);
        numbers.put("memories with (2.6)", (double) exact);
        numbers.put("fixed points (to 1e-12)", (double) fixedCount);
        numbers.put("fixed only up to rounding", (double) rounding);
        numbers.put("largest weight on the own memory", maxSelf);
        numbers.put("smallest mass off the own memory", minRest);
        var chart = Charts.of("Eq. (2.6): weight each memory puts on itself (" + spec.separation() + ", beta = "
                + spec.beta() + ")", "memory mu", "1 - Sep(beta K(Xi, xi_mu))_mu (0 = exact)");
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int mu = 0; mu < m; mu++) {
            xs.add((double) mu);
            ys.add(rest.getDouble(mu));
        }
        chart.points("mass off the own memory", Charts.toArray(xs), Charts.toArray(ys));
        Table table = Table.create("exact retrieval (2.6): " + spec, mem, self, rest, other, support, res, cond, fixed);
        return new ClaimReport("Eq. (2.6) (exact retrieval: Sep(beta K(Xi, xi_mu)) = e_mu)", verdict, sentence,
                numbers, table, chart.build());
    }

    /** alpha of an entmax-family separation, for Theorem 2.2. */
    static double alphaOf(Separation sep) {
        if (sep instanceof Separation.Entmax e) {
            return e.alpha();
        }
        if (sep instanceof Separation.Sparsemax) {
            return 2.0;
        }
        if (sep instanceof Separation.Softmax) {
            return 1.0;
        }
        throw new IllegalArgumentException("Theorem 2.2 is about alpha-entmax; pass alpha explicitly for " + sep);
    }

    static ClaimReport marginCondition(MemorySpec spec, double alpha, double t) {
        AtMemories at = atMemories(spec);
        double beta = spec.beta();
        int m = at.scores().length;
        double thr = 1 / (alpha - 1);
        double[][] k = at.scores();
        IntColumn mem = IntColumn.create("memory");
        DoubleColumn marginC = DoubleColumn.create("theta_margin");
        DoubleColumn lhs27 = DoubleColumn.create("lhs_2_7");
        BooleanColumn obs = BooleanColumn.create("observed_exact");
        BooleanColumn corr = BooleanColumn.create("corrected_predicts");
        BooleanColumn p27 = BooleanColumn.create("eq_2_7_predicts");
        BooleanColumn pProof = BooleanColumn.create("proof_line_predicts");
        BooleanColumn pE3 = BooleanColumn.create("E_3_predicts");
        int[] agree = new int[4];
        int[] falsePos = new int[4];
        int observed = 0;
        List<Double> xe = new ArrayList<>();
        List<Double> ye = new ArrayList<>();
        List<Double> xn = new ArrayList<>();
        List<Double> yn = new ArrayList<>();
        double rhs27 = -2 * t / (beta * (alpha - 1));
        double[] margins = margins(k);
        for (int mu = 0; mu < m; mu++) {
            double maxEll = Double.NEGATIVE_INFINITY;
            for (int nu = 0; nu < m; nu++) {
                if (nu != mu) {
                    double ell = -t * (k[mu][mu] + k[nu][nu] - 2 * k[mu][nu]); // l_Phi = log G_t, eq. (2.5)
                    maxEll = Math.max(maxEll, ell);
                }
            }
            double margin = beta * margins[mu];
            double lhs = 0 - maxEll; // l_Phi(xi_mu, xi_mu) = 0
            boolean o = oneHot(at.weights()[mu], mu);
            boolean[] pred = {
                margin >= thr,
                lhs <= rhs27,
                lhs >= 2 * t / (beta * (alpha - 1)),
                maxEll <= 2 * t / (beta * (alpha - 1))
            };
            for (int r = 0; r < 4; r++) {
                agree[r] += pred[r] == o ? 1 : 0;
                falsePos[r] += pred[r] && !o ? 1 : 0;
            }
            observed += o ? 1 : 0;
            mem.append(mu);
            marginC.append(margin);
            lhs27.append(lhs);
            obs.append(o);
            corr.append(pred[0]);
            p27.append(pred[1]);
            pProof.append(pred[2]);
            pE3.append(pred[3]);
            (o ? xe : xn).add((double) mu);
            (o ? ye : yn).add(margin * (alpha - 1));
        }
        double[] rate = new double[4];
        for (int r = 0; r < 4; r++) {
            rate[r] = (double) agree[r] / m;
        }
        Verdict verdict;
        String sentence;
        String corrected = "xi_mu is a fixed point iff beta (K(xi_mu, xi_mu) - max_{nu != mu} K(xi_nu, xi_mu)) >= "
                + "1/(alpha - 1), from (E.1) with theta = beta K(Xi, xi_mu)";
        if (agree[0] < m) {
            verdict = Verdict.DOES_NOT_HOLD;
            sentence = "The margin condition derived from (E.1) mispredicts " + (m - agree[0]) + " of " + m
                    + " memories (" + falsePos[0] + " predicted exact but not): the separation is not alpha-entmax "
                    + "with alpha = " + alpha + ".";
        } else if (agree[1] == m) {
            verdict = Verdict.HOLDS;
            sentence = "Corrected condition (" + corrected + ") agrees on all " + m + " memories; (2.7) as printed "
                    + "also agrees here only because no memory is retrieved exactly (its left side is >= 0 and its "
                    + "right side < 0, so it never holds).";
        } else {
            verdict = Verdict.HOLDS_WITH_CORRECTION;
            sentence = "Correct statement: " + corrected + "; it agrees on all " + m + " memories (" + observed
                    + " exact). (2.7) as printed (<= -2t/(beta(alpha-1))) can never hold and agrees on "
                    + pct(agree[1], m) + "; the proof's line before (E.3) agrees on " + pct(agree[2], m)
                    + " and (E.3) on " + pct(agree[3], m) + ".";
        }
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("memories M", (double) m);
        numbers.put("alpha", alpha);
        numbers.put("beta", beta);
        numbers.put("threshold 1/(alpha-1)", thr);
        numbers.put("observed exact", (double) observed);
        numbers.put("agreement, corrected (E.1)", rate[0]);
        numbers.put("agreement, (2.7) as printed", rate[1]);
        numbers.put("agreement, proof line before (E.3)", rate[2]);
        numbers.put("agreement, (E.3)", rate[3]);
        numbers.put("false exact predictions, (E.3)", (double) falsePos[3]);
        var chart = Charts.of("Theorem 2.2: margin (alpha - 1) beta (K_mu,mu - max K_nu,mu); exact iff >= 1",
                "memory mu", "(alpha - 1) x margin");
        chart.points("retrieved exactly", Charts.toArray(xe), Charts.toArray(ye));
        chart.points("not exact", Charts.toArray(xn), Charts.toArray(yn));
        chart.line("threshold", new double[] {0, m - 1}, new double[] {1, 1});
        Table table = Table.create("Theorem 2.2: " + spec, mem, marginC, lhs27, obs, corr, p27, pProof, pE3);
        return new ClaimReport("Theorem 2.2 (margin condition for exact retrieval, alpha > 1)", verdict, sentence,
                numbers, table, chart.build());
    }

    /** {@code count / total} as a percentage with 3 significant digits. */
    static String pct(int count, int total) {
        return Html.number(100.0 * count / total, 3) + " %";
    }

    static ClaimReport oneHotCondition(NDManager nd, Separation sep, double alpha, int samples, long seed) {
        Random rnd = new Random(seed);
        double thr = 1 / (alpha - 1);
        int[] sizes = {2, 3, 5, 8};
        DoubleColumn ratio = DoubleColumn.create("margin_over_threshold");
        IntColumn size = IntColumn.create("M");
        DoubleColumn top = DoubleColumn.create("weight_on_top");
        BooleanColumn obs = BooleanColumn.create("one_hot");
        BooleanColumn pred = BooleanColumn.create("margin_at_least_threshold");
        int agree = 0;
        int total = 0;
        List<Double> x1 = new ArrayList<>();
        List<Double> y1 = new ArrayList<>();
        for (int mSize : sizes) {
            int n = Math.max(1, samples / sizes.length);
            double[][] theta = new double[n][mSize];
            int[] top0 = new int[n];
            double[] rat = new double[n];
            for (int i = 0; i < n; i++) {
                double maxOther = Double.NEGATIVE_INFINITY;
                top0[i] = rnd.nextInt(mSize);
                for (int j = 0; j < mSize; j++) {
                    theta[i][j] = 3 * rnd.nextGaussian();
                    if (j != top0[i]) {
                        maxOther = Math.max(maxOther, theta[i][j]);
                    }
                }
                double u;
                do {
                    u = -0.9 + 1.8 * rnd.nextDouble();
                } while (Math.abs(u) < 1e-3);
                rat[i] = 1 + u;
                theta[i][top0[i]] = maxOther + thr * rat[i];
            }
            double[][] p;
            try (NDArray th = Dense.array(nd, theta); NDArray w = sep.weights(th)) {
                p = Dense.rows(w);
            }
            for (int i = 0; i < n; i++) {
                boolean o = oneHot(p[i], top0[i]);
                boolean pr = rat[i] >= 1;
                agree += o == pr ? 1 : 0;
                total++;
                ratio.append(rat[i]);
                size.append(mSize);
                top.append(p[i][top0[i]]);
                obs.append(o);
                pred.append(pr);
                x1.add(rat[i]);
                y1.add(p[i][top0[i]]);
            }
        }
        double rate = (double) agree / total;
        Verdict verdict = agree == total ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD;
        String sentence = agree == total
                ? "On all " + total + " random score vectors, " + sep + " is one-hot exactly when the top score leads"
                        + " the runner-up by at least 1/(alpha-1) = " + Html.number(thr)
                        + ": (E.1) is an iff (the paper states only the 'only if')."
                : "(E.1) with alpha = " + alpha + " mispredicts " + (total - agree) + " of " + total
                        + " random score vectors for " + sep + ".";
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("samples", (double) total);
        numbers.put("agreement", rate);
        numbers.put("threshold 1/(alpha-1)", thr);
        var chart = Charts.of("(E.1): weight on the top score vs margin / (1/(alpha-1)) for " + sep,
                "margin x (alpha - 1)", "weight on the top entry");
        chart.points("samples", Charts.toArray(x1), Charts.toArray(y1));
        Table table = Table.create("(E.1) check", size, ratio, top, obs, pred);
        return new ClaimReport("(E.1) (alpha-entmax is one-hot iff the margin is >= 1/(alpha-1))", verdict, sentence,
                numbers, table, chart.build());
    }

    /** Per-memory quantities of Corollary 2.2.1. */
    record CorollaryRows(double[] minDistance, double statedBound, double lipschitz, double sigmaMin,
            boolean[] exact, boolean[] stated, boolean[] corrected, double[] marginRatio) {}

    /**
     * Corollary 2.2.1 per memory. The weights are those of {@link #atMemories} for alpha-entmax with the kernel
     * of W (the dot product when {@code w} is null).
     *
     * @param xi float64 memories {@code (M, d)}
     * @param w float64 {@code (D_Phi, d)}, or null for W = I
     * @param sv {@link Dense#singularRange} of {@code w}, computed by the caller; null with {@code w}
     */
    static CorollaryRows corollaryRows(NDArray xi, NDArray w, double[] sv, double beta, double alpha) {
        double lip = w == null ? 1 : sv[0];
        double smin = w == null ? 1 : sv[1];
        MemorySpec spec = UHop.memories(xi).similarity(w == null ? Similarity.dot() : Similarity.kernel(w))
                .separation(Separation.entmax(alpha)).beta(beta);
        AtMemories at = atMemories(spec);
        double[][] k = at.scores();
        double[][] x = Dense.rows(xi);
        double[][] dist2 = Dense.squaredDistances(Dense.mulT(x, x));
        double[] margins = margins(k);
        int m = x.length;
        double bound = Math.sqrt(2 / (lip * lip * beta * (alpha - 1)));
        double need = 2 / (beta * (alpha - 1));
        double[] minD = new double[m];
        boolean[] exact = new boolean[m];
        boolean[] stated = new boolean[m];
        boolean[] corrected = new boolean[m];
        double[] ratio = new double[m];
        for (int mu = 0; mu < m; mu++) {
            double md = Double.POSITIVE_INFINITY;
            double worst = Double.POSITIVE_INFINITY;
            for (int nu = 0; nu < m; nu++) {
                if (nu != mu) {
                    md = Math.min(md, Math.sqrt(dist2[mu][nu]));
                    worst = Math.min(worst, smin * smin * dist2[mu][nu] + k[mu][mu] - k[nu][nu]);
                }
            }
            minD[mu] = md;
            exact[mu] = oneHot(at.weights()[mu], mu);
            stated[mu] = md >= bound;
            corrected[mu] = worst >= need;
            ratio[mu] = beta * (alpha - 1) * margins[mu];
        }
        return new CorollaryRows(minD, bound, lip, smin, exact, stated, corrected, ratio);
    }

    static ClaimReport corollary(NDArray xi, NDArray w, double beta, double alpha) {
        CorollaryRows r;
        try (NDManager s = xi.getManager().newSubManager(xi.getDevice())) {
            NDArray x64 = Dense.copy(s, xi, DataType.FLOAT64);
            NDArray w64 = w == null ? null : Dense.copy(s, w, DataType.FLOAT64);
            r = corollaryRows(x64, w64, w == null ? null : Dense.singularRange(w64), beta, alpha);
        }
        int m = r.exact().length;
        IntColumn mem = IntColumn.create("memory");
        DoubleColumn md = DoubleColumn.create("min_distance");
        BooleanColumn st = BooleanColumn.create("stated_bound_met");
        BooleanColumn co = BooleanColumn.create("corrected_condition_met");
        DoubleColumn mr = DoubleColumn.create("margin_x_(alpha-1)");
        BooleanColumn ex = BooleanColumn.create("exact");
        int counter = 0;
        int correctedWrong = 0;
        int statedCount = 0;
        int exactCount = 0;
        int first = -1;
        for (int mu = 0; mu < m; mu++) {
            mem.append(mu);
            md.append(r.minDistance()[mu]);
            st.append(r.stated()[mu]);
            co.append(r.corrected()[mu]);
            mr.append(r.marginRatio()[mu]);
            ex.append(r.exact()[mu]);
            statedCount += r.stated()[mu] ? 1 : 0;
            exactCount += r.exact()[mu] ? 1 : 0;
            if (r.stated()[mu] && !r.exact()[mu]) {
                counter++;
                if (first < 0) {
                    first = mu;
                }
            }
            correctedWrong += r.corrected()[mu] && !r.exact()[mu] ? 1 : 0;
        }
        Verdict verdict = counter > 0 ? Verdict.DOES_NOT_HOLD : Verdict.HOLDS;
        String sentence = counter > 0
                ? counter + " of " + m + " memories meet the stated bound min ||xi_mu - xi_nu|| >= sqrt(2/(L^2 beta"
                        + " (alpha-1))) = " + Html.number(r.statedBound()) + " yet are not retrieved exactly"
                        + " (e.g. memory " + first + "): the bound is not sufficient. (E.4) uses ||Phi(u) - Phi(v)||"
                        + " >= L ||u - v||, but Lipschitz gives <=. A sufficient condition: min_nu [sigma_min(W)^2 "
                        + "||xi_mu - xi_nu||^2 + ||Phi(xi_mu)||^2 - ||Phi(xi_nu)||^2] >= 2/(beta(alpha-1)); it "
                        + "predicted exact wrongly for " + correctedWrong + " memories."
                : "No memory meets the stated bound without being retrieved exactly (" + statedCount
                        + " meet it, " + exactCount + " exact); the corrected sufficient condition was wrong for "
                        + correctedWrong + ".";
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("memories M", (double) m);
        numbers.put("L = ||W||_2", r.lipschitz());
        numbers.put("sigma_min(W)", r.sigmaMin());
        numbers.put("stated bound sqrt(2/(L^2 beta (alpha-1)))", r.statedBound());
        numbers.put("memories meeting the stated bound", (double) statedCount);
        numbers.put("memories retrieved exactly", (double) exactCount);
        numbers.put("counterexamples (bound met, not exact)", (double) counter);
        numbers.put("corrected condition false positives", (double) correctedWrong);
        var chart = corollaryChart(r);
        Table table = Table.create("Corollary 2.2.1", mem, md, st, co, mr, ex);
        return new ClaimReport("Corollary 2.2.1 (distance bound with the Lipschitz constant of Phi)", verdict,
                sentence, numbers, table, chart);
    }

    private static tech.tablesaw.plotly.components.Figure corollaryChart(CorollaryRows r) {
        var chart = Charts.of("Corollary 2.2.1: distance / stated bound vs (alpha-1) x margin (exact iff >= 1)",
                "min distance / sqrt(2/(L^2 beta (alpha-1)))", "(alpha - 1) x margin");
        List<Double> xe = new ArrayList<>();
        List<Double> ye = new ArrayList<>();
        List<Double> xn = new ArrayList<>();
        List<Double> yn = new ArrayList<>();
        for (int mu = 0; mu < r.exact().length; mu++) {
            double xv = r.minDistance()[mu] / r.statedBound();
            (r.exact()[mu] ? xe : xn).add(xv);
            (r.exact()[mu] ? ye : yn).add(r.marginRatio()[mu]);
        }
        chart.points("exact", Charts.toArray(xe), Charts.toArray(ye));
        chart.points("not exact", Charts.toArray(xn), Charts.toArray(yn));
        return chart.build();
    }

    static ClaimReport corollarySearch(NDManager nd, int trials, long seed) {
        Random rnd = new Random(seed);
        double[] alphas = {1.25, 1.5, 2.0};
        IntColumn trial = IntColumn.create("trial");
        IntColumn dC = IntColumn.create("d");
        IntColumn mC = IntColumn.create("M");
        DoubleColumn bC = DoubleColumn.create("beta");
        DoubleColumn aC = DoubleColumn.create("alpha");
        DoubleColumn lC = DoubleColumn.create("L");
        DoubleColumn sC = DoubleColumn.create("sigma_min");
        IntColumn exC = IntColumn.create("exact_memories");
        IntColumn ceC = IntColumn.create("counterexample_memories");
        IntColumn cwC = IntColumn.create("corrected_false_positives");
        int found = 0;
        int correctedWrong = 0;
        String firstCase = null;
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<Double> xs2 = new ArrayList<>();
        List<Double> ys2 = new ArrayList<>();
        for (int tr = 0; tr < trials; tr++) {
            int d = 2 + rnd.nextInt(5);
            int m = 2 + rnd.nextInt(5);
            double beta = 0.25 + 4 * rnd.nextDouble();
            double alpha = alphas[rnd.nextInt(alphas.length)];
            double[][] w = new double[d][d];
            for (double[] row : w) {
                for (int j = 0; j < d; j++) {
                    row[j] = rnd.nextGaussian();
                }
            }
            double[][] xi = new double[m][d];
            for (double[] row : xi) {
                for (int j = 0; j < d; j++) {
                    row[j] = rnd.nextGaussian();
                }
            }
            double[][] dist2 = Dense.squaredDistances(Dense.mulT(xi, xi));
            double minD = Double.POSITIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                for (int j = i + 1; j < m; j++) {
                    minD = Math.min(minD, Math.sqrt(dist2[i][j]));
                }
            }
            CorollaryRows r;
            try (NDManager s = nd.newSubManager()) {
                NDArray wa = Dense.array(s, w);
                double[] sv = Dense.singularRange(wa);
                double bound = Math.sqrt(2 / (sv[0] * sv[0] * beta * (alpha - 1)));
                double scale = bound / minD * (1 + 2 * rnd.nextDouble()); // every memory meets the stated bound
                for (double[] row : xi) {
                    for (int j = 0; j < d; j++) {
                        row[j] *= scale;
                    }
                }
                r = corollaryRows(Dense.array(s, xi), wa, sv, beta, alpha);
            }
            int ex = 0;
            int ce = 0;
            int cw = 0;
            for (int mu = 0; mu < m; mu++) {
                ex += r.exact()[mu] ? 1 : 0;
                ce += r.stated()[mu] && !r.exact()[mu] ? 1 : 0;
                cw += r.corrected()[mu] && !r.exact()[mu] ? 1 : 0;
                (r.exact()[mu] ? xs : xs2).add(r.minDistance()[mu] / r.statedBound());
                (r.exact()[mu] ? ys : ys2).add(r.marginRatio()[mu]);
            }
            if (ce > 0) {
                found++;
                if (firstCase == null) {
                    firstCase = "trial " + tr + " (d = " + d + ", M = " + m + ", beta = " + Html.number(beta, 3)
                            + ", alpha = " + alpha + ", L = " + Html.number(r.lipschitz(), 3) + ", sigma_min = "
                            + Html.number(r.sigmaMin(), 3) + ")";
                }
            }
            correctedWrong += cw;
            trial.append(tr);
            dC.append(d);
            mC.append(m);
            bC.append(beta);
            aC.append(alpha);
            lC.append(r.lipschitz());
            sC.append(r.sigmaMin());
            exC.append(ex);
            ceC.append(ce);
            cwC.append(cw);
        }
        Verdict verdict = found > 0 ? Verdict.DOES_NOT_HOLD : Verdict.HOLDS;
        String sentence = found > 0
                ? "In " + found + " of " + trials + " random memory sets that meet the stated bound for every memory,"
                        + " some memory is not retrieved exactly; first: " + firstCase + ". The corrected condition "
                        + "(sigma_min(W) in place of L, plus the feature-norm term) had " + correctedWrong
                        + " false positives."
                : "No counterexample in " + trials + " random memory sets that meet the stated bound.";
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("trials", (double) trials);
        numbers.put("trials with a counterexample", (double) found);
        numbers.put("corrected condition false positives", (double) correctedWrong);
        var chart = Charts.of("Corollary 2.2.1 search: memories meeting the stated bound",
                "min distance / stated bound (>= 1 for all)", "(alpha - 1) x margin (exact iff >= 1)");
        chart.points("exact", Charts.toArray(xs), Charts.toArray(ys));
        chart.points("not exact (counterexamples)", Charts.toArray(xs2), Charts.toArray(ys2));
        Table table = Table.create("Corollary 2.2.1 counterexample search", trial, dC, mC, bC, aC, lC, sC, exC, ceC,
                cwC);
        return new ClaimReport("Corollary 2.2.1 (counterexample search)", verdict, sentence, numbers, table,
                chart.build());
    }

    /** Queries inside the spheres S_mu of Definition 1.1 and the memory each one belongs to. */
    static Theorems.SphereQueries sphereQueries(NDArray xi, int perMemory, long seed) {
        double[][] x = Dense.rows(xi);
        int m = x.length;
        int d = x[0].length;
        double r = radius(x);
        Random rnd = new Random(seed);
        double[][] q = new double[m * perMemory][d];
        int[] target = new int[m * perMemory];
        for (int mu = 0; mu < m; mu++) {
            for (int k = 0; k < perMemory; k++) {
                int i = mu * perMemory + k;
                double[] dir = new double[d];
                for (int j = 0; j < d; j++) {
                    dir[j] = rnd.nextGaussian();
                }
                double n = Dense.norm(dir);
                double rad = r * (k + 1.0) / perMemory; // spread from R/perMemory to R
                for (int j = 0; j < d; j++) {
                    q[i][j] = x[mu][j] + rad * dir[j] / n * (1 - 1e-12);
                }
                target[i] = mu;
            }
        }
        NDArray queries = Dense.array(xi.getManager(), q);
        if (xi.getDataType() != DataType.FLOAT64) {
            NDArray c = queries.toType(xi.getDataType(), false);
            queries.close();
            queries = c;
        }
        return new Theorems.SphereQueries(queries, target, r);
    }

    static double radius(double[][] x) {
        double[][] d2 = Dense.squaredDistances(Dense.mulT(x, x));
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                min = Math.min(min, d2[i][j]);
            }
        }
        return Math.sqrt(min) / 2;
    }

    static double[] separations(double[][] x) {
        return margins(Dense.mulT(x, x)); // the Gram matrix is symmetric: row mu holds <xi_nu, xi_mu>
    }

    static double largestNorm(double[][] x) {
        double m = 0;
        for (double[] row : x) {
            m = Math.max(m, Dense.norm(row));
        }
        return m;
    }

    static ClaimReport errorBound(MemorySpec spec, NDArray queries, int[] targets) {
        double[][] x = Dense.rows(spec.memories());
        int m = x.length;
        double r = radius(x);
        double big = largestNorm(x);
        double[] delta = separations(x);
        double beta = spec.beta();
        double[][] q = Dense.rows(queries);
        double[][] out;
        try (Retrieval ret = spec.updateSteps(1).trackEnergy(false).retrieve(queries)) {
            out = Dense.rows(ret.states());
        }
        IntColumn qc = IntColumn.create("query");
        IntColumn tc = IntColumn.create("memory");
        DoubleColumn dist = DoubleColumn.create("distance_to_memory");
        BooleanColumn in = BooleanColumn.create("in_S_mu");
        DoubleColumn dc = DoubleColumn.create("Delta_mu");
        DoubleColumn err = DoubleColumn.create("error");
        DoubleColumn bc = DoubleColumn.create("bound_1_3");
        BooleanColumn viol = BooleanColumn.create("violates");
        int inside = 0;
        int violations = 0;
        int informative = 0;
        double worstRatio = 0;
        List<Double> bx = new ArrayList<>();
        List<Double> ey = new ArrayList<>();
        for (int i = 0; i < q.length; i++) {
            int mu = targets[i];
            double dd = 0;
            double ee = 0;
            for (int j = 0; j < q[i].length; j++) {
                dd += (q[i][j] - x[mu][j]) * (q[i][j] - x[mu][j]);
                ee += (out[i][j] - x[mu][j]) * (out[i][j] - x[mu][j]);
            }
            dd = Math.sqrt(dd);
            ee = Math.sqrt(ee);
            double bound = 2 * big * (m - 1) * Math.exp(-beta * (delta[mu] - 2 * big * r));
            boolean inS = dd <= r;
            boolean v = inS && ee > bound * (1 + 1e-9) + 1e-12;
            if (inS) {
                inside++;
                worstRatio = Math.max(worstRatio, ee / bound);
                informative += bound < 2 * big ? 1 : 0;
                bx.add(bound);
                ey.add(Math.max(ee, 1e-300));
            }
            violations += v ? 1 : 0;
            qc.append(i);
            tc.append(mu);
            dist.append(dd);
            in.append(inS);
            dc.append(delta[mu]);
            err.append(ee);
            bc.append(bound);
            viol.append(v);
        }
        Verdict verdict = violations > 0 ? Verdict.DOES_NOT_HOLD : Verdict.HOLDS;
        String sentence = violations > 0
                ? violations + " of " + inside + " queries inside S_mu have an error above 2m(M-1)exp(-beta(Delta_mu"
                        + " - 2mR)) (largest error/bound " + Html.number(worstRatio) + ") for " + spec + "."
                : "All " + inside + " queries inside S_mu respect the bound (largest error/bound "
                        + Html.number(worstRatio) + "); it is informative (below the trivial 2m) for "
                        + informative + " of them.";
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("memories M", (double) m);
        numbers.put("m (largest norm)", big);
        numbers.put("R (half the smallest distance)", r);
        numbers.put("smallest Delta_mu", java.util.Arrays.stream(delta).min().orElse(Double.NaN));
        numbers.put("largest Delta_mu", java.util.Arrays.stream(delta).max().orElse(Double.NaN));
        numbers.put("2mR", 2 * big * r);
        numbers.put("queries in S_mu", (double) inside);
        numbers.put("violations", (double) violations);
        numbers.put("informative bounds (< 2m)", (double) informative);
        numbers.put("largest error / bound", worstRatio);
        var chart = Charts.of("Bound (1.3): measured error vs 2m(M-1)exp(-beta(Delta_mu - 2mR)) (beta = " + beta + ")",
                "bound", "measured error ||T(x) - xi_mu||").logX().logY();
        chart.points("queries in S_mu", Charts.toArray(bx), Charts.toArray(ey));
        double lo = bx.stream().mapToDouble(Double::doubleValue).min().orElse(1e-10);
        double hi = bx.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        chart.line("error = bound", new double[] {lo, hi}, new double[] {lo, hi});
        Table table = Table.create("bound (1.3): " + spec, qc, tc, dist, in, dc, err, bc, viol);
        return new ClaimReport("Retrieval error bound (1.3)", verdict, sentence, numbers, table, chart.build());
    }

}
