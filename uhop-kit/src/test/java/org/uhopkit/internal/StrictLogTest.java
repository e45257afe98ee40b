package org.uhopkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link StrictLog#log} against {@link StrictMath#log} (on JDK 17 the native fdlibm): the same raw bits for the
 * special values, every power of two, the boundaries of each branch of the reduction, and tens of millions of
 * seeded random arguments. Loops count disagreements and keep the first, so a failure names the argument.
 */
class StrictLogTest {

    /** Compares many arguments; fails naming the first that disagrees and how many did. */
    private static final class Tally {
        private final String what;
        private long checked;
        private long wrong;
        private String first;

        Tally(String what) {
            this.what = what;
        }

        void check(double x) {
            long want = Double.doubleToRawLongBits(StrictMath.log(x));
            long got = Double.doubleToRawLongBits(StrictLog.log(x));
            checked++;
            if (want != got && wrong++ == 0) {
                first = String.format("x = %s (bits %016x): StrictMath.log %s (%016x), StrictLog.log %s (%016x)",
                        x, Double.doubleToRawLongBits(x), Double.longBitsToDouble(want), want,
                        Double.longBitsToDouble(got), got);
            }
        }

        /** Checks a result computed elsewhere (a batch) against {@code StrictMath.log(x)}. */
        void checkAgainst(double x, double got) {
            long want = Double.doubleToRawLongBits(StrictMath.log(x));
            long have = Double.doubleToRawLongBits(got);
            checked++;
            if (want != have && wrong++ == 0) {
                first = String.format("x = %s (bits %016x): StrictMath.log %s (%016x), got %s (%016x)", x,
                        Double.doubleToRawLongBits(x), Double.longBitsToDouble(want), want, got, have);
            }
        }

        void checkBits(long bits) {
            check(Double.longBitsToDouble(bits));
        }

        void assertAllEqual(long atLeast) {
            assertThat(wrong).as("%s: %d of %d differ, first %s", what, wrong, checked, first).isZero();
            assertThat(checked).as(what + ": arguments checked").isGreaterThanOrEqualTo(atLeast);
        }
    }

    @Test
    void theConstantsAreFdlibmsBitPatterns() {
        // the hexadecimal words given next to each constant in fdlibm's e_log.c: catches a mistyped decimal
        assertThat(Double.doubleToRawLongBits(StrictLog.LN2_HI)).isEqualTo(0x3fe62e42_fee00000L);
        assertThat(Double.doubleToRawLongBits(StrictLog.LN2_LO)).isEqualTo(0x3dea39ef_35793c76L);
        assertThat(Double.doubleToRawLongBits(StrictLog.TWO54)).isEqualTo(0x43500000_00000000L);
        assertThat(Double.doubleToRawLongBits(StrictLog.LG1)).isEqualTo(0x3fe55555_55555593L);
        assertThat(Double.doubleToRawLongBits(StrictLog.LG2)).isEqualTo(0x3fd99999_9997fa04L);
        assertThat(Double.doubleToRawLongBits(StrictLog.LG3)).isEqualTo(0x3fd24924_94229359L);
        assertThat(Double.doubleToRawLongBits(StrictLog.LG4)).isEqualTo(0x3fcc71c5_1d8e78afL);
        assertThat(Double.doubleToRawLongBits(StrictLog.LG5)).isEqualTo(0x3fc74664_96cb03deL);
        assertThat(Double.doubleToRawLongBits(StrictLog.LG6)).isEqualTo(0x3fc39a09_d078c69fL);
        assertThat(Double.doubleToRawLongBits(StrictLog.LG7)).isEqualTo(0x3fc2f112_df3e5244L);
        // ln2_hi + ln2_lo is ln 2 to about 2^-80 (ln 2 = 0.693147180559945309417232121458176568...): the
        // double nearest to ln 2 is their rounded sum; and ln2_hi's low 21 bits are zero (k ln2_hi exact)
        assertThat(StrictLog.LN2_HI + StrictLog.LN2_LO).isEqualTo(0.6931471805599453);
        assertThat(new java.math.BigDecimal(StrictLog.LN2_HI).add(new java.math.BigDecimal(StrictLog.LN2_LO))
                .subtract(new java.math.BigDecimal("0.693147180559945309417232121458176568")).abs().doubleValue())
                .isLessThan(0x1.0p-80);
        assertThat(Double.doubleToRawLongBits(StrictLog.LN2_HI) & 0x1fffffL).isZero();
    }

