package org.uhopkit.experiments;

/**
 * One row of {@link ExperimentResult#summary()}: a method at one grid point, averaged over runs.
 *
 * @param dataset the data set's name
 * @param preset {@code paper} or {@code official}
 * @param method the method's legend label
 * @param separationLoss U-Hop's Stage I loss ({@code average}, {@code max}), empty for baselines
 * @param m memory set size M
 * @param n Stage I steps N (0 for baselines)
 * @param sigma the noise level (NaN when queries are masked)
 * @param errorMean the mean over runs of the run's mean retrieval error
 * @param errorStd the sample standard deviation over runs of that error (0 for one run)
 * @param capacity the mean over runs of the threshold capacity
 * @param stageOneLoss the mean over runs of the final Stage I loss (NaN for baselines)
 * @param runs the number of runs
 */
public record SummaryRow(String dataset, String preset, String method, String separationLoss, int m, int n,
        double sigma, double errorMean, double errorStd, double capacity, double stageOneLoss, int runs) {}
