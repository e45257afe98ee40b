package org.uhopkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
}
