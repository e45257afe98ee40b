package org.uhopkit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ExpectTest {

    @Test
    void aNumberWithinTheToleranceOfTheStatedOnePasses() {
        Expect.Check c = Expect.near("error at M = 100", 1.6093, 1.61, 0.005);
        assertThat(c.stated()).isEqualTo("1.61 (± 0.005)");
        assertThat(c.computed()).isEqualTo("1.609");
    }

    @Test
    void aNumberOutsideTheToleranceFailsNamingBothValues() {
        assertThatThrownBy(() -> Expect.near("error at M = 100", 1.7, 1.61, 0.005))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("error at M = 100: the prose states 1.61 (± 0.005), the computation gives 1.7; update the "
                        + "prose or find what changed");
    }

    @Test
    void aNaNComputedValueNeverAgrees() {
        assertThatThrownBy(() -> Expect.near("loss", Double.NaN, 0, 1e9)).hasMessageContaining("gives NaN");
    }

    @Test
    void badStatedValuesAndTolerancesAreRefused() {
        assertThatThrownBy(() -> Expect.near("x", 1, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stated value of x must be finite, got NaN");
        assertThatThrownBy(() -> Expect.near("x", 1, 1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tolerance must be non-negative and finite, got -1.0");
    }

    @Test
    void aClaimThatDoesNotHoldFails() {
        assertThat(Expect.that("U-Hop lowest", true).computed()).isEqualTo("holds");
        assertThatThrownBy(() -> Expect.that("U-Hop lowest", false)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("U-Hop lowest: the prose states this, the computation does not confirm it");
    }

    @Test
    void passedChecksMakeATable() {
        Table t = Expect.table("pins", Expect.near("a", 1, 1, 0), Expect.that("b", true));
        assertThat(t.rowCount()).isEqualTo(2);
        assertThat(t.stringColumn("check").asList()).containsExactly("a", "b");
    }
}
