package org.uhopkit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;
import org.uhopkit.data.Mnist;

/**
 * Sparsemax and entmax in float32 on large scores: real MNIST dot products (about 1e2 to 1e3 at beta 1, ten
 * times that at beta 10) and Gaussian scores of scale 1e3. Without the row-maximum shift, 1.5-entmax rows
 * summed to 1 only within 4e-4 (beta 1) and 9e-3 (beta 10), and its conjugate was off by 9e-3 relative.
 * The reference is the same computation in float64.
 */
class Float32PrecisionTest {

    private static void check(NDArray scores32, Separation sep) {
        NDArray scores64 = scores32.toType(DataType.FLOAT64, true);
        NDArray p32 = sep.weights(scores32);
        double[] sums = p32.toType(DataType.FLOAT64, false).sum(new int[] {-1}).toDoubleArray();
        for (double s : sums) {
            assertThat(Math.abs(s - 1)).as("%s row sum", sep).isLessThan(1e-6);
        }
        double[] w32 = p32.toType(DataType.FLOAT64, false).toDoubleArray();
        double[] w64 = sep.weights(scores64).toDoubleArray();
        for (int i = 0; i < w32.length; i++) {
            assertThat(Math.abs(w32[i] - w64[i])).as("%s weight %d", sep, i).isLessThan(2e-6);
        }
        double[] c32 = sep.conjugate(scores32).toType(DataType.FLOAT64, false).toDoubleArray();
        double[] c64 = sep.conjugate(scores64).toDoubleArray();
        for (int i = 0; i < c32.length; i++) {
            assertThat(Math.abs(c32[i] - c64[i]) / Math.abs(c64[i])).as("%s conjugate %d", sep, i).isLessThan(1e-6);
        }
    }

    @Test
    void mnistDotScoresAtBetaOneAndTen() {
        try (NDManager nd = NDManager.newBaseManager()) {
            var mnist = Mnist.train();
            NDArray xi = mnist.sample(nd, 100, 1, DataType.FLOAT32);
            NDArray q = mnist.sample(nd, 20, 2, DataType.FLOAT32);
            NDArray z = q.matMul(xi.transpose());
            for (double beta : new double[] {1, 10}) {
                NDArray scaled = z.mul(beta);
                for (Separation sep : new Separation[] {Separation.entmax(1.5), Separation.sparsemax(),
                        Separation.entmax(1.3), Separation.softmax()}) {
                    check(scaled, sep);
                }
            }
        }
    }

    @Test
    void gaussianScoresOfScaleOneThousand() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray z = Fixtures.gaussian(nd, 16, 50, 5, DataType.FLOAT32).mul(1000f);
            for (Separation sep : new Separation[] {Separation.entmax(1.5), Separation.sparsemax(),
                    Separation.entmax(1.7)}) {
                check(z, sep);
            }
        }
    }
}
