package org.uhopkit.nn.stanhop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.uhopkit.data.SeriesBorders;
import org.uhopkit.data.SeriesSplit;
import org.uhopkit.data.TimeSeries;
import org.uhopkit.experiments.TorchThreads;

/** STanHop-Net's shapes, depth, a small overfit, the learnable alpha and U-Hop's separation steps. */
class StanHopNetTest {

    @BeforeAll
    static void oneTorchThread() {
        TorchThreads.set(1);
    }

    static StanHopConfig small(int series, int input, int horizon, boolean uhop) {
        return new StanHopConfig(series, input, horizon, 12, 2, StanHopConfig.layersFor(horizon), 8, 16, 2, 3, 0.0,
                1.5, uhop, 3);
    }

    @Test
    void outputShapesForEveryHorizonAndDepth() {
        try (NDManager nd = NDManager.newBaseManager()) {
            for (int h : new int[] {96, 192, 336, 720, 100}) {
                for (int input : new int[] {96, 100}) {
                    StanHopConfig cfg = small(3, input, h, false);
                    StanHopNet net = StanHopNet.of(cfg);
                    net.initialize(nd, DataType.FLOAT32, new Shape(2, input, 3));
                    NDArray x = nd.randomNormal(new Shape(2, input, 3));
                    NDArray y = net.forward(new ParameterStore(nd, false), new NDList(x), false).head();
                    assertThat(y.getShape().getShape()).containsExactly(2, h, 3);
                    int layers = h <= 192 ? 1 : 2;
                    assertThat(cfg.layers()).isEqualTo(layers);
                    // encoder: 3 Hopfield blocks per STHM layer; decoder: layers + 1 layers of STHM (3) + cross (1)
                    assertThat(net.hopfieldBlocks()).hasSize(3 * layers + 4 * (layers + 1));
                    assertThat(net.getOutputShapes(new Shape[] {new Shape(5, input, 3)})[0])
                            .isEqualTo(new Shape(5, h, 3));
                }
            }
            StanHopNet net = StanHopNet.of(small(3, 96, 96, false));
            net.initialize(nd, DataType.FLOAT32, new Shape(2, 96, 3));
            assertThatThrownBy(() -> net.forward(new ParameterStore(nd, false),
                    new NDList(nd.zeros(new Shape(2, 95, 3))), false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(batch, 96, 3)");
        }
    }

    @Test
    void coarseGrainingHalvesTheSegmentsBetweenScaleBlocks() {
        StanHopConfig cfg = small(2, 96, 336, false);
        assertThat(cfg.inputSegments()).isEqualTo(8);
        assertThat(cfg.segmentsAt(1)).isEqualTo(4);
        assertThat(new StanHopConfig(2, 84, 96, 12, 2, 2, 8, 16, 2, 3, 0, 1.5, false, 0).segmentsAt(1))
                .isEqualTo(4); // 7 segments, padded to 8, merged in pairs
        assertThat(cfg.outputSegments()).isEqualTo(28);
    }

    @Test
    void theForecastDoesNotDependOnTheBatch() {
        try (NDManager nd = NDManager.newBaseManager()) {
            StanHopNet net = StanHopNet.of(small(2, 24, 12, true));
            net.initialize(nd, DataType.FLOAT32, new Shape(4, 24, 2));
            // a seeded input (the engine's generator would depend on the tests run before this one)
            Random r = new Random(17);
            float[] v = new float[4 * 24 * 2];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            NDArray x = nd.create(v, new Shape(4, 24, 2));
            ParameterStore ps = new ParameterStore(nd, false);
            NDArray all = net.forward(ps, new NDList(x), false).head();
            NDArray one = net.forward(ps, new NDList(x.get("2:3")), false).head();
            // float32 sums in another order: a rounding-sized difference, relative to the forecast's size; a batch
            // dependence (statistics over the batch, rows mixed) moves the forecast by its own order
            float scale = 1f + one.abs().max().getFloat();
            assertThat(all.get("2:3").sub(one).abs().max().getFloat()).isLessThan(1e-5f * scale);
        }
    }

    /** Two noisy sines of periods 8 and 12, 160 steps. */
    static TimeSeries sines() {
        Random r = new Random(5);
        double[][] v = new double[160][2];
        for (int t = 0; t < v.length; t++) {
            v[t][0] = Math.sin(2 * Math.PI * t / 8) + 0.05 * r.nextGaussian();
            v[t][1] = Math.cos(2 * Math.PI * t / 12) + 0.5 * Math.sin(2 * Math.PI * t / 8) + 0.05 * r.nextGaussian();
        }
        return TimeSeries.of("sines", List.of("a", "b"), v);
    }

    static final int EPOCHS = 16;

    @Test
    void aSmallModelOverfitsAShortSeriesAndItsAlphaMovesInsideOneTwo() {
        SeriesSplit split = SeriesSplit.of(sines(), new SeriesBorders(96, 32, 32), 24, 12);
        StanHopConfig cfg = new StanHopConfig(2, 24, 12, 6, 2, 1, 16, 32, 2, 3, 0.0, 1.5, false, 7);
        ForecastTraining t = new ForecastTraining(EPOCHS, EPOCHS, 8, 5e-3, ForecastTraining.TaskLoss.MSE, 1, 4, 0.1, 0, 1, 11);
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        ForecastRun run = Forecaster.train(split, cfg, t, new PrintStream(lines, true, StandardCharsets.UTF_8));
        assertThat(run.epochs()).hasSize(EPOCHS);
        assertThat(lines.toString(StandardCharsets.UTF_8).lines().count()).isEqualTo(EPOCHS + 1); // + the test line
        double first = run.epochs().get(0).trainLoss();
        double last = run.epochs().get(EPOCHS - 1).trainLoss();
        // the scaled series have variance ~1; a model that memorises the 61 training windows gets far below
        assertThat(last).isLessThan(0.06).isLessThan(first / 20); // measured: 2.24 to 0.036
        assertThat(run.testMse()).isLessThan(0.1); // periodic: the fit carries over to the test rows
        // alpha = 1 + sigmoid(a) moved from 1.5 and stayed inside (1, 2)
        double moved = 0;
        for (double[] row : run.alphaEnd()) {
            for (double a : row) {
                assertThat(a).isGreaterThan(1).isLessThan(2);
                moved = Math.max(moved, Math.abs(a - 1.5));
            }
        }
        assertThat(run.alphaStart()).isEqualTo(1.5, org.assertj.core.api.Assertions.within(1e-7));
        assertThat(moved).isGreaterThan(1e-3);
        assertThat(run.bestEpoch()).isBetween(1, EPOCHS);
    }

    @Test
    void uhopRunsSeparationStepsThatLowerTheSeparationLossAndStopsEarly() {
        SeriesSplit split = SeriesSplit.of(sines(), new SeriesBorders(96, 32, 32), 24, 12);
        StanHopConfig cfg = new StanHopConfig(2, 24, 12, 6, 2, 1, 16, 32, 2, 3, 0.0, 1.5, true, 7);
        ForecastTraining t = new ForecastTraining(12, 2, 8, 3e-3, ForecastTraining.TaskLoss.MAE, 1, 4, 0.1, 3, 2, 11);
        ForecastRun run = Forecaster.train(split, cfg, t, null);
        ForecastRun.Epoch e1 = run.epochs().get(0);
        assertThat(e1.steps()).isEqualTo(3); // the cap
        assertThat(e1.separationLoss()).isFinite();
        ForecastRun.Epoch last = run.epochs().get(run.epochs().size() - 1);
        assertThat(last.separationLoss()).isLessThan(e1.separationLoss());
        // early stopping: stops once 2 epochs pass without a better validation MAE
        int best = 0;
        double bestVal = Double.POSITIVE_INFINITY;
        int since = 0;
        int stopAt = run.epochs().size();
        for (ForecastRun.Epoch e : run.epochs()) {
            if (e.valMae() < bestVal) {
                bestVal = e.valMae();
                best = e.epoch();
                since = 0;
            } else if (++since >= 2) {
                stopAt = e.epoch();
                break;
            }
        }
        assertThat(run.epochs()).hasSize(stopAt);
        assertThat(run.bestEpoch()).isEqualTo(best);
        assertThat(run.stoppedEarly()).isEqualTo(stopAt < 12);
    }
}
