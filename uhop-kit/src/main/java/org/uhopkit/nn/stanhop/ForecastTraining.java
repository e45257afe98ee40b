package org.uhopkit.nn.stanhop;

import org.uhopkit.internal.Checks;

import ai.djl.training.loss.Loss;
import java.io.Serializable;

/**
 * How a {@link StanHopNet} is trained for forecasting (Table 7 and appendix F.5; provenance, plain data): Adam at
 * a constant learning rate on the task loss, batches of {@code batchSize} windows, at most {@code epochs} epochs
 * with early stopping on the validation loss after {@code patience} epochs without improvement; with U-Hop, before
 * each outer step {@code innerSteps} SGD steps (rate {@code innerRate}, {@code innerBatchSize} windows) on the
 * separation loss of every kernel's features (Algorithm 2). {@code maxStepsPerEpoch > 0} caps the outer steps of
 * an epoch (quick runs only: each epoch then sees a random part of the training windows).
 *
 * @param epochs the most epochs (Table 7: 50)
 * @param patience early stopping: epochs without a better validation loss before stopping (Table 7: 25)
 * @param batchSize B_2 (Table 7: 16)
 * @param learningRate Adam's rate (Table 7: 1e-4)
 * @param loss the task loss (the paper: MAE; the released STanHop-Net: MSE)
 * @param innerSteps N_i, separation-loss steps per outer step when the model has U-Hop kernels
 * @param innerBatchSize B_1, windows per separation-loss step
 * @param innerRate gamma-bar (Table 7: 0.1)
 * @param maxStepsPerEpoch the most outer steps per epoch (0: all)
 * @param validationStride early stopping looks at every {@code validationStride}-th validation window (1: all;
 *     quick runs only)
 * @param seed the seed of batches, inner samples and dropout
 */
public record ForecastTraining(int epochs, int patience, int batchSize, double learningRate, TaskLoss loss,
        int innerSteps, int innerBatchSize, double innerRate, int maxStepsPerEpoch, int validationStride, long seed)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The task loss of the outer steps (and of early stopping). */
    public enum TaskLoss {
        /** Mean absolute error (the paper, appendix F.5: "the MAE loss"). */
        MAE,
        /** Mean squared error (the released STanHop-Net's criterion). */
        MSE;

        /**
         * The DJL loss: {@code mean |y - p|} or {@code mean (y - p)^2} (weight 1, not DJL's default 1/2). The
         * MSE is not DJL's {@code L2Loss}: that multiplies by its weight as a Java number, an operand autograd
         * saves in memory a garbage collection may free before the backward pass (see
         * {@link org.uhopkit.internal.Scalars}).
         *
         * @return a new DJL loss, named {@code mae} or {@code mse}
         */
        public Loss djl() {
            return this == MAE ? Loss.l1Loss("mae") : new MeanSquaredError("mse");
        }

        /**
         * {@code mae} or {@code mse}.
         *
         * @return the lower-case name
         */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * The loss named {@code s} ({@code mae} or {@code mse}, case-insensitive).
         *
         * @param s {@code mae} or {@code mse}, any case
         * @return the loss
         * @throws IllegalArgumentException naming the value
         */
        public static TaskLoss parse(String s) {
            for (TaskLoss l : values()) {
                if (s != null && l.id().equals(s.trim().toLowerCase(java.util.Locale.ROOT))) {
                    return l;
                }
            }
            throw new IllegalArgumentException("unknown loss '" + s + "', expected mae or mse");
        }
    }

    /** {@code mean (y - p)^2} over every element, the label reshaped to the prediction's shape. */
    private static final class MeanSquaredError extends Loss {
        MeanSquaredError(String name) {
            super(name);
        }

        @Override
        public ai.djl.ndarray.NDArray evaluate(ai.djl.ndarray.NDList labels, ai.djl.ndarray.NDList predictions) {
            ai.djl.ndarray.NDArray pred = predictions.singletonOrThrow();
            return labels.singletonOrThrow().reshape(pred.getShape()).sub(pred).square().mean();
        }
    }

    /**
     * Checks every setting, naming a bad one.
     *
     * @param epochs the most epochs, at least 1
     * @param patience epochs without improvement before stopping, at least 1
     * @param batchSize B_2, at least 1
     * @param learningRate Adam's rate, positive and finite
     * @param loss the task loss, not null
     * @param innerSteps N_i, at least 0
     * @param innerBatchSize B_1, at least 1
     * @param innerRate gamma-bar, positive and finite
     * @param maxStepsPerEpoch the most outer steps per epoch, at least 0 (0: all)
     * @param validationStride the stride over the validation windows, at least 1
     * @param seed the seed of batches, inner samples and dropout
     */
    public ForecastTraining {
        Checks.atLeast("epochs", epochs, 1);
        Checks.atLeast("patience", patience, 1);
        Checks.atLeast("batch size", batchSize, 1);
        Checks.positiveFinite("learning rate", learningRate);
        Checks.notNull("loss", loss);
        if (innerSteps < 0) {
            throw new IllegalArgumentException("inner steps must be at least 0, got " + innerSteps);
        }
        Checks.atLeast("inner batch size", innerBatchSize, 1);
        Checks.positiveFinite("inner learning rate", innerRate);
        if (maxStepsPerEpoch < 0) {
            throw new IllegalArgumentException("max steps per epoch must be at least 0 (0 = all), got "
                    + maxStepsPerEpoch);
        }
        Checks.atLeast("validation stride", validationStride, 1);
    }

    /**
     * Table 7: 50 epochs, patience 25, batch 16, Adam 1e-4, MAE, one inner step per outer step on 4 windows,
     * kernel SGD 0.1, no cap, every validation window.
     *
     * @param seed the seed of batches, inner samples and dropout
     * @return the paper's training settings
     */
    public static ForecastTraining paper(long seed) {
        return new ForecastTraining(50, 25, 16, 1e-4, TaskLoss.MAE, 1, 4, 0.1, 0, 1, seed);
    }

    /**
     * A copy with at most {@code e} epochs.
     *
     * @param e the most epochs, at least 1
     * @return a copy with the epochs replaced
     */
    public ForecastTraining withEpochs(int e) {
        return new ForecastTraining(e, patience, batchSize, learningRate, loss, innerSteps, innerBatchSize, innerRate,
                maxStepsPerEpoch, validationStride, seed);
    }

    /**
     * A copy with another task loss.
     *
     * @param l the task loss, not null
     * @return a copy with the task loss replaced
     */
    public ForecastTraining withLoss(TaskLoss l) {
        return new ForecastTraining(epochs, patience, batchSize, learningRate, l, innerSteps, innerBatchSize,
                innerRate, maxStepsPerEpoch, validationStride, seed);
    }

    /**
     * A copy with another seed.
     *
     * @param s the seed
     * @return a copy with the seed replaced
     */
    public ForecastTraining withSeed(long s) {
        return new ForecastTraining(epochs, patience, batchSize, learningRate, loss, innerSteps, innerBatchSize,
                innerRate, maxStepsPerEpoch, validationStride, s);
    }
}
