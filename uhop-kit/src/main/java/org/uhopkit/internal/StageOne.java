package org.uhopkit.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.uhopkit.LearningRate;
import org.uhopkit.SeparationLoss;
import org.uhopkit.StageOneDivergedException;

/**
 * The engine of Stage I of Algorithm 1: N steps of plain gradient descent on W for a separation loss, then
 * the rows of W normalised.
 *
 * <p>Every built-in loss depends on W only through {@code P = W Xi^T} ({@code (D, m)}, m the training
 * memories), and its gradient {@code dL/dW = (dL/dP) Xi} stays in the span of the memories. Writing
 * {@code P_k = P_0 Q_k} and {@code W_k = W_0 + P_0 R_k Xi} with {@code (m, m)} matrices Q and R, each step
 * costs {@code O(m^3)} instead of {@code O(D d m)}; the result is the same W as plain SGD on W, up to
 * rounding (a test checks this against the direct computation, and against autograd of
 * {@link SeparationLoss#value}).
 */
public final class StageOne {

    /** The most Stage I steps a run may ask for (the loss is recorded at every step). */
    public static final int MAX_STEPS = 10_000_000;

    /**
     * What Stage I produced.
     *
     * @param w the learned W {@code (D_Phi, d)}, in the owner's manager
     * @param lossTrace the loss before the first step and after every step (length N + 1)
     * @param lossAfterNormalisation the loss of the row-normalised W (NaN without normalisation)
     * @param learningRates the rate used at each step (length N)
     */
    public record Result(NDArray w, double[] lossTrace, double lossAfterNormalisation, double[] learningRates) {}

    private StageOne() {}

    /**
     * Requires at least two training memories.
     *
     * @param m the number of training memories
     * @param how how m came about, for the message (e.g. "trainingFraction 0.1 of M = 8 memories"), or ""
     */
    public static void requireTwo(int m, String how) {
        if (m < 2) {
            throw new IllegalArgumentException("Stage I needs at least 2 memories to separate, got " + m
                    + (how.isEmpty() ? "" : " (" + how + ")"));
        }
    }

    /**
     * Requires a Stage I step count in {@code [0, MAX_STEPS]}.
     *
     * @param n N
     * @return n
     */
    public static int requireSteps(int n) {
        Checks.atLeast("N (Stage I steps)", n, 0);
        if (n > MAX_STEPS) {
            throw new IllegalArgumentException("N (Stage I steps) must be at most " + MAX_STEPS
                    + " (the loss is recorded at every step), got " + n);
        }
        return n;
    }

