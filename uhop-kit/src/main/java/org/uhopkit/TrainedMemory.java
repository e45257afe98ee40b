package org.uhopkit;

import org.uhopkit.internal.Scope;
import org.uhopkit.internal.StageOne;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.uhopkit.internal.StageTwo;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

/**
 * The memory after Stage I of U-Hop (Algorithm 1): it owns the learned feature matrix W and the
 * precomputed {@code A Xi^T = W^T W Xi^T}, so Stage II costs one {@code (B, d) x (d, M)} product per step
 * whatever {@code D_Phi} is. Close it to free W; it is also freed with the memories' manager.
 *
 * <p>{@link #retrieve} runs Stage II with the spec's settings; {@link #stageTwo()} gives a
 * {@link MemorySpec} on the learned kernel to retrieve with other separations or beta (it is valid while
 * this memory is open).
 *
 * <p><b>Thread safety.</b> Once trained, a memory may be shared: {@link #retrieve}, {@link #energy} and the
 * learned kernel may run from many threads at once (each call works in its own scope and never moves W, the
 * cached {@code A Xi^T}, the memories or the queries). Closing it while other threads still retrieve is an
 * error of the caller's, reported as "this trained memory is closed" where it can be detected.
 */
public final class TrainedMemory implements Retriever, AutoCloseable {

    /** Column names of {@link #lossTable()}. */
    public static final String STEP = "step";
    /** Loss column. */
    public static final String LOSS = "loss";
    /** Learning rate column. */
    public static final String LEARNING_RATE = "learning_rate";

    private final UHopSpec spec;
    private final int steps;
    private final int trainingCount;
    private final NDManager manager;
    private final NDArray w;
    private final NDArray wT; // (d, D)
    private final NDArray aXiT; // (d, M) = W^T W Xi^T
    private final double[] lossTrace;
    private final double lossAfterNormalisation;
    private final double[] rates;
    private final TrainedKernel similarity;
    private volatile boolean closed;

    TrainedMemory(UHopSpec spec, int steps, int trainingCount, StageOne.Result result, NDManager manager) {
        this.spec = spec;
        this.steps = steps;
        this.trainingCount = trainingCount;
        this.manager = manager;
        this.w = result.w();
        NDArray memories = spec.memories();
        NDArray t = w.transpose();
        NDArray features = memories.matMul(t); // (M, D)
        features.attach(manager);
        NDArray a = features.matMul(w); // (M, d)
        this.aXiT = a.transpose();
        this.wT = t;
        features.close();
        a.close();
        this.lossTrace = result.lossTrace();
        this.lossAfterNormalisation = result.lossAfterNormalisation();
        this.rates = result.learningRates();
        this.similarity = new TrainedKernel();
    }

    /**
     * The learned W, {@code (D_Phi, d)}, owned by this memory (do not close it).
     *
     * @return W, {@code (D_Phi, d)}, owned by this memory
     */
    public NDArray w() {
        requireOpen();
        return w;
    }

    /**
     * {@code D_Phi}.
     *
     * @return {@code D_Phi}, the number of rows of W
     */
    public long featureDimension() {
        return w.getShape().get(0);
    }

    /**
     * N, the Stage I steps run.
     *
     * @return N, at least 0
     */
    public int stageOneSteps() {
        return steps;
    }

    /**
     * How many (first) memories Stage I trained on.
     *
     * @return the number of memories Stage I trained on, {@code floor(fraction * M)}
     */
    public int trainingCount() {
        return trainingCount;
    }

    /**
     * The spec this memory was trained from.
     *
     * @return the spec, not null
     */
    public UHopSpec spec() {
        return spec;
    }

    /**
     * The loss at every step: entry 0 is the initial W, entry k the W after k steps (before the row
     * normalisation); length N + 1.
     *
     * @return a new array of N + 1 separation-loss values
     */
    public double[] lossTrace() {
        return lossTrace.clone();
    }

    /**
     * The loss after the row normalisation (NaN when it is switched off).
     *
     * @return the loss of the row-normalised W, or NaN without the normalisation
     */
    public double lossAfterNormalisation() {
        return lossAfterNormalisation;
    }

