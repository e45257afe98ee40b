package org.uhopkit;

/**
 * Stage I of Algorithm 1 produced a NaN or infinite loss (or W): the step and learning rate at which it
 * happened, and what probably caused it, are in the message and in {@link #step()} and
 * {@link #learningRate()}. Experiments catch this type, and only this type, to record a diverged run.
 */
public final class StageOneDivergedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** The step at which the loss was first not finite. */
    private final int step;
    /** The learning rate of that step. */
    private final double learningRate;

    /**
     * @param message what diverged and why
     * @param step the Stage I step at which the loss was first not finite (0 = the initial W)
     * @param learningRate the rate of the step that produced it (NaN at step 0)
     */
    public StageOneDivergedException(String message, int step, double learningRate) {
        super(message);
        this.step = step;
        this.learningRate = learningRate;
    }

    /**
     * The step at which the loss was first not finite (0 = the initial W).
     *
     * @return the step, at least 0
     */
    public int step() {
        return step;
    }

    /**
     * The learning rate of the step that produced it (NaN at step 0).
     *
     * @return the learning rate, or NaN at step 0
     */
    public double learningRate() {
        return learningRate;
    }
}
