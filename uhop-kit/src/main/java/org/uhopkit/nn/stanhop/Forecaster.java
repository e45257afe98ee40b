package org.uhopkit.nn.stanhop;

import org.uhopkit.data.SeriesSplit;
import org.uhopkit.internal.Checks;
import org.uhopkit.nn.TaskData;
import org.uhopkit.nn.TrainingDivergedException;
import org.uhopkit.nn.UHopTrainer;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains a {@link StanHopNet} on a {@link SeriesSplit} (the paper's time-series experiment, section 4.2 and
 * appendix F.5): Algorithm 2 through {@link UHopTrainer} (with U-Hop kernels: inner SGD steps on the separation
 * loss, outer Adam steps on the task loss; without: plain Adam), after every epoch the validation and test MSE and
 * MAE on the normalised scale, early stopping on the validation loss (the task loss's kind), and the test metrics
 * of the best validation epoch (what restoring the best checkpoint and testing gives). One progress line per
 * epoch. Runs on the calling thread in its own model and manager; everything it creates is freed.
 */
public final class Forecaster {

    /** Windows per inference batch in validation and test passes (results do not depend on it). */
    public static final int EVAL_BATCH = 64;

    private Forecaster() {}

    /**
     * One run.
     *
     * @param split the data (its C, input length and horizon must match {@code config})
     * @param config the model
     * @param training the training settings
     * @param progress where the per-epoch lines go (null: nowhere)
     * @return what it recorded
     * @throws IllegalArgumentException when the split and the config disagree
     * @throws TrainingDivergedException when a loss turns NaN or infinite
     */
    public static ForecastRun train(SeriesSplit split, StanHopConfig config, ForecastTraining training,
            PrintStream progress) {
        Checks.notNull("split", split);
        Checks.notNull("config", config);
        Checks.notNull("training", training);
        if (split.seriesCount() != config.series() || split.inputLength() != config.inputLength()
                || split.horizon() != config.horizon()) {
            throw new IllegalArgumentException("the split (" + split.seriesCount() + " series, input "
                    + split.inputLength() + ", horizon " + split.horizon() + ") does not match the model (" + config
                    .series() + " series, input " + config.inputLength() + ", horizon " + config.horizon() + ")");
        }
        StanHopNet net = StanHopNet.of(config);
        List<ForecastRun.Epoch> rows = new ArrayList<>();
        double[] best = {Double.POSITIVE_INFINITY, Double.NaN, Double.NaN, 0};
        int[] sinceBest = {0};
        double[] alphaStart = {Double.NaN};
        try (Model model = Model.newInstance("stanhop-net")) {
            model.setBlock(net);
            NDManager data = model.getNDManager().newSubManager();
            Snapshot snapshot = new Snapshot(data);
            NDArray[] train = split.arrays(data, SeriesSplit.Part.TRAIN);
            UHopTrainer trainer = UHopTrainer.builder().loss(training.loss().djl()).epochs(training.epochs())
                    .batchSize(training.batchSize()).learningRate(training.learningRate()).cosine(false)
                    .innerSteps(config.uhop() ? training.innerSteps() : 0).innerBatchSize(training.innerBatchSize())
                    .innerRate(training.innerRate()).maxStepsPerEpoch(training.maxStepsPerEpoch())
                    .seed(training.seed()).progress(null)
                    .epochListener(end -> {
                        long t0 = System.nanoTime();
                        double[] val = evaluate(net, split, SeriesSplit.Part.VALIDATION, data,
                                split.windowCount(SeriesSplit.Part.VALIDATION), training.validationStride());
                        double evalSeconds = (System.nanoTime() - t0) / 1e9;
                        double alpha = meanAlpha(net);
                        rows.add(new ForecastRun.Epoch(end.epoch(), end.trainLoss(), end.separationLoss(), end.steps(),
                                val[0], val[1], alpha, end.seconds(), evalSeconds));
                        double valLoss = training.loss() == ForecastTraining.TaskLoss.MAE ? val[1] : val[0];
                        if (!Double.isFinite(valLoss)) {
                            throw new TrainingDivergedException("the validation loss is " + valLoss + " after epoch "
                                    + end.epoch() + ": lower the learning rate", end.epoch(), end.steps(),
                                    training.learningRate());
                        }
                        boolean better = valLoss < best[0];
                        if (better) {
                            best[0] = valLoss;
                            best[3] = end.epoch();
                            sinceBest[0] = 0;
                            snapshot.save(net);
                        } else {
                            sinceBest[0]++;
                        }
                        if (progress != null) {
                            progress.println(String.format(Locale.ROOT, "%s h=%d %s epoch %d/%d  train %s %.4f%s  "
                                    + "val MSE %.4f MAE %.4f%s  alpha %.3f  %.1f s + val %.1f s",
                                    split.series().name(), config.horizon(), config.uhop() ? "+U-Hop" : "plain",
                                    end.epoch(), end.epochs(), training.loss().id(), end.trainLoss(),
                                    Double.isNaN(end.separationLoss()) ? ""
                                            : String.format(Locale.ROOT, "  separation %.4f", end.separationLoss()),
                                    val[0], val[1], better ? " (best)" : "", alpha, end.seconds(),
                                    evalSeconds));
                            progress.flush();
                        }
                        return sinceBest[0] < training.patience();
                    }).build();
            // initialised here (the trainer keeps initialised parameters) so that alpha can be read before training
            net.initialize(data, DataType.FLOAT32, new Shape(Math.min(training.batchSize(),
                    split.windowCount(SeriesSplit.Part.TRAIN)), config.inputLength(), config.series()));
            alphaStart[0] = meanAlpha(net);
            long parameters = net.parameterCount();
            trainer.fit(model, TaskData.of(train[0], train[1]), null);
            boolean early = rows.size() < training.epochs();
            double[][] alphaEnd = net.alphas();
            snapshot.restore(net);
            long t0 = System.nanoTime();
            double[] test = evaluate(net, split, SeriesSplit.Part.TEST, data);
            double testSeconds = (System.nanoTime() - t0) / 1e9;
            if (!Double.isFinite(test[0]) || !Double.isFinite(test[1])) {
                throw new TrainingDivergedException("the test MSE/MAE is " + test[0] + "/" + test[1] + " with epoch "
                        + (int) best[3] + "'s parameters", (int) best[3], 0, training.learningRate());
            }
            if (progress != null) {
                progress.println(String.format(Locale.ROOT, "%s h=%d %s test (epoch %d's parameters)  MSE %.4f  MAE %.4f"
                        + "  %.1f s", split.series().name(), config.horizon(), config.uhop() ? "+U-Hop" : "plain",
                        (int) best[3], test[0], test[1], testSeconds));
                progress.flush();
            }
            return new ForecastRun(config, training, split.toString(), split.windowCount(SeriesSplit.Part.TRAIN),
                    split.windowCount(SeriesSplit.Part.TEST), parameters, rows, (int) best[3], test[0], test[1],
                    early, alphaStart[0], alphaEnd, testSeconds);
        }
    }

    /** A copy of every parameter's value, for restoring the best validation epoch's parameters. */
    private static final class Snapshot {
        private final NDManager manager;
        private final java.util.Map<String, NDArray> saved = new java.util.HashMap<>();

        Snapshot(NDManager parent) {
            this.manager = parent.newSubManager();
        }

        void save(StanHopNet net) {
            for (var p : net.getParameters()) {
                NDArray copy = p.getValue().getArray().duplicate();
                copy.attach(manager);
                NDArray before = saved.put(p.getKey() + "#" + p.getValue().getId(), copy);
                if (before != null) {
                    before.close();
                }
            }
        }

        void restore(StanHopNet net) {
            for (var p : net.getParameters()) {
                NDArray from = saved.get(p.getKey() + "#" + p.getValue().getId());
                if (from == null) {
                    throw new IllegalStateException("no saved value for parameter " + p.getKey());
                }
                NDArray to = p.getValue().getArray();
                boolean grad = to.hasGradient();
                if (grad) {
                    to.setRequiresGradient(false);
                }
                from.copyTo(to);
            }
        }
    }

    private static double meanAlpha(StanHopNet net) {
        double sum = 0;
        int n = 0;
        for (double[] row : net.alphas()) {
            for (double a : row) {
                sum += a;
                n++;
            }
        }
        return sum / n;
    }

    /**
     * The MSE and MAE of {@code net}'s forecasts over every window of {@code part}, on the normalised scale, in
     * inference mode; sums in float64.
     *
     * @param net the network (initialised)
     * @param split the data
     * @param part which windows
     * @param manager where the batches are made (freed batch by batch)
     * @return {@code {mse, mae}}
     */
    public static double[] evaluate(StanHopNet net, SeriesSplit split, SeriesSplit.Part part, NDManager manager) {
        return evaluate(net, split, part, manager, Checks.notNull("split", split).windowCount(part), 1);
    }

    /**
     * The MSE and MAE over the windows {@code 0, stride, 2 stride, ...} below {@code windows} of {@code part}
     * (stride 1 and every window: the whole part; the benchmark and quick validation use fewer).
     *
     * @param net the network (initialised)
     * @param split the data
     * @param part which windows
     * @param manager where the batches are made (freed batch by batch)
     * @param windows the first windows considered
     * @param stride every how many windows one is evaluated
     * @return {@code {mse, mae}}
     * @throws IllegalArgumentException when {@code windows} is not in {@code [1, windowCount(part)]} or the
     *     stride is below 1
     */
    public static double[] evaluate(StanHopNet net, SeriesSplit split, SeriesSplit.Part part, NDManager manager,
            int windows, int stride) {
        Checks.notNull("net", net);
        Checks.notNull("split", split);
        Checks.notNull("manager", manager);
        if (windows < 1 || windows > split.windowCount(part)) {
            throw new IllegalArgumentException("windows must be in [1, " + split.windowCount(part) + "], got "
                    + windows);
        }
        Checks.atLeast("stride", stride, 1);
        int n = (windows + stride - 1) / stride;
        double se = 0;
        double ae = 0;
        for (int from = 0; from < n; from += EVAL_BATCH) {
            int to = Math.min(n, from + EVAL_BATCH);
            int[] idx = new int[to - from];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = (from + i) * stride;
            }
            try (NDManager step = manager.newSubManager()) {
                NDArray[] xy = split.arrays(step, part, idx);
                NDArray pred = net.forward(new ParameterStore(step, false), new NDList(xy[0]), false).head();
                NDArray diff = pred.sub(xy[1]).toType(DataType.FLOAT64, false);
                se += diff.square().sum().getDouble();
                ae += diff.abs().sum().getDouble();
            }
        }
        double count = (double) n * split.horizon() * split.seriesCount();
        return new double[] {se / count, ae / count};
    }
}
