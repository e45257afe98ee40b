package org.uhopkit;

import org.uhopkit.internal.Checks;
import org.uhopkit.internal.Scalars;
import org.uhopkit.internal.Scope;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The separation function {@code Sep}: turns scores into weights on the simplex along the last axis. Scores
 * may have any number of leading (batch, head) dimensions: {@code (B, M)} in retrieval, {@code (B, H, L, S)}
 * in a Hopfield layer. In retrieval, {@code beta} enters inside: {@code Sep(beta * scores)} (eq. 2.4).
 *
 * <p>The built-ins are differentiable through DJL's autograd (softmax, sparsemax and exact 1.5-entmax through
 * their closed forms, alpha-entmax by bisection through its exact implicit gradient, not through the
 * iterations), make no host synchronisation, leave only their result in the scores' manager, and may be used
 * from several threads at once. Sparsemax and entmax subtract the row maximum first, so float32 rows sum to 1
 * within about 1e-6 even for scores of size 1e3.
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
     * Weights along the last axis of {@code scores}.
     *
     * @param scores {@code (..., M)} (already multiplied by beta)
     * @return {@code (..., M)} in the scores' manager, non-negative and summing to 1 along the last axis
     */
    NDArray weights(NDArray scores);

    /**
     * alpha-entmax with a learnable alpha (as STanHop-Net's generalised sparse Hopfield layer): a Hopfield
     * block built with this separation owns a parameter {@code a} and uses {@code alpha = 1 + sigmoid(a)},
     * starting from {@code initialAlpha}; {@link #entmaxWeights(NDArray, NDArray)} differentiates with respect
     * to both the scores and alpha. Used on its own, the separation is alpha-entmax at {@code initialAlpha}.
     *
     * @param initialAlpha in (1, 2)
     * @return the separation
     */
    static LearnableEntmax learnableEntmax(double initialAlpha) {
        return new LearnableEntmax(initialAlpha);
    }

    /**
     * alpha-entmax (Definition D.1) with alpha given as an array, differentiable with respect to the scores
     * (the exact implicit gradient {@code dp/dz = diag(s) - s s^T / sum(s)}, {@code s = p^(2 - alpha)} on the
     * support) and to alpha ({@code dp_i/dalpha = [-p_i log p_i + s_i (z_i - tau')] / (alpha - 1)} with
     * {@code tau' = (sum_j s_j z_j - sum_j p_j log p_j) / sum_j s_j}, from implicit differentiation of
     * {@code p_i = [(alpha - 1) z_i - tau]_+^(1/(alpha-1))}, {@code sum p = 1}). Computed by Newton's method on
     * tau (the same fixed point as the bisection of {@link #entmax(double)}, to the data type's rounding; see
     * {@code Entmax.newton}). Outside a gradient recording (inference: no {@code GradientCollector}) the
     * implicit-gradient terms are not built; the value is the same.
     *
     * @param scores {@code (..., M)}
     * @param alpha broadcastable against {@code scores} with a last axis of size 1 (e.g. {@code (1, H, 1, 1)} per
     *     head, or {@code (1)}), values in (1, 2]; not checked on the forward path (no host sync)
     * @return {@code (..., M)} in the scores' manager
     */
    static NDArray entmaxWeights(NDArray scores, NDArray alpha) {
        Checks.notNull("scores", scores);
        Checks.notNull("alpha", alpha);
        return Scope.compute(v -> Entmax.newton(v[0], v[1]), scores, alpha);
    }

    /**
     * True where {@link #conjugate} exists, so the energy of eq. (2.2) is defined.
     *
     * @return true when the entropic conjugate and the energy of eq. (2.2) exist
     */
    default boolean hasEnergy() {
        return false;
    }

    /**
     * {@code max_{p in simplex} [<p, s> + H(p)]} along the last axis of {@code scaledScores} {@code (..., M)},
     * shape {@code (...)}; H is this separation's entropy (Tsallis {@code H_alpha}, Shannon at alpha = 1, zero for
     * argmax). The maximiser is {@link #weights}. The energy of eq. (2.2) is
     * {@code K(x, x)/2 - conjugate(beta z)/beta}.
     *
     * @param scaledScores the scaled scores {@code beta z}, {@code (..., M)}
     * @return the conjugate, {@code (...)}
     */
    default NDArray conjugate(NDArray scaledScores) {
        throw new UnsupportedOperationException(this + " has no entropic conjugate, so no energy");
    }

    /**
     * Softmax, alpha = 1.
     *
     * @return the softmax separation
     */
    static Separation softmax() {
        return new Softmax();
    }

    /**
     * Sparsemax, alpha = 2, exact and sort-based (Martins &amp; Astudillo 2016, eq. D.3).
     *
     * @return the sparsemax separation
     */
    static Separation sparsemax() {
        return new Sparsemax();
    }

    /**
     * alpha-entmax (Definition D.1) for any alpha in [1, 2]: softmax at 1, sparsemax at 2, the exact
     * sort-based algorithm at 1.5 and bisection on the threshold (to 1e-12 or the data type's
     * resolution) otherwise.
     *
     * @param alpha alpha, in [1, 2]
     * @return the alpha-entmax separation
     */
    static Separation entmax(double alpha) {
        Checks.inRange("alpha", alpha, 1.0, 2.0);
        return new Entmax(alpha);
    }

    /**
     * The separation of dense associative memory of order {@code n} (Krotov &amp; Hopfield 2016): the
     * rectified power {@code max(s, 0)^n}, normalised to sum 1. A row without a positive score has no
     * such normalisation; it gets uniform weights (documented, not an error).
     *
     * @param order the order n, at least 1
     * @return the polynomial separation
     */
    static Separation polynomial(int order) {
        Checks.atLeast("polynomial order", order, 1);
        return new Polynomial(order);
    }

    /**
     * One-hot on the largest score (the first one on ties): the max separation.
     *
     * @return the argmax separation
     */
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
            return Scope.compute(v -> {
                NDArray max = v[0].max(new int[] {-1}, true).stopGradient();
                return v[0].sub(max).exp().sum(new int[] {-1}).log().add(max.squeeze(-1));
            }, s);
        }
    }

    /** Sparsemax. */
    record Sparsemax() implements Separation {
        @Override
        public NDArray weights(NDArray scores) {
            return Scope.compute(v -> sparsemax(shifted(v[0])), scores);
        }

        /** Sparsemax of scores whose row maximum is 0 (differentiable through its closed form). */
        static NDArray sparsemax(NDArray z) {
            long m = z.getShape().get(z.getShape().dimension() - 1);
            NDArray sorted = z.neg().sort(-1).neg(); // descending
            NDArray cum = sorted.cumSum(-1);
            NDArray k = ranks(z.getManager(), m, z.getDataType());
            NDArray support = k.mul(sorted).add(1).gt(cum).toType(z.getDataType(), false);
            NDArray kappa = support.sum(new int[] {-1}, true);
            NDArray tau = sorted.mul(support).sum(new int[] {-1}, true).sub(1).div(kappa);
            return Scalars.atLeast(z.sub(tau), 0);
        }

        @Override
        public boolean hasEnergy() {
            return true;
        }

        @Override
        public NDArray conjugate(NDArray s) {
            return Scope.compute(v -> shiftedConjugate(v[0], z -> sparsemax(z), 2.0), s);
        }
    }

    /** alpha-entmax for a fixed alpha in [1, 2]. */
    record Entmax(double alpha) implements Separation {
        /**
         * Validates alpha.
         *
         * @param alpha alpha, in [1, 2]
         */
        public Entmax {
            Checks.inRange("alpha", alpha, 1.0, 2.0);
        }

        @Override
        public NDArray weights(NDArray scores) {
            if (alpha == 1.0) {
                return scores.softmax(-1);
            }
            return Scope.compute(v -> project(shifted(v[0])), scores);
        }

        /** The weights for alpha in (1, 2] of scores whose row maximum is 0. */
        private NDArray project(NDArray z) {
            if (alpha == 2.0) {
                return Sparsemax.sparsemax(z);
            }
            if (alpha == 1.5) {
                return exact15(z);
            }
            NDArray a = Scalars.of(z.getManager(), alpha, z.getDataType());
            return bisect(z, a, false);
        }

        /**
         * Exact alpha = 1.5 (Peters, Niculae &amp; Martins 2019, Algorithm 2) for scores whose row maximum is 0;
         * differentiable through its closed form.
         */
        static NDArray exact15(NDArray z) {
            long m = z.getShape().get(z.getShape().dimension() - 1);
            NDArray x = Scalars.over(z, 2);
            NDArray sorted = x.neg().sort(-1).neg();
            NDArray k = ranks(z.getManager(), m, z.getDataType());
            NDArray mean = sorted.cumSum(-1).div(k);
            NDArray meanSq = sorted.square().cumSum(-1).div(k);
            NDArray ss = k.mul(meanSq.sub(mean.square()));
            NDArray delta = Scalars.atLeast(ss.neg().add(1).div(k), 0);
            NDArray tau = mean.sub(delta.sqrt());
            NDArray support = tau.lte(sorted).toType(z.getDataType(), false).sum(new int[] {-1}, true);
            NDArray pick = k.eq(support).toType(z.getDataType(), false);
            NDArray tauStar = tau.mul(pick).sum(new int[] {-1}, true);
            return Scalars.atLeast(x.sub(tauStar), 0).square();
        }

        /**
         * Bisection on tau for {@code p_i = [(alpha - 1) z_i - tau]_+^{1/(alpha-1)}}, sum p = 1, with the
         * implicit gradient attached (never differentiated through the iterations). With the row maximum of
         * {@code (alpha - 1) z} shifted to 0 the root lies in {@code [-1, -M^{1-alpha}]}.
         *
         * @param scores {@code (..., M)}
         * @param alpha broadcastable, trailing axis 1, in (1, 2]
         * @param alphaGradient whether alpha gets a gradient (false for a constant alpha)
         */
        static NDArray bisect(NDArray scores, NDArray alpha, boolean alphaGradient) {
            DataType type = scores.getDataType();
            long m = scores.getShape().get(scores.getShape().dimension() - 1);
            NDArray z = scores.stopGradient();
            NDArray a = alpha.stopGradient().toType(type, false);
            NDArray am1 = a.sub(1);
            NDArray x = z.mul(am1);
            x = x.sub(x.max(new int[] {-1}, true)); // row maximum 0
            NDArray inv = am1.pow(-1);
            NDArray lo = x.zerosLike().sum(new int[] {-1}, true).sub(1); // -1, one per row
            NDArray dm = am1.neg().mul(Math.log(m)).exp().neg().add(1); // 1 - M^(1 - alpha)
            dm = dm.add(lo.zerosLike()); // one width per row
            int iterations = type == DataType.FLOAT64 ? 54 : 26;
            NDArray p = null;
            for (int i = 0; i < iterations; i++) {
                dm = dm.div(2);
                NDArray mid = lo.add(dm);
                p = x.sub(mid).maximum(0).pow(inv);
                NDArray up = p.sum(new int[] {-1}, true).gte(1).toType(type, false);
                lo = lo.add(up.mul(dm)); // where the mass is still >= 1 the root is above mid
            }
            p = p.div(p.sum(new int[] {-1}, true));
            return implicitGradient(scores, alpha, p, z, a, am1, true, alphaGradient);
        }

        /**
         * alpha-entmax with an alpha array by Newton's method on the threshold (Definition D.1): with
         * {@code x = (alpha - 1) z} shifted to row maximum 0, {@code q = 1/(alpha - 1) >= 1} and
         * {@code u = [x - tau]_+}, the root of {@code h(tau) = ||u||_q - 1} is the tau of the weights
         * {@code p = u^q} ({@code sum p = 1}). h is convex and decreasing in tau ({@code ||.||_q} is convex and
         * monotone on non-negative vectors, {@code [x_i - tau]_+} convex and decreasing), so a Newton step
         * {@code tau <- tau + (h - 1) / (||u||_q^(1-q) sum u^(q-1)) = tau + (S - S^(2 - alpha)) / sum u^(q-1)},
         * {@code S = sum u^q}, from any tau lands at or below the root and
         * the iterates increase monotonically to it from {@code tau_0 = -1} (where {@code h >= 1}); h is nearly
         * linear (exactly linear while the support does not change and the entries are equal), so a handful of
         * steps reach the rounding of the data type: 8 in float32, 12 in float64 (at most 6 were needed to
         * 1e-8 over alpha in [1.02, 2), M from 2 to 100 and spread-out, clustered, geometric and evenly spaced
         * scores; the tests compare with a 200-step bisection in Java doubles). The weights are normalised
         * to sum 1 and carry the exact implicit gradient, as {@link #bisect}.
         *
         * @param scores {@code (..., M)}
         * @param alpha broadcastable, trailing axis 1, in (1, 2]; gets a gradient when it records one
         */
        static NDArray newton(NDArray scores, NDArray alpha) {
            boolean recording = recordsGradients(scores);
            DataType type = scores.getDataType();
            NDArray z = scores.stopGradient();
            NDArray a = alpha.stopGradient().toType(type, false);
            NDArray am1 = a.sub(1);
            NDArray x = z.mul(am1);
            x = x.sub(x.max(new int[] {-1}, true)); // row maximum 0
            NDArray q = am1.pow(-1); // 1 / (alpha - 1) >= 1
            // q - 1, kept above 0 so that u^(q-1) is 0 off the support also at alpha = 2 (0^0 would be 1); a power
            // of 1e-30 of a positive float is exactly 1
            NDArray qm1 = q.sub(1).maximum(1e-30);
            NDArray twoMinusAlpha = am1.neg().add(1); // 1 - 1/q
            NDArray tau = x.zerosLike().sum(new int[] {-1}, true).sub(1); // -1, one per row: h(-1) >= 1
            int iterations = type == DataType.FLOAT64 ? 12 : 8;
            for (int i = 0; i < iterations; i++) {
                NDArray u = x.sub(tau).maximum(0);
                NDArray d = u.pow(qm1).sum(new int[] {-1}, true); // > 0: the row maximum is always in the support
                NDArray sq = u.pow(q).sum(new int[] {-1}, true); // ||u||_q^q >= 1
                // tau - (h - 1) / h' with h = sq^(1/q), h' = -sq^(1/q - 1) d: tau + (sq - sq^(1 - 1/q)) / d
                tau = tau.add(sq.sub(sq.pow(twoMinusAlpha)).div(d));
            }
            NDArray p = x.sub(tau).maximum(0).pow(q);
            p = p.div(p.sum(new int[] {-1}, true));
            return implicitGradient(scores, alpha, p, z, a, am1, recording, recording);
        }

        /**
         * Whether operations on {@code a} are being recorded for a gradient: PyTorch's grad mode (on inside a
         * {@code GradientCollector}); true for another engine.
         */
        private static boolean recordsGradients(NDArray a) {
            if (GRAD_MODE == null || !"PyTorch".equals(a.getManager().getEngine().getEngineName())) {
                return true;
            }
            try {
                return (boolean) GRAD_MODE.invokeExact();
            } catch (Throwable e) {
                throw new IllegalStateException("cannot read PyTorch's grad mode", e);
            }
        }

        /** {@code JniUtils.isGradMode()} of DJL's PyTorch engine (a runtime dependency), or null without it. */
        private static final java.lang.invoke.MethodHandle GRAD_MODE = gradMode();

        private static java.lang.invoke.MethodHandle gradMode() {
            try {
                return java.lang.invoke.MethodHandles.publicLookup().findStatic(
                        Class.forName("ai.djl.pytorch.jni.JniUtils"), "isGradMode",
                        java.lang.invoke.MethodType.methodType(boolean.class));
            } catch (ReflectiveOperationException | LinkageError e) {
                return null;
            }
        }

        /**
         * The value {@code p} with the exact implicit gradient of alpha-entmax attached: with respect to the
         * scores {@code diag(s) - s s^T / sum(s)}, {@code s = p^(2 - alpha)} on the support, and to alpha
         * {@code dp_i/dalpha = [-p_i log p_i + s_i (z_i - tau')] / (alpha - 1)}; the terms not asked for are
         * not built.
         */
        private static NDArray implicitGradient(NDArray scores, NDArray alpha, NDArray p, NDArray z, NDArray a,
                NDArray am1, boolean scoreGradient, boolean alphaGradient) {
            if (!scoreGradient && !alphaGradient) {
                return p;
            }
            DataType type = p.getDataType();
            NDArray on = p.gt(0).toType(type, false);
            NDArray s = p.pow(a.neg().add(2)).mul(on);
            NDArray sumS = s.sum(new int[] {-1}, true);
            NDArray out = p;
            if (scoreGradient) {
                NDArray dz = scores.sub(z); // zero, carrying the scores' gradient
                NDArray sdz = s.mul(dz);
                out = p.add(sdz.sub(s.mul(sdz.sum(new int[] {-1}, true).div(sumS))));
            }
            if (alphaGradient) {
                NDArray zs = z.sub(z.max(new int[] {-1}, true));
                NDArray plogp = p.mul(p.add(on.neg().add(1)).log()); // 0 where p = 0
                NDArray tauPrime = s.mul(zs).sum(new int[] {-1}, true).sub(plogp.sum(new int[] {-1}, true)).div(sumS);
                NDArray dpda = plogp.neg().add(s.mul(zs.sub(tauPrime))).div(am1);
                NDArray da = alpha.sub(alpha.stopGradient()).toType(type, false); // zero, carrying alpha's gradient
                out = out.add(dpda.mul(da));
            }
            return out;
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
            return Scope.compute(v -> shiftedConjugate(v[0], this::project, alpha), s);
        }

        @Override
        public String toString() {
            return "Entmax[alpha=" + alpha + "]";
        }
    }

    /**
     * alpha-entmax whose alpha a Hopfield block learns (alpha = 1 + sigmoid(a)); on its own, alpha-entmax at
     * the initial alpha.
     *
     * @param initialAlpha in (1, 2)
     */
    record LearnableEntmax(double initialAlpha) implements Separation {
        /**
         * Validates the initial alpha.
         *
         * @param initialAlpha the initial alpha, in (1, 2)
         */
        public LearnableEntmax {
            if (!(initialAlpha > 1.0 && initialAlpha < 2.0)) {
                throw new IllegalArgumentException(
                        "initial alpha of a learnable entmax must be in (1, 2) (alpha = 1 + sigmoid(a)), got "
                                + initialAlpha);
            }
        }

        /**
         * The pre-activation {@code a = logit(alpha - 1)} with {@code alpha = 1 + sigmoid(a)}.
         *
         * @return {@code log((alpha - 1) / (2 - alpha))} at the initial alpha
         */
        public double initialLogit() {
            double p = initialAlpha - 1;
            return Math.log(p / (1 - p));
        }

        @Override
        public NDArray weights(NDArray scores) {
            return new Entmax(initialAlpha).weights(scores);
        }

        @Override
        public boolean hasEnergy() {
            return true;
        }

        @Override
        public NDArray conjugate(NDArray s) {
            return new Entmax(initialAlpha).conjugate(s);
        }
    }

    /** Rectified polynomial of order n, normalised. */
    record Polynomial(int order) implements Separation {
        /**
         * Validates the order.
         *
         * @param order the order n, at least 1
         */
        public Polynomial {
            Checks.atLeast("polynomial order", order, 1);
        }

        @Override
        public NDArray weights(NDArray scores) {
            return Scope.compute(v -> {
                NDArray r = Scalars.atLeast(v[0], 0);
                NDArray max = r.max(new int[] {-1}, true).stopGradient();
                NDArray none = max.eq(0).toType(v[0].getDataType(), false);
                // scale by the row maximum so the power cannot overflow; rows with no positive score: uniform
                NDArray scaled = Scalars.power(r.div(max.add(none)).add(none), order);
                return scaled.div(scaled.sum(new int[] {-1}, true));
            }, scores);
        }
    }

    /** Argmax. */
    record Argmax() implements Separation {
        @Override
        public NDArray weights(NDArray scores) {
            long m = scores.getShape().get(scores.getShape().dimension() - 1);
            return Scope.compute(v -> v[0].argMax(-1).oneHot((int) m).toType(v[0].getDataType(), false), scores);
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

    /** The scores minus their (constant, gradient-free) row maximum: the weights are unchanged by the shift. */
    private static NDArray shifted(NDArray scores) {
        return scores.sub(scores.max(new int[] {-1}, true).stopGradient());
    }

    /**
     * {@code Psi*(s) = Psi*(s - c) + c} for the row maximum c (the weights sum to 1), computed on the
     * shifted scores so float32 keeps its digits.
     */
    private static NDArray shiftedConjugate(NDArray s, java.util.function.UnaryOperator<NDArray> weights,
            double alpha) {
        NDArray max = s.max(new int[] {-1}, true).stopGradient();
        NDArray z = s.sub(max);
        return tsallisConjugate(z, weights.apply(z), alpha).add(max.squeeze(-1));
    }

    /** {@code <p, s> + H_alpha(p)}, {@code H_alpha(p) = sum(p - p^alpha) / (alpha (alpha - 1))}. */
    private static NDArray tsallisConjugate(NDArray s, NDArray p, double alpha) {
        NDArray linear = p.mul(s).sum(new int[] {-1});
        NDArray entropy = Scalars.over(p.sub(Scalars.power(p, alpha)).sum(new int[] {-1}), alpha * (alpha - 1));
        return linear.add(entropy);
    }

    /** {@code [1, 2, ..., m]} in the given type. */
    private static NDArray ranks(NDManager manager, long m, DataType type) {
        return manager.arange(1, m + 1, 1, type);
    }
}
