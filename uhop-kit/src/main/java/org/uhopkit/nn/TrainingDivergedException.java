package org.uhopkit.nn;

/**
 * A loss of Algorithm 2 turned NaN or infinite: the message names the loss (the task loss of an outer step or
 * the separation loss of an inner step), the epoch, the step and the learning rate; so do the accessors.
 */
public final class TrainingDivergedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** The epoch, from 1. */
    private final int epoch;
    /** The step within the epoch, from 1. */
    private final int step;
    /** The learning rate of that step. */
    private final double learningRate;

    /**
     * @param message what diverged, where, at which rate
     * @param epoch the epoch, from 1
     * @param step the step within the epoch, from 1
     * @param learningRate the learning rate of that step
     */
    public TrainingDivergedException(String message, int epoch, int step, double learningRate) {
        super(message);
        this.epoch = epoch;
        this.step = step;
        this.learningRate = learningRate;
    }

    /**
     * The epoch, from 1.
     *
     * @return the epoch, from 1
     */
    public int epoch() {
        return epoch;
    }

    /**
     * The step within the epoch, from 1.
     *
     * @return the step, from 1
     */
    public int step() {
        return step;
    }

    /**
     * The learning rate of that step.
     *
     * @return the learning rate
     */
    public double learningRate() {
        return learningRate;
    }
}
