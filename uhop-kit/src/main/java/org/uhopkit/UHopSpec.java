package org.uhopkit;

import org.uhopkit.internal.Checks;
import org.uhopkit.internal.StageOne;
import org.uhopkit.internal.StageTwo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * An immutable spec of U-Hop (Algorithm 1) before Stage I: the memories, the feature map
 * {@code Phi(x) = W x} ({@link Kernel}), the separation loss and how it is minimised, and the Stage II
 * settings used after it. Every setter returns a copy; {@link #stageOne(int)} runs Stage I and returns a
 * {@link TrainedMemory} that owns the learned W.
 *
 * <p>Defaults are the paper's: the average loss of Definition 2.2 in the normalised form (D.4),
 * {@code t = 2}, constant learning rate {@code gamma = 1}, all memories, rows of W normalised after
 * Stage I (Algorithm 1, line 4); Stage II softmax, {@code beta = 1}, {@code T = 1}.
 *
 * <pre>
 * jshell&gt; try (TrainedMemory mem = UHop.memories(xi).kernel(Kernel.linear()).stageOne(100)) {
 *    ...&gt;     Retrieval r = mem.retrieve(queries);
 *    ...&gt; }
 * </pre>
 */
public final class UHopSpec {

    private final NDArray memories;
    private final Kernel kernel;
    private final StageTwo stageTwo;
    private final SeparationLoss loss;
    private final double lossScale;
    private final LearningRate learningRate;
    private final boolean normalizeRows;
    private final double trainingFraction;

    private UHopSpec(NDArray memories, Kernel kernel, StageTwo stageTwo, SeparationLoss loss, double lossScale,
            LearningRate learningRate, boolean normalizeRows, double trainingFraction) {
        this.memories = memories;
        this.kernel = kernel;
        this.stageTwo = stageTwo;
        this.loss = loss;
        this.lossScale = lossScale;
        this.learningRate = learningRate;
        this.normalizeRows = normalizeRows;
        this.trainingFraction = trainingFraction;
    }

    static UHopSpec of(NDArray memories, Kernel kernel, StageTwo stageTwo) {
        kernel.dimensionFor(memories.getShape().get(1));
        return new UHopSpec(memories, kernel, stageTwo, SeparationLoss.average(), 2.0,
                LearningRate.constant(1.0), true, 1.0);
    }

    private UHopSpec with(Kernel k, StageTwo s2, SeparationLoss l, double t, LearningRate lr, boolean norm,
            double fraction) {
        return new UHopSpec(memories, k, s2, l, t, lr, norm, fraction);
    }

    /**
     * The memories {@code (M, d)}.
     *
     * @return the memories {@code Xi}, {@code (M, d)} (owned by the caller, not copied)
     */
    public NDArray memories() {
        return memories;
    }

    /**
     * The kernel spec.
     *
     * @return the kernel spec of {@code Phi(x) = W x}
     */
    public Kernel kernel() {
        return kernel;
    }

    /**
     * The separation loss.
     *
     * @return the separation loss Stage I minimises (Definition 2.2 by default)
     */
    public SeparationLoss loss() {
        return loss;
    }

    /**
     * t, the scale of the separation loss.
     *
     * @return t, positive and finite
     */
    public double lossScale() {
        return lossScale;
    }

    /**
     * gamma per step.
     *
     * @return the learning-rate schedule of Stage I
     */
    public LearningRate learningRate() {
        return learningRate;
    }

    /**
     * Whether the rows of W are normalised after Stage I.
     *
     * @return true when the rows of W are normalised (Algorithm 1, line 4)
     */
    public boolean normalizeRows() {
        return normalizeRows;
    }

    /**
     * The fraction of the memories (the first ones) Stage I trains on.
     *
     * @return the fraction, in (0, 1]
     */
    public double trainingFraction() {
        return trainingFraction;
    }

    /**
     * A copy with another kernel.
     *
     * @param newKernel the kernel spec, not null, that fits the memories' width d
     * @return a copy with the kernel replaced
     */
    public UHopSpec kernel(Kernel newKernel) {
        Checks.notNull("kernel", newKernel).dimensionFor(memories.getShape().get(1));
        return with(newKernel, stageTwo, loss, lossScale, learningRate, normalizeRows, trainingFraction);
    }

    /**
     * A copy with another separation loss ({@link SeparationLoss#average()} by default).
     *
     * @param newLoss the separation loss, not null
     * @return a copy with the loss replaced
     */
    public UHopSpec loss(SeparationLoss newLoss) {
        return with(kernel, stageTwo, Checks.notNull("loss", newLoss), lossScale, learningRate, normalizeRows,
                trainingFraction);
    }

    /**
     * A copy with loss scale {@code t} (positive and finite; default 2).
     *
     * @param t the loss scale t, positive and finite
     * @return a copy with the loss scale replaced
     */
    public UHopSpec lossScale(double t) {
        Checks.positiveFinite("t", t);
        return with(kernel, stageTwo, loss, t, learningRate, normalizeRows, trainingFraction);
    }

    /**
     * A copy with constant learning rate {@code gamma} (positive and finite; default 1).
     *
     * @param gamma the learning rate, positive and finite
     * @return a copy with {@code LearningRate.constant(gamma)}
     */
    public UHopSpec learningRate(double gamma) {
        return learningRate(LearningRate.constant(gamma));
    }

    /**
     * A copy with a learning-rate schedule.
     *
     * @param rate the schedule, not null
     * @return a copy with the schedule replaced
     */
    public UHopSpec learningRate(LearningRate rate) {
        return with(kernel, stageTwo, loss, lossScale, Checks.notNull("learning rate", rate), normalizeRows,
                trainingFraction);
    }

    /**
     * A copy that does (default, Algorithm 1 line 4) or does not normalise the rows of W after Stage I.
     *
     * @param normalize true to normalise the rows of W (Algorithm 1, line 4)
     * @return a copy with the setting replaced
     */
    public UHopSpec normalizeRows(boolean normalize) {
        return with(kernel, stageTwo, loss, lossScale, learningRate, normalize, trainingFraction);
    }

    /**
     * A copy whose Stage I trains on the first {@code floor(fraction * M)} memories only (the authors'
     * masked-query scripts use 0.5); in (0, 1], default 1.
     *
     * @param fraction the fraction of the memories, in (0, 1], leaving at least 2 training memories
     * @return a copy with the fraction replaced
     */
    public UHopSpec trainingFraction(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("training fraction must be in (0, 1], got " + fraction);
        }
        long m = memories.getShape().get(0);
        long count = (long) Math.floor(fraction * m);
        if (count < 2) {
            throw new IllegalArgumentException("training fraction " + fraction + " of M = " + m + " memories gives "
                    + count + " training memories; Stage I needs at least 2");
        }
        return with(kernel, stageTwo, loss, lossScale, learningRate, normalizeRows, fraction);
    }

    /**
     * A copy with another Stage II separation.
     *
     * @param separation the Stage II separation, not null
     * @return a copy with the separation replaced
     */
    public UHopSpec separation(Separation separation) {
        return with(kernel, stageTwo.withSeparation(Checks.notNull("separation", separation)), loss, lossScale,
                learningRate, normalizeRows, trainingFraction);
    }

    /**
     * A copy with Stage II inverse temperature beta.
     *
     * @param beta the inverse temperature, positive and finite
     * @return a copy with beta replaced
     */
    public UHopSpec beta(double beta) {
        return with(kernel, stageTwo.withBeta(beta), loss, lossScale, learningRate, normalizeRows,
                trainingFraction);
    }

    /**
     * A copy with T Stage II update steps.
     *
     * @param steps T, at least 1
     * @return a copy with T replaced
     */
    public UHopSpec updateSteps(int steps) {
        return with(kernel, stageTwo.withUpdateSteps(steps), loss, lossScale, learningRate, normalizeRows,
                trainingFraction);
    }

    /**
     * A copy with a Stage II early-stopping tolerance.
     *
     * @param tolerance the L2 tolerance, non-negative and finite (0: always T steps)
     * @return a copy with the tolerance replaced
     */
    public UHopSpec tolerance(double tolerance) {
        return with(kernel, stageTwo.withTolerance(tolerance), loss, lossScale, learningRate, normalizeRows,
                trainingFraction);
    }

    /**
     * A copy that does or does not track the Stage II energy.
     *
     * @param track true to record the energy of eq. (2.2) before and after each step
     * @return a copy with the setting replaced
     */
    public UHopSpec trackEnergy(boolean track) {
        return with(kernel, stageTwo.withTrackEnergy(track), loss, lossScale, learningRate, normalizeRows,
                trainingFraction);
    }

    /**
     * The number of memories Stage I trains on.
     *
     * @return {@code floor(fraction * M)}
     */
    public int trainingCount() {
        long m = memories.getShape().get(0);
        return (int) Math.floor(trainingFraction * m);
    }

    /**
     * Stage I (Algorithm 1, lines 1-4): {@code N} steps of gradient descent on W for the separation loss,
     * then the row normalisation. The returned memory owns W in a manager below the memories' manager, so
     * it is freed at the latest with the memories' manager; close it to free it earlier.
     *
     * @param n N, the number of Stage I steps (0 = keep the initial W)
     * @return the memory after Stage I, owning the learned W (close it, or let the memories' manager free it)
     * @throws IllegalArgumentException for {@code N < 0} or above {@link StageOne#MAX_STEPS}, fewer than 2
     *     training memories, or a learning rate that is negative, NaN or infinite at some step (0 is a step
     *     that leaves W as it is)
     * @throws StageOneDivergedException when the loss becomes NaN or infinite (naming the step and rate, and
     *     at the initial W the cause: an all-zero memory row, overflowing memories or t)
     */
    public TrainedMemory stageOne(int n) {
        return stageOneAt(n).get(0);
    }

    /**
     * Stage I once, up to the largest N, keeping the memory after each requested N: one pass serves every N
     * (the learning rate depends only on the step, W0 only on the seed), so {@code stageOneAt(10, 100, 1000)}
     * costs what {@code stageOne(1000)} costs and equals {@code stageOne(10)}, {@code stageOne(100)} and
     * {@code stageOne(1000)} run separately.
     *
     * @param checkpoints the values of N, strictly increasing, each in {@code [0, 10^7]}
     * @return one trained memory per N, each owned by a manager below the memories' (close each, or let the
     *     memories' manager free them)
     * @throws StageOneDivergedException when the loss becomes NaN or infinite
     */
    public List<TrainedMemory> stageOneAt(int... checkpoints) {
        StageOneRun run = stageOneBatch(List.of(this), checkpoints).get(0);
        if (run.diverged()) {
            throw run.failure();
        }
        return run.atCheckpoints();
    }

    /**
     * Stage I for several specs in one batched computation, on {@code (R, m, m)} arrays in memory
     * coordinates: e.g. the seeds or learning rates of one grid point. Each run gives exactly what its own
     * {@link #stageOneAt} gives; a run that diverges is reported in its {@link StageOneRun#failure()} and does
     * not disturb the others. The specs may differ in their memories (same shape, type and device), kernel
     * seed and learning rate, and must agree on everything else.
     *
     * @param specs the runs, at least one
     * @param checkpoints the values of N, strictly increasing
     * @return one run per spec, in order
     * @throws IllegalArgumentException when the specs cannot be batched (naming the first difference)
     */
    public static List<StageOneRun> stageOneBatch(List<UHopSpec> specs, int... checkpoints) {
        int runs = Checks.notNull("specs", specs).size();
        Checks.notNull("checkpoints", checkpoints);
        List<List<TrainedMemory>> mems = new ArrayList<>();
        StageOneDivergedException[] failure = new StageOneDivergedException[runs];
        for (int i = 0; i < runs; i++) {
            mems.add(new ArrayList<>());
        }
        boolean[][] all = new boolean[checkpoints.length][runs];
        for (boolean[] row : all) {
            java.util.Arrays.fill(row, true);
        }
        stageOneBatch(specs, checkpoints, all, (n, memories, failures) -> {
            for (int i = 0; i < runs; i++) {
                if (failure[i] == null && failures.get(i) != null) {
                    failure[i] = failures.get(i);
                }
                if (memories.get(i) != null) {
                    mems.get(i).add(memories.get(i));
                }
            }
            return true; // the runs keep their memories
        });
        List<StageOneRun> out = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            if (failure[i] != null) {
                mems.get(i).forEach(TrainedMemory::close);
                out.add(new StageOneRun(specs.get(i), List.of(), failure[i]));
            } else {
                out.add(new StageOneRun(specs.get(i), mems.get(i), null));
            }
        }
        return out;
    }

    /**
     * Receives the memories of a batched Stage I at one N ({@link #stageOneBatch(List, int[], boolean[][],
     * CheckpointConsumer)}).
     */
    @FunctionalInterface
    public interface CheckpointConsumer {
        /**
         * The trained memories of every run at one N.
         *
         * @param n N
         * @param memories per run (in the order of the specs): its memory after N steps, or null when it was not
         *     wanted at this N or has failed
         * @param failures per run: why it has no memory at this N (a divergence at a step up to N, or a W that
         *     is not finite or cannot be normalised at N), or null
         * @return true to keep the memories (the consumer then closes them), false to let the batch close them
         *     when this call returns
         */
        boolean accept(int n, List<TrainedMemory> memories, List<StageOneDivergedException> failures);
    }

    /**
     * Stage I for several specs in one batched computation that hands over the memories N by N as the pass
     * reaches each N, building W only for the runs {@code wanted} there: e.g. the 20 seeds of a memory size
     * evaluated at each N of a sweep, or runs of different N ({@code wanted[c][r]} true only at run r's own N).
     * Nothing of the batch is kept from one N to the next unless the consumer keeps it. Run r's memory at N is
     * exactly what its own {@link #stageOne}(N) gives (or fails as that would).
     *
     * @param specs the runs, at least one; as for {@link #stageOneBatch(List, int...)}
     * @param checkpoints the values of N, strictly increasing
     * @param wanted {@code wanted[c][r]}: whether run r's memory is built at {@code checkpoints[c]}
     * @param consumer receives the memories at each N, in order
     * @throws IllegalArgumentException when the specs cannot be batched (naming the first difference)
     */
    public static void stageOneBatch(List<UHopSpec> specs, int[] checkpoints, boolean[][] wanted,
            CheckpointConsumer consumer) {
        Checks.notNull("specs", specs);
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("specs must not be empty");
        }
        Checks.notNull("checkpoints", checkpoints);
        Checks.notNull("wanted", wanted);
        Checks.notNull("consumer", consumer);
        UHopSpec first = specs.get(0);
        for (int i = 0; i < specs.size(); i++) {
            UHopSpec u = Checks.notNull("specs[" + i + "]", specs.get(i));
            Checks.requireOpen("memories of specs[" + i + "]", u.memories);
            requireSame(i, "memory shape", first.memories.getShape(), u.memories.getShape());
            requireSame(i, "data type", first.memories.getDataType(), u.memories.getDataType());
            requireSame(i, "device", first.memories.getDevice(), u.memories.getDevice());
            requireSame(i, "D_Phi", first.kernel.dimensionFor(first.memories.getShape().get(1)),
                    u.kernel.dimensionFor(u.memories.getShape().get(1)));
            requireSame(i, "loss", first.loss, u.loss);
            requireSame(i, "t", first.lossScale, u.lossScale);
            requireSame(i, "normalizeRows", first.normalizeRows, u.normalizeRows);
            requireSame(i, "trainingFraction", first.trainingFraction, u.trainingFraction);
        }
        for (int n : checkpoints) {
            StageOne.requireSteps(n);
        }
        int count = first.trainingCount();
        long total = first.memories.getShape().get(0);
        StageOne.requireTwo(count, count < total || first.trainingFraction < 1
                ? "trainingFraction " + first.trainingFraction + " of M = " + total + " memories" : "M = " + total);
        int runs = specs.size();
        NDArray anchor = first.memories;
        try (NDManager init = anchor.getManager().newSubManager(anchor.getDevice())) {
            NDList train = new NDList();
            NDManager[] owners = new NDManager[runs];
            LearningRate[] rates = new LearningRate[runs];
            for (int i = 0; i < runs; i++) {
                UHopSpec u = specs.get(i);
                train.add(StageOne.firstRows(u.memories, count, init)); // a view, all rows when count = M
                owners[i] = u.memories.getManager();
                rates[i] = u.learningRate;
            }
            NDArray w0s = initialWeights(specs, init);
            NDArray trains = NDArrays.stack(train);
            StageOne.runBatch(w0s, trains, first.loss, first.lossScale, rates, checkpoints, first.normalizeRows,
                    wanted, owners, (c, results, failures) -> {
                        List<TrainedMemory> mems = new ArrayList<>();
                        for (int i = 0; i < runs; i++) {
                            StageOne.Result res = results[i];
                            mems.add(res == null ? null : new TrainedMemory(specs.get(i), checkpoints[c], count, res,
                                    res.w().getManager()));
                        }
                        boolean keep = false;
                        try {
                            keep = consumer.accept(checkpoints[c], java.util.Collections.unmodifiableList(mems),
                                    java.util.Collections.unmodifiableList(java.util.Arrays.asList(failures)));
                        } finally {
                            if (!keep) {
                                mems.stream().filter(java.util.Objects::nonNull).forEach(TrainedMemory::close);
                            }
                        }
                    });
        }
    }

    /**
     * The initial W of every spec, stacked {@code (R, D, d)}: Gaussian float32 Ws drawn straight into one buffer
     * (the values of {@link Kernel#initialWeights}, without a copy per run; the runs in parallel on Java's common
     * fork-join pool, which leaves the values unchanged), others drawn one by one and stacked.
     */
    private static NDArray initialWeights(List<UHopSpec> specs, NDManager nd) {
        UHopSpec first = specs.get(0);
        long d = first.memories.getShape().get(1);
        long dPhi = first.kernel.dimensionFor(d);
        boolean direct = first.memories.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32
                && (long) specs.size() * dPhi * d <= Integer.MAX_VALUE / 4
                && specs.stream().allMatch(u -> u.kernel.init() == Kernel.Init.GAUSSIAN);
        if (direct) {
            int each = Math.toIntExact(dPhi * d);
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocateDirect(4 * each * specs.size())
                    .order(java.nio.ByteOrder.nativeOrder());
            java.nio.FloatBuffer floats = bytes.asFloatBuffer();
            // the runs' draws are independent (each a function of its seed): drawn on the common fork-join pool
            java.util.stream.IntStream.range(0, specs.size()).parallel().forEach(i ->
                    org.uhopkit.internal.SeededGaussians.fill(specs.get(i).kernel.seed(), floats, i * each, each));
            return nd.create(bytes, new ai.djl.ndarray.types.Shape(specs.size(), dPhi, d),
                    ai.djl.ndarray.types.DataType.FLOAT32);
        }
        NDList w0 = new NDList();
        for (UHopSpec u : specs) {
            w0.add(u.kernel.initialWeights(nd, d, u.memories.getDataType()));
        }
        NDArray stacked = NDArrays.stack(w0);
        w0.forEach(NDArray::close); // stacked: the single draws are not needed any more
        return stacked;
    }

    private static void requireSame(int i, String what, Object expected, Object got) {
        if (!expected.equals(got)) {
            throw new IllegalArgumentException("specs of one Stage I batch must share the " + what + ": specs[0] has "
                    + expected + ", specs[" + i + "] has " + got);
        }
    }

    StageTwo stageTwo() {
        return stageTwo;
    }

    @Override
    public String toString() {
        return "UHopSpec(memories=" + memories.getShape() + ", " + kernel + ", loss=" + loss + ", t=" + lossScale
                + ", learningRate=" + learningRate + ", normalizeRows=" + normalizeRows
                + (trainingFraction < 1 ? ", trainingFraction=" + trainingFraction : "")
                + ", stage II: separation=" + stageTwo.separation() + ", beta=" + stageTwo.beta()
                + ", T=" + stageTwo.updateSteps() + ")";
    }
}
