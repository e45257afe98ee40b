package org.uhopkit.internal;

/**
 * The natural logarithm exactly as {@link StrictMath#log(double)} computes it, bit for bit, in plain Java. On
 * JDK 17 {@code StrictMath.log} is a native (JNI) call into fdlibm's {@code __ieee754_log}; the call costs more
 * than the arithmetic, and the seeded Gaussian draws of the initial W ({@link SeededGaussians}, Remark 2.1 of
 * the paper) make one per pair of values. This is the same algorithm with the same constants and the same
 * double operations in the same order (Java never fuses or widens double arithmetic), so every result is the
 * same double. A test compares with {@code StrictMath.log} on all special values, every power of two, the
 * branch boundaries of the reduction, and tens of millions of random arguments.
 *
 * <p>The algorithm (fdlibm, e_log.c, Sun Microsystems 1993):
 * <ol>
 *   <li>Reduction: {@code x = 2^k (1 + f)} with {@code sqrt(2)/2 < 1 + f < sqrt(2)} (subnormal {@code x} are
 *       first scaled by {@code 2^54}).</li>
 *   <li>With {@code s = f / (2 + f)}, {@code log(1 + f) = log(1 + s) - log(1 - s) = 2s + 2/3 s^3 + 2/5 s^5 + ...
 *       = 2s + s R}, where {@code R(z) ~ Lg1 z + Lg2 z^2 + ... + Lg7 z^7}, {@code z = s^2}, a minimax polynomial
 *       on {@code [0, 0.1716]} with error below {@code 2^-58.45}; with {@code hfsq = f^2/2},
 *       {@code log(1 + f) = f - (hfsq - s (hfsq + R))} (or {@code f - s (f - R)} where {@code f} is small
 *       enough).</li>
 *   <li>{@code log(x) = k ln2_hi + (f - (hfsq - (s (hfsq + R) + k ln2_lo)))}, where {@code ln2 = ln2_hi + ln2_lo}
 *       and {@code k ln2_hi} is exact for {@code |k| < 2000}; for {@code |f| < 2^-20} a short series
 *       {@code f - f^2 (1/2 - f/3)}.</li>
 * </ol>
 * Special cases: {@code log(+-0) = -Infinity}; {@code log(x < 0) = NaN} (also for {@code -Infinity});
 * {@code log(+Infinity) = +Infinity}; {@code log(NaN) = NaN}. Error below 1 ulp.
 *
 * <p>Stateless and thread-safe.
 */
public final class StrictLog {

    /** {@code ln2_hi}: the high part of ln 2, bits {@code 0x3FE62E42_FEE00000} (its low 21 bits are zero). */
    static final double LN2_HI = 6.93147180369123816490e-01;
    /** {@code ln2_lo = ln 2 - ln2_hi} rounded, bits {@code 0x3DEA39EF_35793C76}. */
    static final double LN2_LO = 1.90821492927058770002e-10;
    /** {@code 2^54}: scales a subnormal argument to a normal one. */
    static final double TWO54 = 1.80143985094819840000e+16;
    /** The minimax coefficients of {@code R(z)}, bits {@code 0x3FE55555_55555593} ... {@code 0x3FC2F112_DF3E5244}. */
    static final double LG1 = 6.666666666666735130e-01;
    static final double LG2 = 3.999999999940941908e-01;
    static final double LG3 = 2.857142874366239149e-01;
    static final double LG4 = 2.222219843214978396e-01;
    static final double LG5 = 1.818357216161805012e-01;
    static final double LG6 = 1.531383769920937332e-01;
    static final double LG7 = 1.479819860511658591e-01;

    private StrictLog() {}

