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
        // created directly in its type: an array made from a Java buffer owns that buffer, and a same-type
        // toType() of it is an alias of the buffer, not a copy, so the original must stay alive with it
        Shape shape = new Shape(m, m);
        if (type == DataType.FLOAT32) {
            float[] v = new float[m * m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    v[i * m + j] = i < j ? 0f : Float.NEGATIVE_INFINITY;
                }
            }
            return manager.create(v, shape);
        }
        double[] v = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                v[i * m + j] = i < j ? 0.0 : Double.NEGATIVE_INFINITY;
            }
        }
        NDArray d = manager.create(v, shape);
        return type == DataType.FLOAT64 ? d : d.toType(type, false); // d stays in the manager until it closes
    }

    /**
     * One run of a batch: its results at every checkpoint, or why it diverged.
     *
     * @param atCheckpoints one result per checkpoint, in the order asked (empty when the run diverged)
     * @param failure the divergence, or null
     */
    public record Run(java.util.List<Result> atCheckpoints, StageOneDivergedException failure) {}

    /**
     * Runs Stage I. Safe to run from several threads on the same memories: they are never moved or freed.
     *
     * @param w0 initial W {@code (D, d)}, not moved or freed
     * @param train the training memories {@code (m, d)}, not moved or freed
     * @param loss the separation loss
     * @param t its scale
     * @param rate the learning rate per step; each must be non-negative and finite (a step of rate 0 leaves W)
     * @param steps N
     * @param normaliseRows whether to normalise the rows of W at the end (Algorithm 1, line 4)
     * @param owner W goes to a new sub-manager of it ({@code result.w().getManager()})
     * @return W and the traces
     * @throws StageOneDivergedException when the loss or W stops being finite, naming the step, the rate and,
     *     at the initial W, the cause
     */
    public static Result run(NDArray w0, NDArray train, SeparationLoss loss, double t, LearningRate rate,
            int steps, boolean normaliseRows, NDManager owner) {
        try (Scope s = Scope.near(w0)) {
            Run run = runBatch(s.use(w0).expandDims(0), s.use(train).expandDims(0), loss, t,
                    new LearningRate[] {rate}, new int[] {steps}, normaliseRows, new NDManager[] {owner}).get(0);
            if (run.failure() != null) {
                throw run.failure();
            }
            return run.atCheckpoints().get(0);
        }
    }

    /**
     * Runs R independent Stage I runs at once, in memory coordinates on {@code (R, m, m)} arrays, and keeps
     * each run's W at every checkpoint (one pass to the largest N serves every smaller N: the learning rate
     * depends only on the step). Run r is exactly what {@link #run} gives for its own W0, memories and rate;
     * a run that diverges is reported in its {@link Run#failure()} and does not disturb the others.
     *
     * @param w0 initial Ws {@code (R, D, d)}, not moved or freed
     * @param train training memories {@code (R, m, d)}, not moved or freed
     * @param loss the separation loss
     * @param t its scale
     * @param rates one learning-rate schedule per run
     * @param checkpoints the N at which to keep W, strictly increasing, each in {@code [0, MAX_STEPS]}
     * @param normaliseRows whether to normalise the rows of each W (Algorithm 1, line 4)
     * @param owners one manager per run; each W goes to a new sub-manager of its run's (its
     *     {@code getManager()}), so each can be freed on its own
     * @return one {@link Run} per run
     */
    public static java.util.List<Run> runBatch(NDArray w0, NDArray train, SeparationLoss loss, double t,
            LearningRate[] rates, int[] checkpoints, boolean normaliseRows, NDManager[] owners) {
        int runs = Math.toIntExact(w0.getShape().get(0));
        java.util.List<java.util.List<Result>> perRun = new java.util.ArrayList<>();
        StageOneDivergedException[] failure = new StageOneDivergedException[runs];
        for (int j = 0; j < runs; j++) {
            perRun.add(new java.util.ArrayList<>());
        }
        boolean[][] all = new boolean[checkpoints.length][runs];
        for (boolean[] row : all) {
            java.util.Arrays.fill(row, true);
        }
        runBatch(w0, train, loss, t, rates, checkpoints, normaliseRows, all, owners, (c, results, failures) -> {
            for (int j = 0; j < runs; j++) {
                if (failure[j] == null && failures[j] != null) {
                    failure[j] = failures[j];
                }
                if (results[j] != null) {
                    perRun.get(j).add(results[j]);
                }
            }
        });
        java.util.List<Run> out = new java.util.ArrayList<>();
        for (int j = 0; j < runs; j++) {
            if (failure[j] != null) {
                for (Result res : perRun.get(j)) {
                    res.w().getManager().close();
                }
                out.add(new Run(java.util.List.of(), failure[j]));
            } else {
                out.add(new Run(java.util.List.copyOf(perRun.get(j)), null));
            }
        }
        return out;
    }

    /** Receives a batched Stage I's results at one checkpoint ({@link #runBatch(NDArray, NDArray,
     * SeparationLoss, double, LearningRate[], int[], boolean, boolean[][], NDManager[], CheckpointSink)}). */
    @FunctionalInterface
    public interface CheckpointSink {
        /**
         * The results at one checkpoint. The sink owns each result's W (in a sub-manager of its run's owner:
         * close {@code result.w().getManager()} when done).
         *
         * @param checkpoint the index of the checkpoint
         * @param results per run: its result, or null when it was not wanted here or failed
         * @param failures per run: why it has no result at this N (a divergence at or before N, or a W that is
         *     not finite or cannot be normalised at N), or null
         */
        void accept(int checkpoint, Result[] results, StageOneDivergedException[] failures);
    }

    /**
     * Runs R independent Stage I runs at once, in memory coordinates on {@code (R, m, m)} arrays, and hands the
     * results at each checkpoint to {@code sink} as soon as the pass reaches it: W is built only for the runs
     * {@code wanted} there (nothing else of the batch is kept from one checkpoint to the next). Run r at
     * checkpoint N is exactly what {@link #run} gives for its own W0, memories, rate and N: it has a result
     * unless its loss was not finite at a step up to N, or its W at N is not finite or cannot be normalised,
     * as alone. A run that diverges does not disturb the others.
     *
     * @param w0 initial Ws {@code (R, D, d)}, not moved or freed
     * @param train training memories {@code (R, m, d)}, not moved or freed
     * @param loss the separation loss
     * @param t its scale
     * @param rates one learning-rate schedule per run
     * @param checkpoints the N at which to hand over results, strictly increasing, each in {@code [0, MAX_STEPS]}
     * @param normaliseRows whether to normalise the rows of each W (Algorithm 1, line 4)
     * @param wanted {@code wanted[c][r]}: whether run r's W is built at checkpoint c
     * @param owners one manager per run; each W goes to a new sub-manager of its run's
     * @param sink receives the results at each checkpoint, in order
     */
    public static void runBatch(NDArray w0, NDArray train, SeparationLoss loss, double t, LearningRate[] rates,
            int[] checkpoints, boolean normaliseRows, boolean[][] wanted, NDManager[] owners, CheckpointSink sink) {
        int runs = Math.toIntExact(w0.getShape().get(0));
        int m = Math.toIntExact(train.getShape().get(1));
        requireTwo(m, "");
        if (rates.length != runs || owners.length != runs || train.getShape().get(0) != runs) {
            throw new IllegalArgumentException("a batch of " + runs + " Stage I runs needs as many memory sets, "
                    + "learning rates and owners, got " + train.getShape().get(0) + ", " + rates.length + " and "
                    + owners.length);
        }
        if (checkpoints.length == 0) {
            throw new IllegalArgumentException("checkpoints must not be empty");
        }
        for (int i = 0; i < checkpoints.length; i++) {
            requireSteps(checkpoints[i]);
            if (i > 0 && checkpoints[i] <= checkpoints[i - 1]) {
                throw new IllegalArgumentException("checkpoints must be strictly increasing, got "
                        + java.util.Arrays.toString(checkpoints));
            }
        }
        if (wanted.length != checkpoints.length) {
            throw new IllegalArgumentException("wanted needs one row per checkpoint (" + checkpoints.length
                    + "), got " + wanted.length);
        }
        for (boolean[] row : wanted) {
            if (row.length != runs) {
                throw new IllegalArgumentException("wanted needs one entry per run (" + runs + "), got " + row.length);
            }
        }
        int steps = checkpoints[checkpoints.length - 1];
        DataType type = w0.getDataType();
        double[][] trace = new double[runs][steps + 1];
        double[][] lrs = new double[runs][steps];
        StageOneDivergedException[] failure = new StageOneDivergedException[runs];
        try (Scope s = Scope.near(w0)) {
            NDManager nd = s.manager();
            NDArray w0v = s.use(w0);
            NDArray xi = s.use(train);
            NDArray off = offPairs(nd, m, type);
            NDArray eye = nd.eye(m, m, 0, type);
            // the products of the whole arrays one 2-D product per run: libtorch's batched product (R > 1)
            // rounds differently from a single one in float32, and each run must be exactly as alone
            NDArray p0 = StageTwo.slicewiseProduct(w0v, xi.swapAxes(-1, -2)); // (R, D, m)
            NDArray k0 = StageTwo.slicewiseProduct(p0.swapAxes(-1, -2), p0); // (R, m, m)
            NDArray gram = StageTwo.slicewiseProduct(xi, xi.swapAxes(-1, -2)); // (R, m, m)
            NDArray q = eye.expandDims(0).repeat(0, runs);
            NDArray r = nd.zeros(new Shape(runs, m, m), type);
            int next = 0;
            // the loss of each run at the current state, or null once the state has moved: a step whose rate is 0
            // for every run in the array's type (the authors' decay underflows float32 from about step 63) leaves
            // Q and R exactly as they are (x - 0 y = x), so it is skipped and the loss repeated, bit for bit
            double[] values = null;
            for (int step = 0; step <= steps; step++) {
                try (Scope it = Scope.near(q)) {
                    NDArray qs = it.use(q);
                    Evaluation at = null;
                    if (values == null) {
                        at = evaluate(qs, k0, eye, off, loss, t);
                        values = Scope.doubles(at.terms().value());
                    }
                    for (int j = 0; j < runs; j++) {
                        if (failure[j] == null && !Double.isFinite(values[j])) {
                            failure[j] = diverged(values[j], step, step == 0 ? Double.NaN : lrs[j][step - 1],
                                    xi.get(j), p0.get(j), t, type);
                        }
                        trace[j][step] = values[j];
                    }
                    while (next < checkpoints.length && checkpoints[next] == step) {
                        int c = next++;
                        checkpoint(c, step, w0v, p0, xi, it.use(r), off, loss, t, normaliseRows, wanted[c], owners,
                                trace, lrs, failure, sink);
                    }
                    if (step == steps) {
                        break;
                    }
                    double[] lr = new double[runs];
                    boolean moves = false;
                    for (int j = 0; j < runs; j++) {
                        lr[j] = rates[j].at(step + 1);
                        // 0 is allowed: the authors' decay gamma / sqrt((k-1)!) underflows to 0 after about 315
                        // steps (in their code as here), and such a step leaves W as it is
                        if (!(lr[j] >= 0) || !Double.isFinite(lr[j])) {
                            throw new IllegalArgumentException("the learning rate of Stage I step " + (step + 1)
                                    + " must be non-negative and finite, got " + lr[j] + " from " + rates[j]
                                    + " (a negative rate would run gradient ascent)");
                        }
                        lrs[j][step] = lr[j];
                        moves |= (type == DataType.FLOAT64 ? lr[j] : (double) (float) lr[j]) != 0;
                    }
                    if (!moves) {
                        continue; // Q, R and so the loss stay as they are
                    }
                    if (at == null) {
                        at = evaluate(qs, k0, eye, off, loss, t); // the state of the loss repeated since
                    }
                    values = null;
                    NDArray cos = at.cos();
                    NDArray outer = at.outer();
                    SeparationLoss.Terms terms = at.terms();
                    NDArray lrArray = it.manager().create(lr, new Shape(runs, 1, 1)).toType(type, false);
                    NDArray g = terms.pairGradient();
                    NDArray diag = cos.mul(g).sum(new int[] {-1}); // (R, m)
                    NDArray b = g.sub(diag.expandDims(-2).mul(eye)).div(outer);
                    NDArray qb = qs.matMul(b);
                    NDArray qNew = qs.sub(qb.matMul(gram).mul(lrArray));
                    NDArray rNew = it.use(r).sub(qb.mul(lrArray));
                    NDArray qOld = q;
                    NDArray rOld = r;
                    q = it.keep(qNew, nd);
                    r = it.keep(rNew, nd);
                    qOld.close(); // each step's Q and R replace the last: keep only the current pair
                    rOld.close();
                }
            }
        }
    }

    /** The cosine similarities of the features at a state, their norms' outer product and the loss terms. */
    private record Evaluation(NDArray cos, NDArray outer, SeparationLoss.Terms terms) {}

    /** The loss terms at the state Q ({@code K = Q^T K0 Q}, the cosines of the features {@code P0 Q}). */
    private static Evaluation evaluate(NDArray qs, NDArray k0, NDArray eye, NDArray off, SeparationLoss loss, double t) {
        NDArray k = qs.swapAxes(-1, -2).matMul(k0).matMul(qs);
        NDArray norms = k.mul(eye).sum(new int[] {-1}).sqrt(); // (R, m)
        NDArray outer = norms.expandDims(-1).mul(norms.expandDims(-2));
        NDArray cos = k.div(outer);
        return new Evaluation(cos, outer, loss.terms(cos, off, t));
    }

    /**
     * The results at checkpoint {@code c} (N steps) for the wanted runs that have not failed: W built from R,
     * normalised, checked; every W is its own array in a sub-manager of its run's owner.
     */
    private static void checkpoint(int c, int n, NDArray w0v, NDArray p0, NDArray xi, NDArray rNow, NDArray off,
            SeparationLoss loss, double t, boolean normaliseRows, boolean[] wanted, NDManager[] owners,
            double[][] trace, double[][] lrs, StageOneDivergedException[] failure, CheckpointSink sink) {
        int runs = failure.length;
        Result[] results = new Result[runs];
        StageOneDivergedException[] failures = failure.clone();
        java.util.List<Integer> build = new java.util.ArrayList<>();
        for (int j = 0; j < runs; j++) {
            if (wanted[j] && failure[j] == null) {
                build.add(j);
            }
        }
        if (!build.isEmpty()) {
            // each wanted run's W on its own, straight into its owner: the same 2-D products and element-wise
            // operations as a run alone (so the same bits), without stacking the batch's Ws or copying them out
            for (int j : build) {
                double lastRate = n == 0 ? Double.NaN : lrs[j][n - 1];
                NDManager own = owners[j].newSubManager(w0v.getDevice()); // one manager per W: closing one frees it
                boolean kept = false;
                try (Scope cs = Scope.near(w0v)) {
                    NDArray w0j = cs.use(w0v).get(j);
                    NDArray xij = cs.use(xi).get(j);
                    NDArray w = n == 0 ? w0j : w0j.add(cs.use(p0).get(j).matMul(cs.use(rNow).get(j).matMul(xij)));
                    double after = Double.NaN;
                    if (normaliseRows) {
                        NDArray rowNorms = w.square().sum(new int[] {-1}, true).sqrt(); // (D, 1)
                        // a NaN entry makes its row's norm NaN (it propagates through the sum, the minimum and the
                        // maximum); an infinite one makes it infinite, and so can finite entries whose squares
                        // overflow the type: only then are the entries themselves looked at
                        double smallest = Scope.scalar(rowNorms.min());
                        double largestNorm = Scope.scalar(rowNorms.max());
                        if (!(smallest > 0)) {
                            failures[j] = new StageOneDivergedException("cannot normalise the rows of W after " + n
                                    + " steps: a row has norm " + smallest, n, lastRate);
                            continue;
                        }
                        if (!Double.isFinite(largestNorm)) {
                            double largest = Scope.scalar(w.abs().max());
                            failures[j] = Double.isFinite(largest)
                                    ? new StageOneDivergedException("cannot normalise the rows of W after " + n
                                            + " steps: a row's norm overflows " + w.getDataType() + " (largest |entry| "
                                            + largest + ")", n, lastRate)
                                    : new StageOneDivergedException("Stage I produced a non-finite W after " + n
                                            + " steps", n, lastRate);
                            continue;
                        }
                        w = w.div(rowNorms);
                        NDArray p = w.matMul(xij.transpose()); // (D, m)
                        NDArray f = p.div(p.square().sum(new int[] {-2}, true).sqrt());
                        after = Scope.scalar(loss.terms(f.transpose().matMul(f).expandDims(0), cs.use(off), t).value());
                    } else {
                        // the largest |entry|: NaN or infinite exactly when an entry is
                        double largest = Scope.scalar(w.abs().max());
                        if (!Double.isFinite(largest)) {
                            failures[j] = new StageOneDivergedException("Stage I produced a non-finite W after " + n
                                    + " steps", n, lastRate);
                            continue;
                        }
                    }
                    NDArray wj = n == 0 && !normaliseRows ? w.duplicate() : w; // never a view of the batch's W0
                    cs.keep(wj, own);
                    results[j] = new Result(wj, java.util.Arrays.copyOf(trace[j], n + 1), after,
                            java.util.Arrays.copyOf(lrs[j], n));
                    kept = true;
                } finally {
                    if (!kept) {
                        own.close();
                    }
                }
            }
        }
        sink.accept(c, results, failures);
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
