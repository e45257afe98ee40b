package org.uhopkit.nn.stanhop;

import java.io.Serializable;
import java.util.List;

/**
 * What one forecasting run recorded ({@link Forecaster#train}); plain data, no native memory. The metrics are on
 * the normalised scale (as Table 8). The seconds are the only fields that differ between reruns.
 *
 * @param config the model
 * @param training the training settings
 * @param data the split, e.g. {@code ETTh1 8640/2880/2880 input 96 horizon 96}
 * @param trainWindows the training windows
 * @param testWindows the test windows
 * @param parameters the model's scalar parameters
 * @param epochs one row per epoch run
 * @param bestEpoch the epoch (from 1) with the lowest validation loss (early stopping's choice)
 * @param testMse the test MSE with the best epoch's parameters (restored after training)
 * @param testMae the test MAE with the best epoch's parameters
 * @param stoppedEarly whether patience ran out before the last epoch
 * @param alphaStart the mean alpha over all heads and blocks before training
 * @param alphaEnd the alpha of every Hopfield block (rows) and head after the last epoch
 * @param testSeconds wall seconds of the test pass
 */
public record ForecastRun(StanHopConfig config, ForecastTraining training, String data, int trainWindows,
        int testWindows, long parameters, List<Epoch> epochs, int bestEpoch, double testMse, double testMae,
        boolean stoppedEarly, double alphaStart, double[][] alphaEnd, double testSeconds) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * One epoch.
     *
     * @param epoch from 1
     * @param trainLoss the mean task loss of the epoch's outer steps (training mode, with dropout)
     * @param separationLoss the mean separation loss of its inner steps (NaN without U-Hop)
     * @param steps outer steps in the epoch
     * @param valMse validation MSE after the epoch
     * @param valMae validation MAE after the epoch
     * @param alphaMean the mean alpha over all heads and blocks after the epoch
     * @param trainSeconds wall seconds of the epoch's steps
     * @param evalSeconds wall seconds of the validation pass
     */
    public record Epoch(int epoch, double trainLoss, double separationLoss, int steps, double valMse, double valMae,
            double alphaMean, double trainSeconds, double evalSeconds)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Copies the lists.
     *
     * @param config the model
     * @param training the training settings
     * @param data the split's description
     * @param trainWindows the training windows
     * @param testWindows the test windows
     * @param parameters the model's scalar parameters
     * @param epochs one row per epoch run (copied)
     * @param bestEpoch the epoch (from 1) with the lowest validation loss
     * @param testMse the test MSE (normalised scale)
     * @param testMae the test MAE (normalised scale)
     * @param stoppedEarly whether patience ran out before the last epoch
     * @param alphaStart the mean alpha before training
     * @param alphaEnd the alpha per block (rows) and head after training (copied)
     * @param testSeconds wall seconds of the test pass
     */
    public ForecastRun {
        epochs = List.copyOf(epochs);
        double[][] copy = new double[alphaEnd.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = alphaEnd[i].clone();
        }
        alphaEnd = copy;
    }

    /**
     * The mean training seconds per epoch (steps only).
     *
     * @return the mean of the epochs' training seconds, NaN without epochs
     */
    public double secondsPerEpoch() {
        return epochs.stream().mapToDouble(Epoch::trainSeconds).average().orElse(Double.NaN);
    }
}
