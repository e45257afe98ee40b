package org.uhopkit.theory;

import org.uhopkit.report.Statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.uhopkit.Separation;
import org.uhopkit.data.Corruption;
import org.uhopkit.SeparationLoss;

class SeparationLossClaimsTest {

    private static List<NDArray[]> segments(NDManager nd, int count) {
        List<NDArray[]> segs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            segs.add(new NDArray[] {TheoryFixtures.gaussian(nd, 3, 3, 2 * i), TheoryFixtures.gaussian(nd, 3, 3, 2 * i + 1)});
        }
        return segs;
    }

    private static double sumOfSquares(NDArray w) {
        return w.square().sum().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }

    @Test
    void aConvexFunctionPassesTheSegmentCheck() {
        try (NDManager nd = NDManager.newBaseManager()) {
            ClaimReport r = Theorems.convexityAlongSegments("||W||^2", SeparationLossClaimsTest::sumOfSquares,
                    segments(nd, 4), 9);
            assertThat(r.verdict()).isEqualTo(Verdict.HOLDS);
        }
    }

    @Test
    void aConcaveFunctionIsFlaggedAsNotConvex() {
        try (NDManager nd = NDManager.newBaseManager()) {
            ClaimReport r = Theorems.convexityAlongSegments("-||W||^2", w -> -sumOfSquares(w), segments(nd, 2), 9);
            assertThat(r.verdict()).isEqualTo(Verdict.DOES_NOT_HOLD);
            assertThat(r.number("segments with a violation")).isEqualTo(2.0);
        }
    }

    @Test
    void theNormalisedAverageLossIsNotConvexInW() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = TheoryFixtures.gaussian(nd, 6, 4, 12);
            ClaimReport r = Theorems.lossConvexity(xi, SeparationLoss.average(), 2.0, 4, 12, 11, 3);
            assertThat(r.verdict()).isEqualTo(Verdict.DOES_NOT_HOLD);
        }
    }

    @Test
    void aOneOverNTracePassesAndAOneOverSqrtNTraceFails() {
        double[] fast = new double[101];
        double[] slow = new double[101];
        for (int k = 0; k <= 100; k++) {
            fast[k] = 1.0 / (k + 1);
            slow[k] = 1.0 / Math.sqrt(k + 1);
        }
        assertThat(Theorems.lossDecay(fast).verdict()).isEqualTo(Verdict.HOLDS);
        assertThat(Theorems.lossDecay(slow).verdict()).isEqualTo(Verdict.DOES_NOT_HOLD);
    }

    @Test
    void rankCorrelationIsOneForMonotoneAndMinusOneForReversedPairs() {
        double[] x = {0.1, 0.5, 0.2, 3};
        assertThat(Statistics.spearman(x, new double[] {1, 9, 4, 20})).isCloseTo(1, within(1e-12));
        assertThat(Statistics.spearman(x, new double[] {20, 1, 9, 0})).isCloseTo(-1, within(1e-12));
    }

    @Test
    void lossVersusErrorRunsNZeroOnceAndItsLossFallsWithN() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = TheoryFixtures.gaussian(nd, 6, 5, 20);
            NDArray q = Corruption.mask(0.5).apply(xi, 1);
            ClaimReport r = Theorems.lossVersusError(xi, q, Separation.softmax(), 1.0, new int[] {0, 2, 5},
                    new double[] {0.1, 1.0}, 0);
            var t = r.table();
            // N = 0 ignores the learning rate, so it is run once: 1 + 2 x 2 settings
            assertThat(t.rowCount()).isEqualTo(5);
            assertThat(t.intColumn("N").asList()).containsExactly(0, 2, 2, 5, 5);
            assertThat(t.doubleColumn("learning_rate").isMissing(0)).isTrue();
            // with a small rate (0.1) gradient descent lowers the loss: after 5 steps <= after 2 <= before any step
            // (at rate 1 it need not be monotone on this tiny set, and is not)
            double[] loss = t.doubleColumn("final_loss").asDoubleArray();
            assertThat(loss[1]).isLessThan(loss[0]);
            assertThat(loss[3]).isLessThan(loss[1]);
            assertThat(r.number("Spearman rank correlation")).isEqualTo(
                    Statistics.spearman(loss, t.doubleColumn("mean_sq_error").asDoubleArray()));
        }
    }
}
