package org.uhopkit;

import org.uhopkit.internal.Checks;

/**
 * The Stage I learning rate {@code gamma} per step (Algorithm 1, line 2).
 *
 * <p>{@link #constant(double)} is the paper's choice. {@link #authorsDecay(double)} reproduces the
 * authors' average-loss script, which divides the rate by {@code sqrt(i + 1)} after step {@code i}
 * (0-based), so the k-th step (1-based) uses {@code gamma / sqrt((k - 1)!)}: after about five steps W
 * hardly changes, and from about step 315 the rate is exactly 0 (the double underflows, in the authors' Python
 * as here), so the remaining steps leave W as it is.
 */
@FunctionalInterface
public interface LearningRate {

    /**
     * The rate used by step {@code step}, counted from 1.
     *
     * @param step the step, {@code >= 1}
     * @return a non-negative, finite rate (0 leaves W unchanged)
     */
    double at(int step);

    /**
     * {@code gamma} at every step.
     *
     * @param gamma gamma, positive and finite
     * @return the constant schedule
     */
    static LearningRate constant(double gamma) {
        return new Constant(gamma);
    }

    /**
     * {@code gamma / sqrt((k - 1)!)} at step k: the authors' {@code lr = lr / sqrt(i + 1)} after each step.
     *
     * @param gamma the first step's rate, positive and finite
     * @return the decaying schedule
     */
    static LearningRate authorsDecay(double gamma) {
        return new AuthorsDecay(gamma);
    }

    /** A constant rate. */
    record Constant(double gamma) implements LearningRate {
        /**
         * Validates gamma.
         *
         * @param gamma gamma, positive and finite
         */
        public Constant {
            Checks.positiveFinite("learning rate", gamma);
        }

        @Override
        public double at(int step) {
            return gamma;
        }
    }

    /** The authors' decaying rate. */
    record AuthorsDecay(double gamma) implements LearningRate {
        /**
         * Validates gamma.
         *
         * @param gamma the first step's rate, positive and finite
         */
        public AuthorsDecay {
            Checks.positiveFinite("learning rate", gamma);
        }

        @Override
        public double at(int step) {
            double lr = gamma;
            for (int i = 1; i < step; i++) {
                lr /= Math.sqrt(i);
                if (lr == 0) {
                    break;
                }
            }
            return lr;
        }
    }
}
