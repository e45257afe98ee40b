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

    /** Lengths at the edges of the chunked draw: one pass takes up to CHUNK candidate pairs (2 CHUNK values). */
    private static int[] chunkEdgeLengths() {
        int c = SeededGaussians.CHUNK;
        return new int[] {2 * c - 3, 2 * c - 2, 2 * c - 1, 2 * c, 2 * c + 1, 2 * c + 2, 3 * c, 3 * c + 1,
            4 * c - 1, 4 * c + 1, 8 * c + 3, 20_001};
    }

    @Test
    void chunkBoundariesAndOddLengthsStayEqual() {
        Random seeds = new Random(11);
        long[] fixed = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1};
        for (int t = 0; t < fixed.length + 6; t++) {
            long seed = t < fixed.length ? fixed[t] : seeds.nextLong();
            for (int n : chunkEdgeLengths()) {
                Random random = new Random(seed);
                double[] fast = new double[n];
                SeededGaussians.fill(seed, fast);
                ByteBuffer b = SeededGaussians.floats(seed, n);
                for (int i = 0; i < n; i++) {
                    double expected = random.nextGaussian();
                    assertThat(Double.doubleToRawLongBits(fast[i])).as("seed %d, n %d, value %d", seed, n, i)
                            .isEqualTo(Double.doubleToRawLongBits(expected));
                    assertThat(Float.floatToRawIntBits(b.getFloat(4 * i))).as("float: seed %d, n %d, value %d",
                            seed, n, i).isEqualTo(Float.floatToRawIntBits((float) expected));
                }
            }
        }
    }

    @Test
    void aFirstCandidateRejectedStillGivesRandomsFirstValues() {
        // seeds whose first candidate pair of Random is rejected (s >= 1): a draw of 1 or 2 values then needs a
        // second pass of one candidate (and 3 values a pass of two with the first rejected)
        int found = 0;
        for (long seed = 0; found < 20; seed++) {
            Random r = new Random(seed);
            double v1 = 2 * r.nextDouble() - 1;
            double v2 = 2 * r.nextDouble() - 1;
            if (v1 * v1 + v2 * v2 < 1) {
                continue;
            }
            found++;
            for (int n = 1; n <= 5; n++) {
                Random random = new Random(seed);
                double[] fast = new double[n];
                SeededGaussians.fill(seed, fast);
                for (int i = 0; i < n; i++) {
                    assertThat(fast[i]).as("seed %d, n %d, value %d", seed, n, i).isEqualTo(random.nextGaussian());
                }
            }
        }
        assertThat(found).isEqualTo(20);
    }

    @Test
    void aFillAtAnOffsetWritesExactlyItsRangeOfTheBuffer() {
        int c = SeededGaussians.CHUNK;
        for (int count : new int[] {0, 1, 2, 3, 2 * c - 1, 2 * c + 1, 5 * c + 7}) {
            for (int offset : new int[] {0, 1, 3, 2 * c + 1}) {
                int capacity = offset + count + 5;
                java.nio.FloatBuffer buf = ByteBuffer.allocateDirect(4 * capacity)
                        .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
                for (int i = 0; i < capacity; i++) {
                    buf.put(i, -7.5f); // a value no Gaussian draw below gives where it is checked
                }
                buf.position(2);
                long seed = 1000L * count + offset;
                SeededGaussians.fill(seed, buf, offset, count);
                assertThat(buf.position()).isEqualTo(2);
                Random random = new Random(seed);
                for (int i = 0; i < capacity; i++) {
                    if (i < offset || i >= offset + count) {
                        assertThat(buf.get(i)).as("count %d, offset %d, index %d untouched", count, offset, i)
                                .isEqualTo(-7.5f);
                    } else {
                        assertThat(Float.floatToRawIntBits(buf.get(i))).as("count %d, offset %d, index %d", count,
                                offset, i).isEqualTo(Float.floatToRawIntBits((float) random.nextGaussian()));
                    }
                }
            }
        }
        java.nio.FloatBuffer small = java.nio.FloatBuffer.allocate(4);
        assertThatThrownBy(() -> SeededGaussians.fill(1, small, 2, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 2 + count 3");
        assertThatThrownBy(() -> SeededGaussians.fill(1, small, -1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void concurrentFillsIntoOneBufferEqualSequentialOnes() throws Exception {
        // the way UHopSpec fills a batch's W0: one fill per run on the common pool, disjoint ranges of one buffer
        int each = 2 * SeededGaussians.CHUNK * 3 + 5;
        int runs = 8;
        java.nio.FloatBuffer buf = ByteBuffer.allocateDirect(4 * each * runs).order(java.nio.ByteOrder.nativeOrder())
                .asFloatBuffer();
        java.util.stream.IntStream.range(0, runs).parallel().forEach(r -> SeededGaussians.fill(r * 31L, buf, r * each,
                each));
        for (int r = 0; r < runs; r++) {
            Random random = new Random(r * 31L);
            for (int i = 0; i < each; i++) {
                assertThat(buf.get(r * each + i)).isEqualTo((float) random.nextGaussian());
            }
        }
    }

    @Test
    void aNegativeCountIsNamed() {
        assertThatThrownBy(() -> SeededGaussians.floats(1, -3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-3");
    }
}
