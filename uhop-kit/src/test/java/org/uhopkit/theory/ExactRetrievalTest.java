package org.uhopkit.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.uhopkit.Separation;
import org.uhopkit.UHop;

class ExactRetrievalTest {

    @Test
    void wellSeparatedMemoriesAreFixedPointsUnderSparsemaxButNeverUnderSoftmax() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = TheoryFixtures.diagonal(nd, 3, 3, 3, 3);
            ClaimReport sparse = Theorems.exactRetrieval(UHop.memories(xi).separation(Separation.sparsemax()));
            assertThat(sparse.verdict()).isEqualTo(Verdict.HOLDS);
            assertThat(sparse.number("memories with (2.6)")).isEqualTo(4.0);
            ClaimReport soft = Theorems.exactRetrieval(UHop.memories(xi));
            assertThat(soft.number("memories with (2.6)")).isZero();
            // softmax weight on itself: e^9 / (e^9 + 3)
            assertThat(soft.number("largest weight on the own memory"))
                    .isCloseTo(Math.exp(9) / (Math.exp(9) + 3), within(1e-12));
        }
    }

    @Test
    void aRepeatedMemoryIsAFixedPointWithoutEq26() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = TheoryFixtures.matrix(nd, new double[][] {{2, 0}, {2, 0}, {0, 2}});
            ClaimReport r = Theorems.exactRetrieval(UHop.memories(xi).separation(Separation.sparsemax()));
            assertThat(r.verdict()).isEqualTo(Verdict.DOES_NOT_HOLD);
        }
    }

    @Test
    void correctedMarginPredictsEveryExactRetrievalWhileEq27NeverHolds() {
        try (NDManager nd = NDManager.newBaseManager()) {
            // margins beta (K_mu,mu - max K_nu,mu) = s^2; sparsemax threshold 1/(2-1) = 1
            NDArray xi = TheoryFixtures.diagonal(nd, 0.5, 0.9, 1.2, 2.0);
            ClaimReport r = Theorems.marginCondition(UHop.memories(xi).separation(Separation.sparsemax()));
            assertThat(r.verdict()).isEqualTo(Verdict.HOLDS_WITH_CORRECTION);
            assertThat(r.number("observed exact")).isEqualTo(2.0);
            assertThat(r.number("agreement, corrected (E.1)")).isEqualTo(1.0);
            assertThat(r.number("agreement, (2.7) as printed")).isEqualTo(0.5);
            // 1.5-entmax: threshold 2, so only s = 2 (margin 4) is exact
            ClaimReport e15 = Theorems.marginCondition(UHop.memories(xi).separation(Separation.entmax(1.5)));
            assertThat(e15.number("observed exact")).isEqualTo(1.0);
            assertThat(e15.number("agreement, corrected (E.1)")).isEqualTo(1.0);
        }
    }

    @Test
    void marginConditionFailsWhenEvaluatedWithTheWrongAlpha() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = TheoryFixtures.diagonal(nd, 0.5, 0.9, 1.2, 2.0);
            ClaimReport r = Theorems.marginCondition(UHop.memories(xi).separation(Separation.sparsemax()), 1.25, 2);
            assertThat(r.verdict()).isEqualTo(Verdict.DOES_NOT_HOLD);
        }
    }

    @Test
    void entmaxIsOneHotExactlyAtTheMarginOfE1() {
        try (NDManager nd = NDManager.newBaseManager()) {
            for (double alpha : new double[] {1.3, 1.5, 2.0}) {
                Separation sep = alpha == 2.0 ? Separation.sparsemax() : Separation.entmax(alpha);
                ClaimReport r = Theorems.entmaxOneHotCondition(nd, sep, alpha, 200, 3);
                assertThat(r.verdict()).as("alpha " + alpha).isEqualTo(Verdict.HOLDS);
            }
            ClaimReport soft = Theorems.entmaxOneHotCondition(nd, Separation.softmax(), 2.0, 40, 3);
            assertThat(soft.verdict()).isEqualTo(Verdict.DOES_NOT_HOLD);
        }
    }

    @Test
    void corollaryBoundIsMetByAMemoryThatIsNotRetrieved() {
        try (NDManager nd = NDManager.newBaseManager()) {
            // distance 2 >= sqrt(2 / (1 * 1 * 1)); memory 0 has K_00 - K_10 = 1 - 3 < 0, so it is not exact
            NDArray xi = TheoryFixtures.matrix(nd, new double[][] {{1, 0}, {3, 0}});
            ClaimReport r = Theorems.lipschitzCorollary(xi, null, 1.0, 2.0);
            assertThat(r.verdict()).isEqualTo(Verdict.DOES_NOT_HOLD);
            assertThat(r.number("counterexamples (bound met, not exact)")).isEqualTo(1.0);
            assertThat(r.number("corrected condition false positives")).isZero();
        }
    }

    @Test
    void corollaryHoldsForEqualNormOrthogonalMemories() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = TheoryFixtures.diagonal(nd, 2, 2, 2);
            ClaimReport r = Theorems.lipschitzCorollary(xi, nd.eye(3, 3, 0, ai.djl.ndarray.types.DataType.FLOAT64),
                    1.0, 2.0);
            assertThat(r.number("L = ||W||_2")).isCloseTo(1.0, within(1e-9));
            assertThat(r.verdict()).isEqualTo(Verdict.HOLDS);
        }
    }

    @Test
    void corollaryWithAFeatureMatrixUsesTheKernelOfW() {
        try (NDManager nd = NDManager.newBaseManager()) {
            double[][] w = {{1, 0.5}, {0, 2}, {1, -1}}; // (D_Phi, d) = (3, 2), not orthogonal
            double[][] x = {{1, 0}, {0, 1}, {1, 1}, {-1, 0.5}};
            double beta = 0.8;
            // by hand: Phi(x) = W x, K(mu, nu) = <Phi(x_mu), Phi(x_nu)>, exact iff beta (K_mm - max K_mn) >= 1
            double[][] phi = new double[x.length][3];
            for (int i = 0; i < x.length; i++) {
                for (int r = 0; r < 3; r++) {
                    phi[i][r] = w[r][0] * x[i][0] + w[r][1] * x[i][1];
                }
            }
            double[] margin = new double[x.length];
            for (int mu = 0; mu < x.length; mu++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int nu = 0; nu < x.length; nu++) {
                    if (nu != mu) {
                        best = Math.max(best, Dense.dot(phi[mu], phi[nu]));
                    }
                }
                margin[mu] = beta * (Dense.dot(phi[mu], phi[mu]) - best);
            }
            ClaimReport r = Theorems.lipschitzCorollary(TheoryFixtures.matrix(nd, x), TheoryFixtures.matrix(nd, w),
                    beta, 2.0);
            var t = r.table();
            int exact = 0;
            for (int mu = 0; mu < x.length; mu++) {
                assertThat(Math.abs(margin[mu] - 1)).as("margin %d away from the threshold", mu).isGreaterThan(0.05);
                assertThat(t.doubleColumn("margin_x_(alpha-1)").get(mu)).isCloseTo(margin[mu], within(1e-12));
                assertThat(t.booleanColumn("exact").get(mu)).as("memory %d", mu).isEqualTo(margin[mu] >= 1);
                exact += margin[mu] >= 1 ? 1 : 0;
            }
            assertThat(exact).as("the case has exact and non-exact memories").isBetween(1, x.length - 1);
            assertThat(r.number("memories retrieved exactly")).isEqualTo(exact);
            assertThat(nd.getManagedArrays()).as("only the two inputs remain").hasSize(2);
        }
    }

    @Test
    void marginsAreTheOwnScoreMinusTheLargestOther() {
        double[][] k = {{3, 1, 2.5}, {0, 1, -1}, {4, 4, 4}};
        assertThat(RetrievalChecks.margins(k)).containsExactly(new double[] {0.5, 1, 0}, within(0.0));
        assertThat(RetrievalChecks.margins(new double[][] {{2}})).containsExactly(Double.POSITIVE_INFINITY);
    }

    @Test
    void spectralNormsMatchAKnownDiagonalMatrix() {
        try (NDManager nd = NDManager.newBaseManager()) {
            double[] sv = Theorems.singularRange(TheoryFixtures.diagonal(nd, 0.5, 3, 1.5));
            assertThat(sv[0]).isCloseTo(3, within(1e-9));
            assertThat(sv[1]).isCloseTo(0.5, within(1e-9));
        }
    }

    @Test
    void counterexampleSearchFindsCasesAndTheCorrectedConditionHasNoFalsePositive() {
        try (NDManager nd = NDManager.newBaseManager()) {
            ClaimReport r = Theorems.lipschitzCorollarySearch(nd, 60, 1);
            assertThat(r.verdict()).isEqualTo(Verdict.DOES_NOT_HOLD);
            assertThat(r.number("corrected condition false positives")).isZero();
        }
    }

    @Test
    void softmaxRespectsBound13ButAPolynomialSeparationDoesNot() {
        try (NDManager nd = NDManager.newBaseManager()) {
            // Delta_0 = 100, m = 10, R = 0.1: the bound for memory 0 is 2*10*2*exp(-98)
            NDArray xi = TheoryFixtures.matrix(nd, new double[][] {{10, 0}, {0, 0.1}, {0, -0.1}});
            Theorems.SphereQueries sq = Theorems.sphereQueries(xi, 4, 1);
            ClaimReport soft = Theorems.retrievalErrorBound(UHop.memories(xi), sq.queries(), sq.targets());
            assertThat(soft.verdict()).isEqualTo(Verdict.HOLDS);
            assertThat(soft.number("queries in S_mu")).isEqualTo(12.0);
            ClaimReport poly = Theorems.retrievalErrorBound(UHop.memories(xi).separation(Separation.polynomial(1)),
                    sq.queries(), sq.targets());
            assertThat(poly.verdict()).isEqualTo(Verdict.DOES_NOT_HOLD);
        }
    }

    @Test
    void deltaMAndRFollowTheirDefinitions() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = TheoryFixtures.matrix(nd, new double[][] {{10, 0}, {0, 0.1}, {0, -0.1}});
            assertThat(Theorems.separations(xi)).containsExactly(new double[] {100, 0.01, 0.01}, within(1e-12));
            assertThat(Theorems.largestNorm(xi)).isCloseTo(10, within(1e-12));
            assertThat(Theorems.radius(xi)).isCloseTo(0.1, within(1e-12));
        }
    }
}