    /**
     * The natural logarithm {@code ln x}, equal to {@code StrictMath.log(x)} bit for bit for every double
     * (fdlibm's {@code __ieee754_log}, see the class comment: {@code x = 2^k (1 + f)}, {@code s = f / (2 + f)},
     * {@code log(x) = k ln2_hi + (f - (hfsq - (s (hfsq + R(s^2)) + k ln2_lo)))}).
     *
     * <p>Any double is a valid argument (as for {@code StrictMath.log}): {@code -Infinity} for {@code +-0},
     * {@code NaN} for negative arguments and {@code NaN}, {@code +Infinity} for {@code +Infinity}.
     *
     * @param x the argument
     * @return {@code ln x}, the same double as {@code StrictMath.log(x)}
     */
    public static double log(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int hx = (int) (bits >> 32); // high word, with the sign
        int k = 0;
        if (hx < 0x00100000) { // x < 2^-1022: zero, subnormal or negative (or a NaN with the sign bit set)
            if ((bits & 0x7fffffffffffffffL) == 0) {
                return Double.NEGATIVE_INFINITY; // log(+-0), fdlibm's -two54/zero
            }
            if (hx < 0) {
                return (x - x) / 0.0; // log(negative) = NaN; computed as fdlibm does, so a NaN argument propagates
            }
            k -= 54; // subnormal: scale up
            x *= TWO54;
            bits = Double.doubleToRawLongBits(x);
            hx = (int) (bits >> 32);
        }
        if (hx >= 0x7ff00000) {
            return x + x; // +Infinity or NaN
        }
        k += (hx >> 20) - 1023;
        hx &= 0x000fffff;
        int i = (hx + 0x95f64) & 0x100000; // the mantissa is at least sqrt(2): use x/2 (and k + 1)
        x = Double.longBitsToDouble(((long) (hx | (i ^ 0x3ff00000)) << 32) | (bits & 0xffffffffL));
        k += i >> 20;
        double f = x - 1.0;
        if ((0x000fffff & (2 + hx)) < 3) { // -2^-20 <= f < 2^-20
            if (f == 0) {
                if (k == 0) {
                    return 0;
                }
                double dk = k;
                return dk * LN2_HI + dk * LN2_LO;
            }
            double r = f * f * (0.5 - 0.33333333333333333 * f);
            if (k == 0) {
                return f - r;
            }
            double dk = k;
            return dk * LN2_HI - ((r - dk * LN2_LO) - f);
        }
        double s = f / (2.0 + f);
        double dk = k;
        double z = s * s;
        double w = z * z;
        double t1 = w * (LG2 + w * (LG4 + w * LG6));
        double t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
        double r = t2 + t1;
        // x's mantissa (before the reduction) in [1 + 0x6147a 2^-20, 1 + 0x6b851 2^-20] ~ [1.38, 1.42]: 1 + f
        // near sqrt(2) or sqrt(2)/2, |f| > 0.29, where the form with hfsq is needed for 1 ulp
        if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
            double hfsq = 0.5 * f * f;
            if (k == 0) {
                return f - (hfsq - s * (hfsq + r));
            }
            return dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f);
        }
        if (k == 0) {
            return f - s * (f - r);
        }
        return dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f);
    }

    /**
     * Logarithms of many arguments at once, each the same double as {@code StrictMath.log} (and {@link #log}),
     * arranged so that the JIT compiler turns the bulk of the work into SIMD instructions. For normal arguments
     * in {@code [2^-1022, 1)} (the polar method's {@code s = v1^2 + v2^2} of {@link SeededGaussians}, at least
     * {@code 2^-104} since {@code v1, v2} are multiples of {@code 2^-52}) whose reduced {@code f} is neither
     * small ({@code |f| < 2^-20}) nor in the {@code hfsq} range, a first loop does the reduction
     * {@code x = 2^k (1 + f)} with integer operations, and a second, branch-free loop computes
     * {@code log(x) = k ln2_hi - ((s (f - R) - k ln2_lo) - f)}, {@code s = f / (2 + f)}, {@code R = t2 + t1}: the
     * same operations in the same order as {@link #log}, which C2's superword pass vectorises (division and
     * all). Every result stays bit for bit that of {@link #log}:
     * <ul>
     *   <li>{@code k = 0} (arguments in {@code [sqrt(2)/2, 1)}) shares the form: with {@code dk = 0},
     *       {@code 0 - ((s (f - R) - 0) - f) = f - s (f - R)} exactly, since IEEE subtraction is antisymmetric
     *       ({@code a - b = -(b - a)}), {@code a - (+0) = a}, and the result, a logarithm of an argument below 1
     *       (below {@code -2^-54}), is not zero;</li>
     *   <li>{@code t2 + t1} is computed as {@code t2 - nt1}, {@code nt1} being {@code t1} with its coefficients
     *       negated: negation is exact, so {@code nt1 = -t1} bit for bit and {@code t2 - nt1 = t2 + t1} (an
     *       addition of two products is not vectorised by JDK 17's superword pass, a subtraction is);</li>
     *   <li>the other arguments (zero, subnormal, at least 1, negative, NaN; {@code |f| < 2^-20}; mantissa in
     *       the {@code hfsq} range, about 4% of uniform arguments) are listed by the first loop without a
     *       branch and recomputed by {@link #log} in a third loop.</li>
     * </ul>
     * Not thread-safe (it holds scratch arrays): one per thread or per call.
     */
    public static final class Batch {
        private static final double NLG2 = -LG2;
        private static final double NLG4 = -LG4;
        private static final double NLG6 = -LG6;
        private final double[] f;
        private final double[] k;
        private final int[] slow;

        /**
         * A batch for up to {@code capacity} arguments per call.
         *
         * @param capacity the largest {@code n} of {@link #log(double[], double[], int)}, non-negative
         */
        public Batch(int capacity) {
            Checks.atLeast("capacity", capacity, 0);
            f = new double[capacity];
            k = new double[capacity];
            slow = new int[capacity];
        }

        /**
         * {@code out[j] = StrictMath.log(x[j])} for {@code j < n}, bit for bit (see the class comment).
         *
         * @param x the arguments, any doubles
         * @param out where the logarithms go, a different array from {@code x}
         * @param n how many, at most the capacity and both arrays' lengths
         */
        public void log(double[] x, double[] out, int n) {
            if (x == out) {
                throw new IllegalArgumentException("out must be a different array from x");
            }
            if (n < 0 || n > f.length || n > x.length || n > out.length) {
                throw new IllegalArgumentException("n must be in [0, min(capacity " + f.length + ", x.length "
                        + x.length + ", out.length " + out.length + ")], got " + n);
            }
            double[] ff = f;
            double[] kk = k;
            int[] sl = slow;
            int slows = 0;
            for (int j = 0; j < n; j++) {
                long bits = Double.doubleToRawLongBits(x[j]);
                int hx = (int) (bits >> 32);
                int m = hx & 0x000fffff;
                int i = (m + 0x95f64) & 0x100000; // the mantissa is at least sqrt(2): use x/2 (and k + 1)
                ff[j] = Double.longBitsToDouble(((long) (m | (i ^ 0x3ff00000)) << 32) | (bits & 0xffffffffL)) - 1.0;
                kk[j] = (hx >> 20) - 1023 + (i >> 20);
                // to log(x) if the sign of any of these is set: x < 2^-1022 (or negative), x >= 1, |f| < 2^-20,
                // m in [0x6147a, 0x6b851] (the hfsq form)
                int other = (hx - 0x00100000) | (0x3fefffff - hx) | ((0x000fffff & (2 + hx)) - 3)
                        | ~((m - 0x6147a) | (0x6b851 - m));
                sl[slows] = j;
                slows += other >>> 31;
            }
            for (int j = 0; j < n; j++) { // branch-free: vectorised
                double fj = ff[j];
                double dk = kk[j];
                double s = fj / (2.0 + fj);
                double z = s * s;
                double w = z * z;
                double nt1 = w * (NLG2 + w * (NLG4 + w * NLG6)); // -t1 exactly
                double t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
                double r = t2 - nt1; // t2 + t1
                out[j] = dk * LN2_HI - ((s * (fj - r) - dk * LN2_LO) - fj);
            }
            for (int i = 0; i < slows; i++) {
                int j = sl[i];
                out[j] = StrictLog.log(x[j]);
            }
        }
    }
}
