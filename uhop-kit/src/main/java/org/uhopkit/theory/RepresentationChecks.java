package org.uhopkit.theory;

import org.uhopkit.report.Charts;
import org.uhopkit.report.Html;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.uhopkit.Kernel;
import org.uhopkit.SeparationLoss;
import org.uhopkit.TrainedMemory;
import org.uhopkit.UHop;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** Theorem 3.1 (kernelised representation) and appendix E.4. Package-private. */
final class RepresentationChecks {

    private RepresentationChecks() {}

    /** A random positive column-stochastic {@code (M, M)} matrix. */
    static double[][] columnStochastic(int m, long seed) {
        Random r = new Random(seed);
        double[][] p = new double[m][m];
        for (int j = 0; j < m; j++) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                p[i][j] = 0.05 + r.nextDouble() * Math.exp(2 * r.nextGaussian());
                s += p[i][j];
            }
            for (int i = 0; i < m; i++) {
                p[i][j] /= s;
            }
        }
        return p;
    }

    /** What the construction of E.4 produces with one choice of left inverse. */
    record Construction(double[][] wk, double[][] wq, double[][] softmax, double maxError) {}

    /**
     * Appendix E.4: {@code W_K = W~_K X'^+}, {@code W_Q = W~_Q X'^+} with {@code W~_K = [I_M; 0]},
     * {@code W~_Q = [log(P D_0)/beta; 0]} ({@code D_0 = I}), then {@code Softmax(beta (W_K X')^T W_Q X')}
     * column by column.
     *
     * @param xp X' {@code (D, M)}, one feature per column
     * @param leftInverse {@code (M, D)}
     */
    static Construction construct(double[][] xp, double[][] leftInverse, double[][] p, double beta) {
        int dd = xp.length;
        int m = p.length;
        if (dd < m) {
            throw new IllegalArgumentException("the construction of E.4 needs D >= M, got D = " + dd + ", M = " + m);
        }
        double[][] wkTilde = new double[dd][m];
        double[][] wqTilde = new double[dd][m];
        for (int i = 0; i < m; i++) {
            wkTilde[i][i] = 1;
            for (int j = 0; j < m; j++) {
                wqTilde[i][j] = Math.log(p[i][j]) / beta;
            }
        }
        double[][] wk = Dense.mul(wkTilde, leftInverse);
        double[][] wq = Dense.mul(wqTilde, leftInverse);
        double[][] kx = Dense.mul(wk, xp);
        double[][] qx = Dense.mul(wq, xp);
        double[][] s = Dense.mul(Dense.transpose(kx), qx);
        double[][] out = new double[m][m];
        double err = 0;
        for (int j = 0; j < m; j++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                max = Math.max(max, beta * s[i][j]);
            }
            double z = 0;
            for (int i = 0; i < m; i++) {
                z += Math.exp(beta * s[i][j] - max);
            }
            for (int i = 0; i < m; i++) {
                out[i][j] = Math.exp(beta * s[i][j] - max) / z;
                err = Math.max(err, Math.abs(out[i][j] - p[i][j]));
            }
        }
        return new Construction(wk, wq, out, err);
    }

    /** The paper's left inverse for orthogonal columns: {@code diag(1/||x_i||^2) X'^T}. */
    static double[][] orthogonalLeftInverse(double[][] xp) {
        double[][] t = Dense.transpose(xp);
        for (double[] row : t) {
            double n2 = Dense.dot(row, row);
            for (int j = 0; j < row.length; j++) {
                row[j] /= n2;
            }
        }
        return t;
    }

    /** Moore-Penrose left inverse {@code (X'^T X')^{-1} X'^T}, or null when the columns are dependent. */
    static double[][] pseudoInverse(double[][] xp) {
        double[][] t = Dense.transpose(xp);
        double[][] inv = Dense.inverse(Dense.mulT(t, t));
        return inv == null ? null : Dense.mul(inv, t);
    }

    /** Largest and mean |cosine| between distinct features (rows of {@code f}). */
    static double[] coherence(double[][] f) {
        double max = 0;
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < f.length; i++) {
            for (int j = i + 1; j < f.length; j++) {
                double c = Math.abs(Dense.dot(f[i], f[j]) / (Dense.norm(f[i]) * Dense.norm(f[j])));
                max = Math.max(max, c);
                sum += c;
                pairs++;
            }
        }
        return new double[] {max, pairs == 0 ? 0 : sum / pairs};
    }

    static ClaimReport representation(NDArray features, NDArray pArray, double beta) {
        double[][] f = Dense.rows(features); // (M, D)
        double[][] p = Dense.rows(pArray);
        int m = f.length;
        if (p.length != m || p[0].length != m) {
            throw new IllegalArgumentException("P must be (M, M) with M = " + m + " like the features, got ("
                    + p.length + ", " + p[0].length + ")");
        }
        for (int j = 0; j < m; j++) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                if (!(p[i][j] > 0)) {
                    throw new IllegalArgumentException("P must be positive, got " + p[i][j] + " at row " + i
                            + ", column " + j);
                }
                s += p[i][j];
            }
            if (Math.abs(s - 1) > 1e-9) {
                throw new IllegalArgumentException("P must be column-stochastic, column " + j + " sums to " + s);
            }
        }
        double[][] xp = Dense.transpose(f); // X' (D, M)
        double[] coh = coherence(f);
        double errPaper = Double.NaN;
        double errPinv = Double.NaN;
        Construction c = null; // the paper's construction, when X' has at least M rows
        if (xp.length >= m) {
            c = construct(xp, orthogonalLeftInverse(xp), p, beta);
            errPaper = c.maxError();
            double[][] pinv = pseudoInverse(xp);
            errPinv = pinv == null ? Double.NaN : construct(xp, pinv, p, beta).maxError();
        }
        boolean orthogonal = coh[0] <= 1e-10;
        Verdict verdict;
        String sentence;
        if (orthogonal && errPaper <= 1e-9) {
            verdict = Verdict.HOLDS;
            sentence = "With orthogonal features (largest |cos| " + Html.number(coh[0]) + ") the construction "
                    + "of E.4 gives Softmax(beta (W_K X')^T W_Q X') = P to " + Html.number(errPaper) + ".";
        } else if (orthogonal) {
            verdict = Verdict.DOES_NOT_HOLD;
            sentence = "The features are orthogonal but the construction misses P by " + Html.number(errPaper)
                    + ".";
        } else if (errPinv <= 1e-9) {
            verdict = Verdict.HOLDS_WITH_CORRECTION;
            sentence = "The features are not orthogonal (largest |cos| " + Html.number(coh[0]) + "): the "
                    + "paper's left inverse X'^T/||x||^2 misses P by " + Html.number(errPaper) + ", but the "
                    + "Moore-Penrose left inverse reproduces P to " + Html.number(errPinv) + ". Correction: "
                    + "linearly independent features (rank M) suffice; orthogonality is not needed.";
        } else if (c == null) {
            verdict = Verdict.DOES_NOT_HOLD;
            sentence = "The " + m + " features lie in D = " + xp.length + " < M dimensions, so they are linearly"
                    + " dependent and X' has no left inverse: the construction of E.4 does not exist. The"
                    + " representation needs M <= D and independent features.";
        } else {
            verdict = Verdict.DOES_NOT_HOLD;
            sentence = "The " + m + " features are linearly dependent (X'^T X' is singular), so X' has no left"
                    + " inverse; with the paper's left inverse the construction misses P by " + Html.number(errPaper)
                    + ". The representation needs independent features.";
        }
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("M", (double) m);
        numbers.put("D", (double) xp.length);
        numbers.put("beta", beta);
        numbers.put("largest |cos| between features", coh[0]);
        numbers.put("mean |cos| between features", coh[1]);
        if (c != null) { // not defined when D < M
            numbers.put("max |Softmax - P|, paper's left inverse", errPaper);
        }
        if (!Double.isNaN(errPinv)) { // not defined for dependent features
            numbers.put("max |Softmax - P|, Moore-Penrose left inverse", errPinv);
        }
        IntColumn i = IntColumn.create("row");
        IntColumn j = IntColumn.create("column");
        DoubleColumn pc = DoubleColumn.create("P");
        DoubleColumn sc = DoubleColumn.create("softmax_paper");
        double[] px = new double[m * m];
        double[] sy = new double[m * m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                i.append(a);
                j.append(b);
                pc.append(p[a][b]);
                if (c == null) {
                    sc.appendMissing(); // no construction when D < M
                } else {
                    sc.append(c.softmax()[a][b]);
                }
                px[a * m + b] = p[a][b];
                sy[a * m + b] = c == null ? Double.NaN : c.softmax()[a][b];
            }
        }
        var chart = c == null ? null : Charts.of("Theorem 3.1: entries of Softmax(beta (W_K X')^T W_Q X') vs P",
                "P entry", "constructed entry").points("entries", px, sy)
                .line("equal", new double[] {0, 1}, new double[] {0, 1});
        Table table = Table.create("Theorem 3.1 construction", i, j, pc, sc);
        return new ClaimReport("Theorem 3.1 (kernelised representation)", verdict, sentence, numbers, table,
                chart == null ? null : chart.build());
    }

    static ClaimReport learnOrthogonal(NDArray xi, int[] ns, double t, double rate, double beta, long seed) {
        int m = Math.toIntExact(xi.getShape().get(0));
        double[][] p = columnStochastic(m, seed + 1);
        IntColumn nC = IntColumn.create("N");
        DoubleColumn loss = DoubleColumn.create("loss_3_1");
        DoubleColumn gap = DoubleColumn.create("loss_minus_minimum");
        DoubleColumn maxCos = DoubleColumn.create("max_abs_cos");
        DoubleColumn meanCos = DoubleColumn.create("mean_abs_cos");
        DoubleColumn ePaper = DoubleColumn.create("error_paper_left_inverse");
        DoubleColumn ePinv = DoubleColumn.create("error_pseudo_inverse");
        double lastMax = Double.NaN;
        double lastPaper = Double.NaN;
        double lastPinv = Double.NaN;
        double firstMax = Double.NaN;
        for (int n : ns) {
            try (TrainedMemory mem = UHop.memories(xi).kernel(Kernel.linear().seed(seed))
                    .loss(SeparationLoss.deepLearning()).lossScale(t).learningRate(rate).normalizeRows(false)
                    .stageOne(n)) {
                double[][] f;
                try (NDManager s = xi.getManager().newSubManager(xi.getDevice())) {
                    NDArray wt = mem.w().transpose();
                    wt.attach(s); // made here, from the memory's W
                    NDArray phi = Dense.copy(s, xi).matMul(wt);
                    f = Dense.rows(phi.div(phi.square().sum(new int[] {1}, true).sqrt()));
                }
                double[][] xp = Dense.transpose(f);
                double[] coh = coherence(f);
                double a = construct(xp, orthogonalLeftInverse(xp), p, beta).maxError();
                double[][] pinv = pseudoInverse(xp);
                double b = pinv == null ? Double.NaN : construct(xp, pinv, p, beta).maxError();
                double[] tr = mem.lossTrace();
                nC.append(n);
                loss.append(tr[tr.length - 1]);
                gap.append(tr[tr.length - 1] + 2 * t);
                maxCos.append(coh[0]);
                meanCos.append(coh[1]);
                ePaper.append(a);
                ePinv.append(b);
                if (Double.isNaN(firstMax)) {
                    firstMax = coh[0];
                }
                lastMax = coh[0];
                lastPaper = a;
                lastPinv = b;
            }
        }
        Verdict verdict;
        String sentence;
        if (lastPaper <= 1e-9) {
            verdict = Verdict.HOLDS;
            sentence = "Minimising the loss of Definition 3.1 made the features orthogonal enough for the paper's "
                    + "construction to reproduce P to 1e-9.";
        } else if (lastPinv <= 1e-9) {
            verdict = Verdict.HOLDS_WITH_CORRECTION;
            sentence = "Minimising the loss of Definition 3.1 brings the largest |cos| from "
                    + Html.number(firstMax, 3) + " to " + Html.number(lastMax, 3) + ", not to 0, so the paper's left"
                    + " inverse misses P by " + Html.number(lastPaper, 3) + "; with the Moore-Penrose left inverse the"
                    + " learned (independent) features reproduce P to " + Html.number(lastPinv, 3) + ".";
        } else {
            verdict = Verdict.DOES_NOT_HOLD;
            sentence = "The learned features do not reproduce P with either left inverse (errors "
                    + Html.number(lastPaper) + ", " + Html.number(lastPinv) + ").";
        }
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("M", (double) m);
        numbers.put("t", t);
        numbers.put("loss minimum -2t (all features orthogonal)", -2 * t);
        numbers.put("largest |cos| before training", firstMax);
        numbers.put("largest |cos| after the last N", lastMax);
        numbers.put("error, paper's left inverse (last N)", lastPaper);
        numbers.put("error, Moore-Penrose (last N)", lastPinv);
        double[] xs = new double[ns.length];
        for (int k = 0; k < ns.length; k++) {
            xs[k] = Math.max(ns[k], 0.5);
        }
        var chart = Charts.of("Definition 3.1 loss minimisation: orthogonality and the E.4 construction",
                "Stage I steps N (0 shown at 0.5)", "value").logX().logY()
                .lineMarkers("max |cos|", xs, maxCos.asDoubleArray())
                .lineMarkers("loss - (-2t)", xs, gap.asDoubleArray())
                .lineMarkers("max |Softmax - P|, paper's left inverse", xs, ePaper.asDoubleArray())
                .lineMarkers("max |Softmax - P|, Moore-Penrose", xs, clampTiny(ePinv.asDoubleArray()));
        Table table = Table.create("Definition 3.1 minimisation", nC, loss, gap, maxCos, meanCos, ePaper, ePinv);
        return new ClaimReport("Theorem 3.1 via the loss of Definition 3.1 (learned features)", verdict, sentence,
                numbers, table, chart.build());
    }

    private static double[] clampTiny(double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(out[i], 1e-17);
        }
        return out;
    }
}
