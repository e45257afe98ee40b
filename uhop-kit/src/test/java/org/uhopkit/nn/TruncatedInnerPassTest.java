package org.uhopkit.nn;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.uhopkit.Fixtures;
import org.uhopkit.SeparationLoss;
import org.uhopkit.nn.stanhop.StanHopConfig;
import org.uhopkit.nn.stanhop.StanHopNet;

/**
 * Algorithm 2's inner step ends STanHop-Net's forward pass after the last kernel's features
 * ({@link FeatureCapture#open(NDManager, int)}): the separation loss and every kernel's gradient are those of the
 * whole pass (float64, same random draws up to the stop).
 */
class TruncatedInnerPassTest {

    private record Step(double loss, List<double[]> gradients, boolean completed, int features) {}

    private static Step step(StanHopNet net, NDArray x, int stopAfter) {
        Engine.getInstance().setRandomSeed(11); // the same dropout masks in both passes
        List<Parameter> kernels = UHopTrainer.kernelParameters(net);
        for (Parameter p : kernels) {
            try (NDArray g = p.getArray().getGradient()) {
                g.subi(g); // zero the accumulated gradient in place
            }
        }
        try (NDManager m = x.getManager().newSubManager();
                FeatureCapture capture = FeatureCapture.open(m, stopAfter);
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            boolean completed = true;
            try {
                net.forward(new ParameterStore(m, false), new NDList(x), true).forEach(a -> a.attach(m));
            } catch (FeatureCapture.Complete stopped) {
                completed = false;
            }
            NDArray total = null;
            for (FeatureCapture.Features f : capture.features()) {
                NDArray l = SeparationLoss.average().value(f.stored(), 2).mean();
                total = total == null ? l : total.add(l);
            }
            double loss = total.getDouble();
            gc.backward(total);
            List<double[]> grads = new ArrayList<>();
            for (Parameter p : kernels) {
                grads.add(p.getArray().getGradient().toDoubleArray());
            }
            return new Step(loss, grads, completed, capture.features().size());
        }
    }

    @Test
    void theKernelGradientsOfTheTruncatedPassAreThoseOfTheWholePass() {
        for (int layers : new int[] {1, 2}) {
            StanHopConfig config = new StanHopConfig(3, 48, 24, 12, 2, layers, 8, 16, 2, 3, 0.2, 1.5, true, 4);
            try (NDManager nd = NDManager.newBaseManager()) {
                StanHopNet net = StanHopNet.of(config);
                net.initialize(nd, DataType.FLOAT64, new Shape(2, 48, 3));
                NDArray x = Fixtures.gaussian(nd, 2 * 48, 3, 9, DataType.FLOAT64).reshape(2, 48, 3);
                Step whole = step(net, x, 0);
                assertThat(whole.completed()).isTrue();
                assertThat(whole.features()).isEqualTo(net.hopfieldBlocks().size());
                Step truncated = step(net, x, whole.features());
                assertThat(truncated.completed()).as("the pass stopped early").isFalse();
                assertThat(truncated.features()).isEqualTo(whole.features());
                assertThat(truncated.loss()).isEqualTo(whole.loss());
                double largest = 0;
                for (int i = 0; i < whole.gradients().size(); i++) {
                    double[] a = whole.gradients().get(i);
                    double[] b = truncated.gradients().get(i);
                    assertThat(b.length).isEqualTo(a.length);
                    for (int j = 0; j < a.length; j++) {
                        largest = Math.max(largest, Math.abs(a[j]));
                        assertThat(b[j]).as("layers %d, kernel %d, entry %d", layers, i, j)
                                .isCloseTo(a[j], org.assertj.core.api.Assertions.within(1e-13 * (1 + Math.abs(a[j]))));
                    }
                }
                assertThat(largest).as("the kernels have a gradient").isGreaterThan(1e-8);
            }
        }
    }
}