    /**
     * The loss of the final W as used in Stage II.
     *
     * @return the loss after the normalisation when it is on, else the loss after the last step
     */
    public double finalLoss() {
        return spec.normalizeRows() ? lossAfterNormalisation : lossTrace[lossTrace.length - 1];
    }

    /**
     * The learning rate used at each step (length N).
     *
     * @return a new array of the N learning rates {@code gamma_k}
     */
    public double[] learningRates() {
        return rates.clone();
    }

    /**
     * Where this memory breaks the assumptions of the paper's theory (empty when none).
     *
     * @return a new list of human-readable warnings, empty when none
     */
    public List<String> assumptionWarnings() {
        List<String> out = new ArrayList<>();
        long d = w.getShape().get(1);
        if (featureDimension() < d) {
            out.add("D_Phi = " + featureDimension() + " < d = " + d
                    + ": W is rank-deficient, Assumption 2.1 (full-rank W) does not hold");
        }
        return out;
    }

    /**
     * The learned kernel {@code K(u, v) = <Wu, Wv>} as a similarity (valid while this memory is open).
     *
     * @return the kernel {@code K(u, v) = <Wu, Wv>} as a similarity
     */
    public Similarity similarity() {
        requireOpen();
        return similarity;
    }

    /**
     * A Stage II spec on the learned kernel, with the spec's separation, beta and T as defaults.
     *
     * @return a new Stage II spec on the learned kernel
     */
    public MemorySpec stageTwo() {
        requireOpen();
        return new MemorySpec(spec.memories(), spec.stageTwo().withSimilarity(similarity), origin());
    }

    @Override
    public Retrieval retrieve(NDArray queries) {
        requireOpen();
        return stageTwo().retrieve(queries);
    }

