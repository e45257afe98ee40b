package org.uhopkit.experiments.classification;

import java.io.Serializable;
import java.util.List;

/**
 * What one training run (one cell of the classification or expressiveness experiment) returns: its per-epoch
 * rows, the model it trained, its parameter count and the seconds of every epoch (timings, kept apart from the
 * rows). Plain data: serializable, holds no native memory.
 *
 * @param variant the variant's id
 * @param sampleSize the number of training images
 * @param seed the run's seed
 * @param model the model as it describes itself
 * @param parameters the number of trainable parameters
 * @param rows one row per epoch
 * @param seconds wall seconds of each epoch (training, U-Hop steps and test evaluation)
 */
public record RunRecord(String variant, int sampleSize, long seed, String model, long parameters,
        List<EpochRow> rows, List<Double> seconds) implements Serializable {

    /**
     * Copies the lists.
     *
     * @param variant the variant's id
     * @param sampleSize the number of training images
     * @param seed the run's seed
     * @param model the model as it describes itself
     * @param parameters the number of trainable parameters
     * @param rows one row per epoch (copied)
     * @param seconds wall seconds of each epoch (copied)
     */
    public RunRecord {
        rows = List.copyOf(rows);
        seconds = List.copyOf(seconds);
    }

    /**
     * The largest training accuracy over the epochs (the paper's "Max Train Acc.").
     *
     * @return the largest training accuracy, or NaN without epochs
     */
    public double maxTrainAccuracy() {
        return rows.stream().mapToDouble(EpochRow::trainAccuracy).max().orElse(Double.NaN);
    }

    /**
     * The test accuracy after the last epoch.
     *
     * @return the last epoch's test accuracy, or NaN without epochs
     */
    public double finalTestAccuracy() {
        return rows.isEmpty() ? Double.NaN : rows.get(rows.size() - 1).testAccuracy();
    }

    /**
     * The largest test accuracy over the epochs.
     *
     * @return the largest test accuracy, or NaN without epochs
     */
    public double bestTestAccuracy() {
        return rows.stream().mapToDouble(EpochRow::testAccuracy).max().orElse(Double.NaN);
    }
}
