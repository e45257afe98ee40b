package org.uhopkit.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.uhopkit.LearningRate;
import org.uhopkit.SeparationLoss;
import org.uhopkit.StageOneDivergedException;

/**
 * The engine of Stage I of Algorithm 1: N steps of plain gradient descent on W for a separation loss, then
 * the rows of W normalised.
 *
 * <p>Every built-in loss depends on W only through {@code P = W Xi^T} ({@code (D, m)}, m the training
 * memories), and its gradient {@code dL/dW = (dL/dP) Xi} stays in the span of the memories. Writing
 * {@code P_k = P_0 Q_k} and {@code W_k = W_0 + P_0 R_k Xi} with {@code (m, m)} matrices Q and R, a step is
 * {@code Q <- Q - lr Q B G}, {@code R <- R - lr Q B} (B the loss's gradient with respect to the features' Gram
 * matrix, mapped through the normalisation; {@code G = Xi Xi^T}). The state is kept as {@code S = F Q} and
 * {@code T = F R} for a factor {@code F^T F = P_0^T P_0} (the Cholesky factor, or {@code P_0} itself when
 * {@code D <= m} or the features are nearly dependent), so that a step costs three products
 * ({@code 6 m^2 min(m, D)} flops) instead of {@code O(D d m)}; the result is the same W as plain SGD on W, up
 * to rounding (a test checks this against the direct computation, and against autograd of
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
        return create(manager, v, new Shape(m, m), type);
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
     * a run that diverges is reported in its {@link Run#failure()} and does not disturb the others. In float32 this holds with MKL's strict conditional
     * reproducibility ({@code MKL_CBWR=AUTO,STRICT}), which the kit's launchers, notebook kernel and tests set.
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
     * as alone. A run that diverges does not disturb the others. In float32 this holds with MKL's strict
     * conditional reproducibility ({@code MKL_CBWR=AUTO,STRICT}), which the kit's launchers, notebook kernel and
     * tests set.
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
            // the products of the whole arrays one 2-D product per run: libtorch's batched product (R > 1)
            // rounds differently from a single one in float32, and each run must be exactly as alone
            NDArray p0 = StageTwo.slicewiseProduct(w0v, xi.swapAxes(-1, -2)); // (R, D, m)
            List<Group> groups = Group.of(nd, p0, xi, m, type);
            int next = 0;
            // the loss of each run at the current state, or null once the state has moved: a step whose rate is 0
            // for every run in the array's type (the authors' decay underflows float32 from about step 63) leaves
            // S and T exactly as they are (x - 0 y = x), so it is skipped and the loss repeated, bit for bit
            double[] values = null;
            for (int step = 0; step <= steps; step++) {
                try (Scope it = Scope.near(p0)) {
                    boolean evaluated = false;
                    if (values == null) {
                        values = new double[runs];
                        for (Group g : groups) {
                            g.evaluate(it, loss, t, values);
                        }
                        evaluated = true;
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
                        checkpoint(c, step, w0v, xi, groups, loss, t, normaliseRows, wanted[c], owners, trace, lrs,
                                failure, sink);
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
                        continue; // S, T and so the loss stay as they are
                    }
                    if (!evaluated) {
                        for (Group g : groups) {
                            g.evaluate(it, loss, t, null); // the state of the loss repeated since
                        }
                    }
                    values = null;
                    for (Group g : groups) {
                        g.step(it, lr, nd);
                    }
                }
            }
        }
    }

    /**
     * Runs of a batch that share one form of the Stage I state (each run is in exactly one group, chosen from its
     * own data alone, so a run computes the same in any batch as alone).
     *
     * <p>The features are {@code P_k = P0 Q_k} (see the class comment). With any {@code F} such that
     * {@code F^T F = K0 = P0^T P0}, the state is kept as {@code S_k = F Q_k} and {@code T_k = F R_k}:
     * the cosines come from {@code K_k = S_k^T S_k}, a step is {@code S <- S - lr (S B) G},
     * {@code T <- T - lr S B} (three products, 6 m^3 flops, against 8 m^3 for Q and R), and
     * {@code W_k = W0 + P0 R_k Xi = W0 + U T_k Xi} with {@code U = P0 F^-1}, since {@code U F = P0}.
     * <ul>
     *   <li>{@code F} the Cholesky factor of {@code K0} (upper triangular, {@code (m, m)}) when {@code D > m} and
     *       {@code K0} is safely positive definite: each pivot keeps at least {@link #RELATIVE_PIVOT} of its
     *       diagonal entry. Factor and {@code U} are computed in float64 from the run's {@code P0}.</li>
     *   <li>{@code F = P0} ({@code (D, m)}: S is the features themselves, T = P0 R, U the identity) when
     *       {@code D <= m} (6 D m^2 flops) or when the memories' features are (nearly) linearly dependent.</li>
     * </ul>
     */
    static final class Group {
        /** The smallest share of a pivot's diagonal entry kept by the Cholesky factor of K0. */
        static final double RELATIVE_PIVOT = 1e-10;

        final int[] runs; // indices in the batch
        final boolean features; // F = P0
        final NDArray gram; // (R_g, m, m)
        final NDArray eye;
        final NDArray off;
        final NDArray p0; // (R_g, D, m), the group's slice of the batch's P0
        final double[][] inverse; // per run, F^-1 row-major (m x m), or null for F = P0
        final NDArray[] u; // per run, U in the run's type, made when first needed
        NDArray s;
        NDArray t;
        Evaluation at;

        private Group(int[] runs, boolean features, NDArray gram, NDArray eye, NDArray off, NDArray p0,
                double[][] inverse, NDArray s, NDArray t) {
            this.runs = runs;
            this.features = features;
            this.gram = gram;
            this.eye = eye;
            this.off = off;
            this.p0 = p0;
            this.inverse = inverse;
            this.u = new NDArray[runs.length];
            this.s = s;
            this.t = t;
        }

        /** The batch's groups (one or two), in {@code nd}. */
        static List<Group> of(NDManager nd, NDArray p0, NDArray xi, int m, DataType type) {
            int runs = Math.toIntExact(p0.getShape().get(0));
            int dimension = Math.toIntExact(p0.getShape().get(1)); // D
            double[][] factor = new double[runs][];
            if (dimension > m) {
                double[] k0;
                try (Scope f = Scope.near(p0)) {
                    NDArray p64 = f.use(p0).toType(DataType.FLOAT64, false);
                    k0 = Scope.doubles(StageTwo.slicewiseProduct(p64.swapAxes(-1, -2), p64)); // (R, m, m)
                }
                for (int j = 0; j < runs; j++) {
                    factor[j] = cholesky(k0, j * m * m, m);
                }
            }
            List<Group> out = new ArrayList<>();
            for (boolean featureForm : new boolean[] {false, true}) {
                List<Integer> members = new ArrayList<>();
                for (int j = 0; j < runs; j++) {
                    if ((factor[j] == null) == featureForm) {
                        members.add(j);
                    }
                }
                if (members.isEmpty()) {
                    continue;
                }
                int[] idx = members.stream().mapToInt(Integer::intValue).toArray();
                NDArray index = nd.create(idx);
                NDArray p0g = p0.get(index);
                NDArray xig = xi.get(index);
                NDArray gram = StageTwo.slicewiseProduct(xig, xig.swapAxes(-1, -2)); // (R_g, m, m)
                NDArray eye = nd.eye(m, m, 0, type);
                NDArray off = offPairs(nd, m, type);
                if (featureForm) {
                    NDArray t0 = nd.zeros(p0g.getShape(), type);
                    out.add(new Group(idx, true, gram, eye, off, p0g, null, p0g, t0));
                } else {
                    double[][] inverse = new double[idx.length][];
                    double[] f = new double[idx.length * m * m];
                    for (int k = 0; k < idx.length; k++) {
                        System.arraycopy(factor[idx[k]], 0, f, k * m * m, m * m);
                        inverse[k] = upperInverse(factor[idx[k]], m);
                    }
                    NDArray s0 = create(nd, f, new Shape(idx.length, m, m), type);
                    out.add(new Group(idx, false, gram, eye, off, p0g, inverse, s0, nd.zeros(s0.getShape(), type)));
                }
            }
            return out;
        }

        /**
         * The loss terms at the current state, kept for the step; with {@code values}, each run's loss is written at
         * its index.
         */
        void evaluate(Scope it, SeparationLoss loss, double scale, double[] values) {
            NDArray ss = it.use(s);
            NDArray k = ss.swapAxes(-1, -2).matMul(ss); // (R_g, m, m)
            NDArray norms = k.mul(eye).sum(new int[] {-1}).sqrt(); // (R_g, m)
            NDArray outer = norms.expandDims(-1).mul(norms.expandDims(-2));
            NDArray cos = k.div(outer);
            at = new Evaluation(cos, outer, loss.terms(cos, off, scale));
            if (values != null) {
                double[] v = Scope.doubles(at.terms().value());
                for (int k2 = 0; k2 < runs.length; k2++) {
                    values[runs[k2]] = v[k2];
                }
            }
        }

        /** One gradient step at the rates {@code lr} (indexed by the batch's runs) from the last evaluation. */
        void step(Scope it, double[] lr, NDManager keep) {
            double[] mine = new double[runs.length];
            for (int k = 0; k < runs.length; k++) {
                mine[k] = lr[runs[k]];
            }
            NDArray lrArray = it.manager().create(mine, new Shape(runs.length, 1, 1)).toType(eye.getDataType(), false);
            NDArray g = at.terms().pairGradient();
            NDArray diag = at.cos().mul(g).sum(new int[] {-1}); // (R_g, m)
            NDArray b = g.sub(diag.expandDims(-2).mul(eye)).div(at.outer());
            NDArray ss = it.use(s);
            NDArray sb = ss.matMul(b);
            NDArray sNew = ss.sub(sb.matMul(gram).mul(lrArray));
            NDArray tNew = it.use(t).sub(sb.mul(lrArray));
            NDArray sOld = s;
            NDArray tOld = t;
            s = it.keep(sNew, keep);
            t = it.keep(tNew, keep);
            at = null;
            if (sOld != p0) {
                sOld.close(); // each step's S and T replace the last: keep only the current pair
            }
            tOld.close();
        }

        /**
         * {@code W - W0 = U T Xi} of the group's k-th run, in {@code cs}.
         */
        NDArray update(Scope cs, int k, NDArray xik) {
            NDArray tx = cs.use(t).get(k).matMul(xik); // (r, d)
            if (features) {
                return tx;
            }
            if (u[k] == null) {
                int m = Math.toIntExact(t.getShape().get(1));
                try (Scope us = Scope.near(p0)) { // the float64 copies and the inverse go with the scope
                    NDArray pk = us.use(p0).get(k);
                    NDArray inv = us.manager().create(inverse[k], new Shape(m, m));
                    NDArray uk = pk.toType(DataType.FLOAT64, false).matMul(inv).toType(pk.getDataType(), false);
                    u[k] = us.keep(uk, p0.getManager()); // (D, m), freed with the batch
                }
            }
            return cs.use(u[k]).matMul(tx);
        }

        /** The index of batch run j in this group, or -1. */
        int indexOf(int j) {
            for (int k = 0; k < runs.length; k++) {
                if (runs[k] == j) {
                    return k;
                }
            }
            return -1;
        }
    }

    /** The group holding batch run j (each run is in exactly one). */
    private static Group groupOf(List<Group> groups, int j) {
        for (Group g : groups) {
            if (g.indexOf(j) >= 0) {
                return g;
            }
        }
        throw new IllegalStateException("run " + j + " is in no group");
    }

    /** A float array of {@code values} in {@code type} (rounded to nearest for float32), owning its buffer. */
    private static NDArray create(NDManager nd, double[] values, Shape shape, DataType type) {
        // created directly in its type: an array made from a Java buffer owns that buffer, and a same-type
        // toType() of it is an alias of the buffer, not a copy
        if (type == DataType.FLOAT64) {
            return nd.create(values, shape);
        }
        if (type == DataType.FLOAT32) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return nd.create(f, shape);
        }
        return nd.create(values, shape).toType(type, false); // the float64 array stays in nd until it closes
    }

    /**
     * The upper Cholesky factor F of the symmetric {@code (m, m)} matrix at {@code a[offset..]} ({@code F^T F = A},
     * row-major), or null unless every pivot is positive and keeps at least {@link Group#RELATIVE_PIVOT} of its
     * diagonal entry (A safely positive definite).
     */
    static double[] cholesky(double[] a, int offset, int m) {
        double[] f = new double[m * m];
        for (int j = 0; j < m; j++) {
            double ajj = a[offset + j * m + j];
            double d = ajj;
            for (int k = 0; k < j; k++) {
                d -= f[k * m + j] * f[k * m + j];
            }
            if (!(d > Group.RELATIVE_PIVOT * ajj) || !Double.isFinite(d)) {
                return null;
            }
            double fjj = Math.sqrt(d);
            f[j * m + j] = fjj;
            // row j of F: F[j][i] = (A[j][i] - sum_k F[k][j] F[k][i]) / F[j][j], i > j
            for (int i = j + 1; i < m; i++) {
                f[j * m + i] = a[offset + j * m + i];
            }
            for (int k = 0; k < j; k++) {
                double fkj = f[k * m + j];
                if (fkj != 0) {
                    for (int i = j + 1; i < m; i++) {
                        f[j * m + i] -= fkj * f[k * m + i];
                    }
                }
            }
            for (int i = j + 1; i < m; i++) {
                f[j * m + i] /= fjj;
            }
        }
        return f;
    }

    /** The inverse of the upper-triangular {@code (m, m)} F (row-major), by back substitution, upper triangular. */
    static double[] upperInverse(double[] f, int m) {
        double[] x = new double[m * m];
        double[] acc = new double[m];
        // row i of X solves x F = e_i from the left: x[j] = (e_i[j] - sum_{k < j} x[k] F[k][j]) / F[j][j], the sums
        // kept in acc and updated with row j of F once x[j] is known
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(acc, 0);
            for (int j = i; j < m; j++) {
                double xj = ((j == i ? 1 : 0) - acc[j]) / f[j * m + j];
                x[i * m + j] = xj;
                for (int l = j + 1; l < m; l++) {
                    acc[l] += xj * f[j * m + l];
                }
            }
        }
        return x;
    }

    /** The cosine similarities of the features at a state, their norms' outer product and the loss terms. */
    private record Evaluation(NDArray cos, NDArray outer, SeparationLoss.Terms terms) {}

    /**
     * The results at checkpoint {@code c} (N steps) for the wanted runs that have not failed: W built from R,
     * normalised, checked; every W is its own array in a sub-manager of its run's owner.
     */
    private static void checkpoint(int c, int n, NDArray w0v, NDArray xi, List<Group> groups,
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
                    Group g = groupOf(groups, j);
                    NDArray w = n == 0 ? w0j : w0j.add(g.update(cs, g.indexOf(j), xij));
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
                        after = Scope.scalar(loss.terms(f.transpose().matMul(f).expandDims(0), cs.use(g.off), t).value());
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
        } else if (overflowing >= 0 && Double.isNaN(memNorms[overflowing])) {
            cause = "memory row " + overflowing + " has a NaN entry";
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
