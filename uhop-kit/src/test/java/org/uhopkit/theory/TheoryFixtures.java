package org.uhopkit.theory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.uhopkit.Fixtures;

/** Shared constructed cases for the theory tests. */
final class TheoryFixtures {

    private TheoryFixtures() {}

    static double[][] gaussian(int rows, int cols, long seed) {
        return Fixtures.gaussian(rows, cols, seed);
    }

    static NDArray gaussian(NDManager nd, int rows, int cols, long seed) {
        return Dense.array(nd, gaussian(rows, cols, seed));
    }

    /** diag(s) as memories: K(xi_mu, xi_mu) = s_mu^2, K(xi_nu, xi_mu) = 0. */
    static NDArray diagonal(NDManager nd, double... s) {
        double[][] x = new double[s.length][s.length];
        for (int i = 0; i < s.length; i++) {
            x[i][i] = s[i];
        }
        return Dense.array(nd, x);
    }

    static NDArray matrix(NDManager nd, double[][] v) {
        return Dense.array(nd, v);
    }
}