    /**
     * Stage II (eq. 2.4) for R trained memories at once, each on its own queries, in one batched computation
     * on {@code (R, B, M)} scores: e.g. the 20 seeds of one memory size. Result r is what
     * {@code memories.get(r).stageTwo().separation(separation).retrieve(queries.get(r))} gives (the same
     * operations, batched; a test compares them). The memories must have memory sets, W and queries of one
     * shape each, and the same Stage II settings; with an early-stopping tolerance each is retrieved on its own.
     *
     * @param memories the trained memories, at least one, open
     * @param queries one batch of queries {@code (B, d)} per memory, all of one shape
     * @param separation the Stage II separation of every run (e.g. softmax, sparsemax)
     * @return one retrieval per memory, in order, in its queries' manager
     * @throws IllegalArgumentException when the inputs cannot be batched (naming the first difference) or a query
     *     batch does not fit its memories
     */
    public static List<Retrieval> retrieveAll(List<TrainedMemory> memories, List<NDArray> queries,
            Separation separation) {
        org.uhopkit.internal.Checks.notNull("memories", memories);
        org.uhopkit.internal.Checks.notNull("queries", queries);
        org.uhopkit.internal.Checks.notNull("separation", separation);
        if (memories.isEmpty() || memories.size() != queries.size()) {
            throw new IllegalArgumentException("retrieveAll needs one query batch per memory and at least one, got "
                    + memories.size() + " memories and " + queries.size() + " query batches");
        }
        TrainedMemory first = org.uhopkit.internal.Checks.notNull("memories[0]", memories.get(0));
        StageTwo settings = first.spec.stageTwo().withSeparation(separation);
        List<MemorySpec> specs = new ArrayList<>();
        for (int i = 0; i < memories.size(); i++) {
            TrainedMemory mem = org.uhopkit.internal.Checks.notNull("memories[" + i + "]", memories.get(i));
            NDArray q = org.uhopkit.internal.Checks.notNull("queries[" + i + "]", queries.get(i));
            MemorySpec spec = mem.stageTwo().separation(separation);
            org.uhopkit.internal.Checks.compatible("queries[" + i + "]", q, mem.spec.memories());
            sameForBatch(i, "memory shape", first.spec.memories().getShape(), mem.spec.memories().getShape());
            sameForBatch(i, "W shape", first.w.getShape(), mem.w.getShape());
            sameForBatch(i, "query shape", queries.get(0).getShape(), q.getShape());
            sameForBatch(i, "device", first.w.getDevice(), mem.w.getDevice());
            sameForBatch(i, "query device", queries.get(0).getDevice(), q.getDevice());
            StageTwo own = mem.spec.stageTwo();
            sameForBatch(i, "beta", settings.beta(), own.beta());
            sameForBatch(i, "T", settings.updateSteps(), own.updateSteps());
            sameForBatch(i, "tolerance", settings.tolerance(), own.tolerance());
            sameForBatch(i, "energy tracking", settings.trackEnergy(), own.trackEnergy());
            specs.add(spec);
        }
        List<Retrieval> out = new ArrayList<>();
        if (settings.tolerance() > 0 || memories.size() == 1) {
            for (int i = 0; i < memories.size(); i++) {
                out.add(specs.get(i).retrieve(queries.get(i)));
            }
            return out;
        }
        NDArray anchor = queries.get(0);
        try (NDManager nd = anchor.getManager().newSubManager(anchor.getDevice())) {
            NDList xs = new NDList();
            NDList mems = new NDList();
            NDList as = new NDList();
            NDList ws = new NDList();
            for (int i = 0; i < memories.size(); i++) {
                TrainedMemory mem = memories.get(i);
                xs.add(view(queries.get(i), nd));
                mems.add(view(mem.spec.memories(), nd));
                as.add(view(mem.aXiT, nd).transpose()); // (M, d), the storage of A Xi^T's transpose
                ws.add(view(mem.w, nd));
            }
            NDArray x = ai.djl.ndarray.NDArrays.stack(xs);
            NDArray xi = ai.djl.ndarray.NDArrays.stack(mems);
            // stacked as (R, M, d) and (R, D, d), then transposed: each slice has the layout of the single
            // memory's A Xi^T and W^T, so each slice's products are the single memory's products
            NDArray aXiT = ai.djl.ndarray.NDArrays.stack(as).swapAxes(-1, -2);
            // W^T of every run, stacked only when a self-score is asked for (energy, Euclidean-type similarity):
            // a softmax retrieval without energy never needs the (R, D, d) copy
            NDArray[] wT = new NDArray[1];
            Similarity batched = new Similarity() {
                @Override
                public NDArray scores(NDArray ignored, NDArray q) {
                    return StageTwo.slicewiseProduct(q, aXiT);
                }

                @Override
                public boolean isInnerProduct() {
                    return true;
                }

                @Override
                public NDArray selfScores(NDArray q) {
                    if (wT[0] == null) {
                        wT[0] = ai.djl.ndarray.NDArrays.stack(ws).swapAxes(-1, -2);
                        wT[0].attach(nd);
                    }
                    return StageTwo.slicewiseProduct(q, wT[0]).square().sum(new int[] {-1});
                }

                @Override
                public String toString() {
                    return first.similarity.toString();
                }
            };
            List<StageTwo.Outcome> outcomes = settings.withSimilarity(batched).runBatch(xi, x);
            for (int i = 0; i < memories.size(); i++) {
                StageTwo.Outcome o = outcomes.get(i);
                NDManager owner = queries.get(i).getManager();
                o.states().attach(owner);
                o.weights().attach(owner);
                out.add(new Retrieval(o.states(), o.weights(), o.energies(), o.moves(), o.steps(),
                        specs.get(i).toString()));
            }
        }
        return out;
    }

    /** A new handle on {@code a}'s storage, in {@code nd} (the array itself is not moved). */
    private static NDArray view(NDArray a, NDManager nd) {
        NDArray v = a.reshape(a.getShape());
        v.attach(nd);
        return v;
    }

    private static void sameForBatch(int i, String what, Object expected, Object got) {
        if (!expected.toString().equals(got.toString())) {
            throw new IllegalArgumentException("memories of one batched retrieval must share the " + what
                    + ": memories[0] has " + expected + ", memories[" + i + "] has " + got);
        }
    }

