package org.uhopkit.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The standard normal draws of {@code java.util.Random.nextGaussian()}, value for value, without its cost:
 * no synchronisation, no atomic seed, no allocation, written straight into a buffer. {@code Random}'s
 * algorithm is fixed by its Javadoc (so the same on every JVM and machine): the 48-bit linear congruential
 * generator {@code s <- (s * 0x5DEECE66D + 0xB) mod 2^48} with the seed scrambled as
 * {@code (seed ^ 0x5DEECE66D) mod 2^48}; {@code nextDouble() = ((next(26) << 27) + next(27)) * 2^-53}; and
 * {@code nextGaussian()} by the polar method of Box, Muller and Marsaglia (Knuth, TAOCP vol. 2, 3.4.1 C),
 * which draws pairs {@code v1, v2} uniform in (-1, 1) until {@code 0 < s = v1^2 + v2^2 < 1}, returns
 * {@code v1 * m} and keeps {@code v2 * m} for the next call, {@code m = StrictMath.sqrt(-2 StrictMath.log(s) / s)}.
 * The same arithmetic in the same order gives the same doubles (a test compares with {@code java.util.Random}
 * for many seeds and lengths). The logarithm is {@link StrictLog#log}, {@code StrictMath.log} bit for bit in
 * plain Java: on JDK 17 {@code StrictMath.log} is a native call whose cost dominated the draw.
 *
 * <p>Used for the Gaussian initial W of {@link org.uhopkit.Kernel} (Remark 2.1): the kit's stored results
 * depend on these exact values. Not thread-safe; each fill is a pure function of the seed.
 */
public final class SeededGaussians {

    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;
    private static final double DOUBLE_UNIT = 0x1.0p-53;
    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);
    /** Candidate pairs per pass of {@link Chunk#next}. */
    static final int CHUNK = 1024;
    // k steps at once: s_k = a^k s + (a^(k-1) + ... + a + 1) c (mod 2^48; long arithmetic wraps mod 2^64)
    private static final long MULTIPLIER_2 = MULTIPLIER * MULTIPLIER;
    private static final long ADDEND_2 = MULTIPLIER * ADDEND + ADDEND;
    private static final long MULTIPLIER_3 = MULTIPLIER_2 * MULTIPLIER;
    private static final long ADDEND_3 = MULTIPLIER * ADDEND_2 + ADDEND;
    private static final long MULTIPLIER_4 = MULTIPLIER_3 * MULTIPLIER;
    private static final long ADDEND_4 = MULTIPLIER * ADDEND_3 + ADDEND;

    private SeededGaussians() {}

    /**
     * The first {@code out.length} values of {@code new java.util.Random(seed).nextGaussian()}.
     *
     * @param seed the seed, as given to {@code new Random(seed)}
     * @param out where the values go
     */
    public static void fill(long seed, double[] out) {
        int n = out.length;
        Chunk c = new Chunk(seed, n);
        int i = 0;
        while (i < n) {
            int pairs = c.next((n - i + 1) / 2);
            int values = Math.min(2 * pairs, n - i); // the last pair of an odd count gives only its v1 * m
            for (int j = 0; j < values / 2; j++) {
                double m = c.mult[j];
                out[i + 2 * j] = c.v1[j] * m;
                out[i + 2 * j + 1] = c.v2[j] * m;
            }
            if ((values & 1) != 0) {
                out[i + values - 1] = c.v1[values / 2] * c.mult[values / 2];
            }
            i += values;
        }
    }

    /**
     * The first {@code count} values of {@code new java.util.Random(seed).nextGaussian()}, each rounded to
     * float ({@code (float) nextGaussian()}), as a direct native-order buffer of {@code 4 * count} bytes.
     *
     * @param seed the seed, as given to {@code new Random(seed)}
     * @param count how many values, non-negative
     * @return the buffer, position 0, limit {@code 4 * count}
     */
    public static ByteBuffer floats(long seed, int count) {
        Checks.atLeast("count", count, 0);
        if (count > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("count must be at most " + Integer.MAX_VALUE / 4 + " floats, got "
                    + count);
        }
        ByteBuffer bytes = ByteBuffer.allocateDirect(4 * count).order(ByteOrder.nativeOrder());
        fill(seed, bytes.asFloatBuffer(), 0, count);
        return bytes;
    }

    /**
     * Writes the first {@code count} values of {@code new java.util.Random(seed).nextGaussian()}, each rounded to
     * float, into {@code out} at {@code offset, offset + 1, ...} (absolute positions; the buffer's position is
     * not used or changed), e.g. one run's W0 into a buffer holding the W0 of a batch of runs.
     *
     * @param seed the seed, as given to {@code new Random(seed)}
     * @param out where the values go
     * @param offset the first index
     * @param count how many values, non-negative, with {@code offset + count <= out.limit()}
     */
    public static void fill(long seed, FloatBuffer out, int offset, int count) {
        Checks.atLeast("count", count, 0);
        Checks.atLeast("offset", offset, 0);
        if ((long) offset + count > out.limit()) {
            throw new IllegalArgumentException("offset " + offset + " + count " + count + " exceeds the buffer's "
                    + out.limit() + " floats");
        }
        Chunk c = new Chunk(seed, count);
        float[] f = new float[Math.min(2 * CHUNK, count)];
        int i = 0;
        while (i < count) {
            int pairs = c.next((count - i + 1) / 2);
            int values = Math.min(2 * pairs, count - i); // the last pair of an odd count gives only its v1 * m
            for (int j = 0; j < values / 2; j++) {
                double m = c.mult[j];
                f[2 * j] = (float) (c.v1[j] * m);
                f[2 * j + 1] = (float) (c.v2[j] * m);
            }
            if ((values & 1) != 0) {
                f[values - 1] = (float) (c.v1[values / 2] * c.mult[values / 2]);
            }
            out.put(offset + i, f, 0, values); // absolute bulk put: one bounds check, a memory copy
            i += values;
        }
    }

    /**
     * The generator's state and the accepted pairs of one chunk: {@link #next} draws candidate pairs
     * {@code (v1, v2)} (four LCG steps each) and keeps those with {@code 0 < s = v1^2 + v2^2 < 1} without a
     * branch (each candidate is written at the next free index, which advances by one only if it is accepted);
     * then computes {@code m = sqrt(-2 log(s) / s)} for all kept pairs in a second loop, whose iterations are
     * independent, so the processor overlaps their logarithms, divisions and square roots.
     */
    private static final class Chunk {
        final double[] v1;
        final double[] v2;
        /** {@code s} of each kept pair, then (after {@link #next}) its {@code m}. */
        final double[] mult;
        private final double[] sq;
        private final StrictLog.Batch logs;
        private long state;

        Chunk(long seed, int count) {
            int size = (int) Math.min(CHUNK, ((long) count + 1) / 2);
            v1 = new double[size];
            v2 = new double[size];
            mult = new double[size];
            sq = new double[size];
            logs = new StrictLog.Batch(size);
            state = (seed ^ MULTIPLIER) & MASK;
        }

        /**
         * Draws passes of {@code min(wanted, CHUNK)} candidate pairs until one is accepted (never more candidates
         * than pairs wanted: no draw past the last pair needed), and leaves the accepted pairs, in order, in
         * {@code v1, v2} and their {@code m} in {@code mult}.
         *
         * @param wanted how many pairs the caller still needs, positive
         * @return how many pairs were accepted, at least 1, at most {@code min(wanted, CHUNK)}
         */
        int next(int wanted) {
            int candidates = Math.min(wanted, v1.length);
            double[] a = v1;
            double[] b = v2;
            double[] q = sq;
            long s = state;
            int k = 0;
            while (k == 0) { // a second pass only if every candidate of the first was rejected
                for (int j = 0; j < candidates; j++) {
                    // the next four states at once (jumps of 1 to 4 steps): no chain of dependent multiplications
                    long s1 = (s * MULTIPLIER + ADDEND) & MASK;
                    long s2 = (s * MULTIPLIER_2 + ADDEND_2) & MASK;
                    long s3 = (s * MULTIPLIER_3 + ADDEND_3) & MASK;
                    s = (s * MULTIPLIER_4 + ADDEND_4) & MASK;
                    double x = 2 * ((((s1 >>> 22) << 27) + (s2 >>> 21)) * DOUBLE_UNIT) - 1; // next(26), next(27)
                    double y = 2 * ((((s3 >>> 22) << 27) + (s >>> 21)) * DOUBLE_UNIT) - 1;
                    double sq = x * x + y * y;
                    a[k] = x;
                    b[k] = y;
                    q[k] = sq;
                    // accepted iff 0 < sq < 1, i.e. (sq >= +0) 0 <= bits - 1 < bits(1.0) - 1: both signs tested
                    // in one word, so k advances without a branch
                    long t = Double.doubleToRawLongBits(sq) - 1;
                    k += (int) (((t - (ONE_BITS - 1)) & ~t) >>> 63);
                }
            }
            state = s;
            double[] m = mult;
            logs.log(q, m, k); // StrictMath.log's bits
            for (int j = 0; j < k; j++) { // vectorised
                m[j] = StrictMath.sqrt(-2 * m[j] / q[j]);
            }
            return k;
        }
    }
}
