package org.uhopkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Autograd gradients of the separations (batched, with leading dimensions) and of the separation loss
 * against central finite differences in float64.
 */
class GradientTest {

    private static final Shape SCORES = new Shape(2, 3, 6); // (batch, head, M)

    private static double[] gaussian(int n, long seed, double scale) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * r.nextGaussian();
        }
        return v;
    }

    /** {@code sum(g * f(z, a))} in float64, no gradient. */
    private static double objective(NDManager nd, BiFunction<NDArray, NDArray, NDArray> f, double[] z, Shape shape,
            double[] a, Shape aShape, double[] g) {
        try (NDManager m = nd.newSubManager()) {
            NDArray out = f.apply(m.create(z, shape), m.create(a, aShape));
            return out.mul(m.create(g, out.getShape())).sum().getDouble();
        }
    }

    /** Checks d objective / d z and / d a from autograd against central differences. */
    private static void check(BiFunction<NDArray, NDArray, NDArray> f, double[] a, Shape aShape, boolean alphaToo,
            double tolerance) {
        try (NDManager nd = NDManager.newBaseManager()) {
            int n = (int) SCORES.size();
            double[] z = gaussian(n, 11, 1.5);
            double[] g = gaussian(n, 12, 1.0);
            double[] gradZ;
            double[] gradA;
            try (NDManager m = nd.newSubManager()) {
                NDArray zs = m.create(z, SCORES);
                NDArray as = m.create(a, aShape);
                zs.setRequiresGradient(true);
                as.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray out = f.apply(zs, as);
                    assertThat(out.getShape()).isEqualTo(SCORES);
                    gc.backward(out.mul(m.create(g, SCORES)).sum());
                }
                gradZ = zs.getGradient().toDoubleArray();
                gradA = alphaToo ? as.getGradient().toDoubleArray() : new double[0];
            }
            double h = 1e-6;
            for (int k = 0; k < 4; k++) { // directional derivatives along random directions
                double[] v = gaussian(n, 100 + k, 1.0);
                double[] up = z.clone();
                double[] down = z.clone();
                double expected = 0;
                for (int i = 0; i < n; i++) {
                    up[i] += h * v[i];
                    down[i] -= h * v[i];
                    expected += gradZ[i] * v[i];
                }
                double fd = (objective(nd, f, up, SCORES, a, aShape, g) - objective(nd, f, down, SCORES, a, aShape, g))
                        / (2 * h);
                assertThat(expected).as("d/dz along direction %d", k).isCloseTo(fd, within(tolerance));
            }
            if (alphaToo) {
                for (int i = 0; i < a.length; i++) {
                    double[] up = a.clone();
                    double[] down = a.clone();
                    up[i] += h;
                    down[i] -= h;
                    double fd = (objective(nd, f, z, SCORES, up, aShape, g) - objective(nd, f, z, SCORES, down, aShape, g))
                            / (2 * h);
                    assertThat(gradA[i]).as("d/dalpha[%d]", i).isCloseTo(fd, within(tolerance));
                }
            }
        }
    }

    private static void checkFixed(Separation sep, double tolerance) {
        check((z, a) -> sep.weights(z), new double[] {0}, new Shape(1), false, tolerance);
    }

    @Test
    void fixedSeparationsHaveTheirExactGradient() {
        checkFixed(Separation.softmax(), 1e-8);
        checkFixed(Separation.sparsemax(), 1e-8);
        checkFixed(Separation.entmax(1.5), 1e-8);
        checkFixed(Separation.entmax(1.3), 1e-7); // bisection: the implicit gradient, not the iterations
        checkFixed(Separation.entmax(1.8), 1e-7);
        checkFixed(Separation.polynomial(3), 1e-8);
    }

    @Test
    void learnableAlphaEntmaxHasGradientsInScoresAndAlpha() {
        // alpha per head, (1, H, 1), as a layer with one alpha per head passes it
        check(Separation::entmaxWeights, new double[] {1.25, 1.5, 1.8}, new Shape(1, 3, 1), true, 1e-7);
        // one alpha = 1 + sigmoid(a): the chain through the sigmoid, with respect to a
        check((z, a) -> Separation.entmaxWeights(z, ai.djl.nn.Activation.sigmoid(a).add(1)),
                new double[] {0.3}, new Shape(1), true, 1e-7);
    }

    @Test
    void entmaxWithAnAlphaArrayEqualsTheFixedAlphaSeparation() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray z = nd.create(gaussian(36, 3, 2.0), SCORES);
            for (double alpha : new double[] {1.2, 1.5, 1.7, 2.0}) {
                double[] a = Separation.entmaxWeights(z, nd.create(new double[] {alpha}, new Shape(1))).toDoubleArray();
                double[] b = Separation.entmax(alpha).weights(z).toDoubleArray();
                assertThat(a).as("alpha %s", alpha).containsExactly(b, within(1e-12));
            }
        }
    }

    @Test
    void separationLossValueHasTheGradientOfTheStageOnePath() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 7, 5, 1, DataType.FLOAT64);
            NDArray w = Fixtures.gaussian(nd, 6, 5, 2, DataType.FLOAT64);
            for (SeparationLoss loss : new SeparationLoss[] {SeparationLoss.average(), SeparationLoss.deepLearning(),
                    SeparationLoss.max()}) {
                try (NDManager m = nd.newSubManager();
                        SeparationLoss.ValueAndGradient direct = loss.valueAndGradient(w, xi, 2.0)) {
                    NDArray wv = w.duplicate();
                    wv.attach(m);
                    wv.setRequiresGradient(true);
                    double value;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray l = loss.value(xi.matMul(wv.transpose()), 2.0); // features (M, D_Phi)
                        assertThat(l.getShape()).isEqualTo(new Shape());
                        value = l.getDouble();
                        gc.backward(l);
                    }
                    assertThat(value).as("%s value", loss).isCloseTo(direct.value(), within(1e-12));
                    assertThat(wv.getGradient().toDoubleArray()).as("%s gradient", loss)
                            .containsExactly(direct.gradient().toDoubleArray(), within(1e-10));
                }
            }
        }
    }

    @Test
    void separationLossValueIsBatchedAndMatchesAClosedForm() {
        try (NDManager nd = NDManager.newBaseManager()) {
            // three unit features at 0, 90 and 180 degrees: ||F_i - F_j||^2 = 2, 2, 4
            double t = 0.7;
            double expected = Math.log((2 * Math.exp(-2 * t) + Math.exp(-4 * t)) / 3);
            NDArray set = nd.create(new double[] {1, 0, 0, 3, -2, 0}, new Shape(3, 2)); // norms 1, 3, 2
            NDArray batch = set.expandDims(0).repeat(0, 4).reshape(2, 2, 3, 2);
            NDArray values = SeparationLoss.average().value(batch, t);
            assertThat(values.getShape()).isEqualTo(new Shape(2, 2));
            for (double v : values.toDoubleArray()) {
                assertThat(v).isCloseTo(expected, within(1e-12));
            }
            assertThat(SeparationLoss.max().value(set, t).getDouble()).isCloseTo(-2 * t, within(1e-12));
        }
    }

    @Test
    void theFastStageOnePathRecordsTheLossOfItsW() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 9, 6, 4, DataType.FLOAT64);
            for (SeparationLoss loss : new SeparationLoss[] {SeparationLoss.average(), SeparationLoss.deepLearning(),
                    SeparationLoss.max()}) {
                try (TrainedMemory mem = UHop.memories(xi).kernel(Kernel.linear().seed(3)).loss(loss)
                        .learningRate(0.2).normalizeRows(false).stageOne(7)) {
                    double value = loss.value(xi.matMul(mem.w().transpose()), 2.0).getDouble();
                    double[] trace = mem.lossTrace();
                    assertThat(trace[7]).as("%s", loss).isCloseTo(value, within(1e-10));
                    assertThat(trace[7]).as("%s falls", loss).isLessThan(trace[0]);
                }
            }
        }
    }
}
