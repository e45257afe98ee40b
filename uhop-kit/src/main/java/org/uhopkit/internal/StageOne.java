package org.uhopkit.internal;

import org.uhopkit.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Stage I of Algorithm 1: N steps of plain gradient descent on W for a separation loss, then the rows
 * of W normalised.
 *
 * <p>Every built-in loss depends on W only through {@code P = W Xi^T} ({@code (D, m)}, m the training
 * memories), and its gradient {@code dL/dW = (dL/dP) Xi} stays in the span of the memories. Writing
 * {@code P_k = P_0 Q_k} and {@code W_k = W_0 + P_0 R_k Xi} with {@code (m, m)} matrices Q and R, each step
 * costs {@code O(m^3)} instead of {@code O(D d m)}; the result is the same W as plain SGD on W, up to
 * rounding (a test checks this against the direct computation).
 */
public final class StageOne {

    /** What Stage I produced. */
    public record Result(NDArray w, double[] lossTrace, double lossAfterNormalisation, double[] learningRates) {}

    private StageOne() {}

    public static void requireTwo(int m) {
        if (m < 2) {
            throw new IllegalArgumentException(
                    "Stage I needs at least 2 memories to separate, got M = " + m);
        }
    }

    /** 0 on the strict upper triangle, -infinity elsewhere. */
    public static NDArray offPairs(NDManager manager, int m, DataType type) {
        double[] v = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                v[i * m + j] = i < j ? 0.0 : Double.NEGATIVE_INFINITY;
            }
        }
        return manager.create(v, new Shape(m, m)).toType(type, false);
    }

    /**
     * Runs Stage I.
     *
     * @param w0 initial W {@code (D, d)}, not closed
     * @param train the training memories {@code (m, d)}
     * @param owner where the returned W lives
     */
    public static Result run(NDArray w0, NDArray train, SeparationLoss loss, double t, LearningRate rate,
            int steps, boolean normaliseRows, NDManager owner) {
        int m = Math.toIntExact(train.getShape().get(0));
        requireTwo(m);
        DataType type = w0.getDataType();
        double[] trace = new double[steps + 1];
        double[] rates = new double[steps];
        try (Scratch s = Scratch.of(w0, w0, train)) {
            NDManager nd = s.manager();
            NDArray off = offPairs(nd, m, type);
            NDArray eye = nd.eye(m, m, 0, type);
            NDArray p0 = w0.matMul(train.transpose()); // (D, m)
            NDArray k0 = p0.transpose().matMul(p0); // (m, m)
            NDArray gram = train.matMul(train.transpose()); // (m, m)
            NDArray q = eye;
            NDArray r = nd.zeros(new Shape(m, m), type);
            for (int step = 0; step <= steps; step++) {
                try (NDManager it = nd.newSubManager()) {
                    it.tempAttachAll(q, r);
                    NDArray k = q.transpose().matMul(k0).matMul(q);
                    NDArray norms = k.mul(eye).sum(new int[] {1}).sqrt(); // (m,)
                    NDArray outer = norms.expandDims(1).mul(norms.expandDims(0));
                    NDArray cos = k.div(outer);
                    SeparationLoss.Terms terms = loss.terms(cos, off, t);
                    double value = Scratch.scalar(terms.value());
                    double lr = step < steps ? rate.at(step + 1) : Double.NaN;
                    if (!Double.isFinite(value)) {
                        throw new IllegalStateException("Stage I loss became " + value + " at step " + step
                                + (step == 0 ? " (the initial W)" : " after learning rate " + rates[step - 1])
                                + "; lower the learning rate or check the memories");
                    }
                    trace[step] = value;
                    if (step == steps) {
                        break;
                    }
                    rates[step] = lr;
                    NDArray g = terms.pairGradient();
                    NDArray diag = cos.mul(g).sum(new int[] {1});
                    NDArray b = g.sub(diag.expandDims(0).mul(eye)).div(outer);
                    NDArray qb = q.matMul(b);
                    NDArray qNew = q.sub(qb.matMul(gram).mul(lr));
                    NDArray rNew = r.sub(qb.mul(lr));
                    qNew.attach(nd);
                    rNew.attach(nd);
                    q = qNew;
                    r = rNew;
                }
            }
            NDArray w = steps == 0 ? w0.duplicate() : w0.add(p0.matMul(r.matMul(train)));
            double after = Double.NaN;
            if (normaliseRows) {
                NDArray rowNorms = w.square().sum(new int[] {1}, true).sqrt();
                double smallest = Scratch.scalar(rowNorms.min());
                if (!(smallest > 0)) {
                    throw new IllegalStateException("cannot normalise the rows of W: a row has norm " + smallest);
                }
                w = w.div(rowNorms);
                after = directLoss(w, train, loss, t, off);
            }
            requireFinite(w, steps);
            return new Result(s.keep(w, owner), trace, after, rates);
        }
    }

    private static void requireFinite(NDArray w, int steps) {
        try (NDArray bad = w.isNaN().logicalOr(w.isInfinite()).any()) {
            if (bad.getBoolean()) {
                throw new IllegalStateException("Stage I produced a non-finite W after " + steps + " steps");
            }
        }
    }

    /** The loss of W on the training memories, computed in feature space. */
    public static double directLoss(NDArray w, NDArray train, SeparationLoss loss, double t, NDArray off) {
        NDArray p = w.matMul(train.transpose());
        NDArray f = p.div(p.square().sum(new int[] {0}, true).sqrt());
        return Scratch.scalar(loss.terms(f.transpose().matMul(f), off, t).value());
    }

    /** The first {@code count} rows. */
    public static NDArray firstRows(NDArray memories, int count) {
        return memories.get(new NDIndex(":" + count));
    }
}
