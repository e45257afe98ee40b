package org.uhopkit.experiments;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The retrieval error of section 4.1 (following Hu et al. 2023 and Millidge et al. 2022): per query, the
 * sum of squared pixel differences between the retrieved image and the true one, both clamped to [0, 1],
 * {@code e = sum_j (clamp(x_j) - clamp(xi_j))^2}; and the threshold capacity of Millidge et al. (2022),
 * the fraction of queries whose error is at most a threshold.
 */
public final class RetrievalError {

    /** Millidge et al.'s threshold for a "correct" retrieval of an MNIST-sized image. */
    public static final double MILLIDGE_THRESHOLD = 60.0;

    private RetrievalError() {}

    /**
     * Per-query sum of squared differences after clamping both to [0, 1].
     *
     * @param retrieved {@code (B, d)}
     * @param truth {@code (B, d)}
     * @return B errors
     */
    public static double[] perQuery(NDArray retrieved, NDArray truth) {
        if (!retrieved.getShape().equals(truth.getShape())) {
            throw new IllegalArgumentException("retrieved and true images must have the same shape, got "
                    + retrieved.getShape() + " and " + truth.getShape());
        }
        try (NDManager scratch = retrieved.getManager().newSubManager()) {
            scratch.tempAttachAll(retrieved, truth);
            NDArray a = retrieved.clip(0, 1).toType(DataType.FLOAT64, false);
            NDArray b = truth.clip(0, 1).toType(DataType.FLOAT64, false);
            return a.sub(b).square().sum(new int[] {1}).toDoubleArray();
        }
    }

    /** The mean of {@code errors}. */
    public static double mean(double[] errors) {
        double s = 0;
        for (double e : errors) {
            s += e;
        }
        return s / errors.length;
    }

    /** The sample standard deviation (n - 1), 0 for one value. */
    public static double std(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double m = mean(values);
        double s = 0;
        for (double v : values) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (values.length - 1));
    }

    /** The fraction of queries with error at most {@code threshold} (Millidge et al. 2022). */
    public static double thresholdCapacity(double[] errors, double threshold) {
        int ok = 0;
        for (double e : errors) {
            if (e <= threshold) {
                ok++;
            }
        }
        return (double) ok / errors.length;
    }

    /** Pearson's correlation coefficient of two equally long samples. */
    public static double pearson(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("need two samples of equal length >= 2, got " + x.length + " and "
                    + y.length);
        }
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Spearman's rank correlation (average ranks on ties). */
    public static double spearman(double[] x, double[] y) {
        return pearson(ranks(x), ranks(y));
    }

    private static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
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
}
