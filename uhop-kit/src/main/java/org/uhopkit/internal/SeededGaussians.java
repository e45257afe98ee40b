package org.uhopkit.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The standard normal draws of {@code java.util.Random.nextGaussian()}, value for value, without its cost:
 * no synchronisation, no atomic seed, no object per value, written straight into a buffer. {@code Random}'s
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
 * <p>The draw goes by chunks of up to {@code CHUNK} (1024) candidate pairs, each in loops without a branch on the
 * random data and with independent iterations (most of them vectorised by the JIT compiler): the LCG states from
 * jump tables, the candidates {@code v1, v2, s}, the accepted pairs kept in order ({@code 0 < s < 1}), their
 * logarithms ({@link StrictLog.Batch}), their {@code m}, and the values {@code v1 m, v2 m}. The values and their
 * order are Random's; only the order of the arithmetic between independent values changes.
 *
 * <p>Used for the Gaussian initial W of {@link org.uhopkit.Kernel} (Remark 2.1): the kit's stored results
 * depend on these exact values. Thread-safe: each call has its own scratch arrays (about 70 kB) and state; the
 * jump tables are read-only; each fill is a pure function of the seed.
 */
public final class SeededGaussians {

    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;
    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);
    /** Candidate pairs per pass of the draw (up to {@code 2 CHUNK} values). */
    static final int CHUNK = 1024;
    /** {@code 2 * 2^-53}: {@code 2 (n 2^-53) = n 2^-52} exactly for the 53-bit integers {@code n}. */
    private static final double TWO_UNITS = 0x1.0p-52;
    /**
     * The jump tables: {@code n} steps at once, {@code s_n = A_n s + C_n (mod 2^48)} with {@code A_n = a^n},
     * {@code C_n = (a^(n-1) + ... + a + 1) c} (long arithmetic wraps mod 2^64, a multiple of 2^48).
     * {@code JUMP_MUL_t[j] = A_(4j+t)}, {@code JUMP_ADD_t[j] = C_(4j+t)} for {@code t = 1..4}, {@code j < CHUNK}.
     * Never written after class initialisation (shared read-only).
     */
    private static final long[] JUMP_MUL_1 = new long[CHUNK];
    private static final long[] JUMP_MUL_2 = new long[CHUNK];
    private static final long[] JUMP_MUL_3 = new long[CHUNK];
    private static final long[] JUMP_MUL_4 = new long[CHUNK];
    private static final long[] JUMP_ADD_1 = new long[CHUNK];
    private static final long[] JUMP_ADD_2 = new long[CHUNK];
    private static final long[] JUMP_ADD_3 = new long[CHUNK];
    private static final long[] JUMP_ADD_4 = new long[CHUNK];

    static {
        long[][] mul = {JUMP_MUL_1, JUMP_MUL_2, JUMP_MUL_3, JUMP_MUL_4};
        long[][] add = {JUMP_ADD_1, JUMP_ADD_2, JUMP_ADD_3, JUMP_ADD_4};
        long a = 1;
        long c = 0;
        for (int j = 0; j < CHUNK; j++) {
            for (int t = 0; t < 4; t++) {
                a = (a * MULTIPLIER) & MASK; // s_(n+1) = a s_n + c = (a A_n) s + (a C_n + c)
                c = (c * MULTIPLIER + ADDEND) & MASK;
                mul[t][j] = a;
                add[t][j] = c;
            }
        }
    }

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
            int pairs = c.next(pairsFor(n - i));
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
            int pairs = c.next(pairsFor(count - i));
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

    /** The pairs that give {@code values} values, {@code ceil(values / 2)} (without overflow). */
    private static int pairsFor(int values) {
        return (values >>> 1) + (values & 1);
    }

    /**
     * The generator's state and the accepted pairs of one chunk. {@link #next} draws a pass of candidate pairs in
     * three loops: (1) and (2) the 53-bit integers {@code (next(26) << 27) + next(27)} behind {@code v1} and
     * {@code v2} of every candidate, each LCG state computed straight from the pass's first state with the jump
     * tables {@code s_n = A_n s_0 + C_n} (independent iterations of integer multiply-add, which the JIT compiler
     * vectorises); (3) {@code v = 2 (n 2^-53) - 1} (computed as {@code n 2^-52 - 1}, the same double: both
     * products are exact), {@code s = v1^2 + v2^2}, and the accepted pairs ({@code 0 < s < 1}) kept without a
     * branch (each candidate is written at the next free index, which advances by one only if it is accepted).
     * Then {@code m = sqrt(-2 log(s) / s)} for all kept pairs ({@link StrictLog.Batch} and a vectorised loop):
     * independent iterations, no branch on random data.
     */
    private static final class Chunk {
        final double[] v1;
        final double[] v2;
        /** {@code m} of each kept pair, after {@link #next}. */
        final double[] mult;
        private final double[] sq;
        private final long[] n1;
        private final long[] n2;
        private final StrictLog.Batch logs;
        private long state;

        Chunk(long seed, int count) {
            int size = (int) Math.min(CHUNK, ((long) count + 1) / 2);
            v1 = new double[size];
            v2 = new double[size];
            mult = new double[size];
            sq = new double[size];
            n1 = new long[size];
            n2 = new long[size];
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
            long[] u = n1;
            long[] w = n2;
            long s = state;
            int k = 0;
            while (k == 0) { // a second pass only if every candidate of the first was rejected
                // candidate j uses the states 4j + 1 ... 4j + 4 after s: next(26), next(27) for v1, then for v2
                for (int j = 0; j < candidates; j++) {
                    u[j] = ((((JUMP_MUL_1[j] * s + JUMP_ADD_1[j]) & MASK) >>> 22) << 27)
                            + (((JUMP_MUL_2[j] * s + JUMP_ADD_2[j]) & MASK) >>> 21);
                }
                for (int j = 0; j < candidates; j++) {
                    w[j] = ((((JUMP_MUL_3[j] * s + JUMP_ADD_3[j]) & MASK) >>> 22) << 27)
                            + (((JUMP_MUL_4[j] * s + JUMP_ADD_4[j]) & MASK) >>> 21);
                }
                for (int j = 0; j < candidates; j++) {
                    double x = u[j] * TWO_UNITS - 1; // 2 * (n * 2^-53) - 1, the same double
                    double y = w[j] * TWO_UNITS - 1;
                    double sq = x * x + y * y;
                    a[k] = x;
                    b[k] = y;
                    q[k] = sq;
                    // accepted iff 0 < sq < 1, i.e. (sq >= +0) 0 <= bits - 1 < bits(1.0) - 1: both signs tested
                    // in one word, so k advances without a branch
                    long t = Double.doubleToRawLongBits(sq) - 1;
                    k += (int) (((t - (ONE_BITS - 1)) & ~t) >>> 63);
                }
                s = (JUMP_MUL_4[candidates - 1] * s + JUMP_ADD_4[candidates - 1]) & MASK;
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
