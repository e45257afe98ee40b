package org.uhopkit.nn.stanhop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.uhopkit.SeparationLoss;
import org.uhopkit.experiments.TorchThreads;
import org.uhopkit.internal.Scalars;

/**
 * Gradients must not depend on when the garbage collector runs. DJL 0.35.1's {@code NDArray.mul(Number)} (and
 * div, pow, maximum) keeps the number in a Java direct buffer that autograd saves but nothing keeps alive: a
 * collection between the forward and the backward pass frees it and the backward pass reads freed memory (the
 * cause of forecasting reruns that differed under load). Each check runs the same forward pass twice, once with
 * collections and fresh direct buffers forced between forward and backward, and requires bit-identical
 * gradients.
 */
class GradientsSurviveGcTest {

    @BeforeAll
    static void oneTorchThread() {
        TorchThreads.set(1);
    }

    /** Collections (so the cleaners run) and fresh small direct buffers that take over freed memory. */
    private static List<ByteBuffer> collectAndScribble() {
        List<ByteBuffer> junk = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 2000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(8 * (1 + i % 4));
                for (int k = 0; k + 4 <= b.capacity(); k += 4) {
                    b.putFloat(k, 777.25f);
                }
                junk.add(b);
            }
        }
        return junk;
    }

    /** The gradient of {@code sum(f(x))} with respect to {@code x}, with or without collections before backward. */
    private static double[] gradient(double[] x, Shape shape, DataType type, UnaryOperator<NDArray> f, boolean gc) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(x, shape).toType(type, false);
            a.setRequiresGradient(true);
            List<ByteBuffer> keep;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(a).sum();
                keep = gc ? collectAndScribble() : List.of();
                c.backward(y);
            }
            java.lang.ref.Reference.reachabilityFence(keep);
            return a.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
        }
    }

    @Test
    void theSafeScalarOpsHaveTheirClosedFormGradientsAfterACollection() {
        double[] x = {0.5, -1.25, 2.0, 3.5};
        Shape s = new Shape(4);
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            double[] times = gradient(x, s, type, a -> Scalars.times(a, 3.0), true);
            double[] over = gradient(x, s, type, a -> Scalars.over(a, 4.0), true);
            double[] power = gradient(x, s, type, a -> Scalars.power(a, 2.0), true);
            double[] atLeast = gradient(x, s, type, a -> Scalars.atLeast(a, 1.0), true);
            for (int i = 0; i < x.length; i++) {
                assertThat(times[i]).isEqualTo(3.0);
                assertThat(over[i]).isEqualTo(0.25);
                assertThat(power[i]).isEqualTo(2 * x[i]);
                assertThat(atLeast[i]).isEqualTo(x[i] > 1.0 ? 1.0 : 0.0);
            }
        }
    }

    @Test
    void theSeparationLossGradientDoesNotDependOnTheCollector() {
        Random r = new Random(5);
        double[] x = new double[2 * 6 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        Shape s = new Shape(2, 6, 5);
        for (SeparationLoss loss : new SeparationLoss[] {SeparationLoss.average(), SeparationLoss.deepLearning()}) {
            double[] quiet = gradient(x, s, DataType.FLOAT32, a -> loss.value(a, 2.0), false);
            double[] collected = gradient(x, s, DataType.FLOAT32, a -> loss.value(a, 2.0), true);
            assertThat(collected).as("%s", loss).containsExactly(quiet);
        }
    }

    @Test
    void theMseLossIsTheMeanSquaredErrorWithItsClosedFormGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray y = m.create(new double[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray p = m.create(new double[] {1.5, 0, 3, 7}, new Shape(2, 2));
            p.setRequiresGradient(true);
            NDArray loss;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                loss = ForecastTraining.TaskLoss.MSE.djl().evaluate(new NDList(y.reshape(4)), new NDList(p));
                c.backward(loss);
            }
            // (0.25 + 4 + 0 + 9) / 4; d/dp = 2 (p - y) / 4
            assertThat(loss.getDouble()).isEqualTo(13.25 / 4);
            double[] g = p.getGradient().toDoubleArray();
            double[] expected = {0.25, -1.0, 0.0, 1.5};
            for (int i = 0; i < g.length; i++) {
                assertThat(g[i]).isEqualTo(expected[i], org.assertj.core.api.Assertions.within(0.0)); // -0 is 0
            }
        }
    }

    /** Every parameter's gradient of the MSE of one forward pass of a small STanHop-Net with U-Hop kernels. */
    private static Map<String, double[]> netGradients(boolean gc) {
        StanHopConfig cfg = new StanHopConfig(2, 24, 12, 6, 2, 1, 16, 32, 2, 3, 0.0, 1.5, true, 7);
        StanHopNet net = StanHopNet.of(cfg);
        Map<String, double[]> out = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(4, 24, 2));
            Random r = new Random(9);
            float[] xs = new float[4 * 24 * 2];
            float[] ys = new float[4 * 12 * 2];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < ys.length; i++) {
                ys[i] = (float) r.nextGaussian();
            }
            NDArray x = m.create(xs, new Shape(4, 24, 2));
            NDArray y = m.create(ys, new Shape(4, 12, 2));
            List<ByteBuffer> keep;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray pred = net.forward(new ParameterStore(m, false), new NDList(x), true).head();
                NDArray loss = ForecastTraining.TaskLoss.MSE.djl().evaluate(new NDList(y), new NDList(pred));
                keep = gc ? collectAndScribble() : List.of();
                c.backward(loss);
            }
            java.lang.ref.Reference.reachabilityFence(keep);
            for (Pair<String, Parameter> p : net.getParameters()) {
                NDArray a = p.getValue().getArray();
                if (a.hasGradient()) {
                    out.put(p.getKey(), a.getGradient().toType(DataType.FLOAT64, false).toDoubleArray());
                }
            }
        }
        return out;
    }

    @Test
    void aStanHopNetsGradientsDoNotDependOnTheCollector() {
        Map<String, double[]> quiet = netGradients(false);
        Map<String, double[]> collected = netGradients(true);
        assertThat(collected.keySet()).containsExactlyElementsOf(quiet.keySet());
        assertThat(quiet).isNotEmpty();
        for (String k : quiet.keySet()) {
            assertThat(collected.get(k)).as(k).containsExactly(quiet.get(k));
        }
    }
}