    @Test
    void specialValuesAndBoundaries() {
        Tally t = new Tally("special values");
        double sqrt2 = Math.sqrt(2);
        double[] values = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
            Math.nextDown(Double.MIN_NORMAL), Math.nextUp(Double.MIN_NORMAL), -Double.MIN_NORMAL, Double.MAX_VALUE,
            Math.nextDown(Double.MAX_VALUE), -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.NaN, -Double.NaN, 1.0, Math.nextUp(1.0), Math.nextDown(1.0), -1.0, 2.0, 0.5, Math.E, 10.0,
            sqrt2, Math.nextUp(sqrt2), Math.nextDown(sqrt2), sqrt2 / 2, Math.nextUp(sqrt2 / 2),
            Math.nextDown(sqrt2 / 2), 1 + 0x1.0p-20, 1 - 0x1.0p-20, 1 + 0x1.0p-21, 1 - 0x1.0p-21, 1 + 0x1.0p-19,
            Double.longBitsToDouble(1L), Double.longBitsToDouble(0x000fffffffffffffL),
            Double.longBitsToDouble(0x0008000000000000L), -1e-300, -1e300};
        for (double x : values) {
            t.check(x);
        }
        for (int ulps = -1000; ulps <= 1000; ulps++) { // around 1 (k = 0, f tiny) and sqrt(2) (the reduction's edge)
            t.checkBits(Double.doubleToRawLongBits(1.0) + ulps);
            t.checkBits(Double.doubleToRawLongBits(sqrt2) + ulps);
            t.checkBits(Double.doubleToRawLongBits(sqrt2 / 2) + ulps);
        }
        // NaNs with payloads, quiet and signalling, either sign: the payload propagates as in fdlibm
        for (long nan : new long[] {0x7ff8000000000000L, 0x7ff0000000000001L, 0x7ff4000000000000L,
            0x7fffffffffffffffL, 0xfff8000000000000L, 0xfff0000000000001L, 0xffffffffffffffffL,
            0x7ff8000000abcdefL, 0xfff80000deadbeefL}) {
            t.checkBits(nan);
        }
        t.assertAllEqual(6000);
    }

    @Test
    void everyPowerOfTwoAndItsNeighbours() {
        Tally t = new Tally("powers of two");
        for (int k = -1074; k <= 1023; k++) {
            double x = Math.scalb(1.0, k);
            assertThat(Math.getExponent(x) == k || k < -1022).isTrue();
            t.check(x);
            t.check(Math.nextUp(x));
            t.check(Math.nextDown(x));
            t.check(-x);
            t.check(x * 1.5);
            t.check(x * sqrtTwoBelow());
        }
        t.assertAllEqual(6 * 2098);
    }

    private static double sqrtTwoBelow() {
        return Math.nextDown(Math.sqrt(2));
    }

    @Test
    void theBranchEdgesOfTheReductionAtEveryExponent() {
        // x's high word below the exponent: 0x00000, 0xffffe, 0xfffff take the |f| < 2^-20 branch; 0x6a09c is
        // where (hx + 0x95f64) carries (mantissa >= sqrt(2): x halved, k + 1); [0x6147a, 0x6b851] takes the
        // hfsq form. Each edge +-4, with low words at their own edges and random ones, at every exponent
        // (normal ones) and for the subnormals scaled into them.
        int[] edges = {0x00000, 0xfffff, 0xffffe, 0x6a09c, 0x6147a, 0x6b851};
        SplittableRandom random = new SplittableRandom(17);
        Tally t = new Tally("branch edges");
        for (long exponent = 1; exponent <= 2046; exponent++) {
            for (int edge : edges) {
                for (int d = -4; d <= 4; d++) {
                    long high = (exponent << 20) | ((edge + d) & 0xfffff);
                    for (long low : new long[] {0, 1, 2, 0x7fffffffL, 0x80000000L, 0xfffffffeL, 0xffffffffL,
                        random.nextLong(1L << 32), random.nextLong(1L << 32)}) {
                        t.checkBits((high << 32) | low);
                    }
                }
            }
        }
        for (int shift = 0; shift < 52; shift++) { // subnormals whose scaled mantissa sits at each edge
            for (int edge : edges) {
                for (int d = -4; d <= 4; d++) {
                    long mantissa = (((long) ((edge + d) & 0xfffff)) << 32) | random.nextLong(1L << 32);
                    t.checkBits(((1L << 52) | mantissa) >>> (shift + 1));
                }
            }
        }
        t.assertAllEqual(2046L * 6 * 9 * 9);
    }

    @Test
    void twentyFourMillionRandomArgumentsInTheUnitInterval() {
        // the polar method's domain: s = v1^2 + v2^2 in (0, 1); also uniform doubles and uniform bit patterns
        SplittableRandom random = new SplittableRandom(2026);
        int n = 8_000_000;
        Tally polar = new Tally("polar s in (0, 1)");
        while (polar.checked < n) {
            double v1 = 2 * random.nextDouble() - 1;
            double v2 = 2 * random.nextDouble() - 1;
            double s = v1 * v1 + v2 * v2;
            if (s < 1 && s != 0) {
                polar.check(s);
            }
        }
        polar.assertAllEqual(n);
        Tally uniform = new Tally("uniform doubles in (0, 1)");
        while (uniform.checked < n) {
            double x = random.nextDouble();
            if (x != 0) {
                uniform.check(x);
            }
        }
        uniform.assertAllEqual(n);
        Tally bits = new Tally("uniform bit patterns in (0, 1), subnormals included");
        for (int i = 0; i < n; i++) {
            bits.checkBits(random.nextLong(1, Double.doubleToRawLongBits(1.0)));
        }
        bits.assertAllEqual(n);
    }

    @Test
    void millionsOfRandomBitPatternsOverTheWholeRange() {
        SplittableRandom random = new SplittableRandom(1974);
        Tally positive = new Tally("positive finite bit patterns");
        for (int i = 0; i < 4_000_000; i++) {
            positive.checkBits(random.nextLong(1, Double.doubleToRawLongBits(Double.POSITIVE_INFINITY)));
        }
        positive.assertAllEqual(4_000_000);
        Tally subnormal = new Tally("subnormal bit patterns");
        for (int i = 0; i < 1_000_000; i++) {
            // uniform in the number of leading zeros of the mantissa, then uniform below
            long top = 1L << random.nextInt(52);
            subnormal.checkBits(top | random.nextLong(top));
        }
        subnormal.assertAllEqual(1_000_000);
        Tally any = new Tally("any bit pattern (negatives, infinities, NaNs too)");
        for (int i = 0; i < 1_000_000; i++) {
            any.checkBits(random.nextLong());
        }
        any.assertAllEqual(1_000_000);
    }

    /** Runs {@link StrictLog.Batch#log} over {@code xs} in calls of {@code per} and checks every result. */
    private static void checkBatch(Tally t, double[] xs, int per) {
        StrictLog.Batch batch = new StrictLog.Batch(per);
        double[] x = new double[per];
        double[] out = new double[per + 3];
        for (int start = 0; start < xs.length; start += per) {
            int n = Math.min(per, xs.length - start);
            System.arraycopy(xs, start, x, 0, n);
            java.util.Arrays.fill(out, 12345.0);
            batch.log(x, out, n);
            for (int j = 0; j < n; j++) {
                t.checkAgainst(x[j], out[j]);
            }
            for (int j = n; j < out.length; j++) {
                assertThat(out[j]).as("beyond n").isEqualTo(12345.0);
            }
        }
    }

    @Test
    void theBatchEqualsStrictMathOnThePolarMethodsArguments() {
        // the arguments SeededGaussians gives it: s = v1^2 + v2^2 in (0, 1), v uniform on the 2^-52 grid
        SplittableRandom random = new SplittableRandom(2027);
        int n = 6_000_000;
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            double s;
            do {
                double v1 = (random.nextLong(1L << 53) * 0x1.0p-52) - 1;
                double v2 = (random.nextLong(1L << 53) * 0x1.0p-52) - 1;
                s = v1 * v1 + v2 * v2;
            } while (s >= 1 || s == 0);
            xs[i] = s;
        }
        Tally t = new Tally("batch, polar s");
        checkBatch(t, xs, 1024);
        t.assertAllEqual(n);
        // every exponent of (0, 1) with uniform mantissas, in batches of odd sizes
        double[] ys = new double[1022 * 200];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = Math.scalb(1 + random.nextDouble(), -1 - i / 200);
        }
        Tally u = new Tally("batch, every exponent below 1");
        checkBatch(u, ys, 777);
        u.assertAllEqual(ys.length);
    }

    @Test
    void theBatchEqualsStrictMathOnEveryBranchAndSpecialValue() {
        // the arguments its fast loop must hand to log(): zero, subnormal, >= 1, negative, infinite, NaN; f tiny;
        // the hfsq range; and their neighbours, mixed with ordinary arguments in one call
        java.util.List<Double> list = new java.util.ArrayList<>();
        SplittableRandom random = new SplittableRandom(5);
        int[] edges = {0x00000, 0xfffff, 0xffffe, 0x00001, 0xffffd, 0x6a09c, 0x6a09b, 0x6147a, 0x61479, 0x6b851,
            0x6b852};
        for (long exponent : new long[] {0, 1, 2, 500, 1000, 1021, 1022, 1023, 1024, 2046, 2047}) {
            for (int edge : edges) {
                for (long low : new long[] {0, 1, 0xffffffffL, random.nextLong(1L << 32)}) {
                    long bits = (exponent << 52) | ((long) edge << 32) | low;
                    list.add(Double.longBitsToDouble(bits));
                    list.add(Double.longBitsToDouble(bits | Long.MIN_VALUE));
                    list.add(random.nextDouble()); // an ordinary argument in between
                }
            }
        }
        for (double x : new double[] {0.0, -0.0, Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(1.0), 1.0,
            Math.nextUp(1.0), Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
            Double.longBitsToDouble(0xfff80000deadbeefL), Math.sqrt(0.5), Math.nextDown(Math.sqrt(0.5)), 0.5,
            Math.nextDown(0.5)}) {
            list.add(x);
        }
        for (int ulps = -3000; ulps <= 3000; ulps++) { // just below 1 (k = 0, f tiny) and around sqrt(2)/2
            list.add(Double.longBitsToDouble(Double.doubleToRawLongBits(1.0) + ulps));
            list.add(Double.longBitsToDouble(Double.doubleToRawLongBits(Math.sqrt(0.5)) + ulps));
        }
        for (int i = 0; i < 200_000; i++) {
            list.add(Double.longBitsToDouble(random.nextLong()));
        }
        double[] xs = list.stream().mapToDouble(Double::doubleValue).toArray();
        for (int per : new int[] {1, 2, 3, 64, 1000, 4096}) {
            Tally t = new Tally("batch of " + per + ", edges and specials");
            checkBatch(t, xs, per);
            t.assertAllEqual(xs.length);
        }
    }

    @Test
    void theBatchRejectsBadArguments() {
        StrictLog.Batch batch = new StrictLog.Batch(4);
        double[] x = new double[8];
        assertThatThrownBy(() -> batch.log(x, x, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different array");
        assertThatThrownBy(() -> batch.log(x, new double[8], 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 5");
        assertThatThrownBy(() -> batch.log(x, new double[2], 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 3");
        assertThatThrownBy(() -> batch.log(x, new double[8], -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -1");
        assertThatThrownBy(() -> new StrictLog.Batch(-2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-2");
        batch.log(x, new double[0], 0); // n = 0: nothing to do
    }
}
