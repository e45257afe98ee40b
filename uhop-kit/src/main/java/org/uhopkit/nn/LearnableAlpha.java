package org.uhopkit.nn;

import org.uhopkit.Separation;

import ai.djl.ndarray.NDArray;

/**
 * The learnable-alpha entmax of STanHop-Net's GSH layer: {@code alpha = 1 + sigmoid(a)}, one {@code a} per
 * head, through the core's {@link Separation#learnableEntmax(double)} marker and
 * {@link Separation#entmaxWeights(NDArray, NDArray)}. Package-private.
 */
final class LearnableAlpha {

    private LearnableAlpha() {}

    /** True for the core's learnable-entmax marker. */
    static boolean isLearnable(Separation s) {
        return s instanceof Separation.LearnableEntmax;
    }

    /** The initial logit {@code a = logit(alpha_0 - 1)} of a learnable entmax. */
    static double initialLogit(Separation s) {
        return ((Separation.LearnableEntmax) s).initialLogit();
    }

    /** alpha-entmax with an alpha array broadcastable against the scores' leading axes. */
    static NDArray weights(NDArray scores, NDArray alpha) {
        return Separation.entmaxWeights(scores, alpha);
    }
}
