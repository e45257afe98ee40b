package org.uhopkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageOneTest {

    /** (1,0), (0,2), (-3,0): unit features (1,0), (0,1), (-1,0); squared distances 2, 4, 2. */
    private static NDArray threePoints(NDManager nd) {
        return Fixtures.matrix(nd, new double[][] {{1, 0}, {0, 2}, {-3, 0}}, DataType.FLOAT64);
    }

    @Test
    void averageLossMatchesAHandComputation() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray w = nd.eye(2, 2, 0, DataType.FLOAT64);
            double t = 2;
            double expected = Math.log((2 * Math.exp(-t * 2) + Math.exp(-t * 4)) / 3);
            assertThat(SeparationLoss.average().valueAndGradient(w, threePoints(nd), t).value())
                    .isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void maxLossIsTheClosestPair() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray w = nd.eye(2, 2, 0, DataType.FLOAT64);
            assertThat(SeparationLoss.max().valueAndGradient(w, threePoints(nd), 2).value())
                    .isCloseTo(-2 * 2.0, within(1e-12));
        }
    }

    @Test
    void deepLearningLossMatchesAHandComputation() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray w = nd.eye(2, 2, 0, DataType.FLOAT64);
            double t = 0.5;
            // cosines 0, -1, 0 -> 2t(S^2 - 1) = -2t, 0, -2t
            double expected = Math.log((2 * Math.exp(-2 * t) + 1) / 3);
            assertThat(SeparationLoss.deepLearning().valueAndGradient(w, threePoints(nd), t).value())
                    .isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void gradientsMatchCentralFiniteDifferences() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 5, 4, 1, DataType.FLOAT64);
            double[][] w0 = Fixtures.gaussian(3, 4, 2);
            for (SeparationLoss loss : List.of(SeparationLoss.average(), SeparationLoss.max(),
                    SeparationLoss.deepLearning())) {
                double t = 1.5;
                double[][] grad = Fixtures.rows(
                        loss.valueAndGradient(Fixtures.matrix(nd, w0, DataType.FLOAT64), xi, t).gradient());
                double h = 1e-6;
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 4; j++) {
                        double[][] plus = copy(w0);
                        double[][] minus = copy(w0);
                        plus[i][j] += h;
                        minus[i][j] -= h;
                        double fd = (loss.valueAndGradient(Fixtures.matrix(nd, plus, DataType.FLOAT64), xi, t).value()
                                - loss.valueAndGradient(Fixtures.matrix(nd, minus, DataType.FLOAT64), xi, t).value())
                                / (2 * h);
                        assertThat(grad[i][j]).as(loss + " dL/dW[" + i + "][" + j + "]").isCloseTo(fd, within(1e-7));
                    }
                }
            }
        }
    }

    @Test
    void stageOneEqualsPlainGradientDescentOnW() {
        // m memories of d values, features of dimension D: the three forms of the Stage I state (a Cholesky factor
        // of P0^T P0 when D > m and the memories are independent; the features themselves when D <= m, or when
        // d < m makes P0^T P0 singular)
        equalsPlainGradientDescent(4, 6, 9); // Cholesky factor
        equalsPlainGradientDescent(6, 5, 4); // D < m
        equalsPlainGradientDescent(6, 5, 7); // D > m but rank 5 < 6
    }

    private static void equalsPlainGradientDescent(int m, int d, int dimension) {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, m, d, 3, DataType.FLOAT64);
            Kernel kernel = Kernel.linear().dimension(dimension).seed(42);
            double lr = 0.7;
            int steps = 15;
            for (SeparationLoss loss : List.of(SeparationLoss.average(), SeparationLoss.max(),
                    SeparationLoss.deepLearning())) {
                String as = loss + ", m = " + m + ", d = " + d + ", D = " + dimension;
                NDArray w = kernel.initialWeights(nd, d, DataType.FLOAT64);
                double[] direct = new double[steps + 1];
                for (int k = 0; k < steps; k++) {
                    SeparationLoss.ValueAndGradient vg = loss.valueAndGradient(w, xi, 2.0);
                    direct[k] = vg.value();
                    w = w.sub(vg.gradient().mul(lr));
                }
                direct[steps] = loss.valueAndGradient(w, xi, 2.0).value();
                assertThat(direct[steps]).as(as).isLessThan(direct[0]); // W moved
                NDArray normalised = w.div(w.square().sum(new int[] {1}, true).sqrt());
                try (TrainedMemory mem = UHop.memories(xi).kernel(kernel).loss(loss).learningRate(lr).stageOne(steps)) {
                    assertThat(mem.lossTrace()).as(as).containsExactly(direct, within(1e-9));
                    double[][] got = Fixtures.rows(mem.w());
                    double[][] want = Fixtures.rows(normalised);
                    for (int i = 0; i < got.length; i++) {
                        assertThat(got[i]).as(as + " row " + i).containsExactly(want[i], within(1e-9));
                    }
                    assertThat(mem.lossAfterNormalisation())
                            .isCloseTo(loss.valueAndGradient(normalised, xi, 2.0).value(), within(1e-9));
                }
            }
        }
    }

    @Test
    void stageOneLowersTheAverageLoss() {
        try (NDManager nd = NDManager.newBaseManager()) {
            // correlated memories (a shared component) start close together in feature space
            NDArray xi = Fixtures.gaussian(nd, 20, 30, 5, DataType.FLOAT32).add(2.0);
            try (TrainedMemory mem = UHop.memories(xi).kernel(Kernel.linear()).stageOne(50)) {
                double[] trace = mem.lossTrace();
                assertThat(trace).hasSize(51);
                assertThat(trace[50]).isLessThan(trace[0] - 0.1);
            }
        }
    }

    @Test
    void trainingSubsetUsesTheFirstMemoriesOnly() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 10, 6, 8, DataType.FLOAT64);
            NDArray firstFive = Fixtures.matrix(nd, java.util.Arrays.copyOf(Fixtures.rows(xi), 5), DataType.FLOAT64);
            try (TrainedMemory half = UHop.memories(xi).kernel(Kernel.linear()).trainingFraction(0.5).stageOne(5);
                    TrainedMemory five = UHop.memories(firstFive).kernel(Kernel.linear()).stageOne(5)) {
                assertThat(half.trainingCount()).isEqualTo(5);
                assertThat(half.lossTrace()).containsExactly(five.lossTrace(), within(1e-12));
            }
        }
    }

    @Test
    void authorsDecayDividesBySquareRootAfterEachStep() {
        LearningRate rate = LearningRate.authorsDecay(1.0);
        assertThat(rate.at(1)).isEqualTo(1.0);
        assertThat(rate.at(2)).isEqualTo(1.0);
        assertThat(rate.at(3)).isCloseTo(1 / Math.sqrt(2), within(1e-15));
        assertThat(rate.at(4)).isCloseTo(1 / Math.sqrt(6), within(1e-15));
        assertThat(rate.at(6)).isCloseTo(1 / Math.sqrt(120), within(1e-15));
        // gamma / sqrt((k-1)!) underflows: (k-1)! passes 1e616 near k = 315, and the double becomes 0
        assertThat(rate.at(300)).isGreaterThan(0);
        assertThat(rate.at(400)).isZero();
    }

    @Test
    void stepsWithRateZeroAreNoOpsEvenBetweenMovingSteps() {
        // rate 0.05 at odd steps, 0 at even ones, 20 steps = the 10 moving steps alone, bit for bit: the state and
        // the loss stay through a zero step, and the next moving step starts from the same gradient
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 7, 15, 21, DataType.FLOAT32);
            LearningRate alternating = step -> step % 2 == 1 ? 0.05 : 0.0;
            try (TrainedMemory a = UHop.memories(xi).kernel(Kernel.linear().seed(5)).learningRate(alternating)
                    .stageOne(20);
                    TrainedMemory b = UHop.memories(xi).kernel(Kernel.linear().seed(5)).learningRate(0.05)
                            .stageOne(10)) {
                assertThat(a.w().toFloatArray()).containsExactly(b.w().toFloatArray());
                for (int k = 0; k <= 10; k++) {
                    assertThat(a.lossTrace()[2 * k]).as("loss after %d moving steps", k).isEqualTo(b.lossTrace()[k]);
                }
                assertThat(b.lossTrace()[10]).isLessThan(b.lossTrace()[0]); // the moving steps do move
            }
        }
    }

    @Test
    void aRateThatUnderflowsToZeroLeavesWAsItIs() {
        // the official preset on CIFAR-10 runs 500 steps of the authors' decay: past the underflow the steps must
        // run (they used to be refused as "not positive") and must not move W
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 6, 12, 3, DataType.FLOAT32);
            LearningRate rate = LearningRate.authorsDecay(1.0);
            try (TrainedMemory before = UHop.memories(xi).kernel(Kernel.linear().seed(4)).learningRate(rate)
                    .stageOne(330);
                    TrainedMemory after = UHop.memories(xi).kernel(Kernel.linear().seed(4)).learningRate(rate)
                            .stageOne(420)) {
                assertThat(after.learningRates()[419]).isZero();
                assertThat(after.w().toFloatArray()).containsExactly(before.w().toFloatArray());
                double[] trace = after.lossTrace();
                assertThat(trace[420]).isEqualTo(trace[330]);
            }
        }
    }

    @Test
    void divergingLossStopsStageOneNamingStepAndRate() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 8, 5, 9, DataType.FLOAT32);
            assertThatThrownBy(() -> UHop.memories(xi).kernel(Kernel.linear()).learningRate(1e38).stageOne(10))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("at step 1")
                    .hasMessageContaining("learning rate 1.0E38");
            assertThat(nd.getManagedArrays()).hasSize(1);
        }
    }

    private static double[][] copy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
