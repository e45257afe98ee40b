package org.uhopkit.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.uhopkit.Fixtures;
import org.uhopkit.MemorySpec;
import org.uhopkit.Retrieval;
import org.uhopkit.Separation;
import org.uhopkit.Similarity;
import org.uhopkit.UHop;

class EnergyDescentTest {

    @Test
    void energyNeverIncreasesAndLimitsAreStationaryForEntmaxFamily() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = TheoryFixtures.gaussian(nd, 12, 6, 1);
            NDArray q = TheoryFixtures.gaussian(nd, 5, 6, 2);
            for (Separation sep : new Separation[] {Separation.softmax(), Separation.entmax(1.5),
                    Separation.entmax(1.3), Separation.sparsemax()}) {
                ClaimReport r = Theorems.energyDescent(UHop.memories(xi).separation(sep).beta(2.0), q, 60);
                assertThat(r.verdict()).as(sep.toString()).isEqualTo(Verdict.HOLDS);
                assertThat(r.number("largest energy increase")).isLessThanOrEqualTo(r.number("energy tolerance"));
            }
        }
    }

    @Test
    void energyIncreaseIsFlaggedForDynamicsThatAreNotTheEnergysDescent() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = TheoryFixtures.gaussian(nd, 8, 4, 3);
            NDArray q = TheoryFixtures.gaussian(nd, 4, 4, 4);
            ClaimReport r = Theorems.energyDescent(UHop.memories(xi).separation(Fixtures.antiSoftmax()).beta(1.0), q, 10);
            assertThat(r.verdict()).isEqualTo(Verdict.DOES_NOT_HOLD);
            assertThat(r.sentence()).contains("energy increased");
            // a notebook pinning the wrong verdict fails, naming both
            assertThat(r.expect(Verdict.DOES_NOT_HOLD)).isSameAs(r);
            assertThatThrownBy(() -> r.expect(Verdict.HOLDS)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("expected HOLDS, the check found DOES_NOT_HOLD");
        }
    }

    @Test
    void autogradGradientEqualsTheClosedFormAOfXMinusTx() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = TheoryFixtures.gaussian(nd, 7, 4, 5);
            double[][] w = TheoryFixtures.gaussian(6, 4, 6);
            NDArray wa = TheoryFixtures.matrix(nd, w);
            NDArray x = TheoryFixtures.gaussian(nd, 3, 4, 7);
            double[][] a = Dense.mul(Dense.transpose(w), w);
            for (Separation sep : new Separation[] {Separation.softmax(), Separation.sparsemax(),
                    Separation.entmax(1.5), Separation.entmax(1.7)}) {
                MemorySpec spec = UHop.memories(xi).similarity(Similarity.kernel(wa)).separation(sep).beta(0.3);
                double[][] g = Dense.rows(Theorems.energyGradient(spec, x));
                double[][] tx;
                try (Retrieval r = spec.trackEnergy(false).retrieve(x)) {
                    tx = Dense.rows(r.states());
                }
                double[][] xs = Dense.rows(x);
                for (int i = 0; i < xs.length; i++) {
                    double[] diff = new double[4];
                    for (int j = 0; j < 4; j++) {
                        diff[j] = xs[i][j] - tx[i][j];
                    }
                    for (int j = 0; j < 4; j++) {
                        assertThat(g[i][j]).as(sep + " row " + i).isCloseTo(Dense.dot(a[j], diff), within(1e-9));
                    }
                }
            }
        }
    }

    @Test
    void differentiableEnergyIsTheLogSumExpEnergyAndItsGradientTheClosedForm() {
        // dot product + softmax: E(x) = |x|^2/2 - (1/beta) log sum_mu exp(beta <xi_mu, x>), and
        // grad E(x) = x - Xi^T softmax(beta Xi x), both in plain Java
        double beta = 1.5;
        double[][] xi = TheoryFixtures.gaussian(9, 5, 8);
        double[][] x = TheoryFixtures.gaussian(4, 5, 9);
        try (NDManager nd = NDManager.newBaseManager()) {
            MemorySpec spec = UHop.memories(Dense.array(nd, xi)).separation(Separation.softmax()).beta(beta);
            NDArray xa = Dense.array(nd, x);
            double[] energy = spec.energyArray(xa).toDoubleArray();
            double[][] grad = Dense.rows(Theorems.energyGradient(spec, xa));
            for (int b = 0; b < x.length; b++) {
                double[] s = new double[xi.length];
                double max = Double.NEGATIVE_INFINITY;
                for (int mu = 0; mu < xi.length; mu++) {
                    s[mu] = beta * Dense.dot(xi[mu], x[b]);
                    max = Math.max(max, s[mu]);
                }
                double z = 0;
                for (double v : s) {
                    z += Math.exp(v - max);
                }
                double expected = Dense.dot(x[b], x[b]) / 2 - (max + Math.log(z)) / beta;
                assertThat(energy[b]).as("energy of query %d", b).isCloseTo(expected, within(1e-12));
                for (int j = 0; j < x[b].length; j++) {
                    double g = x[b][j];
                    for (int mu = 0; mu < xi.length; mu++) {
                        g -= Math.exp(s[mu] - max) / z * xi[mu][j];
                    }
                    assertThat(grad[b][j]).as("gradient (%d, %d)", b, j).isCloseTo(g, within(1e-12));
                }
            }
        }
    }

    @Test
    void sweepCoversEveryKernelAlphaAndBeta() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = TheoryFixtures.gaussian(nd, 10, 6, 10);
            NDArray q = TheoryFixtures.gaussian(nd, 3, 6, 11);
            ClaimReport r = Theorems.energyDescentSweep(xi, q, new double[] {1.0, 2.0}, new double[] {0.5, 2.0}, 5,
                    40, 0);
            assertThat(r.table().rowCount()).isEqualTo(3 * 2 * 2);
            assertThat(r.verdict()).isEqualTo(Verdict.HOLDS);
        }
    }
}
