package org.uhopkit.experiments;

import org.uhopkit.data.Corruption;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.uhopkit.LearningRate;
import org.uhopkit.Retrieval;
import org.uhopkit.Retriever;
import org.uhopkit.Separation;
import org.uhopkit.SeparationLoss;
import org.uhopkit.StageOneRun;
import org.uhopkit.TrainedMemory;
import org.uhopkit.UHopSpec;
import org.uhopkit.data.ImageSet;

/**
 * One run: M memories drawn from the images with the run's seed, in a manager of their own that is closed
 * with the trial (so long sweeps do not accumulate native memory). Every query of a memory is that memory
 * corrupted; every memory is queried once, all in one batch.
 */
class Trial implements AutoCloseable {

    /** float32, as in the authors' code. */
    static final DataType TYPE = DataType.FLOAT32;

    final NDManager nd;
    final NDArray memories;
    final long seed;

    Trial(NDManager parent, ImageSet images, int m, long seed) {
        this.nd = parent.newSubManager();
        this.seed = seed;
        try {
            this.memories = images.sample(nd, m, seed, TYPE);
        } catch (RuntimeException e) {
            nd.close();
            throw e;
        }
    }

    /** The queries: the memories corrupted with the run's query seed ({@code seed + 1}). */
    NDArray queries(Corruption corruption) {
        return corruption.apply(memories, seed + 1);
    }

    /** Per-query errors of a retriever. */
    double[] errors(Retriever retriever, NDArray queries) {
        try (Retrieval r = retriever.retrieve(queries)) {
            return RetrievalError.perQuery(r.states(), memories);
        }
    }

    /** The errors of one baseline. */
    Outcome baseline(Preset preset, Method method, NDArray queries) {
        long t0 = System.nanoTime();
        double[] e = errors(preset.baseline(method, memories), queries);
        return new Outcome(e, Double.NaN, Double.NaN, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Stage I once, then Stage II with softmax and/or sparsemax on the same learned W, for each batch of
     * queries.
     *
     * @param rate the learning-rate override, or null for the preset's
     * @return per query batch, an outcome per requested U-Hop method (both include the Stage I time);
     *     empty maps when no U-Hop method is requested
     */
    List<Map<Method, Outcome>> uhop(Preset preset, SeparationLoss loss, boolean masked, int n, LearningRate rate,
            List<NDArray> queries, List<Method> methods) {
        List<Map<Method, Outcome>> out = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            out.add(new EnumMap<>(Method.class));
        }
        boolean soft = methods.contains(Method.UHOP_MHM);
        boolean sparse = methods.contains(Method.UHOP_SPARSE_MHM);
        if (!soft && !sparse) {
            return out;
        }
        UHopSpec spec = preset.uhop(memories, loss, masked, seed + 2);
        if (rate != null) {
            spec = spec.learningRate(rate);
        }
        long t0 = System.nanoTime();
        try (TrainedMemory mem = spec.stageOne(n)) {
            double stage1 = (System.nanoTime() - t0) / 1e9;
            double finalLoss = mem.finalLoss();
            double[] rates = mem.learningRates();
            double first = rates.length > 0 ? rates[0] : Double.NaN;
            for (int qi = 0; qi < queries.size(); qi++) {
                NDArray q = queries.get(qi);
                if (soft) {
                    long t1 = System.nanoTime();
                    double[] e = errors(mem.stageTwo().separation(Separation.softmax()), q);
                    out.get(qi).put(Method.UHOP_MHM,
                            new Outcome(e, finalLoss, first, stage1 + (System.nanoTime() - t1) / 1e9));
                }
                if (sparse) {
                    long t1 = System.nanoTime();
                    double[] e = errors(mem.stageTwo().separation(Separation.sparsemax()), q);
                    out.get(qi).put(Method.UHOP_SPARSE_MHM,
                            new Outcome(e, finalLoss, first, stage1 + (System.nanoTime() - t1) / 1e9));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        nd.close();
    }

    /** The errors of one method in one run, with its Stage I loss and learning rate (NaN for baselines). */
    record Outcome(double[] errors, double stageOneLoss, double learningRate, double seconds) {}
}
