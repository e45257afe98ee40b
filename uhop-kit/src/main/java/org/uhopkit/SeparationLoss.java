package org.uhopkit;

import org.uhopkit.internal.Checks;
import org.uhopkit.internal.Scratch;
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
     * The loss and its partial derivatives with respect to the pair cosines.
     *
     * @param cosines {@code S}, {@code (m, m)}
     * @param offPairs {@code (m, m)}: 0 where {@code i < j}, {@code -infinity} elsewhere
     * @param t the scale {@code t > 0}
     * @return the loss (a scalar array) and {@code G}, {@code (m, m)} symmetric with zero diagonal,
     *     {@code G_ij = G_ji = dL/dS_ij} for the pair {@code i < j}
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

    /** The average loss of Definition 2.2 / (D.4). */
    static SeparationLoss average() {
        return new Average();
    }

    /** The max loss of appendix G.2 (closest pair only). */
    static SeparationLoss max() {
        return new Max();
    }

    /** The deep-learning loss of Definition 3.1. */
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
        StageOne.requireTwo(m);
        NDManager owner = w.getManager();
        try (Scratch s = Scratch.of(w, w, memories)) {
            NDArray p = w.matMul(memories.transpose()); // (D, m)
            NDArray norms = p.square().sum(new int[] {0}, true).sqrt(); // (1, m)
            NDArray f = p.div(norms);
            NDArray cos = f.transpose().matMul(f);
            Terms terms = terms(cos, StageOne.offPairs(s.manager(), m, w.getDataType()), t);
            NDArray g = terms.pairGradient();
            NDArray diag = cos.mul(g).sum(new int[] {1}); // (m,)
            NDArray inner = g.sub(s.manager().eye(m, m, 0, w.getDataType()).mul(diag.expandDims(0)));
            NDArray dP = f.matMul(inner).div(norms);
            NDArray grad = dP.matMul(memories);
            double value = Scratch.scalar(terms.value());
            return new ValueAndGradient(value, s.keep(grad, owner));
        }
    }

    /** The average loss. */
    record Average() implements SeparationLoss {
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
        public Terms terms(NDArray cosines, NDArray offPairs, double t) {
            NDArray h = cosines.sub(1).mul(2 * t).add(offPairs);
            long m = cosines.getShape().get(0);
            NDArray value = h.max();
            NDArray at = h.flatten().argMax().oneHot(Math.toIntExact(m * m))
                    .toType(cosines.getDataType(), false).reshape(new Shape(m, m));
            return new Terms(value, at.add(at.transpose()).mul(2 * t));
        }
    }

    /** The deep-learning loss. */
    record DeepLearning() implements SeparationLoss {
        @Override
        public Terms terms(NDArray cosines, NDArray offPairs, double t) {
            NDArray h = cosines.square().sub(1).mul(2 * t).add(offPairs);
            LogMeanExp lme = LogMeanExp.of(h);
            return new Terms(lme.value(), lme.symmetricWeights().mul(cosines).mul(4 * t));
        }
    }

    /** {@code log mean exp} over the pairs (entries that are not -infinity) and its softmax weights. */
    record LogMeanExp(NDArray value, NDArray symmetricWeights) {
        static LogMeanExp of(NDArray h) {
            long m = h.getShape().get(0);
            double pairs = m * (m - 1) / 2.0;
            NDArray max = h.max();
            NDArray e = h.sub(max).exp();
            NDArray z = e.sum();
            NDArray w = e.div(z);
            NDArray value = z.log().add(max).sub(Math.log(pairs));
            return new LogMeanExp(value, w.add(w.transpose()));
        }
    }

}