    /**
     * 0 on the strict upper triangle, -infinity elsewhere.
     *
     * @param manager where the array goes
     * @param m the size
     * @param type the data type
     * @return {@code (m, m)}
     */
    public static NDArray offPairs(NDManager manager, int m, DataType type) {
        double[] v = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                v[i * m + j] = i < j ? 0.0 : Double.NEGATIVE_INFINITY;
            }
        }
        try (NDArray d = manager.create(v, new Shape(m, m))) {
            return d.toType(type, true);
        }
    }

    /**
     * Runs Stage I. Safe to run from several threads on the same memories: they are never moved or freed.
     *
     * @param w0 initial W {@code (D, d)}, not moved or freed
     * @param train the training memories {@code (m, d)}, not moved or freed
     * @param loss the separation loss
     * @param t its scale
     * @param rate the learning rate per step; each must be positive and finite
     * @param steps N
     * @param normaliseRows whether to normalise the rows of W at the end (Algorithm 1, line 4)
     * @param owner where the returned W lives
     * @return W and the traces
     * @throws StageOneDivergedException when the loss or W stops being finite, naming the step, the rate and,
     *     at the initial W, the cause
     */
    public static Result run(NDArray w0, NDArray train, SeparationLoss loss, double t, LearningRate rate,
            int steps, boolean normaliseRows, NDManager owner) {
        int m = Math.toIntExact(train.getShape().get(0));
        requireTwo(m, "");
        requireSteps(steps);
        DataType type = w0.getDataType();
        double[] trace = new double[steps + 1];
        double[] rates = new double[steps];
        try (Scope s = Scope.near(w0)) {
            NDManager nd = s.manager();
            NDArray w0v = s.use(w0);
            NDArray xi = s.use(train);
            NDArray off = offPairs(nd, m, type);
            NDArray eye = nd.eye(m, m, 0, type);
            NDArray p0 = w0v.matMul(xi.transpose()); // (D, m)
            NDArray k0 = p0.transpose().matMul(p0); // (m, m)
            NDArray gram = xi.matMul(xi.transpose()); // (m, m)
            NDArray q = eye;
            NDArray r = nd.zeros(new Shape(m, m), type);
            for (int step = 0; step <= steps; step++) {
                try (Scope it = Scope.near(q)) {
                    NDArray qs = it.use(q);
                    NDArray k = qs.transpose().matMul(k0).matMul(qs);
                    NDArray norms = k.mul(eye).sum(new int[] {1}).sqrt(); // (m,)
                    NDArray outer = norms.expandDims(1).mul(norms.expandDims(0));
                    NDArray cos = k.div(outer);
                    SeparationLoss.Terms terms = loss.terms(cos, off, t);
                    double value = Scope.scalar(terms.value());
                    if (!Double.isFinite(value)) {
                        throw diverged(value, step, step == 0 ? Double.NaN : rates[step - 1], xi, p0, t, type);
                    }
                    trace[step] = value;
                    if (step == steps) {
                        break;
                    }
                    double lr = rate.at(step + 1);
                    if (!(lr > 0) || !Double.isFinite(lr)) {
                        throw new IllegalArgumentException("the learning rate of Stage I step " + (step + 1)
                                + " must be positive and finite, got " + lr + " from " + rate
                                + " (a negative rate would run gradient ascent)");
                    }
                    rates[step] = lr;
                    NDArray g = terms.pairGradient();
                    NDArray diag = cos.mul(g).sum(new int[] {1});
                    NDArray b = g.sub(diag.expandDims(0).mul(eye)).div(outer);
                    NDArray qb = qs.matMul(b);
                    NDArray qNew = qs.sub(qb.matMul(gram).mul(lr));
                    NDArray rNew = it.use(r).sub(qb.mul(lr));
                    NDArray qOld = q;
                    NDArray rOld = r;
                    q = it.keep(qNew, nd);
                    r = it.keep(rNew, nd);
                    if (qOld != eye) {
                        qOld.close(); // each step's Q and R replace the last: keep only the current pair
                    }
                    rOld.close();
                }
            }
            NDArray w = steps == 0 ? w0v.duplicate() : w0v.add(p0.matMul(r.matMul(xi)));
            double after = Double.NaN;
            if (normaliseRows) {
                NDArray rowNorms = w.square().sum(new int[] {1}, true).sqrt();
                double smallest = Scope.scalar(rowNorms.min());
                if (!(smallest > 0)) {
                    throw new StageOneDivergedException("cannot normalise the rows of W after " + steps
                            + " steps: a row has norm " + smallest, steps, steps == 0 ? Double.NaN : rates[steps - 1]);
                }
                w = w.div(rowNorms);
                after = directLoss(w, xi, loss, t, off);
            }
            requireFinite(w, steps, rates);
            return new Result(s.keep(w, owner), trace, after, rates);
        }
    }

    /** The exception for a loss that is not finite, with the cause found at step 0. */
    private static StageOneDivergedException diverged(double value, int step, double lr, NDArray xi, NDArray p0,
            double t, DataType type) {
        if (step > 0) {
            return new StageOneDivergedException("Stage I loss became " + value + " at step " + step
                    + " after learning rate " + lr + " (t = " + t + "); lower the learning rate or t", step, lr);
        }
        String cause;
        double[] memNorms = Scope.doubles(xi.square().sum(new int[] {1}));
        double[] featNorms = Scope.doubles(p0.square().sum(new int[] {0}));
        double limit = type == DataType.FLOAT64 ? Double.MAX_VALUE : Float.MAX_VALUE;
        int zero = firstIndex(memNorms, v -> v == 0);
        int overflowing = firstIndex(memNorms, v -> !Double.isFinite(v));
        int badFeature = firstIndex(featNorms, v -> !(v > 0) || !Double.isFinite(v));
        if (zero >= 0) {
            cause = "memory row " + zero + " is all zeros, so its feature cannot be normalised (appendix D.2); "
                    + "remove it";
        } else if (overflowing >= 0) {
            cause = "memory row " + overflowing + " has a squared norm that overflows " + type
                    + "; scale the memories down";
        } else if (badFeature >= 0) {
            cause = "the feature Phi(xi_" + badFeature + ") = W xi has squared norm " + featNorms[badFeature]
                    + " in " + type + "; scale the memories down or use float64";
        } else if (4 * t > limit) {
            cause = "the loss scale t = " + t + " overflows " + type + " (4t must stay below " + limit + ")";
        } else {
            cause = "t = " + t + " is too large for " + type + ": exp(-t ||F_i - F_j||^2) underflows for every pair";
        }
        return new StageOneDivergedException("Stage I loss is " + value + " at the initial W (step 0, before any "
                + "learning rate): " + cause, 0, Double.NaN);
    }

    private static int firstIndex(double[] v, java.util.function.DoublePredicate p) {
        for (int i = 0; i < v.length; i++) {
            if (p.test(v[i])) {
                return i;
            }
        }
        return -1;
    }

    private static void requireFinite(NDArray w, int steps, double[] rates) {
        try (NDArray bad = w.isNaN().logicalOr(w.isInfinite()).any()) {
            if (bad.getBoolean()) {
                throw new StageOneDivergedException("Stage I produced a non-finite W after " + steps + " steps",
                        steps, steps == 0 ? Double.NaN : rates[steps - 1]);
            }
        }
    }

    /**
     * The loss of W on the training memories, computed in feature space.
     *
     * @param w {@code (D, d)}
     * @param train {@code (m, d)}
     * @param loss the loss
     * @param t its scale
     * @param off {@link #offPairs}
     * @return the loss
     */
    public static double directLoss(NDArray w, NDArray train, SeparationLoss loss, double t, NDArray off) {
        try (Scope s = Scope.near(w)) {
            NDArray p = s.use(w).matMul(s.use(train).transpose());
            NDArray f = p.div(p.square().sum(new int[] {0}, true).sqrt());
            return Scope.scalar(loss.terms(f.transpose().matMul(f), s.use(off), t).value());
        }
    }

    /**
     * The first {@code count} rows, as a new view in {@code manager}.
     *
     * @param memories {@code (M, d)}, not moved
     * @param count rows
     * @param manager where the view goes
     * @return {@code (count, d)}
     */
    public static NDArray firstRows(NDArray memories, int count, NDManager manager) {
        NDArray rows = memories.get(new NDIndex(":" + count)); // a handle we made, in the memories' manager
        rows.attach(manager);
        return rows;
    }
}
