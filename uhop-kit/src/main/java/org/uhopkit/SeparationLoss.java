package org.uhopkit;

import org.uhopkit.internal.Checks;
import org.uhopkit.internal.Scalars;
import org.uhopkit.internal.Scope;
import org.uhopkit.internal.StageOne;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A separation loss over the memories in feature space (Stage I of Algorithm 1). Every built-in works
 * on the normalised features {@code F_i = Phi(xi_i) / ||Phi(xi_i)||} of appendix D.2 and on every
 * unordered pair {@code i < j} once, through the cosines {@code S_ij = <F_i, F_j>}, with
 * {@code ||F_i - F_j||^2 = 2 - 2 S_ij}:
 *
 * <ul>
 *   <li>{@link #average()}: Definition 2.2 in the form of (D.4),
 *       {@code L = log mean_{i<j} exp(-t ||F_i - F_j||^2)} (the uniformity loss of Wang &amp; Isola 2020).
 *   <li>{@link #max()}: appendix G.2, only the closest pair, {@code L = -t min_{i<j} ||F_i - F_j||^2}.
 *   <li>{@link #deepLearning()}: Definition 3.1, {@code L = log mean_{i<j} exp(2t (K(u, v)^2 - 1))} with
 *       the normalised kernel {@code K = S}; its minimum pushes distinct features towards orthogonality.
 * </ul>
 */
public interface SeparationLoss {

    /**
     * The loss and its partial derivatives with respect to the pair cosines, for one cosine matrix or a batch
     * of them (the closed-form gradient Stage I uses).
     *
     * @param cosines {@code S}, {@code (m, m)} or {@code (..., m, m)}
     * @param offPairs {@code (m, m)}: 0 where {@code i < j}, {@code -infinity} elsewhere
     * @param t the scale {@code t > 0}
     * @return the loss (shape {@code ()} or {@code (...)}) and {@code G}, {@code (..., m, m)} symmetric with
     *     zero diagonal, {@code G_ij = G_ji = dL/dS_ij} for the pair {@code i < j}
     */
    Terms terms(NDArray cosines, NDArray offPairs, double t);

    /** The loss value and the pair gradient. */
    record Terms(NDArray value, NDArray pairGradient) {}

    /** A loss value with its gradient with respect to W. */
    record ValueAndGradient(double value, NDArray gradient) implements AutoCloseable {
        @Override
        public void close() {
            gradient.close();
        }
    }

    /**
     * The average loss of Definition 2.2 / (D.4).
     *
     * @return the average separation loss
     */
    static SeparationLoss average() {
        return new Average();
    }

    /**
     * The max loss of appendix G.2 (closest pair only).
     *
     * @return the max separation loss
     */
    static SeparationLoss max() {
        return new Max();
    }

    /**
     * The deep-learning loss of Definition 3.1.
     *
     * @return the deep-learning separation loss
     */
    static SeparationLoss deepLearning() {
        return new DeepLearning();
    }

    /**
     * The loss of the feature map {@code Phi(x) = W x} on {@code memories} and its gradient with respect to
     * W, computed directly in feature space (independently of the faster Stage I path).
     *
     * @param w {@code (D_Phi, d)}
     * @param memories {@code (M, d)}, {@code M >= 2}
     * @param t the scale, positive and finite
     * @return the value and {@code dL/dW} {@code (D_Phi, d)}, the latter in W's manager
     */
    default ValueAndGradient valueAndGradient(NDArray w, NDArray memories, double t) {
        Checks.finiteMatrix("W", w);
        Checks.finiteMatrix("memories", memories);
        Checks.positiveFinite("t", t);
        if (w.getShape().get(1) != memories.getShape().get(1)) {
            throw new IllegalArgumentException("W must have d = " + memories.getShape().get(1)
                    + " columns like the memories, got shape " + w.getShape());
        }
        int m = Math.toIntExact(memories.getShape().get(0));
        StageOne.requireTwo(m, "");
        NDManager owner = w.getManager();
        try (Scope s = Scope.near(w)) {
            NDArray xi = s.use(memories);
            NDArray p = s.use(w).matMul(xi.transpose()); // (D, m)
            NDArray norms = p.square().sum(new int[] {0}, true).sqrt(); // (1, m)
            NDArray f = p.div(norms);
            NDArray cos = f.transpose().matMul(f);
            Terms terms = terms(cos, StageOne.offPairs(s.manager(), m, w.getDataType()), t);
            NDArray g = terms.pairGradient();
            NDArray diag = cos.mul(g).sum(new int[] {1}); // (m,)
            NDArray inner = g.sub(s.manager().eye(m, m, 0, w.getDataType()).mul(diag.expandDims(0)));
            NDArray dP = f.matMul(inner).div(norms);
            NDArray grad = dP.matMul(xi);
            double value = Scope.scalar(terms.value());
            return new ValueAndGradient(value, s.keep(grad, owner));
        }
    }

    /**
     * The loss of a batch of feature sets, differentiable through DJL's autograd, so a layer can add it to a
     * training objective (Algorithm 2). Each set of n rows is normalised (appendix D.2) and every unordered
     * pair {@code i < j} of its rows counts once. No host synchronisation and no data checks: a zero feature
     * row gives NaN (its direction is undefined).
     *
     * @param features {@code (..., n, D)}, {@code n >= 2}
     * @param t the scale, positive and finite
     * @return the loss of each set, shape {@code (...)} (a scalar for {@code (n, D)}), in the features' manager
     */
    default NDArray value(NDArray features, double t) {
        Checks.notNull("features", features);
        Checks.positiveFinite("t", t);
        Shape shape = features.getShape();
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException("features must have shape (..., n, D), got " + shape);
        }
        int n = Math.toIntExact(shape.get(shape.dimension() - 2));
        StageOne.requireTwo(n, "rows of each feature set");
        return Scope.compute(v -> {
            NDArray f = v[0].div(v[0].square().sum(new int[] {-1}, true).sqrt());
            NDArray cos = f.matMul(f.swapAxes(-1, -2)); // (..., n, n)
            return ofCosines(cos, StageOne.offPairs(cos.getManager(), n, cos.getDataType()), t);
        }, features);
    }

    /**
     * The loss of cosine matrices {@code (..., m, m)} over their strict upper triangles, shape {@code (...)},
     * differentiable (used by {@link #value(NDArray, double)}).
     *
     * @param cosines {@code S}, {@code (..., m, m)}
     * @param offPairs {@code (m, m)}: 0 where {@code i < j}, {@code -infinity} elsewhere
     * @param t the scale
     * @return {@code (...)}
     */
    NDArray ofCosines(NDArray cosines, NDArray offPairs, double t);

    /** {@code log mean exp} over the pairs of the last two axes (entries of {@code h} that are not -infinity). */
    private static NDArray logMeanExpPairs(NDArray h, int m) {
        NDArray flat = pairsLast(h);
        NDArray max = flat.max(new int[] {-1}, true).stopGradient();
        NDArray sum = flat.sub(max).exp().sum(new int[] {-1});
        return sum.log().add(max.squeeze(-1)).sub(Math.log(m * (m - 1) / 2.0));
    }

    /** {@code (..., m, m)} as {@code (..., m * m)} (the engine reduces over one axis at a time). */
    private static NDArray pairsLast(NDArray h) {
        Shape s = h.getShape();
        int r = s.dimension();
        return h.reshape(s.slice(0, r - 2).add(s.get(r - 2) * s.get(r - 1)));
    }

    /** The average loss. */
    record Average() implements SeparationLoss {
        @Override
        public NDArray ofCosines(NDArray cosines, NDArray offPairs, double t) {
            int m = Math.toIntExact(cosines.getShape().get(cosines.getShape().dimension() - 1));
            return logMeanExpPairs(Scalars.times(cosines.sub(1), 2 * t).add(offPairs), m);
        }

        @Override
        public Terms terms(NDArray cosines, NDArray offPairs, double t) {
            NDArray h = cosines.sub(1).mul(2 * t).add(offPairs);
            LogMeanExp lme = LogMeanExp.of(h);
            return new Terms(lme.value(), lme.symmetricWeights().mul(2 * t));
        }
    }

    /** The max loss. */
    record Max() implements SeparationLoss {
        @Override
        public NDArray ofCosines(NDArray cosines, NDArray offPairs, double t) {
            return pairsLast(Scalars.times(cosines.sub(1), 2 * t).add(offPairs)).max(new int[] {-1});
        }

        @Override
        public Terms terms(NDArray cosines, NDArray offPairs, double t) {
            NDArray h = pairsLast(cosines.sub(1).mul(2 * t).add(offPairs)); // (..., m * m)
            long m = cosines.getShape().get(cosines.getShape().dimension() - 1);
            NDArray value = h.max(new int[] {-1});
            NDArray at = h.argMax(-1).oneHot(Math.toIntExact(m * m)).toType(cosines.getDataType(), false)
                    .reshape(cosines.getShape());
            return new Terms(value, at.add(at.swapAxes(-1, -2)).mul(2 * t));
        }
    }

    /** The deep-learning loss. */
    record DeepLearning() implements SeparationLoss {
        @Override
        public NDArray ofCosines(NDArray cosines, NDArray offPairs, double t) {
            int m = Math.toIntExact(cosines.getShape().get(cosines.getShape().dimension() - 1));
            return logMeanExpPairs(Scalars.times(cosines.square().sub(1), 2 * t).add(offPairs), m);
        }

        @Override
        public Terms terms(NDArray cosines, NDArray offPairs, double t) {
            NDArray h = cosines.square().sub(1).mul(2 * t).add(offPairs);
            LogMeanExp lme = LogMeanExp.of(h);
            return new Terms(lme.value(), lme.symmetricWeights().mul(cosines).mul(4 * t));
        }
    }

    /**
     * {@code log mean exp} over the pairs of the last two axes (entries that are not -infinity) and its
     * softmax weights, symmetrised.
     *
     * @param value {@code (...)}
     * @param symmetricWeights {@code (..., m, m)}
     */
    record LogMeanExp(NDArray value, NDArray symmetricWeights) {
        static LogMeanExp of(NDArray h) {
            long m = h.getShape().get(h.getShape().dimension() - 1);
            double pairs = m * (m - 1) / 2.0;
            NDArray flat = pairsLast(h);
            NDArray max = flat.max(new int[] {-1}, true);
            NDArray e = flat.sub(max).exp();
            NDArray z = e.sum(new int[] {-1}, true);
            NDArray w = e.div(z).reshape(h.getShape());
            NDArray value = z.log().add(max).sub(Math.log(pairs)).squeeze(-1);
            return new LogMeanExp(value, w.add(w.swapAxes(-1, -2)));
        }
    }

}
