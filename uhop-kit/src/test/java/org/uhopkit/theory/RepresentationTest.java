package org.uhopkit.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.uhopkit.MemorySpec;

class RepresentationTest {

    @Test
    void orthogonalFeaturesReproduceAnyPositiveColumnStochasticP() {
        try (NDManager nd = NDManager.newBaseManager()) {
            double[][] f = new double[5][8];
            for (int i = 0; i < 5; i++) {
                f[i][i] = 0.5 + i; // orthogonal, different norms
            }
            NDArray p = Theorems.columnStochastic(nd, 5, 4);
            ClaimReport r = Theorems.representation(TheoryFixtures.matrix(nd, f), p, 1.7);
            assertThat(r.verdict()).isEqualTo(Verdict.HOLDS);
            assertThat(r.number("max |Softmax - P|, paper's left inverse")).isLessThanOrEqualTo(1e-9);
        }
    }

    @Test
    void independentButNotOrthogonalFeaturesNeedTheMoorePenroseLeftInverse() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray p = Theorems.columnStochastic(nd, 5, 5);
            ClaimReport r = Theorems.representation(TheoryFixtures.gaussian(nd, 5, 8, 6), p, 1.0);
            assertThat(r.verdict()).isEqualTo(Verdict.HOLDS_WITH_CORRECTION);
            assertThat(r.number("max |Softmax - P|, paper's left inverse")).isGreaterThan(1e-3);
            assertThat(r.number("max |Softmax - P|, Moore-Penrose left inverse")).isLessThanOrEqualTo(1e-9);
        }
    }

    @Test
    void dependentFeaturesCannotReproduceP() {
        try (NDManager nd = NDManager.newBaseManager()) {
            double[][] f = TheoryFixtures.gaussian(5, 8, 7);
            for (int j = 0; j < 8; j++) {
                f[4][j] = f[0][j] + f[1][j];
            }
            NDArray p = Theorems.columnStochastic(nd, 5, 8);
            assertThat(Theorems.representation(TheoryFixtures.matrix(nd, f), p, 1.0).verdict())
                    .isEqualTo(Verdict.DOES_NOT_HOLD);
            // more features than dimensions: no construction, so no error numbers, no figure
            ClaimReport wide = Theorems.representation(TheoryFixtures.gaussian(nd, 5, 3, 9), p, 1.0);
            assertThat(wide.verdict()).isEqualTo(Verdict.DOES_NOT_HOLD);
            assertThat(wide.numbers()).doesNotContainKey("max |Softmax - P|, paper's left inverse");
            assertThat(wide.hasFigure()).isFalse();
            assertThat(wide.sentence()).contains("D = 3 < M");
        }
    }

    @Test
    void aPThatIsNotColumnStochasticIsRejected() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray p = TheoryFixtures.matrix(nd, new double[][] {{0.5, 0.5}, {0.6, 0.5}});
            assertThatThrownBy(() -> Theorems.representation(TheoryFixtures.gaussian(nd, 2, 3, 1), p, 1.0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("column 0 sums to 1.1");
        }
    }

    @Test
    void learningWithTheDefinition31LossReducesCoherence() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = TheoryFixtures.gaussian(nd, 5, 10, 30).abs();
            ClaimReport r = Theorems.representationByLearning(xi, new int[] {0, 50}, 2.0, 0.5, 1.0, 0);
            assertThat(r.number("largest |cos| after the last N"))
                    .isLessThan(r.number("largest |cos| before training"));
            assertThat(r.verdict()).isNotEqualTo(Verdict.DOES_NOT_HOLD);
        }
    }

    @Test
    void table3IsBuiltFromTheKitsSeparations() {
        var t = Theorems.table3();
        assertThat(t.stringColumn("Separation").asList()).contains("Softmax", "Sparsemax", "Polynomial (order 10)");
        assertThat(t.where(t.stringColumn("Adaptivity").isEqualTo("Yes")).rowCount()).isEqualTo(1);
        assertThat(t.where(t.booleanColumn("In Table 3").isTrue()).rowCount()).isEqualTo(4);
    }

    @Test
    void table2NamesOnlyMembersTheKitHas() {
        // building the table resolves every kit member; the symbols are the paper's Table 2
        assertThat(Theorems.table2().stringColumn("Symbol").asList()).contains("d", "M", "beta", "x", "x*", "Phi(.)",
                "D_Phi");
        var missing = new Theorems.Notation("zeta", "not in the kit", MemorySpec.class, "zeta");
        assertThatThrownBy(missing::kitMember).isInstanceOf(IllegalStateException.class);
    }
}
