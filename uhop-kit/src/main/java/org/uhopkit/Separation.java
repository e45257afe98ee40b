package org.uhopkit;

import org.uhopkit.internal.Checks;
import org.uhopkit.internal.Scratch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The separation function {@code Sep}: turns each row of scores {@code (B, M)} into weights on the
 * simplex, row by row. In retrieval, {@code beta} enters inside: {@code Sep(beta * scores)} (eq. 2.4).
 *
 * <p>Built-ins: {@link #softmax()} (Ramsauer et al. 2020), {@link #sparsemax()} (Martins &amp;
 * Astudillo 2016; Hu et al. 2023), {@link #entmax(double)} for {@code alpha in [1, 2]} (Peters et al.
 * 2019; Wu et al. 2024), the rectified polynomial of dense associative memory {@link #polynomial(int)}
 * (Krotov &amp; Hopfield 2016) and {@link #argmax()}.
 *
 * <p>Members of the alpha-entmax family (and argmax, its {@code alpha -> infinity} / zero-temperature
 * limit) also give the convex conjugate {@code Psi*} of their entropic regulariser, from which the
 * energy of eq. (2.2) is built; see {@link #conjugate(NDArray)}.
 */
@FunctionalInterface
public interface Separation {

    /**
     * Weights for each row of {@code scores}.
     *
     * @param scores {@code (B, M)} (already multiplied by beta)
     * @return {@code (B, M)}, each row non-negative and summing to 1
     */
    NDArray weights(NDArray scores);

    /** True where {@link #conjugate} exists, so the energy of eq. (2.2) is defined. */
    default boolean hasEnergy() {
        return false;
    }

    /**
     * {@code max_{p in simplex} [<p, s> + H(p)]} for each row {@code s} of {@code scaledScores}, shape
     * {@code (B,)}; H is this separation's entropy (Tsallis {@code H_alpha}, Shannon at alpha = 1, zero for
     * argmax). The maximiser is {@link #weights}. The energy of eq. (2.2) is
     * {@code K(x, x)/2 - conjugate(beta z)/beta}.
     */
    default NDArray conjugate(NDArray scaledScores) {
        throw new UnsupportedOperationException(this + " has no entropic conjugate, so no energy");
    }

    /** Softmax, alpha = 1. */
    static Separation softmax() {
        return new Softmax();
    }

    /** Sparsemax, alpha = 2, exact and sort-based (Martins &amp; Astudillo 2016, eq. D.3). */
    static Separation sparsemax() {
        return new Sparsemax();
    }

    /**
     * alpha-entmax (Definition D.1) for any alpha in [1, 2]: softmax at 1, sparsemax at 2, the exact
     * sort-based algorithm at 1.5 and bisection on the threshold (to 1e-12 or the data type's
     * resolution) otherwise.
     */
    static Separation entmax(double alpha) {
        Checks.inRange("alpha", alpha, 1.0, 2.0);
        return new Entmax(alpha);
    }

    /**
     * The separation of dense associative memory of order {@code n} (Krotov &amp; Hopfield 2016): the
     * rectified power {@code max(s, 0)^n}, normalised to sum 1. A row without a positive score has no
     * such normalisation; it gets uniform weights (documented, not an error).
     */
    static Separation polynomial(int order) {
        Checks.atLeast("polynomial order", order, 1);
        return new Polynomial(order);
    }

    /** One-hot on the largest score (the first one on ties): the max separation. */
    static Separation argmax() {
        return new Argmax();
    }

    /** Softmax. */
    record Softmax() implements Separation {
        @Override
        public NDArray weights(NDArray scores) {
            return scores.softmax(-1);
        }

        @Override
        public boolean hasEnergy() {
            return true;
        }

        @Override
        public NDArray conjugate(NDArray s) {
            return Scratch.owned(s, () -> {
                NDArray max = s.max(new int[] {-1}, true);
                return s.sub(max).exp().sum(new int[] {-1}).log().add(max.squeeze(-1));
            });
        }
    }

    /** Sparsemax. */
    record Sparsemax() implements Separation {
        @Override
        public NDArray weights(NDArray scores) {
            return Scratch.owned(scores, () -> sparsemax(scores));
        }

        private static NDArray sparsemax(NDArray scores) {
            long m = scores.getShape().get(scores.getShape().dimension() - 1);
            NDArray sorted = scores.neg().sort(-1).neg(); // descending
            NDArray cum = sorted.cumSum(-1);
            NDArray k = ranks(scores.getManager(), m, scores.getDataType());
            NDArray support = k.mul(sorted).add(1).gt(cum).toType(scores.getDataType(), false);
            NDArray kappa = support.sum(new int[] {-1}, true);
            NDArray tau = sorted.mul(support).sum(new int[] {-1}, true).sub(1).div(kappa);
            return scores.sub(tau).maximum(0);
        }

        @Override
        public boolean hasEnergy() {
            return true;
        }

        @Override
        public NDArray conjugate(NDArray s) {
            return Scratch.owned(s, () -> Entmax.tsallisConjugate(s, sparsemax(s), 2.0));
        }
    }

    /** alpha-entmax. */
    record Entmax(double alpha) implements Separation {
        public Entmax {
            Checks.inRange("alpha", alpha, 1.0, 2.0);
        }

        @Override
        public NDArray weights(NDArray scores) {
            if (alpha == 1.0) {
                return scores.softmax(-1);
            }
            return Scratch.owned(scores, () -> project(scores));
        }

        /** The weights for alpha in (1, 2], intermediates in the caller's scope. */
        private NDArray project(NDArray scores) {
            if (alpha == 2.0) {
                return Sparsemax.sparsemax(scores);
            }
            return alpha == 1.5 ? exact15(scores) : bisect(scores);
        }

        /** Exact alpha = 1.5 (Peters, Niculae &amp; Martins 2019, Algorithm 2). */
        private static NDArray exact15(NDArray scores) {
            long m = scores.getShape().get(scores.getShape().dimension() - 1);
            NDArray x = scores.div(2);
            NDArray sorted = x.neg().sort(-1).neg();
            NDArray k = ranks(scores.getManager(), m, scores.getDataType());
            NDArray mean = sorted.cumSum(-1).div(k);
            NDArray meanSq = sorted.square().cumSum(-1).div(k);
            NDArray ss = k.mul(meanSq.sub(mean.square()));
            NDArray delta = ss.neg().add(1).div(k).maximum(0);
            NDArray tau = mean.sub(delta.sqrt());
            NDArray support = tau.lte(sorted).toType(scores.getDataType(), false).sum(new int[] {-1}, true);
            NDArray pick = k.eq(support).toType(scores.getDataType(), false);
            NDArray tauStar = tau.mul(pick).sum(new int[] {-1}, true);
            return x.sub(tauStar).maximum(0).square();
        }

        /**
         * Bisection on tau for {@code p_i = [(alpha - 1) s_i - tau]_+^{1/(alpha-1)}}, sum p = 1. The root
         * lies in {@code [max - 1, max - M^{1-alpha}]} where {@code max = (alpha - 1) max_i s_i}.
         */
        private NDArray bisect(NDArray scores) {
            long m = scores.getShape().get(scores.getShape().dimension() - 1);
            double am1 = alpha - 1;
            NDArray x = scores.mul(am1);
            NDArray max = x.max(new int[] {-1}, true);
            NDArray lo = max.sub(1);
            double width = 1 - Math.pow(m, -am1);
            double tol = scores.getDataType() == DataType.FLOAT64 ? 1e-13 : 1e-7;
            int iterations = (int) Math.ceil(Math.log(Math.max(width, tol) / tol) / Math.log(2)) + 2;
            double dm = width;
            NDArray p = null;
            for (int i = 0; i < iterations; i++) {
                dm /= 2;
                NDArray mid = lo.add(dm);
                p = x.sub(mid).maximum(0).pow(1 / am1);
                NDArray f = p.sum(new int[] {-1}, true).sub(1);
                NDArray up = f.gte(0).toType(scores.getDataType(), false);
                lo = lo.add(up.mul(dm)); // where the mass is still >= 1 the root is above mid
            }
            NDArray sum = p.sum(new int[] {-1}, true);
            return p.div(sum);
        }

        @Override
        public boolean hasEnergy() {
            return true;
        }

        @Override
        public NDArray conjugate(NDArray s) {
            if (alpha == 1.0) {
                return new Softmax().conjugate(s);
            }
            return Scratch.owned(s, () -> tsallisConjugate(s, project(s), alpha));
        }

        /** {@code <p, s> + H_alpha(p)}, {@code H_alpha(p) = sum(p - p^alpha) / (alpha (alpha - 1))}. */
        static NDArray tsallisConjugate(NDArray s, NDArray p, double alpha) {
            NDArray linear = p.mul(s).sum(new int[] {-1});
            NDArray entropy = p.sub(p.pow(alpha)).sum(new int[] {-1}).div(alpha * (alpha - 1));
            return linear.add(entropy);
        }

        @Override
        public String toString() {
            return "Entmax[alpha=" + alpha + "]";
        }
    }

    /** Rectified polynomial of order n, normalised. */
    record Polynomial(int order) implements Separation {
        public Polynomial {
            Checks.atLeast("polynomial order", order, 1);
        }

        @Override
        public NDArray weights(NDArray scores) {
            return Scratch.owned(scores, () -> {
                NDArray r = scores.maximum(0);
                NDArray max = r.max(new int[] {-1}, true);
                NDArray none = max.eq(0).toType(scores.getDataType(), false);
                // scale by the row maximum so the power cannot overflow; rows with no positive score: uniform
                NDArray scaled = r.div(max.add(none)).add(none).pow(order);
                return scaled.div(scaled.sum(new int[] {-1}, true));
            });
        }
    }

    /** Argmax. */
    record Argmax() implements Separation {
        @Override
        public NDArray weights(NDArray scores) {
            long m = scores.getShape().get(scores.getShape().dimension() - 1);
            return Scratch.owned(scores, () -> scores.argMax(-1).oneHot((int) m).toType(scores.getDataType(), false));
        }

        @Override
        public boolean hasEnergy() {
            return true;
        }

        @Override
        public NDArray conjugate(NDArray s) {
            return s.max(new int[] {-1});
        }
    }

    /** {@code [1, 2, ..., m]} in the given type. */
    private static NDArray ranks(NDManager manager, long m, DataType type) {
        return manager.arange(1, m + 1, 1, type);
    }
}
