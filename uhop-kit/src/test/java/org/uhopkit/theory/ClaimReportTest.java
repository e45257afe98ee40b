package org.uhopkit.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ClaimReportTest {

    @Test
    void aClaimReportPinsItsHeadlineNumbersByName() {
        ClaimReport r = new ClaimReport("Claim", Verdict.HOLDS, "It holds.", Map.of("agreement", 0.995, "count", 22.0),
                Table.create("t"), null);
        assertThat(r.expectRounds("agreement", "1").expectRounds("count", "22").expectNear("agreement", 1, 0.01))
                .isSameAs(r);
        assertThatThrownBy(() -> r.expectRounds("count", "21")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Claim, count: the prose states 21");
        assertThatThrownBy(() -> r.expectNear("agreement", 0.9, 0.01)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Claim, agreement: the prose states 0.9");
        assertThatThrownBy(() -> r.expectRounds("missing", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no number named 'missing'");
    }

    @Test
    void aVerdictOtherThanTheExpectedOneFails() {
        ClaimReport r = new ClaimReport("Claim", Verdict.DOES_NOT_HOLD, "It fails.", Map.of(), Table.create("t"), null);
        assertThat(r.expect(Verdict.DOES_NOT_HOLD)).isSameAs(r);
        assertThatThrownBy(() -> r.expect(Verdict.HOLDS)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Claim: expected HOLDS, the check found DOES_NOT_HOLD. It fails.");
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
        Table t = ClaimReport.summary(List.of(b, a));
        assertThat(t.stringColumn("claim").asList()).containsExactly("B", "A");
        assertThat(t.stringColumn("verdict").asList()).containsExactly("DOES_NOT_HOLD", "HOLDS");
        assertThat(t.stringColumn("sentence").asList()).containsExactly("b fails.", "a holds.");
    }
}
