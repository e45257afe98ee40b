package org.uhopkit.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ExpectTest {

    @Test
    void roundsAcceptsHalfAUnitOfTheLastWrittenDigit() {
        assertThat(Expect.rounds("x", 9.4237, "9.4")).isEqualTo(9.4237);
        assertThat(Expect.rounds("x", 9.35, "9.4")).isEqualTo(9.35);
        assertThat(Expect.rounds("x", 87.6, "88")).isEqualTo(87.6);
        assertThat(Expect.rounds("x", -0.68, "-0.7")).isEqualTo(-0.68);
        assertThat(Expect.rounds("x", 1.62e-16, "1.6e-16")).isEqualTo(1.62e-16);
        assertThat(Expect.rounds("x", 0, "0")).isZero();
    }

    @Test
    void roundsThrowsWhenTheComputedNumberIsNotTheWrittenOne() {
        assertThatThrownBy(() -> Expect.rounds("mean error", 9.52, "9.4")).isInstanceOf(IllegalStateException.class)
                .hasMessage("mean error: the text states 9.4 (so a value in [9.35, 9.45]), the notebook computed 9.52");
        assertThatThrownBy(() -> Expect.rounds("x", 9.46, "9.4")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Expect.rounds("x", 86.4, "88")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Expect.rounds("x", 1.7e-16, "1.6e-16")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Expect.rounds("x", Double.NaN, "1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("computed NaN");
    }

    @Test
    void aWrittenNumberThatIsNotADecimalIsABadArgument() {
        assertThatThrownBy(() -> Expect.rounds("x", 1, "about 1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the written number must be a decimal like 9.4 or 1.6e-16, got 'about 1'");
    }

    @Test
    void nearAtMostAndAtLeastThrowOutsideTheirBounds() {
        assertThat(Expect.near("x", 1.04, 1, 0.05)).isEqualTo(1.04);
        assertThatThrownBy(() -> Expect.near("x", 1.06, 1, 0.05)).isInstanceOf(IllegalStateException.class)
                .hasMessage("x: the text states 1 +- 0.05, the notebook computed 1.06");
        assertThatThrownBy(() -> Expect.near("x", 1, 1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Expect.atMost("err", 3e-16, 1e-15)).isEqualTo(3e-16);
        assertThatThrownBy(() -> Expect.atMost("err", 2e-15, 1e-15)).isInstanceOf(IllegalStateException.class)
                .hasMessage("err: the text states at most 1e-15, the notebook computed 2e-15");
        assertThatThrownBy(() -> Expect.atMost("err", Double.NaN, 1)).isInstanceOf(IllegalStateException.class);
        assertThat(Expect.atLeast("rho", 0.95, 0.9)).isEqualTo(0.95);
        assertThatThrownBy(() -> Expect.atLeast("rho", 0.85, 0.9)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aClaimReportPinsItsHeadlineNumbersByName() {
        ClaimReport r = new ClaimReport("Claim", Verdict.HOLDS, "It holds.", Map.of("agreement", 0.995, "count", 22.0),
                Table.create("t"), null);
        assertThat(r.expectRounds("agreement", "1").expectRounds("count", "22").expectNear("agreement", 1, 0.01))
                .isSameAs(r);
        assertThatThrownBy(() -> r.expectRounds("count", "21")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Claim, count: the text states 21");
        assertThatThrownBy(() -> r.expectNear("agreement", 0.9, 0.01)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> r.expectRounds("missing", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no number named 'missing'");
    }

    @Test
    void aClaimReportsHtmlUsesTheKitsNumberFormatAndEscaping() {
        ClaimReport r = new ClaimReport("a < b", Verdict.HOLDS, "x & y", Map.of("v", 0.123456789),
                Table.create("t"), null);
        assertThat(r.html()).contains("a &lt; b").contains("x &amp; y").contains(">0.1235<");
        assertThat(r.toString()).contains("v = 0.1235");
    }

    @Test
    void theSummaryListsEachClaimWithItsVerdictInOrder() {
        ClaimReport a = new ClaimReport("A", Verdict.HOLDS, "a holds.", Map.of(), Table.create("t"), null);
        ClaimReport b = new ClaimReport("B", Verdict.DOES_NOT_HOLD, "b fails.", Map.of(), Table.create("t"), null);
        Table t = ClaimReport.summary(java.util.List.of(b, a));
        assertThat(t.stringColumn("claim").asList()).containsExactly("B", "A");
        assertThat(t.stringColumn("verdict").asList()).containsExactly("DOES_NOT_HOLD", "HOLDS");
        assertThat(t.stringColumn("sentence").asList()).containsExactly("b fails.", "a holds.");
    }
}