    /**
     * The energy of eq. (2.2) under the learned kernel, for each row of {@code states}.
     *
     * @param states the states, one per row, {@code (B, d)}
     * @return B energies of eq. (2.2), one per row
     */
    public double[] energy(NDArray states) {
        requireOpen();
        return stageTwo().energy(states);
    }

    /**
     * The loss trace as a table: step, loss, learning rate (NaN at the last row).
     *
     * @return a new table with N + 1 rows and the columns step, loss and learning rate
     */
    public Table lossTable() {
        IntColumn step = IntColumn.create(STEP);
        DoubleColumn loss = DoubleColumn.create(LOSS);
        DoubleColumn lr = DoubleColumn.create(LEARNING_RATE);
        for (int k = 0; k < lossTrace.length; k++) {
            step.append(k);
            loss.append(lossTrace[k]);
            lr.append(k < rates.length ? rates[k] : Double.NaN);
        }
        return Table.create("stage I loss", step, loss, lr);
    }

    /**
     * The Stage I loss against the step, as a Plotly figure.
     *
     * @return a new figure of the loss trace
     */
    public Figure lossFigure() {
        double[] x = new double[lossTrace.length];
        for (int k = 0; k < x.length; k++) {
            x[k] = k;
        }
        ScatterTrace trace = ScatterTrace.builder(x, lossTrace).mode(ScatterTrace.Mode.LINE)
                .name(spec.loss().toString()).build();
        Layout layout = Layout.builder("Stage I: separation loss vs step (" + spec.loss() + ", t = "
                        + spec.lossScale() + ")")
                .xAxis(Axis.builder().title("Stage I step").build())
                .yAxis(Axis.builder().title("separation loss").build())
                .height(420).width(760).build();
        return new Figure(layout, trace);
    }

    /**
     * True until {@link #close()}.
     *
     * @return true while this memory and its manager are open
     */
    public boolean isOpen() {
        return !closed && manager.isOpen();
    }

    @Override
    public void close() {
        closed = true;
        manager.close();
    }

    private void requireOpen() {
        if (!isOpen()) {
            throw new IllegalStateException("this trained memory is closed (" + origin() + ")");
        }
    }

    private String origin() {
        return "U-Hop(N=" + steps + ", " + spec.kernel() + ", D_Phi=" + w.getShape().get(0) + ", loss="
                + spec.loss() + ", t=" + spec.lossScale() + ", learningRate=" + spec.learningRate()
                + ", normalizeRows=" + spec.normalizeRows()
                + (trainingCount < spec.memories().getShape().get(0) ? ", trainedOn=" + trainingCount : "")
                + "), ";
    }

    @Override
    public String toString() {
        String warn = assumptionWarnings().isEmpty() ? "" : ", WARNING: " + String.join("; ", assumptionWarnings());
        return "TrainedMemory(" + origin() + "loss " + lossTrace[0] + " -> " + finalLoss()
                + (isOpen() ? "" : ", closed") + warn + ")";
    }

    /** The learned kernel; uses the cached {@code A Xi^T} for this memory's own patterns. */
    private final class TrainedKernel implements Similarity {
        @Override
        public NDArray scores(NDArray memories, NDArray queries) {
            requireOpen();
            if (memories == spec.memories()) {
                return queries.matMul(aXiT); // one product: nothing else is created
            }
            return Scope.compute(v -> v[0].matMul(v[2]).matMul(v[1].matMul(v[2]).swapAxes(-1, -2)), queries,
                    memories, wT);
        }

        @Override
        public boolean isInnerProduct() {
            return true;
        }

        @Override
        public NDArray selfScores(NDArray queries) {
            requireOpen();
            return Scope.compute(v -> v[0].matMul(v[1]).square().sum(new int[] {-1}), queries, wT);
        }

        @Override
        public String toString() {
            return "LearnedKernel[D_Phi=" + w.getShape().get(0) + ", N=" + steps + "]";
        }
    }
}
