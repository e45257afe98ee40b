package org.uhopkit.report;

import org.uhopkit.internal.Checks;

import java.util.Arrays;

/**
 * The few sample statistics the experiments and theorem checks report: mean and sample standard deviation,
 * Pearson's and Spearman's correlation and the least-squares slope. Plain Java doubles; paired samples must
 * be equally long.
 */
public final class Statistics {

    private Statistics() {}

    /**
     * The arithmetic mean (NaN if a value is NaN).
     *
     * @param values the values, at least one
     * @return the mean
     * @throws IllegalArgumentException for no values
     */
    public static double mean(double[] values) {
        Checks.notNull("values", values);
        if (values.length == 0) {
            throw new IllegalArgumentException("values must not be empty");
        }
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }

    /**
     * The sample standard deviation {@code sqrt(sum (v - mean)^2 / (n - 1))}; 0 for a single value.
     *
     * @param values the values, at least one
     * @return the sample standard deviation, non-negative
     * @throws IllegalArgumentException for no values
     */
    public static double std(double[] values) {
        double m = mean(values);
        if (values.length < 2) {
            return 0;
        }
        double s = 0;
        for (double v : values) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (values.length - 1));
    }

    /**
     * Pearson's correlation coefficient of two equally long samples (NaN if one of them is constant).
     *
     * @param x the first sample
     * @param y the second sample, as long as {@code x}
     * @return the coefficient, in [-1, 1], or NaN
     */
    public static double pearson(double[] x, double[] y) {
        double[] c = centredMoments(x, y);
        return c[0] / Math.sqrt(c[1] * c[2]);
    }

    /**
     * Spearman's rank correlation: Pearson's on the ranks, tied values sharing their average rank.
     *
     * @param x the first sample
     * @param y the second sample, as long as {@code x}
     * @return the rank correlation, in [-1, 1], or NaN
     */
    public static double spearman(double[] x, double[] y) {
        checkPaired(x, y);
        return pearson(ranks(x), ranks(y));
    }

    /**
     * The least-squares slope of {@code y} on {@code x} (NaN if {@code x} is constant).
     *
     * @param x the abscissae
     * @param y the ordinates, as many as {@code x}
     * @return the slope, or NaN
     */
    public static double slope(double[] x, double[] y) {
        double[] c = centredMoments(x, y);
        return c[1] == 0 ? Double.NaN : c[0] / c[1];
    }

    /** Ranks 1..n of the values, ties getting the average of the ranks they span. */
    static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < v.length) {
            int j = i;
            while (j + 1 < v.length && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[idx[k]] = rank;
            }
            i = j + 1;
        }
        return r;
    }

    /** {@code (sum dx dy, sum dx^2, sum dy^2)} of the deviations from the means. */
    private static double[] centredMoments(double[] x, double[] y) {
        checkPaired(x, y);
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return new double[] {sxy, sxx, syy};
    }

    private static void checkPaired(double[] x, double[] y) {
        Checks.notNull("x", x);
        Checks.notNull("y", y);
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("need two samples of equal length >= 2, got lengths " + x.length
                    + " and " + y.length);
        }
    }
}
