package org.uhopkit;

import org.uhopkit.internal.Checks;
import org.uhopkit.internal.Scratch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * The similarity (overlap) between queries and memories: the scores that the separation turns into
 * weights. Shapes: memories {@code (M, d)}, queries {@code (B, d)}, scores {@code (B, M)}.
 *
 * <p>Built-ins: the dot product {@code Xi^T x} of Ramsauer et al. (2020), the negative Euclidean and
 * negative Manhattan distances of Millidge et al. (2022), and the kernel {@code K(u, v) = <Wu, Wv>}
 * of U-Hop, eq. (2.1) (see {@link #kernel(NDArray)} and {@link TrainedMemory#similarity()}).
 *
 * <p>Only inner-product similarities (dot product and kernels) have the energy of eq. (2.2); for
 * them {@link #isInnerProduct()} is true and {@link #selfScores} gives {@code K(x, x)}.
 */
@FunctionalInterface
public interface Similarity {

    /**
     * Scores of every query against every memory.
     *
     * @param memories {@code (M, d)}
     * @param queries {@code (B, d)}
     * @return {@code (B, M)}, in the queries' manager; the built-in similarities leave nothing else behind
     */
    NDArray scores(NDArray memories, NDArray queries);

    /** True where the similarity is an inner product {@code <Phi(u), Phi(v)>}, so the energy exists. */
    default boolean isInnerProduct() {
        return false;
    }

    /**
     * {@code K(x, x)} for each query, shape {@code (B,)}, in the queries' manager; only for inner-product
     * similarities.
     *
     * @throws UnsupportedOperationException for distance similarities
     */
    default NDArray selfScores(NDArray queries) {
        throw new UnsupportedOperationException(this + " is not an inner product: it has no energy");
    }

    /** The dot product {@code <xi_mu, x>} (the overlap of the modern Hopfield model, eq. 1.1). */
    static Similarity dot() {
        return new Dot();
    }

    /** {@code -||xi_mu - x||_2} (Millidge et al. 2022). */
    static Similarity negativeEuclidean() {
        return new NegativeEuclidean();
    }

    /** {@code -||xi_mu - x||_1} (Millidge et al. 2022). */
    static Similarity negativeManhattan() {
        return new NegativeManhattan();
    }

    /**
     * The kernel {@code K(u, v) = <W u, W v>} of eq. (2.1) for a fixed feature matrix {@code W} of shape
     * {@code (D_Phi, d)}. The kit does not own {@code W}: keep it open while the similarity is used.
     * A {@link TrainedMemory} gives a faster kernel similarity that caches {@code Phi(Xi)}.
     */
    static Similarity kernel(NDArray w) {
        Checks.finiteMatrix("W", w);
        return new FixedKernel(w);
    }

    /** The dot product. */
    record Dot() implements Similarity {
        @Override
        public NDArray scores(NDArray memories, NDArray queries) {
            return Scratch.owned(queries, () -> queries.matMul(memories.transpose()), memories);
        }

        @Override
        public boolean isInnerProduct() {
            return true;
        }

        @Override
        public NDArray selfScores(NDArray queries) {
            return Scratch.owned(queries, () -> queries.square().sum(new int[] {1}));
        }
    }

    /** The negative Euclidean distance. */
    record NegativeEuclidean() implements Similarity {
        @Override
        public NDArray scores(NDArray memories, NDArray queries) {
            return Scratch.owned(queries, () -> {
                NDArray qq = queries.square().sum(new int[] {1}, true); // (B, 1)
                NDArray mm = memories.square().sum(new int[] {1}).expandDims(0); // (1, M)
                NDArray cross = queries.matMul(memories.transpose()).mul(2);
                return qq.add(mm).sub(cross).maximum(0).sqrt().neg();
            }, memories);
        }
    }

    /**
     * The negative Manhattan distance, computed in blocks of queries whose {@code (b, M, d)} difference
     * holds at most {@link #BLOCK_ELEMENTS} elements; each block's temporaries are freed before the
     * next, so the same few megabytes are reused. (Blocks of 2^24 elements, held to the end, were
     * measured 6 times slower on MNIST at M = 500: every block then touches fresh memory.)
     */
    record NegativeManhattan() implements Similarity {

        /** The largest number of elements of one block's {@code (b, M, d)} difference. */
        static final long BLOCK_ELEMENTS = 1L << 20;

        @Override
        public NDArray scores(NDArray memories, NDArray queries) {
            long b = queries.getShape().get(0);
            long m = memories.getShape().get(0);
            long d = memories.getShape().get(1);
            long block = Math.max(1, BLOCK_ELEMENTS / Math.max(1, m * d));
            NDManager owner = queries.getManager();
            try (NDManager blocks = owner.newSubManager(queries.getDevice())) {
                NDArray mem = memories.expandDims(0); // (1, M, d)
                mem.attach(blocks);
                List<NDArray> parts = new ArrayList<>();
                for (long start = 0; start < b; start += block) {
                    long end = Math.min(b, start + block);
                    try (NDManager step = owner.newSubManager(queries.getDevice())) {
                        NDArray q = queries.get(new NDIndex(start + ":" + end)); // (b, d)
                        q.attach(step);
                        NDArray part = q.expandDims(1).sub(mem).abs().sum(new int[] {2}).neg(); // (b, M)
                        part.attach(blocks);
                        parts.add(part);
                    }
                }
                NDArray out = parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 0);
                out.attach(owner);
                return out;
            }
        }
    }

    /** The kernel of a fixed {@code W}. */
    final class FixedKernel implements Similarity {
        private final NDArray w;

        FixedKernel(NDArray w) {
            this.w = w;
        }

        /** The feature matrix {@code W}, {@code (D_Phi, d)}. */
        public NDArray w() {
            return w;
        }

        @Override
        public NDArray scores(NDArray memories, NDArray queries) {
            return Scratch.owned(queries, () -> {
                NDArray wt = transposedIn(queries);
                return queries.matMul(wt).matMul(memories.matMul(wt).transpose());
            }, memories);
        }

        /** {@code W^T}, created in the queries' manager (the caller's scope), never in W's. */
        private NDArray transposedIn(NDArray queries) {
            NDArray wt = w.transpose();
            wt.attach(queries.getManager());
            return wt;
        }

        @Override
        public boolean isInnerProduct() {
            return true;
        }

        @Override
        public NDArray selfScores(NDArray queries) {
            return Scratch.owned(queries,
                    () -> queries.matMul(transposedIn(queries)).square().sum(new int[] {1}));
        }

        @Override
        public String toString() {
            return "Kernel[W=" + w.getShape() + "]";
        }
    }
}
