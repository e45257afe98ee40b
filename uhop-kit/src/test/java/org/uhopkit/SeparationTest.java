package org.uhopkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeparationTest {

    @Test
    void sparsemaxMatchesHandComputedVectors() {
        try (NDManager nd = NDManager.newBaseManager()) {
            // z = (1, 0.8, 0.1): support {1, 2}: tau = (1.8 - 1)/2 = 0.4 -> (0.6, 0.4, 0)
            assertThat(Fixtures.row(nd, Separation.sparsemax(), 1.0, 0.8, 0.1))
                    .containsExactly(new double[] {0.6, 0.4, 0.0}, within(1e-12));
            // z = (3, 0, -1): only the first survives
            assertThat(Fixtures.row(nd, Separation.sparsemax(), 0.0, 3.0, -1.0))
                    .containsExactly(new double[] {0.0, 1.0, 0.0}, within(1e-12));
            // equal scores: uniform
            assertThat(Fixtures.row(nd, Separation.sparsemax(), 2.0, 2.0, 2.0, 2.0))
                    .containsExactly(new double[] {0.25, 0.25, 0.25, 0.25}, within(1e-12));
        }
    }

    @Test
    void entmax15MatchesHandComputedVector() {
        try (NDManager nd = NDManager.newBaseManager()) {
            // 1.5-entmax(z) = [z/2 - tau]_+^2 with sum 1. For z = (2, 0): (1 - tau)^2 + (0 - tau)^2 = 1 on the
            // support {1, 2} gives tau = 0 -> (1, 0); z = (1, 0): (0.5 - tau)^2 + tau^2 = 1
            // -> tau = (0.5 - sqrt(1.75))/2, p1 = (0.5 - tau)^2.
            double tau = (0.5 - Math.sqrt(1.75)) / 2;
            double p1 = Math.pow(0.5 - tau, 2);
            assertThat(Fixtures.row(nd, Separation.entmax(1.5), 1.0, 0.0))
                    .containsExactly(new double[] {p1, 1 - p1}, within(1e-12));
            assertThat(Fixtures.row(nd, Separation.entmax(1.5), 2.0, 0.0))
                    .containsExactly(new double[] {1.0, 0.0}, within(1e-12));
        }
    }

    @Test
    void entmaxBisectionAgreesWithTheExactAlgorithms() {
        try (NDManager nd = NDManager.newBaseManager()) {
            double[] z = {0.3, -1.2, 2.0, 0.9, 0.95, -0.1};
            assertThat(Fixtures.row(nd, Separation.entmax(1.0000001), z))
                    .containsExactly(Fixtures.row(nd, Separation.softmax(), z), within(1e-5));
            assertThat(Fixtures.row(nd, Separation.entmax(1.9999999), z))
                    .containsExactly(Fixtures.row(nd, Separation.sparsemax(), z), within(1e-5));
            assertThat(Fixtures.row(nd, Separation.entmax(1.5000001), z))
                    .containsExactly(Fixtures.row(nd, Separation.entmax(1.5), z), within(1e-6));
        }
    }

    @Test
    void entmaxAtTheEndsIsSoftmaxAndSparsemax() {
        try (NDManager nd = NDManager.newBaseManager()) {
            double[] z = {0.5, 0.1, -0.3, 1.4};
            assertThat(Fixtures.row(nd, Separation.entmax(1.0), z))
                    .containsExactly(Fixtures.row(nd, Separation.softmax(), z), within(1e-15));
            assertThat(Fixtures.row(nd, Separation.entmax(2.0), z))
                    .containsExactly(Fixtures.row(nd, Separation.sparsemax(), z), within(1e-15));
        }
    }

    @Test
    void entmaxSolvesItsThresholdEquation() {
        // p_i = [(alpha-1) z_i - tau]_+^(1/(alpha-1)), so (alpha - 1) z_i - p_i^(alpha-1) is the same tau on the support
        try (NDManager nd = NDManager.newBaseManager()) {
            double alpha = 1.3;
            double[] z = {1.0, 0.2, -0.5, 3.0, 2.9};
            double[] p = Fixtures.row(nd, Separation.entmax(alpha), z);
            Double tau = null;
            for (int i = 0; i < z.length; i++) {
                if (p[i] > 1e-9) {
                    double t = (alpha - 1) * z[i] - Math.pow(p[i], alpha - 1);
                    if (tau == null) {
                        tau = t;
                    }
                    assertThat(t).isCloseTo(tau, within(1e-7));
                } else {
                    assertThat((alpha - 1) * z[i]).isLessThanOrEqualTo(tau == null ? Double.MAX_VALUE : tau + 1e-9);
                }
            }
        }
    }

    @Test
    void everySeparationGivesRowsOnTheSimplex() {
        List<Separation> all = List.of(Separation.softmax(), Separation.sparsemax(), Separation.entmax(1.5),
                Separation.entmax(1.2), Separation.entmax(1.8), Separation.polynomial(10), Separation.polynomial(1),
                Separation.argmax());
        try (NDManager nd = NDManager.newBaseManager()) {
            for (DataType type : List.of(DataType.FLOAT32, DataType.FLOAT64)) {
                NDArray scores = Fixtures.gaussian(nd, 7, 40, 3, type).mul(5);
                for (Separation sep : all) {
                    double[][] w = Fixtures.rows(sep.weights(scores));
                    for (double[] row : w) {
                        double sum = 0;
                        for (double v : row) {
                            assertThat(v).as(sep + " weight").isGreaterThanOrEqualTo(0.0);
                            sum += v;
                        }
                        assertThat(sum).as(sep + " row sum (" + type + ")").isCloseTo(1.0, within(1e-5));
                    }
                }
            }
        }
    }

    @Test
    void polynomialIsTheNormalisedRectifiedPower() {
        try (NDManager nd = NDManager.newBaseManager()) {
            double[] p = Fixtures.row(nd, Separation.polynomial(3), 1.0, 2.0, -4.0);
            assertThat(p).containsExactly(new double[] {1 / 9.0, 8 / 9.0, 0.0}, within(1e-12));
            // no positive score: uniform, as documented
            assertThat(Fixtures.row(nd, Separation.polynomial(3), -1.0, -2.0))
                    .containsExactly(new double[] {0.5, 0.5}, within(1e-12));
        }
    }

    @Test
    void argmaxIsOneHotOnTheFirstLargest() {
        try (NDManager nd = NDManager.newBaseManager()) {
            assertThat(Fixtures.row(nd, Separation.argmax(), 0.1, 0.7, 0.7, -2))
                    .containsExactly(0.0, 1.0, 0.0, 0.0);
        }
    }

    @Test
    void conjugateIsTheMaximumOverTheSimplexAttainedByTheWeights() {
        // Psi*(s) = max_p <p, s> + H(p): no random point of the simplex may beat it, and p* attains it.
        Random random = new Random(11);
        try (NDManager nd = NDManager.newBaseManager()) {
            for (double alpha : new double[] {1.0, 1.25, 1.5, 1.75, 2.0}) {
                Separation sep = Separation.entmax(alpha);
                double[] s = {0.4, -0.3, 1.1, 0.9};
                NDArray arr = nd.create(s).reshape(1, 4);
                double conj = sep.conjugate(arr).getDouble(0);
                for (int trial = 0; trial < 2000; trial++) {
                    double[] p = new double[4];
                    double sum = 0;
                    for (int i = 0; i < 4; i++) {
                        p[i] = -Math.log(random.nextDouble()) * (random.nextBoolean() ? 1 : 1e-3);
                        sum += p[i];
                    }
                    double value = 0;
                    for (int i = 0; i < 4; i++) {
                        p[i] /= sum;
                        value += p[i] * s[i] + entropy(p[i], alpha);
                    }
                    assertThat(value).as("alpha " + alpha).isLessThanOrEqualTo(conj + 1e-12);
                }
                double[] star = sep.weights(arr).toDoubleArray();
                double atStar = 0;
                for (int i = 0; i < 4; i++) {
                    atStar += star[i] * s[i] + entropy(star[i], alpha);
                }
                assertThat(atStar).isCloseTo(conj, within(1e-9));
            }
        }
    }

    @Test
    void softmaxConjugateIsLogSumExp() {
        try (NDManager nd = NDManager.newBaseManager()) {
            double[] s = {1000.0, 999.0, -3.0};
            double lse = 1000 + Math.log(1 + Math.exp(-1) + Math.exp(-1003));
            assertThat(Separation.softmax().conjugate(nd.create(s).reshape(1, 3)).getDouble(0))
                    .isCloseTo(lse, within(1e-9));
        }
    }

    private static double entropy(double p, double alpha) {
        if (alpha == 1.0) {
            return p > 0 ? -p * Math.log(p) : 0;
        }
        return (p - Math.pow(p, alpha)) / (alpha * (alpha - 1));
    }
}
