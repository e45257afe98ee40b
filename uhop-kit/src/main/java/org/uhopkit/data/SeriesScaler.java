package org.uhopkit.data;

import org.uhopkit.internal.Checks;

/**
 * The standard scaler of the Informer splits: per series, the mean and the population standard deviation
 * ({@code sqrt(sum (x - mean)^2 / n)}) of the training rows only, and {@code (x - mean) / std}. Metrics of
 * Table 8 are computed on this normalised scale.
 *
 * @param mean the per-series mean
 * @param std the per-series population standard deviation, positive
 * @param rows the number of rows it was fitted on
 */
public record SeriesScaler(double[] mean, double[] std, int rows) {

    /**
     * Copies the arrays; checks that they match and that every std is positive and finite.
     *
     * @param mean the per-series mean, one per series (copied)
     * @param std the per-series population standard deviation, each positive and finite (copied)
     * @param rows the number of rows it was fitted on
     */
    public SeriesScaler {
        Checks.notNull("mean", mean);
        Checks.notNull("std", std);
        if (mean.length != std.length || mean.length < 1) {
            throw new IllegalArgumentException("mean and std need one entry per series, got " + mean.length + " and "
                    + std.length);
        }
        for (int c = 0; c < std.length; c++) {
            Checks.positiveFinite("std of series " + c, std[c]);
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * Fits on rows {@code [from, to)} of {@code series} (two passes, in double precision).
     *
     * @param series the series, not null
     * @param from the first row, at least 0
     * @param to one past the last row
     * @return the scaler of those rows
     * @throws IllegalArgumentException when a series is constant on those rows (its std is 0)
     */
    public static SeriesScaler fit(TimeSeries series, int from, int to) {
        Checks.notNull("series", series);
        if (from < 0 || to > series.rows() || to - from < 1) {
            throw new IllegalArgumentException("the scaler needs rows inside [0, " + series.rows() + "), got [" + from
                    + ", " + to + ")");
        }
        int c = series.seriesCount();
        int n = to - from;
        double[] mean = new double[c];
        double[] std = new double[c];
        for (int j = 0; j < c; j++) {
            double s = 0;
            for (int t = from; t < to; t++) {
                s += series.value(t, j);
            }
            double m = s / n;
            double q = 0;
            for (int t = from; t < to; t++) {
                double d = series.value(t, j) - m;
                q += d * d;
            }
            mean[j] = m;
            std[j] = Math.sqrt(q / n);
            if (!(std[j] > 0)) {
                throw new IllegalArgumentException("series " + series.columns().get(j) + " of " + series.name()
                        + " is constant on rows [" + from + ", " + to + "): its std is 0, it cannot be scaled");
            }
        }
        return new SeriesScaler(mean, std, n);
    }

    /**
     * {@code (x - mean_c) / std_c}.
     *
     * @param x the raw value
     * @param c the series, in {@code [0, C)}
     * @return the scaled value
     */
    public double scale(double x, int c) {
        return (x - mean[c]) / std[c];
    }

    /**
     * {@code z std_c + mean_c}.
     *
     * @param z the scaled value
     * @param c the series, in {@code [0, C)}
     * @return the raw value
     */
    public double unscale(double z, int c) {
        return z * std[c] + mean[c];
    }

    /**
     * The per-series means (a copy).
     *
     * @return a new array of C means
     */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /**
     * The per-series population standard deviations (a copy).
     *
     * @return a new array of C standard deviations, each positive
     */
    @Override
    public double[] std() {
        return std.clone();
    }
}
