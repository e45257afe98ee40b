package org.uhopkit.nn;

import org.uhopkit.SeparationLoss;
import org.uhopkit.internal.Checks;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.LocalParameterServer;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Algorithm 2 of the paper (U-Hop for learning): training a model that contains U-Hop kernels
 * ({@link HopfieldBlock}s with a {@link FeatureMap}). Each outer iteration runs {@code N_i} inner SGD steps
 * (step size {@code gamma-bar}, batch {@code B_1}) on the separation loss of every kernel's features, each
 * sample's tokens being one memory set ({@link SeparationLoss#average()}, Definition 2.2 / (D.4), on the
 * normalised features of appendix D.2, {@code t = 2}), then one outer step (Adam by default, learning rate
 * {@code alpha-bar} annealed by a cosine over the epochs, batch {@code B_2}) of the task loss. One epoch is one
 * pass of outer steps over the training set. With {@code N_i = 0} and no kernel phase it is plain training.
 *
 * <p>Which loss: Algorithm 2 as printed differentiates {@code L-bar} of Definition 3.1 (the "deep learning" loss
 * of cosines squared, {@link SeparationLoss#deepLearning()}); the authors' code and this trainer's default use the
 * average loss of Definition 2.2 in the normalised form (D.4). Both are one setting away
 * ({@link Builder#separationLoss(SeparationLoss)}).
 *
 * <p>The inner steps move the kernels' parameters only ({@link InnerParameters#KERNELS}, the paper's
 * {@code theta}) or every parameter ({@link InnerParameters#ALL}, the authors' {@code learn_kernel}). The
 * authors' two schedules are presets: {@link Preset#AUTHORS_KERNEL_FIRST} (50 epochs of kernel learning
 * before training, SGD 0.1, batch 200) and {@link Preset#AUTHORS_BILEVEL} (5 epochs of kernel learning at
 * learning rate 1 at the start of each of the first 10 training epochs).
 *
 * <p>Per epoch it records the train and test loss and metric, the mean separation loss, the learning rates
 * and the seconds ({@link TrainingReport}); it prints one progress line per epoch (DJL's progress bar is not
 * used); it stops with a {@link TrainingDivergedException} naming the epoch, the step and the rate when a loss
 * turns NaN or infinite. Every random choice (initial parameters, batches, dropout) comes from the seed.
 *
 * <pre>
 * UHopTrainer trainer = UHopTrainer.builder().loss(Loss.softmaxCrossEntropyLoss()).metric(new Accuracy())
 *         .epochs(10).batchSize(128).innerSteps(1).innerRate(0.1).build();
 * TrainingReport report = trainer.fit(model, train, test);
 * </pre>
 */
public final class UHopTrainer {

    /** Which parameters the inner (separation-loss) steps move. */
    public enum InnerParameters {
        /** The kernels' parameters only (the paper's theta). */
        KERNELS,
        /** Every trainable parameter (the authors' {@code learn_kernel}). */
        ALL
    }

    /** Which tokens of a block form its memory set in the separation loss. */
    public enum Tokens {
        /** The stored patterns Y (the memories of Definition 2.2). */
        STORED,
        /** State and stored patterns together (the authors: CLS token and patches); Y only when R is Y. */
        ALL
    }

    /**
     * What a finished epoch reports to an {@link EpochListener}.
     *
     * @param epoch the epoch, from 1
     * @param epochs the most epochs of the run
     * @param trainLoss the mean task loss over the epoch's outer steps (training mode)
     * @param separationLoss the mean separation loss of the epoch's separation-loss steps (NaN without any)
     * @param steps the outer steps of the epoch
     * @param seconds wall seconds of the epoch (before the listener runs)
     */
    public record EpochEnd(int epoch, int epochs, double trainLoss, double separationLoss, int steps,
            double seconds) {}

    /**
     * Called after every epoch, on the training thread, with the model's parameters as they are after the
     * epoch: the place for validation, early stopping and one's own progress lines.
     */
    @FunctionalInterface
    public interface EpochListener {
        /**
         * @param end what the epoch reports
         * @return true to go on, false to stop after this epoch (early stopping)
         */
        boolean afterEpoch(EpochEnd end);
    }

    /** The named schedules. */
    public enum Preset {
        /** Algorithm 2: one inner step per outer step, SGD 0.1 on the kernels only (Table 5), Adam 1e-3, cosine. */
        PAPER,
        /** The authors' {@code learn_kernel}: 50 epochs of separation loss on all parameters, then training. */
        AUTHORS_KERNEL_FIRST,
        /** The authors' {@code run_image_bilevel.py}: 5 kernel epochs (lr 1) before each of the first 10 epochs. */
        AUTHORS_BILEVEL
    }

    /**
     * Separation-loss passes over the whole training set before the outer steps of the first {@code epochs}
     * epochs (the authors' schedules).
     *
     * @param epochs the number of (first) training epochs that start with a kernel phase
     * @param passes passes over the training set per phase
     * @param batchSize the batch of the phase's SGD steps
     * @param rate the phase's SGD learning rate
     */
    public record KernelPhase(int epochs, int passes, int batchSize, double rate) {
        /**
         * Validates the phase.
         *
         * @param epochs the number of (first) training epochs that start with a kernel phase, at least 1
         * @param passes passes over the training set per phase, at least 1
         * @param batchSize the batch of the phase's SGD steps, at least 1
         * @param rate the phase's SGD learning rate, positive and finite
         */
        public KernelPhase {
            Checks.atLeast("kernel phase epochs", epochs, 1);
            Checks.atLeast("kernel phase passes", passes, 1);
            Checks.atLeast("kernel phase batch size", batchSize, 1);
            Checks.positiveFinite("kernel phase learning rate", rate);
        }
    }

    /**
     * Every setting of a run (its provenance).
     *
     * @param preset the last preset applied (null: none)
     * @param epochs the training epochs
     * @param batchSize B_2
     * @param learningRate alpha-bar, Adam's base rate
     * @param cosine whether the outer rate is annealed to 0 by a cosine over the epochs (stepped per epoch)
     * @param innerSteps N_i
     * @param innerBatchSize B_1
     * @param innerRate gamma-bar
     * @param innerParameters which parameters the inner steps move
     * @param separationLoss the separation loss
     * @param lossScale t
     * @param tokens the tokens of each memory set
     * @param kernelPhase the kernel phase, or null
     * @param shuffle whether batches are drawn in a shuffled order (else in order)
     * @param maxStepsPerEpoch the most outer steps per epoch (0: a whole pass over the training set)
     * @param seed the seed of batches, inner samples and dropout
     * @param loss the task loss
     * @param metric the task metric, or null
     */
    public record Settings(Preset preset, int epochs, int batchSize, double learningRate, boolean cosine,
            int innerSteps, int innerBatchSize, double innerRate, InnerParameters innerParameters,
            SeparationLoss separationLoss, double lossScale, Tokens tokens, KernelPhase kernelPhase, boolean shuffle,
            int maxStepsPerEpoch, long seed, String loss, String metric) {}

    private final Settings settings;
    private final Loss loss;
    private final Evaluator metric;
    private final PrintStream progress;
    private final EpochListener listener;

    private UHopTrainer(Settings settings, Loss loss, Evaluator metric, PrintStream progress,
            EpochListener listener) {
        this.settings = settings;
        this.loss = loss;
        this.metric = metric;
        this.progress = progress;
        this.listener = listener;
    }

    /**
     * A builder with the paper's Algorithm 2 and Table 5: see {@link Preset#PAPER}.
     *
     * @return a new builder with the {@link Preset#PAPER} schedule
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The settings.
     *
     * @return the settings record (immutable)
     */
    public Settings settings() {
        return settings;
    }

    /**
     * The outer learning rate of epoch {@code epoch} (from 0): cosine annealing to 0, or constant.
     *
     * @param epoch the epoch, from 0
     * @return {@code alpha-bar (1 + cos(pi epoch / epochs)) / 2} with cosine annealing, else {@code alpha-bar}
     */
    public double outerRate(int epoch) {
        if (!settings.cosine()) {
            return settings.learningRate();
        }
        return settings.learningRate() * (1 + Math.cos(Math.PI * epoch / settings.epochs())) / 2;
    }

    /**
     * Runs Algorithm 2 on {@code model} (its block initialised here if it is not yet) and returns the record.
     * The model's parameters are trained in place; the data is not owned.
     *
     * @param model a model whose block takes {@code train.inputs()} and produces what {@code loss} compares
     *     with the labels
     * @param train the training set
     * @param test the test set (evaluated after every epoch), or null
     * @return what the run recorded: one row per epoch, every separation-loss step and every outer step
     * @throws TrainingDivergedException when a loss turns NaN or infinite
     * @throws IllegalArgumentException for data with non-finite values, or separation-loss steps without a
     *     trainable kernel in the model
     */
    public TrainingReport fit(Model model, TaskData train, TaskData test) {
        Checks.notNull("model", model);
        Checks.notNull("training data", train);
        Block block = Checks.notNull("model block", model.getBlock());
        train.requireFinite("training data");
        if (test != null) {
            test.requireFinite("test data");
        }
        Settings s = settings;
        List<Parameter> kernels = kernelParameters(block);
        boolean separationSteps = s.innerSteps() > 0 || s.kernelPhase() != null;
        if (separationSteps && kernels.isEmpty()) {
            throw new IllegalArgumentException("Algorithm 2's separation-loss steps need a HopfieldBlock with a "
                    + "trainable kernel Phi in the model; found none (use kernel(FeatureMap.linear()), or innerSteps(0))");
        }
        Engine.getInstance().setRandomSeed((int) s.seed());
        Device device = train.labels().getDevice();
        int n = train.size();
        int fullSteps = (n + s.batchSize() - 1) / s.batchSize();
        int stepsPerEpoch = s.maxStepsPerEpoch() > 0 ? Math.min(fullSteps, s.maxStepsPerEpoch()) : fullSteps;
        Tracker outerTracker = s.cosine()
                ? numUpdate -> (float) outerRate(Math.min(s.epochs() - 1, (numUpdate - 1) / stepsPerEpoch))
                : Tracker.fixed((float) s.learningRate());
        Optimizer adam = Optimizer.adam().optLearningRateTracker(outerTracker).build();
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(adam)
                .optDevices(new Device[] {device});
        Random batches = new Random(s.seed());
        Random inner = new Random(s.seed() ^ 0x5DEECE66DL);
        TrainingReport.Recorder rec = new TrainingReport.Recorder(s, metric == null ? null : metric.getName());
        try (Trainer trainer = model.newTrainer(config);
                NDManager work = train.labels().getManager().newSubManager(device)) {
            Shape[] shapes = new Shape[train.inputs().size()];
            for (int i = 0; i < shapes.length; i++) {
                long[] dims = train.inputs().get(i).getShape().getShape().clone();
                dims[0] = Math.min(s.batchSize(), n);
                shapes[i] = new Shape(dims);
            }
            trainer.initialize(shapes);
            ParameterStore innerStore = separationSteps ? innerStore(work, device, s.innerRate()) : null;
            // the kernel features one forward pass captures, counted by the first separation step (which runs the
            // whole pass); later steps stop the pass after the last of them
            int[] captures = {0};
            ParameterStore phaseStore = s.kernelPhase() != null
                    ? innerStore(work, device, s.kernelPhase().rate()) : null;
            for (int epoch = 0; epoch < s.epochs(); epoch++) {
                long t0 = System.nanoTime();
                rec.startEpoch();
                if (s.kernelPhase() != null && epoch < s.kernelPhase().epochs()) {
                    KernelPhase kp = s.kernelPhase();
                    int step = 0;
                    for (int pass = 0; pass < kp.passes(); pass++) {
                        int[] order = order(n, batches, true);
                        for (int from = 0; from < n; from += kp.batchSize()) {
                            step++;
                            double v = separationStep(block, phaseStore, kernels, train,
                                    slice(order, from, kp.batchSize()), work, captures);
                            requireFinite(v, "separation loss of the kernel phase", epoch, step, kp.rate());
                            rec.separation(v);
                        }
                    }
                }
                int[] order = order(n, batches, s.shuffle());
                double lossSum = 0;
                if (metric != null) {
                    metric.resetAccumulator("train");
                }
                int step = 0;
                int seen = 0;
                for (int from = 0; from < n && step < stepsPerEpoch; from += s.batchSize()) {
                    step++;
                    for (int i = 0; i < s.innerSteps(); i++) {
                        int[] sample = sample(n, Math.min(s.innerBatchSize(), n), inner);
                        double v = separationStep(block, innerStore, kernels, train, sample, work, captures);
                        requireFinite(v, "separation loss of inner step " + (i + 1), epoch, step, s.innerRate());
                        rec.separation(v);
                    }
                    int[] idx = slice(order, from, s.batchSize());
                    double v = outerStep(trainer, train, idx, work);
                    requireFinite(v, "task loss", epoch, step, outerRate(epoch));
                    rec.outer(v);
                    lossSum += v * idx.length;
                    seen += idx.length;
                }
                double trainMetric = metric == null ? Double.NaN : metric.getAccumulator("train");
                double testLoss = Double.NaN;
                double testMetric = Double.NaN;
                if (test != null) {
                    double[] ev = evaluate(trainer, block, test, work);
                    testLoss = ev[0];
                    testMetric = ev[1];
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double sepMean = rec.epochSeparation();
                String line = rec.endEpoch(epoch + 1, lossSum / seen, trainMetric, testLoss, testMetric, outerRate(epoch),
                        separationSteps ? (s.kernelPhase() != null && epoch < s.kernelPhase().epochs()
                                ? s.kernelPhase().rate() : s.innerRate()) : Double.NaN, seconds);
                if (progress != null) {
                    progress.println(line);
                    progress.flush();
                }
                if (listener != null && !listener.afterEpoch(new EpochEnd(epoch + 1, s.epochs(), lossSum / seen,
                        sepMean, step, seconds))) {
                    break;
                }
            }
        }
        return rec.report(block.toString());
    }

    private static ParameterStore innerStore(NDManager manager, Device device, double rate) {
        ParameterStore store = new ParameterStore(manager, false);
        Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed((float) rate)).build();
        store.setParameterServer(new LocalParameterServer(sgd), new Device[] {device});
        return store;
    }

    private static void requireFinite(double v, String what, int epoch, int step, double rate) {
        if (!Double.isFinite(v)) {
            throw new TrainingDivergedException("the " + what + " is " + v + " at epoch " + (epoch + 1) + ", step "
                    + step + ", learning rate " + rate + ": lower the learning rate", epoch + 1, step, rate);
        }
    }

    /** Every trainable kernel parameter of the HopfieldBlocks in {@code block}'s tree. */
    static List<Parameter> kernelParameters(Block block) {
        List<Parameter> out = new ArrayList<>();
        collect(block, out);
        return out;
    }

    private static void collect(Block block, List<Parameter> out) {
        if (block instanceof HopfieldBlock h) {
            for (Parameter p : h.kernelParameters()) {
                if (p.requiresGradient()) {
                    out.add(p);
                }
            }
        }
        for (Block child : block.getChildren().values()) {
            collect(child, out);
        }
    }

    /**
     * One SGD step on the separation loss of every kernel's features for the samples {@code idx}; the
     * parameters outside the inner set are frozen for the step, so they neither move nor keep a gradient.
     * The forward pass ends after the last kernel's features once {@code captures[0]} (set by the first step, which
     * runs the whole pass) says how many there are: what the network computes after them (the rest of the last
     * block, the output head) does not enter the separation loss, so the kernels' gradients are the same. (Dropout
     * draws after that point are not made, so later random draws differ from a run of whole passes.)
     */
    private double separationStep(Block block, ParameterStore store, List<Parameter> kernels, TaskData data,
            int[] idx, NDManager work, int[] captures) {
        Settings s = settings;
        List<Parameter> frozen = new ArrayList<>();
        if (s.innerParameters() == InnerParameters.KERNELS) {
            Set<Parameter> keep = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            keep.addAll(kernels);
            for (Parameter p : block.getParameters().values()) {
                if (p.requiresGradient() && !keep.contains(p)) {
                    p.freeze(true);
                    frozen.add(p);
                }
            }
        }
        double value;
        try (NDManager step = work.newSubManager()) {
            NDList x = batch(data.inputs(), idx, step);
            try (FeatureCapture capture = FeatureCapture.open(step, captures[0]);
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                try {
                    block.forward(store, x, true).forEach(a -> a.attach(step));
                } catch (FeatureCapture.Complete stopped) {
                    // the forward pass ended after the last kernel's features
                }
                List<FeatureCapture.Features> features = capture.features();
                if (captures[0] == 0) {
                    captures[0] = features.size();
                }
                if (features.isEmpty()) {
                    throw new IllegalStateException("no HopfieldBlock with a kernel ran in the model's forward pass");
                }
                NDArray total = null;
                for (FeatureCapture.Features f : features) {
                    NDArray tokens = tokens(f, s.tokens());
                    NDArray l = s.separationLoss().value(tokens, s.lossScale()).mean();
                    total = total == null ? l : total.add(l);
                }
                value = total.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
                if (Double.isFinite(value)) {
                    gc.backward(total);
                }
            }
            if (Double.isFinite(value)) {
                store.updateAllParameters();
            }
        } finally {
            for (Parameter p : frozen) {
                p.freeze(false);
            }
        }
        return value;
    }

    private static NDArray tokens(FeatureCapture.Features f, Tokens tokens) {
        if (tokens == Tokens.STORED || f.sameInput()) {
            return f.stored();
        }
        NDArray state = f.state();
        NDArray stored = f.stored();
        long b = Math.max(state.getShape().get(0), stored.getShape().get(0));
        if (state.getShape().get(0) != b) {
            state = state.broadcast(b, state.getShape().get(1), state.getShape().get(2));
        }
        if (stored.getShape().get(0) != b) {
            stored = stored.broadcast(b, stored.getShape().get(1), stored.getShape().get(2));
        }
        return NDArrays.concat(new NDList(state, stored), 1);
    }

    /** One outer step of the task loss on the samples {@code idx}; returns the batch's mean loss. */
    private double outerStep(Trainer trainer, TaskData data, int[] idx, NDManager work) {
        double value;
        try (NDManager step = work.newSubManager()) {
            NDList x = batch(data.inputs(), idx, step);
            NDList y = batch(new NDList(data.labels()), idx, step);
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList pred = trainer.forward(x);
                pred.forEach(a -> a.attach(step));
                NDArray l = loss.evaluate(y, pred);
                value = l.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
                if (metric != null) {
                    metric.updateAccumulator("train", y, pred);
                }
                if (Double.isFinite(value)) {
                    gc.backward(l);
                }
            }
            if (Double.isFinite(value)) {
                trainer.step();
            }
        }
        return value;
    }

    /** Mean loss and metric over {@code data} in inference mode, in batches of B_2. */
    private double[] evaluate(Trainer trainer, Block block, TaskData data, NDManager work) {
        int n = data.size();
        double sum = 0;
        if (metric != null) {
            metric.resetAccumulator("test");
        }
        int[] all = order(n, null, false);
        for (int from = 0; from < n; from += settings.batchSize()) {
            int[] idx = slice(all, from, settings.batchSize());
            try (NDManager step = work.newSubManager()) {
                NDList x = batch(data.inputs(), idx, step);
                NDList y = batch(new NDList(data.labels()), idx, step);
                NDList pred = trainer.evaluate(x);
                pred.forEach(a -> a.attach(step));
                sum += loss.evaluate(y, pred).toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble()
                        * idx.length;
                if (metric != null) {
                    metric.updateAccumulator("test", y, pred);
                }
            }
        }
        return new double[] {sum / n, metric == null ? Double.NaN : metric.getAccumulator("test")};
    }

    /** Rows {@code idx} of every array, created in {@code step}. */
    private static NDList batch(NDList arrays, int[] idx, NDManager step) {
        long[] li = new long[idx.length];
        for (int i = 0; i < idx.length; i++) {
            li[i] = idx[i];
        }
        NDList out = new NDList();
        for (NDArray a : arrays) {
            NDArray index = step.create(li).toDevice(a.getDevice(), false);
            NDArray rows = a.get(new NDIndex("{}", index));
            rows.attach(step);
            out.add(rows);
        }
        return out;
    }

    /** {@code 0..n-1}, shuffled by {@code random} when asked. */
    private static int[] order(int n, Random random, boolean shuffle) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        if (shuffle) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = o[i];
                o[i] = o[j];
                o[j] = t;
            }
        }
        return o;
    }

    /** {@code k} distinct indices of {@code 0..n-1} (a partial Fisher-Yates shuffle). */
    private static int[] sample(int n, int k, Random random) {
        int[] o = order(n, null, false);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return java.util.Arrays.copyOf(o, k);
    }

    private static int[] slice(int[] order, int from, int size) {
        return java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + size));
    }

    @Override
    public String toString() {
        return "UHopTrainer(" + settings + ")";
    }

    /** Builds a {@link UHopTrainer}; {@link #build()} checks the settings. Defaults: {@link Preset#PAPER}. */
    public static final class Builder {
        private Preset preset = Preset.PAPER;
        private int epochs = 25;
        private int batchSize = 128;
        private double learningRate = 1e-3;
        private boolean cosine = true;
        private int innerSteps = 1;
        private int innerBatchSize;
        private double innerRate = 0.1;
        private InnerParameters innerParameters = InnerParameters.KERNELS;
        private SeparationLoss separationLoss = SeparationLoss.average();
        private double lossScale = 2;
        private Tokens tokens = Tokens.STORED;
        private KernelPhase kernelPhase;
        private boolean shuffle = true;
        private long seed;
        private Loss loss;
        private Evaluator metric;
        private PrintStream progress = System.out;
        private EpochListener listener;
        private int maxStepsPerEpoch;

        Builder() {}

        /**
         * Applies a preset's schedule: {@link Preset#PAPER} ({@code N_i = 1}, SGD 0.1 on the kernels, no kernel
         * phase, stored patterns as the memory set), {@link Preset#AUTHORS_KERNEL_FIRST} or
         * {@link Preset#AUTHORS_BILEVEL} ({@code N_i = 0}, a kernel phase on every parameter, batch 200, all
         * tokens). Epochs, batch size and outer learning rate are left as they are.
         *
         * @param p the preset, not null
         * @return this builder
         */
        public Builder preset(Preset p) {
            preset = Checks.notNull("preset", p);
            switch (p) {
                case PAPER -> {
                    innerSteps = 1;
                    innerRate = 0.1;
                    innerParameters = InnerParameters.KERNELS;
                    tokens = Tokens.STORED;
                    kernelPhase = null;
                }
                case AUTHORS_KERNEL_FIRST -> {
                    innerSteps = 0;
                    innerParameters = InnerParameters.ALL;
                    tokens = Tokens.ALL;
                    kernelPhase = new KernelPhase(1, 50, 200, 0.1);
                }
                case AUTHORS_BILEVEL -> {
                    innerSteps = 0;
                    innerParameters = InnerParameters.ALL;
                    tokens = Tokens.ALL;
                    kernelPhase = new KernelPhase(10, 5, 200, 1.0);
                }
            }
            return this;
        }

        /**
         * The task loss (required), e.g. {@code Loss.softmaxCrossEntropyLoss()}.
         *
         * @param l the task loss, not null by {@link #build()}
         * @return this builder
         */
        public Builder loss(Loss l) {
            loss = l;
            return this;
        }

        /**
         * The task metric, e.g. {@code new Accuracy()} (optional).
         *
         * @param m the metric, or null for none
         * @return this builder
         */
        public Builder metric(Evaluator m) {
            metric = m;
            return this;
        }

        /**
         * The training epochs (default 25, Table 5).
         *
         * @param e the epochs, at least 1
         * @return this builder
         */
        public Builder epochs(int e) {
            epochs = e;
            return this;
        }

        /**
         * B_2, the batch of the outer steps (default 128).
         *
         * @param b B_2, at least 1
         * @return this builder
         */
        public Builder batchSize(int b) {
            batchSize = b;
            return this;
        }

        /**
         * alpha-bar, Adam's base learning rate (default 1e-3).
         *
         * @param lr alpha-bar, positive and finite
         * @return this builder
         */
        public Builder learningRate(double lr) {
            learningRate = lr;
            return this;
        }

        /**
         * Whether the outer rate is annealed by a cosine over the epochs (default true) or constant.
         *
         * @param c true for cosine annealing, false for a constant rate
         * @return this builder
         */
        public Builder cosine(boolean c) {
            cosine = c;
            return this;
        }

        /**
         * N_i, the inner separation-loss steps per outer step (default 1; 0 = plain training).
         *
         * @param ni N_i, at least 0
         * @return this builder
         */
        public Builder innerSteps(int ni) {
            innerSteps = ni;
            return this;
        }

        /**
         * B_1, the batch of the inner steps (default B_2).
         *
         * @param b B_1, at least 1 (0: B_2)
         * @return this builder
         */
        public Builder innerBatchSize(int b) {
            innerBatchSize = b;
            return this;
        }

        /**
         * gamma-bar, the inner SGD learning rate (default 0.1, Table 5).
         *
         * @param rate gamma-bar, positive and finite
         * @return this builder
         */
        public Builder innerRate(double rate) {
            innerRate = rate;
            return this;
        }

        /**
         * Which parameters the inner steps move (default the kernels only).
         *
         * @param p the parameters the inner steps move
         * @return this builder
         */
        public Builder innerParameters(InnerParameters p) {
            innerParameters = p;
            return this;
        }

        /**
         * The separation loss (default {@link SeparationLoss#average()}, Definition 2.2 / (D.4)).
         *
         * @param l the separation loss
         * @return this builder
         */
        public Builder separationLoss(SeparationLoss l) {
            separationLoss = l;
            return this;
        }

        /**
         * t, the scale of the separation loss (default 2).
         *
         * @param t t, positive and finite
         * @return this builder
         */
        public Builder lossScale(double t) {
            lossScale = t;
            return this;
        }

        /**
         * The tokens of each memory set (default the stored patterns).
         *
         * @param t the tokens of each memory set
         * @return this builder
         */
        public Builder tokens(Tokens t) {
            tokens = t;
            return this;
        }

        /**
         * A kernel phase before the first epochs (default none).
         *
         * @param k the kernel phase, or null for none
         * @return this builder
         */
        public Builder kernelPhase(KernelPhase k) {
            kernelPhase = k;
            return this;
        }

        /**
         * Whether the outer batches are drawn in shuffled order (default true).
         *
         * @param sh true for shuffled batches, false for in order
         * @return this builder
         */
        public Builder shuffle(boolean sh) {
            shuffle = sh;
            return this;
        }

        /**
         * The seed of batches, inner samples and dropout (default 0).
         *
         * @param s the seed
         * @return this builder
         */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /**
         * Called after every epoch (validation, early stopping); default none.
         *
         * @param l the listener, or null for none
         * @return this builder
         */
        public Builder epochListener(EpochListener l) {
            listener = l;
            return this;
        }

        /**
         * The most outer steps per epoch (default 0: a whole pass over the training set); with shuffling, each
         * epoch then sees a different random part of the training set. A cap for quick runs; say so where used.
         *
         * @param steps the most outer steps per epoch, at least 0 (0: a whole pass)
         * @return this builder
         */
        public Builder maxStepsPerEpoch(int steps) {
            maxStepsPerEpoch = steps;
            return this;
        }

        /**
         * Where the per-epoch progress lines go (default standard output; null = nowhere).
         *
         * @param out the stream, or null for nowhere
         * @return this builder
         */
        public Builder progress(PrintStream out) {
            progress = out;
            return this;
        }

        /**
         * The trainer.
         *
         * @return a new trainer with these settings
         * @throws IllegalArgumentException naming the first bad setting
         */
        public UHopTrainer build() {
            Checks.notNull("loss", loss);
            Checks.atLeast("epochs", epochs, 1);
            Checks.atLeast("batch size B_2", batchSize, 1);
            Checks.positiveFinite("learning rate", learningRate);
            if (innerSteps < 0) {
                throw new IllegalArgumentException("inner steps N_i must be at least 0, got " + innerSteps);
            }
            if (innerBatchSize != 0) {
                Checks.atLeast("inner batch size B_1", innerBatchSize, 1);
            }
            Checks.positiveFinite("inner learning rate", innerRate);
            Checks.notNull("inner parameters", innerParameters);
            Checks.notNull("separation loss", separationLoss);
            Checks.positiveFinite("loss scale t", lossScale);
            Checks.notNull("tokens", tokens);
            if (maxStepsPerEpoch < 0) {
                throw new IllegalArgumentException("max steps per epoch must be at least 0 (0 = no cap), got "
                        + maxStepsPerEpoch);
            }
            Settings s = new Settings(preset, epochs, batchSize, learningRate, cosine, innerSteps,
                    innerBatchSize == 0 ? batchSize : innerBatchSize, innerRate, innerParameters, separationLoss,
                    lossScale, tokens, kernelPhase, shuffle, maxStepsPerEpoch, seed, loss.getName(),
                    metric == null ? null : metric.getName());
            return new UHopTrainer(s, loss, metric, progress, listener);
        }
    }

    static String format(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4g", v);
    }
}
