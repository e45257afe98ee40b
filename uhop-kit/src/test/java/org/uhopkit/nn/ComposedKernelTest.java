package org.uhopkit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.uhopkit.Fixtures;
import org.uhopkit.Separation;

/**
 * {@link HopfieldBlock.Builder#composedKernel(boolean)}: folding the kernel into the projections computes the same
 * function, with the same gradients, as forming {@code Phi(R)} and {@code Phi(Y)} first (float64, to rounding), and
 * is not used while Algorithm 2's separation loss captures the kernel features. The finite-difference check of the
 * composed path is in {@code gradientsOfTheComposedBlockMatchFiniteDifferences}.
 */
class ComposedKernelTest {

    /** Output and every parameter's gradient (and R's, Y's) of {@code sum(g * block(R, Y))}. */
    private static Map<String, double[]> run(boolean composed, boolean sameInput, HopfieldBlock.Values values,
            boolean kernelBias) {
        try (NDManager nd = NDManager.newBaseManager()) {
            // 2 x 9 = 18 tokens of width 4 on each side: more tokens than the kernel's width 4, so every side folds
            NDArray r = Fixtures.gaussian(nd, 2 * 9, 4, 41, DataType.FLOAT64).reshape(2, 9, 4);
            NDArray y = sameInput ? r : Fixtures.gaussian(nd, 2 * 9, 4, 42, DataType.FLOAT64).reshape(2, 9, 4);
            HopfieldBlock block = HopfieldBlock.builder().heads(2).headSize(3)
                    .kernel(FeatureMap.linear().bias(kernelBias)).values(values)
                    .separation(Separation.learnableEntmax(1.4)).composedKernel(composed).seed(5).build();
            block.initialize(nd, DataType.FLOAT64, r.getShape(), y.getShape());
            r.setRequiresGradient(true);
            if (!sameInput) {
                y.setRequiresGradient(true);
            }
            Map<String, double[]> out = new LinkedHashMap<>();
            Function<NDList, NDArray> f = GradientCheck.weightedSum(9);
            try (NDManager m = nd.newSubManager();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList o = block.forward(new ParameterStore(m, false), sameInput ? new NDList(r, r) : new NDList(r, y),
                        true);
                o.forEach(a -> a.attach(m));
                out.put("output", o.head().toDoubleArray());
                gc.backward(f.apply(o));
            }
            for (Parameter p : block.getParameters().values()) {
                out.put(p.getName(), p.getArray().getGradient().toDoubleArray());
            }
            out.put("dR", r.getGradient().toDoubleArray());
            if (!sameInput) {
                out.put("dY", y.getGradient().toDoubleArray());
            }
            return out;
        }
    }

    @Test
    void foldingTheKernelGivesTheSameOutputAndGradients() {
        for (HopfieldBlock.Values values : HopfieldBlock.Values.values()) {
            for (boolean same : new boolean[] {true, false}) {
                for (boolean bias : new boolean[] {true, false}) {
                    Map<String, double[]> plain = run(false, same, values, bias);
                    Map<String, double[]> composed = run(true, same, values, bias);
                    assertThat(composed.keySet()).containsExactlyElementsOf(plain.keySet());
                    for (String key : plain.keySet()) {
                        double scale = 0;
                        for (double v : plain.get(key)) {
                            scale = Math.max(scale, Math.abs(v));
                        }
                        if (!key.endsWith("key_bias")) { // scores shift by q.b_K per row: no gradient (entmax)
                            assertThat(scale).as("%s is not trivially zero", key).isGreaterThan(1e-6);
                        }
                        assertThat(composed.get(key)).as("%s, values %s, same input %s, kernel bias %s", key, values,
                                same, bias).containsExactly(plain.get(key), within(1e-12 * Math.max(1, scale)));
                    }
                }
            }
        }
    }

    @Test
    void gradientsOfTheComposedBlockMatchFiniteDifferences() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray r = Fixtures.gaussian(nd, 2 * 9, 4, 51, DataType.FLOAT64).reshape(2, 9, 4);
            NDArray y = Fixtures.gaussian(nd, 2 * 9, 4, 52, DataType.FLOAT64).reshape(2, 9, 4);
            NDList in = new NDList(r, y);
            HopfieldBlock block = HopfieldBlock.builder().heads(2).headSize(3)
                    .kernel(FeatureMap.linear().bias(true)).values(HopfieldBlock.Values.KEYS)
                    .separation(Separation.learnableEntmax(1.4)).composedKernel(true).seed(6).build();
            block.initialize(nd, DataType.FLOAT64, r.getShape(), y.getShape());
            Function<NDList, NDArray> f = GradientCheck.weightedSum(3);
            GradientCheck.backward(block, in, f);
            long seed = 1;
            for (Parameter p : block.getParameters().values()) {
                GradientCheck.checkEntries(block, in, f, p.getArray(), "composed d/d" + p.getName(), 2, seed++, 1e-6,
                        1e-6);
            }
        }
    }

    /** STanHop-Net's output (training mode, no dropout) with or without a feature capture open. */
    private static double[] stanHop(boolean capturing, int layers) {
        org.uhopkit.nn.stanhop.StanHopConfig config = new org.uhopkit.nn.stanhop.StanHopConfig(3, 48, 24, 12, 2, layers,
                8, 16, 2, 3, 0.0, 1.5, true, 4);
        try (NDManager nd = NDManager.newBaseManager()) {
            org.uhopkit.nn.stanhop.StanHopNet net = org.uhopkit.nn.stanhop.StanHopNet.of(config);
            net.initialize(nd, DataType.FLOAT64, new Shape(2, 48, 3));
            NDArray x = Fixtures.gaussian(nd, 2 * 48, 3, 19, DataType.FLOAT64).reshape(2, 48, 3);
            try (NDManager m = nd.newSubManager();
                    FeatureCapture capture = capturing ? FeatureCapture.open(m) : null) {
                NDArray y = net.forward(new ParameterStore(m, false), new NDList(x), true).head();
                y.attach(m);
                if (capturing) {
                    assertThat(capture.features()).hasSize(net.hopfieldBlocks().size());
                }
                return y.toDoubleArray();
            }
        }
    }

    @Test
    void stanHopNetComputesTheSameWithTheKernelFoldedAsWithItsFeaturesFormed() {
        for (int layers : new int[] {1, 2}) {
            double[] formed = stanHop(true, layers);
            double[] folded = stanHop(false, layers);
            assertThat(folded).as("%d scale blocks", layers).containsExactly(formed, within(1e-12));
        }
    }

    @Test
    void theFeaturesAreStillFormedWhileTheSeparationLossCapturesThem() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray r = Fixtures.gaussian(nd, 2 * 9, 4, 61, DataType.FLOAT64).reshape(2, 9, 4);
            HopfieldBlock block = HopfieldBlock.builder().heads(2).headSize(3).kernel(FeatureMap.linear())
                    .values(HopfieldBlock.Values.KEYS).composedKernel(true).seed(7).build();
            block.initialize(nd, DataType.FLOAT64, r.getShape(), r.getShape());
            try (NDManager m = nd.newSubManager(); FeatureCapture capture = FeatureCapture.open(m)) {
                block.forward(new ParameterStore(m, false), new NDList(r, r), true).forEach(a -> a.attach(m));
                List<FeatureCapture.Features> features = capture.features();
                assertThat(features).hasSize(1);
                NDArray expected = r.matMul(block.kernelParameters().get(0).getArray().transpose());
                assertThat(features.get(0).stored().toDoubleArray())
                        .containsExactly(expected.toDoubleArray(), within(1e-12));
            }
        }
    }
}
