package org.uhopkit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Algorithm 2 on a small synthetic task. */
class AlgorithmTwoTest {

    @BeforeAll
    static void oneTorchThread() {
        org.uhopkit.experiments.TorchThreads.set(1);
    }

    static final int TOKENS = 6;
    static final int WIDTH = 8;
    static final int CLASSES = 3;

    /** Sequences of Gaussian tokens; two tokens of each sequence carry the class prototype. */
    static TaskData task(NDManager nd, int n, long seed) {
        Random r = new Random(seed);
        double[][] proto = new double[CLASSES][WIDTH];
        Random pr = new Random(99);
        for (double[] p : proto) {
            for (int j = 0; j < WIDTH; j++) {
                p[j] = 1.5 * pr.nextGaussian();
            }
        }
        float[] x = new float[n * TOKENS * WIDTH];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(CLASSES);
            y[i] = c;
            int a = r.nextInt(TOKENS);
            int b = (a + 1 + r.nextInt(TOKENS - 1)) % TOKENS;
            for (int t = 0; t < TOKENS; t++) {
                for (int j = 0; j < WIDTH; j++) {
                    double v = r.nextGaussian() + (t == a || t == b ? proto[c][j] : 0);
                    x[(i * TOKENS + t) * WIDTH + j] = (float) v;
                }
            }
        }
        return TaskData.of(nd.create(x, new Shape(n, TOKENS, WIDTH)), nd.create(y, new Shape(n)));
    }

    static Model model(FeatureMap kernel) {
        return model(kernel, false);
    }

    /** Pooling with one learned query, then a linear classifier; optionally a token embedding first. */
    static Model model(FeatureMap kernel, boolean embedding) {
        Model model = Model.newInstance("synthetic");
        SequentialBlock net = new SequentialBlock();
        if (embedding) {
            net.add(Linear.builder().setUnits(WIDTH).build());
        }
        net.add(HopfieldPooling.builder().queries(1).block(HopfieldBlock.builder().kernel(kernel)).seed(1).build())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(CLASSES).build());
        model.setBlock(net);
        return model;
    }

    static UHopTrainer.Builder trainer() {
        return UHopTrainer.builder().loss(Loss.softmaxCrossEntropyLoss()).metric(new Accuracy()).epochs(4)
                .batchSize(32).learningRate(1e-2).progress(null).seed(3);
    }

    @Test
    void theSeparationLossFallsOverTheInnerStepsAndTheTaskLossOverTheOuterOnes() {
        try (NDManager nd = NDManager.newBaseManager()) {
            TaskData train = task(nd, 96, 1);
            TaskData test = task(nd, 48, 2);
            TrainingReport a;
            TrainingReport b;
            try (Model m = model(FeatureMap.linear())) {
                a = trainer().innerSteps(2).innerRate(0.5).build().fit(m, train, test);
            }
            double[] sep = a.separationTrace();
            assertThat(sep).hasSize(4 * 3 * 2);
            assertThat(mean(sep, 0, 6)).as("separation loss, first vs last inner steps")
                    .isGreaterThan(mean(sep, sep.length - 6, sep.length) + 0.05);
            double[] outer = a.outerTrace();
            assertThat(mean(outer, 0, 3)).isGreaterThan(mean(outer, outer.length - 3, outer.length) + 0.1);
            Table t = a.table();
            assertThat(t.rowCount()).isEqualTo(4);
            assertThat(t.columnNames()).containsExactly("epoch", "train_loss", "train_Accuracy", "test_loss",
                    "test_Accuracy", "separation_loss", "separation_steps", "outer_rate", "inner_rate", "seconds");
            assertThat(t.intColumn(TrainingReport.SEPARATION_STEPS).asList()).containsOnly(6);
            assertThat(a.column(TrainingReport.OUTER_RATE)[0]).isEqualTo(1e-2);
            assertThat(a.column(TrainingReport.OUTER_RATE)[3]).isCloseTo(1e-2 * (1 + Math.cos(Math.PI * 3 / 4)) / 2,
                    org.assertj.core.data.Offset.offset(1e-12));
            assertThat(a.column("test_Accuracy")[3]).isGreaterThan(0.6);
            assertThat(a.figures()).hasSize(4);
            // a rerun with the same seed records the same numbers (the seconds apart)
            try (Model m = model(FeatureMap.linear())) {
                b = trainer().innerSteps(2).innerRate(0.5).build().fit(m, train, test);
            }
            assertThat(b.table().removeColumns(TrainingReport.SECONDS).toString())
                    .isEqualTo(a.table().removeColumns(TrainingReport.SECONDS).toString());
            assertThat(b.separationTrace()).isEqualTo(sep);
        }
    }

    @Test
    void withZeroInnerStepsItIsPlainTraining() {
        try (NDManager nd = NDManager.newBaseManager()) {
            TaskData train = task(nd, 64, 1);
            Map<String, float[]> viaTrainer = new LinkedHashMap<>();
            try (Model m = model(FeatureMap.linear())) {
                TrainingReport r = trainer().innerSteps(0).cosine(false).shuffle(false).epochs(2).build()
                        .fit(m, train, null);
                assertThat(r.separationTrace()).isEmpty();
                assertThat(r.column(TrainingReport.SEPARATION_LOSS)).containsOnly(Double.NaN);
                m.getBlock().getParameters().forEach(p -> viaTrainer.put(p.getKey(), p.getValue().getArray().toFloatArray()));
            }
            // the same by hand: DJL's trainer, Adam at a fixed rate, the batches in order
            try (Model m = model(FeatureMap.linear())) {
                Engine.getInstance().setRandomSeed(3);
                DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build());
                try (Trainer t = m.newTrainer(config)) {
                    t.initialize(new Shape(32, TOKENS, WIDTH));
                    for (int epoch = 0; epoch < 2; epoch++) {
                        for (int from = 0; from < 64; from += 32) {
                            try (NDManager step = nd.newSubManager()) {
                                NDIndex rows = new NDIndex(from + ":" + (from + 32));
                                NDArray x = train.inputs().head().get(rows);
                                NDArray y = train.labels().get(rows);
                                x.attach(step);
                                y.attach(step);
                                try (GradientCollector gc = t.newGradientCollector()) {
                                    NDList pred = t.forward(new NDList(x));
                                    gc.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), pred));
                                }
                                t.step();
                            }
                        }
                    }
                }
                for (var p : m.getBlock().getParameters()) {
                    float[] want = p.getValue().getArray().toFloatArray();
                    float[] got = viaTrainer.get(p.getKey());
                    for (int i = 0; i < want.length; i++) {
                        assertThat((double) got[i]).as(p.getKey()).isCloseTo(want[i],
                                org.assertj.core.data.Offset.offset(1e-6));
                    }
                }
            }
        }
    }

    @Test
    void innerStepsOnTheKernelsMoveOnlyTheKernelsAndOnAllParametersMoveEverything() {
        try (NDManager nd = NDManager.newBaseManager()) {
            TaskData train = task(nd, 32, 1);
            for (UHopTrainer.InnerParameters which : UHopTrainer.InnerParameters.values()) {
                try (Model m = model(FeatureMap.linear(), true)) {
                    m.getBlock().initialize(m.getNDManager(), DataType.FLOAT32, new Shape(32, TOKENS, WIDTH));
                    Map<String, float[]> before = new LinkedHashMap<>();
                    m.getBlock().getParameters().forEach(p -> before.put(p.getKey(), p.getValue().getArray().toFloatArray()));
                    // an outer rate of 1e-30: the outer steps move no parameter by more than about 1e-30
                    trainer().learningRate(1e-30).innerSteps(3).innerParameters(which).epochs(1).build()
                            .fit(m, train, null);
                    for (var p : m.getBlock().getParameters()) {
                        boolean kernel = p.getValue().getName().startsWith("kernel_");
                        boolean moved = maxDiff(before.get(p.getKey()), p.getValue().getArray().toFloatArray()) > 1e-12;
                        boolean upstreamOfKernel = kernel || p.getKey().startsWith("01Linear");
                        if (which == UHopTrainer.InnerParameters.KERNELS) {
                            assertThat(moved).as(which + " " + p.getKey()).isEqualTo(kernel);
                        } else if (upstreamOfKernel) {
                            assertThat(moved).as(which + " " + p.getKey()).isTrue();
                        }
                    }
                }
            }
        }
    }

    @Test
    void aTrainedMemorysKernelStaysFrozenUnlessMadeTrainable() {
        try (NDManager nd = NDManager.newBaseManager()) {
            TaskData train = task(nd, 32, 1);
            NDArray xi = org.uhopkit.Fixtures.gaussian(nd, 6, WIDTH, 4, DataType.FLOAT32);
            try (org.uhopkit.TrainedMemory mem = org.uhopkit.UHop.memories(xi).kernel(org.uhopkit.Kernel.linear())
                    .stageOne(5)) {
                float[] w = mem.w().toFloatArray();
                try (Model m = model(FeatureMap.of(mem))) {
                    assertThatThrownBy(() -> trainer().epochs(1).build().fit(m, train, null))
                            .hasMessageStartingWith("Algorithm 2's separation-loss steps need a HopfieldBlock with a "
                                    + "trainable kernel");
                    trainer().innerSteps(0).epochs(1).build().fit(m, train, null);
                    float[] after = GradientCheck.parameter(m.getBlock(), "kernel_weight").getArray().toFloatArray();
                    assertThat(after).as("frozen").isEqualTo(w);
                }
                try (Model m = model(FeatureMap.of(mem).trainable(true))) {
                    trainer().innerSteps(1).epochs(1).build().fit(m, train, null);
                    float[] after = GradientCheck.parameter(m.getBlock(), "kernel_weight").getArray().toFloatArray();
                    assertThat(maxDiff(after, w)).as("trainable").isGreaterThan(1e-4);
                }
                assertThat(mem.w().toFloatArray()).as("the memory's own W is never touched").isEqualTo(w);
            }
        }
    }

    @Test
    void theAuthorsKernelFirstScheduleRunsItsKernelPhaseBeforeTheFirstEpochOnly() {
        try (NDManager nd = NDManager.newBaseManager()) {
            TaskData train = task(nd, 64, 1);
            try (Model m = model(FeatureMap.authors())) {
                TrainingReport r = trainer().preset(UHopTrainer.Preset.AUTHORS_KERNEL_FIRST)
                        .kernelPhase(new UHopTrainer.KernelPhase(1, 2, 32, 0.1)).epochs(2).build().fit(m, train, null);
                assertThat(r.table().intColumn(TrainingReport.SEPARATION_STEPS).asList()).containsExactly(4, 0);
                assertThat(r.settings().tokens()).isEqualTo(UHopTrainer.Tokens.ALL);
                assertThat(r.settings().innerParameters()).isEqualTo(UHopTrainer.InnerParameters.ALL);
            }
        }
    }

    @Test
    void aLossThatTurnsNaNStopsTrainingNamingEpochStepAndRate() {
        try (NDManager nd = NDManager.newBaseManager()) {
            TaskData train = task(nd, 64, 1);
            try (Model m = model(FeatureMap.linear())) {
                assertThatThrownBy(() -> trainer().learningRate(1e30).innerSteps(0).cosine(false).build()
                        .fit(m, train, null))
                        .isInstanceOf(TrainingDivergedException.class)
                        .hasMessageMatching("the task loss is (NaN|Infinity) at epoch 1, step 2, learning rate 1.0E30: "
                                + "lower the learning rate")
                        .satisfies(e -> assertThat(((TrainingDivergedException) e).epoch()).isEqualTo(1));
            }
        }
    }

    @Test
    void badDataAndSettingsAreRefusedWhereTheyEnter() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.zeros(new Shape(4, TOKENS, WIDTH));
            x.set(new NDIndex("2, 1, 3"), Float.NaN);
            TaskData bad = TaskData.of(x, nd.zeros(new Shape(4)));
            try (Model m = model(FeatureMap.linear())) {
                assertThatThrownBy(() -> trainer().build().fit(m, bad, null))
                        .hasMessage("training data input 0 must be finite, got NaN at index 107");
            }
            try (Model m = model(FeatureMap.none())) {
                assertThatThrownBy(() -> trainer().build().fit(m, task(nd, 8, 1), null))
                        .hasMessageStartingWith("Algorithm 2's separation-loss steps need a HopfieldBlock with a "
                                + "trainable kernel");
            }
            assertThatThrownBy(() -> TaskData.of(x, nd.zeros(new Shape(5))))
                    .hasMessage("input 0 must have 5 samples like the labels, got shape (4, 6, 8)");
            assertThatThrownBy(() -> trainer().innerRate(Double.NaN).build())
                    .hasMessage("inner learning rate must be positive and finite, got NaN");
            assertThatThrownBy(() -> UHopTrainer.builder().build()).hasMessage("loss must not be null");
        }
    }

    /**
     * The inner loss of Algorithm 2 on the features a block captures, against Definition 2.2 / (D.4) computed
     * here in plain Java doubles, and its gradient with respect to the kernel W against finite differences of that
     * plain computation.
     */
    @Test
    void theInnerSeparationLossAndItsGradientMatchTheDefinitionAndFiniteDifferences() {
        int b = 2;
        int s = 5;
        int e = 4;
        double t = 2;
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray y = org.uhopkit.Fixtures.gaussian(nd, b * s, e, 41, DataType.FLOAT64).reshape(b, s, e);
            NDArray r = org.uhopkit.Fixtures.gaussian(nd, b, e, 42, DataType.FLOAT64).reshape(b, 1, e);
            HopfieldBlock block = HopfieldBlock.builder().kernel(FeatureMap.linear().dimension(3)).seed(5).build();
            block.initialize(nd, DataType.FLOAT64, r.getShape(), y.getShape());
            NDArray w = GradientCheck.parameter(block, "kernel_weight").getArray();
            double[] w0 = w.toDoubleArray();
            double[][][] ys = new double[b][s][e];
            double[] yf = y.toDoubleArray();
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < s; j++) {
                    for (int k = 0; k < e; k++) {
                        ys[i][j][k] = yf[(i * s + j) * e + k];
                    }
                }
            }
            double value;
            try (NDManager step = nd.newSubManager();
                    FeatureCapture capture = FeatureCapture.open(step);
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                block.forward(new ai.djl.training.ParameterStore(step, false), new NDList(r, y), true)
                        .forEach(a -> a.attach(step));
                NDArray loss = org.uhopkit.SeparationLoss.average().value(capture.features().get(0).stored(), t).mean();
                value = loss.getDouble();
                gc.backward(loss);
            }
            assertThat(value).isCloseTo(plainLoss(w0, 3, ys, t), org.assertj.core.data.Offset.offset(1e-12));
            double[] grad = w.getGradient().toDoubleArray();
            double h = 1e-6;
            for (int i = 0; i < w0.length; i++) {
                double[] plus = w0.clone();
                double[] minus = w0.clone();
                plus[i] += h;
                minus[i] -= h;
                double fd = (plainLoss(plus, 3, ys, t) - plainLoss(minus, 3, ys, t)) / (2 * h);
                assertThat(grad[i]).as("dL/dW entry " + i).isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-7));
            }
        }
    }

    /** mean over the batch of log mean_{i<j} exp(-t ||F_i - F_j||^2), F_i = W y_i / ||W y_i||. */
    static double plainLoss(double[] w, int dPhi, double[][][] ys, double t) {
        double total = 0;
        for (double[][] set : ys) {
            int n = set.length;
            int e = set[0].length;
            double[][] f = new double[n][dPhi];
            for (int i = 0; i < n; i++) {
                double norm = 0;
                for (int a = 0; a < dPhi; a++) {
                    for (int k = 0; k < e; k++) {
                        f[i][a] += w[a * e + k] * set[i][k];
                    }
                    norm += f[i][a] * f[i][a];
                }
                for (int a = 0; a < dPhi; a++) {
                    f[i][a] /= Math.sqrt(norm);
                }
            }
            double sum = 0;
            int pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double d2 = 0;
                    for (int a = 0; a < dPhi; a++) {
                        d2 += (f[i][a] - f[j][a]) * (f[i][a] - f[j][a]);
                    }
                    sum += Math.exp(-t * d2);
                    pairs++;
                }
            }
            total += Math.log(sum / pairs);
        }
        return total / ys.length;
    }

    static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }

    static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s / (to - from);
    }

}
