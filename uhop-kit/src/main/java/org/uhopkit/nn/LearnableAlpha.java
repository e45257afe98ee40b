package org.uhopkit.nn;

import org.uhopkit.Separation;

import ai.djl.ndarray.NDArray;

/**
 * The learnable-alpha entmax of STanHop-Net's GSH layer: {@code alpha = 1 + sigmoid(a)}, one {@code a} per
 * head. Package-private glue to the core's {@code Separation.learnableEntmax} and {@code entmaxWeights}.
 */
final class LearnableAlpha {

    private LearnableAlpha() {}

    /** True for the core's learnable-entmax marker. */
    static boolean isLearnable(Separation s) {
        return false; // TODO(core merge): s instanceof Separation.LearnableEntmax
    }

    /** The initial alpha of a learnable entmax. */
    static double initialAlpha(Separation s) {
        throw new UnsupportedOperationException("learnable alpha needs the core's Separation.learnableEntmax");
    }

    /** Checks a learnable entmax's initial alpha is in (1, 2), where {@code 1 + sigmoid(a)} can reach it. */
    static void check(Separation s) {
        // TODO(core merge)
    }

    /** alpha-entmax with an alpha array broadcastable against the scores' leading axes. */
    static NDArray weights(NDArray scores, NDArray alpha) {
        throw new UnsupportedOperationException("learnable alpha needs the core's Separation.entmaxWeights");
    }
}
