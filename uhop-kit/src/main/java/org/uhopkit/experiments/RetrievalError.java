package org.uhopkit.experiments;

import ai.djl.ndarray.NDArray;
import org.uhopkit.internal.Scope;
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
        try (Scope s = Scope.near(retrieved)) { // views: the caller's arrays are never moved
            NDArray a = s.use(retrieved).clip(0, 1).toType(DataType.FLOAT64, false);
            NDArray b = s.use(truth).clip(0, 1).toType(DataType.FLOAT64, false);
            return a.sub(b).square().sum(new int[] {1}).toDoubleArray();
        }
    }

    /**
     * The mean of {@code errors}.
     *
     * @param errors the errors, at least one
     * @return the mean error
     * @deprecated moved to {@link org.uhopkit.report.Statistics#mean(double[])}; kept until the notebooks
     *     outside the experiments use that
     */
    @Deprecated(forRemoval = true)
    public static double mean(double[] errors) {
        return org.uhopkit.report.Statistics.mean(errors);
    }

    /**
     * The fraction of queries with error at most {@code threshold} (Millidge et al. 2022).
     *
     * @param errors the per-query errors, at least one
     * @param threshold the largest error counted as retrieved
     * @return the fraction, in [0, 1]
     */
    public static double thresholdCapacity(double[] errors, double threshold) {
        if (errors.length == 0) {
            throw new IllegalArgumentException("errors must not be empty");
        }
        int ok = 0;
        for (double e : errors) {
            if (e <= threshold) {
                ok++;
            }
        }
        return (double) ok / errors.length;
    }
}
