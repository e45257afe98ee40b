package org.uhopkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The factor behind Stage I's state ({@link StageOne}): the upper Cholesky factor F of a Gram matrix
 * ({@code F^T F = A}) and its inverse, checked by multiplying back; and the refusals that send a run to the
 * features form (a singular, nearly singular or non-finite Gram matrix).
 */
class StageOneFactorTest {

    /** {@code X^T X} of a random {@code (rows, m)} X, row-major, scaled column by column. */
    private static double[] gram(int rows, int m, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[rows][m];
        for (double[] row : x) {
            for (int j = 0; j < m; j++) {
                row[j] = r.nextGaussian() * (1 + j); // columns of different scales
            }
        }
        double[] a = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                for (double[] row : x) {
                    a[i * m + j] += row[i] * row[j];
                }
            }
        }
        return a;
    }

    @Test
    void theFactorTimesItselfIsTheMatrixAndTheInverseTimesTheFactorIsTheIdentity() {
        for (int m : new int[] {1, 2, 7, 40}) {
            double[] a = gram(m + 5, m, m);
            double[] padded = new double[3 + m * m];
            System.arraycopy(a, 0, padded, 3, m * m); // read at an offset, as from a batch
            double[] f = StageOne.cholesky(padded, 3, m);
            assertThat(f).as("m = %d", m).isNotNull();
            double[] x = StageOne.upperInverse(f, m);
            double scale = 0;
            for (double v : a) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    double ftf = 0;
                    double xf = 0;
                    for (int k = 0; k < m; k++) {
                        ftf += f[k * m + i] * f[k * m + j];
                        xf += x[i * m + k] * f[k * m + j];
                    }
                    assertThat(ftf).as("(F^T F)[%d][%d], m = %d", i, j, m).isCloseTo(a[i * m + j], within(1e-12 * scale));
                    assertThat(xf).as("(F^-1 F)[%d][%d], m = %d", i, j, m).isCloseTo(i == j ? 1 : 0, within(1e-12));
                    if (i > j) {
                        assertThat(f[i * m + j]).isZero(); // upper triangular
                        assertThat(x[i * m + j]).isZero();
                    }
                }
                assertThat(f[i * m + i]).isPositive();
            }
        }
    }

    @Test
    void aSingularNearlySingularOrNonFiniteMatrixHasNoFactor() {
        int m = 6;
        double[] singular = gram(4, m, 1); // rank 4 < 6
        assertThat(StageOne.cholesky(singular, 0, m)).isNull();
        // two columns at an angle whose squared sine is 1e-12, below the kept share of a pivot (1e-10)
        double[] nearly = {1, Math.sqrt(1 - 1e-12), Math.sqrt(1 - 1e-12), 1};
        assertThat(StageOne.cholesky(nearly, 0, 2)).isNull();
        double[] fine = {1, Math.sqrt(1 - 1e-8), Math.sqrt(1 - 1e-8), 1}; // squared sine 1e-8: kept
        assertThat(StageOne.cholesky(fine, 0, 2)).isNotNull();
        double[] nan = gram(9, m, 2);
        nan[2 * m + 2] = Double.NaN;
        assertThat(StageOne.cholesky(nan, 0, m)).isNull();
        double[] inf = gram(9, m, 3);
        inf[0] = Double.POSITIVE_INFINITY;
        assertThat(StageOne.cholesky(inf, 0, m)).isNull();
        double[] zero = new double[m * m];
        assertThat(StageOne.cholesky(zero, 0, m)).isNull();
    }

    /** P0 = W0 Xi^T of one run and its memories, as {@code (1, D, m)} and {@code (1, m, d)} float64 arrays. */
    private static NDArray[] run(NDManager nd, int m, int d, int dimension, long seed, boolean repeat) {
        Random r = new Random(seed);
        double[] x = new double[m * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        if (repeat) {
            System.arraycopy(x, 0, x, (m - 1) * d, d); // the last memory repeats the first
        }
        double[] w = new double[dimension * d];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextGaussian();
        }
        NDArray xi = nd.create(x, new Shape(1, m, d));
        NDArray p0 = nd.create(w, new Shape(1, dimension, d)).matMul(xi.swapAxes(-1, -2));
        return new NDArray[] {p0, xi};
    }

    @Test
    void eachRunTakesTheFormItsOwnFeaturesAllow() {
        try (NDManager nd = NDManager.newBaseManager()) {
            // D > m: the Cholesky form, unless a memory repeats (then the features themselves)
            NDArray[] a = run(nd, 4, 6, 6, 1, false);
            NDArray[] b = run(nd, 4, 6, 6, 2, true);
            NDArray[] c = run(nd, 4, 6, 6, 3, false);
            NDArray p0 = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(a[0], b[0], c[0]));
            NDArray xi = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(a[1], b[1], c[1]));
            List<StageOne.Group> groups = StageOne.Group.of(nd, p0, xi, 4, DataType.FLOAT64);
            assertThat(groups).hasSize(2);
            assertThat(groups.get(0).features).isFalse();
            assertThat(groups.get(0).runs).containsExactly(0, 2);
            assertThat(groups.get(0).s.getShape()).isEqualTo(new Shape(2, 4, 4)); // S = F, m x m
            assertThat(groups.get(1).features).isTrue();
            assertThat(groups.get(1).runs).containsExactly(1);
            assertThat(groups.get(1).s.getShape()).isEqualTo(new Shape(1, 6, 4)); // S = P0, D x m
            // D <= m: the features, whatever the memories
            NDArray[] d = run(nd, 6, 5, 5, 4, false);
            List<StageOne.Group> small = StageOne.Group.of(nd, d[0], d[1], 6, DataType.FLOAT64);
            assertThat(small).hasSize(1);
            assertThat(small.get(0).features).isTrue();
        }
    }
}
