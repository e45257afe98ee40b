package org.uhopkit.experiments.classification;

import java.io.Serializable;

/**
 * One epoch of one training run (plain data, no native memory): the run's variant, training sample size and
 * seed, and after the epoch the training loss and accuracy (averaged over the epoch's batches in training mode,
 * as the authors' code reports them), the test loss and accuracy (inference mode, after the epoch) and the mean
 * separation loss of the epoch's U-Hop steps (NaN without U-Hop). The epoch's seconds are kept apart
 * ({@link RunRecord#seconds()}): they are the only number that changes between reruns.
 *
 * @param variant the variant's id ({@link Variant#id()})
 * @param sampleSize the number of training images
 * @param seed the run's seed
 * @param epoch the epoch, from 1
 * @param trainLoss mean cross-entropy over the epoch's batches
 * @param trainAccuracy accuracy over the epoch's batches (training mode)
 * @param testLoss cross-entropy on the test set
 * @param testAccuracy accuracy on the test set
 * @param separationLoss mean separation loss of the epoch's U-Hop steps, NaN without
 * @param learningRate the outer learning rate of the epoch
 */
public record EpochRow(String variant, int sampleSize, long seed, int epoch, double trainLoss, double trainAccuracy,
        double testLoss, double testAccuracy, double separationLoss, double learningRate) implements Serializable {}
