package org.uhopkit;

import ai.djl.ndarray.NDArray;
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
     * @return {@code (B, M)}, in the manager of the scope the caller computes in
     */
    NDArray scores(NDArray memories, NDArray queries);

    /** True where the similarity is an inner product {@code <Phi(u), Phi(v)>}, so the energy exists. */
    default boolean isInnerProduct() {
        return false;
    }

    /**
     * {@code K(x, x)} for each query, shape {@code (B,)}; only for inner-product similarities.
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
            return queries.matMul(memories.transpose());
        }

        @Override
        public boolean isInnerProduct() {
            return true;
        }

        @Override
        public NDArray selfScores(NDArray queries) {
            return queries.square().sum(new int[] {1});
        }
    }

    /** The negative Euclidean distance. */
    record NegativeEuclidean() implements Similarity {
        @Override
        public NDArray scores(NDArray memories, NDArray queries) {
            NDArray qq = queries.square().sum(new int[] {1}, true); // (B, 1)
            NDArray mm = memories.square().sum(new int[] {1}).expandDims(0); // (1, M)
            NDArray cross = queries.matMul(memories.transpose()).mul(2);
            return qq.add(mm).sub(cross).maximum(0).sqrt().neg();
        }
    }

    /** The negative Manhattan distance; computed in blocks of queries to bound memory. */
    record NegativeManhattan() implements Similarity {
        @Override
        public NDArray scores(NDArray memories, NDArray queries) {
            long b = queries.getShape().get(0);
            long m = memories.getShape().get(0);
            long d = memories.getShape().get(1);
            long block = Math.max(1, (1L << 24) / Math.max(1, m * d));
            NDArray mem = memories.expandDims(0); // (1, M, d)
            List<NDArray> parts = new ArrayList<>();
            for (long start = 0; start < b; start += block) {
                long end = Math.min(b, start + block);
                NDArray q = queries.get(new NDIndex(start + ":" + end)).expandDims(1); // (b, 1, d)
                parts.add(q.sub(mem).abs().sum(new int[] {2}).neg());
            }
            if (parts.size() == 1) {
                return parts.get(0);
            }
            return ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(parts), 0);
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
            NDArray wt = transposedIn(queries);
            return queries.matMul(wt).matMul(memories.matMul(wt).transpose());
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
            return queries.matMul(transposedIn(queries)).square().sum(new int[] {1});
        }

        @Override
        public String toString() {
            return "Kernel[W=" + w.getShape() + "]";
        }
    }
}
