package org.uhopkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.uhopkit.Kernel;

/** The fast Gaussian draws against {@code java.util.Random} itself: bit for bit, many seeds and lengths. */
class SeededGaussiansTest {

    /** Seeds: edge values, the experiments' W seeds, and random ones. */
    private static long[] seeds() {
        long[] fixed = {0, 1, -1, 2, 42, 2024, 2026, Long.MAX_VALUE, Long.MIN_VALUE, 0x5DEECE66DL, 1L << 48,
            (1L << 48) - 1, 2024 + 2 + 7919L * 100, 2024 + 2 + 1_000_003L * 19 + 7919L * 500};
        Random r = new Random(7);
        long[] out = new long[fixed.length + 40];
        System.arraycopy(fixed, 0, out, 0, fixed.length);
        for (int i = fixed.length; i < out.length; i++) {
            out[i] = r.nextLong();
        }
        return out;
    }

    @Test
    void doublesEqualJavaUtilRandomBitForBit() {
        int[] lengths = {0, 1, 2, 3, 4, 5, 17, 100, 1001, 65_536};
        for (long seed : seeds()) {
            for (int n : lengths) {
                Random random = new Random(seed);
                double[] fast = new double[n];
                SeededGaussians.fill(seed, fast);
                for (int i = 0; i < n; i++) {
                    double expected = random.nextGaussian();
                    assertThat(Double.doubleToRawLongBits(fast[i])).as("seed %d, n %d, value %d", seed, n, i)
                            .isEqualTo(Double.doubleToRawLongBits(expected));
                }
            }
        }
    }

    @Test
    void floatsEqualTheRoundedDoublesOfJavaUtilRandom() {
        for (long seed : seeds()) {
            for (int n : new int[] {0, 1, 7, 784 * 3 + 1}) {
                Random random = new Random(seed);
                ByteBuffer b = SeededGaussians.floats(seed, n);
                assertThat(b.capacity()).isEqualTo(4 * n);
                for (int i = 0; i < n; i++) {
                    float expected = (float) random.nextGaussian();
                    assertThat(Float.floatToRawIntBits(b.getFloat(4 * i))).as("seed %d, value %d", seed, i)
                            .isEqualTo(Float.floatToRawIntBits(expected));
                }
            }
        }
    }

    @Test
    void aLongDrawStaysEqualAndLooksStandardNormal() {
        // one CIFAR-10-sized W (3072 x 3072): equal to Random to the last value, mean ~ 0 and variance ~ 1
        int n = 3072 * 3072;
        double[] fast = new double[n];
        SeededGaussians.fill(2030, fast);
        Random random = new Random(2030);
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            assertThat(fast[i]).isEqualTo(random.nextGaussian());
            sum += fast[i];
            sq += fast[i] * fast[i];
        }
        assertThat(Math.abs(sum / n)).isLessThan(5 / Math.sqrt(n));
        assertThat(Math.abs(sq / n - 1)).isLessThan(5 * Math.sqrt(2.0 / n));
    }

    @Test
    void theKernelsInitialWIsJavaUtilRandomsDraw() {
        try (NDManager nd = NDManager.newBaseManager()) {
            for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                NDArray w = Kernel.linear().seed(99).dimension(5).initialWeights(nd, 7, type);
                assertThat(w.getDataType()).isEqualTo(type);
                assertThat(w.getShape().dimension()).isEqualTo(2);
                double[] got = w.toType(DataType.FLOAT64, true).toDoubleArray();
                Random random = new Random(99);
                for (double v : got) {
                    double g = random.nextGaussian();
                    assertThat(v).isEqualTo(type == DataType.FLOAT32 ? (double) (float) g : g);
                }
            }
        }
    }

    @Test
    void aNegativeCountIsNamed() {
        assertThatThrownBy(() -> SeededGaussians.floats(1, -3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-3");
    }
}
