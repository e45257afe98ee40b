package org.uhopkit;

import org.uhopkit.internal.Checks;
import org.uhopkit.internal.Scalars;
import org.uhopkit.internal.Scope;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The similarity (overlap) between queries and memories: the scores that the separation turns into
 * weights. Shapes: memories {@code (M, d)}, queries {@code (B, d)}, scores {@code (B, M)}; the built-ins also
 * take any number of leading (batch, head) dimensions, memories {@code (..., M, d)} and queries
 * {@code (..., B, d)} giving {@code (..., B, M)}, are differentiable through DJL's autograd, and may be used
 * from several threads at once (they never move or free their inputs).
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
     * @param memories {@code (M, d)} or {@code (..., M, d)}
     * @param queries {@code (B, d)} or {@code (..., B, d)}
     * @return {@code (B, M)} or {@code (..., B, M)}, in the queries' manager; the built-in similarities leave
     *     nothing else behind
     */
    NDArray scores(NDArray memories, NDArray queries);

    /**
     * True where the similarity is an inner product {@code <Phi(u), Phi(v)>}, so the energy exists.
     *
     * @return true for an inner-product similarity
     */
    default boolean isInnerProduct() {
        return false;
    }

    /**
     * {@code K(x, x)} for each query, shape {@code (B,)}, in the queries' manager; only for inner-product
     * similarities.
     *
     * @param queries the queries {@code (B, d)}
     * @return {@code K(x, x)}, {@code (B,)}, in the queries' manager
     * @throws UnsupportedOperationException for distance similarities
     */
    default NDArray selfScores(NDArray queries) {
        throw new UnsupportedOperationException(this + " is not an inner product: it has no energy");
    }

    /**
     * The dot product {@code <xi_mu, x>} (the overlap of the modern Hopfield model, eq. 1.1).
     *
     * @return the dot-product similarity
     */
    static Similarity dot() {
        return new Dot();
    }

    /**
     * {@code -||xi_mu - x||_2} (Millidge et al. 2022).
     *
     * @return the negative Euclidean distance similarity
     */
    static Similarity negativeEuclidean() {
        return new NegativeEuclidean();
    }

    /**
     * {@code -||xi_mu - x||_1} (Millidge et al. 2022).
     *
     * @return the negative Manhattan distance similarity
     */
    static Similarity negativeManhattan() {
        return new NegativeManhattan();
    }

    /**
     * The kernel {@code K(u, v) = <W u, W v>} of eq. (2.1) for a fixed feature matrix {@code W} of shape
     * {@code (D_Phi, d)}. The kit does not own {@code W}: keep it open while the similarity is used.
     * A {@link TrainedMemory} gives a faster kernel similarity that caches {@code Phi(Xi)}.
     *
     * @param w the feature matrix {@code W}, {@code (D_Phi, d)}, finite, owned by the caller
     * @return the kernel similarity of eq. (2.1)
     */
    static Similarity kernel(NDArray w) {
        Checks.finiteMatrix("W", w);
        return new FixedKernel(w);
    }

    /** The dot product. */
    record Dot() implements Similarity {
        @Override
        public NDArray scores(NDArray memories, NDArray queries) {
            return Scope.compute(v -> v[0].matMul(v[1].swapAxes(-1, -2)), queries, memories);
        }

        @Override
        public boolean isInnerProduct() {
            return true;
        }

        @Override
        public NDArray selfScores(NDArray queries) {
            return Scope.compute(v -> v[0].square().sum(new int[] {-1}), queries);
        }
    }

    /** The negative Euclidean distance. */
    record NegativeEuclidean() implements Similarity {
        @Override
        public NDArray scores(NDArray memories, NDArray queries) {
            return Scope.compute(v -> {
                NDArray q = v[0];
                NDArray m = v[1];
                NDArray qq = q.square().sum(new int[] {-1}, true); // (..., B, 1)
                NDArray mm = m.square().sum(new int[] {-1}).expandDims(-2); // (..., 1, M)
                NDArray cross = Scalars.times(q.matMul(m.swapAxes(-1, -2)), 2);
                return Scalars.atLeast(qq.add(mm).sub(cross), 0).sqrt().neg();
            }, queries, memories);
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
            Shape qs = queries.getShape();
            int rank = qs.dimension();
            long b = qs.get(rank - 2);
            long lead = rank > 2 ? qs.size() / (b * qs.get(rank - 1)) : 1;
            long m = memories.getShape().get(memories.getShape().dimension() - 2);
            long d = memories.getShape().get(memories.getShape().dimension() - 1);
            long block = Math.max(1, BLOCK_ELEMENTS / Math.max(1, lead * m * d));
            NDManager owner = queries.getManager();
            try (Scope all = Scope.near(queries)) {
                NDArray mem = all.use(memories).expandDims(-3); // (..., 1, M, d)
                NDArray q = all.use(queries);
                List<NDArray> parts = new ArrayList<>();
                for (long start = 0; start < b; start += block) {
                    long end = Math.min(b, start + block);
                    try (Scope step = Scope.near(queries)) {
                        NDArray qb = q.get(new NDIndex("..., " + start + ":" + end + ", :")); // a view we made
                        qb.attach(step.manager());
                        NDArray part = qb.expandDims(-2).sub(mem).abs().sum(new int[] {-1}).neg(); // (..., b, M)
                        parts.add(step.keep(part, all.manager()));
                    }
                }
                NDArray out = parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), -2);
                return all.keep(out, owner);
            }
        }
    }

    /** The kernel of a fixed {@code W}. */
    final class FixedKernel implements Similarity {
        private final NDArray w;

        FixedKernel(NDArray w) {
            this.w = w;
        }

        /**
         * The feature matrix {@code W}, {@code (D_Phi, d)}.
         *
         * @return {@code W}, {@code (D_Phi, d)}, owned by the caller
         */
        public NDArray w() {
            return w;
        }

        @Override
        public NDArray scores(NDArray memories, NDArray queries) {
            requireWidth(queries);
            return Scope.compute(v -> {
                NDArray wt = v[2].transpose();
                return v[0].matMul(wt).matMul(v[1].matMul(wt).swapAxes(-1, -2));
            }, queries, memories, w);
        }

        /** W must have one column per pattern dimension. */
        void requireWidth(NDArray patterns) {
            long d = patterns.getShape().get(patterns.getShape().dimension() - 1);
            if (w.getShape().get(1) != d) {
                throw new IllegalArgumentException("W of Similarity.kernel(W) must have d = " + d
                        + " columns like the patterns, got shape " + w.getShape());
            }
        }

        @Override
        public boolean isInnerProduct() {
            return true;
        }

        @Override
        public NDArray selfScores(NDArray queries) {
            requireWidth(queries);
            return Scope.compute(v -> v[0].matMul(v[1].transpose()).square().sum(new int[] {-1}), queries, w);
        }

        @Override
        public String toString() {
            return "Kernel[W=" + w.getShape() + "]";
        }
    }
}
