package org.uhopkit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void integersAreWrittenInFull() {
        assertThat(Html.number(100)).isEqualTo("100");
        assertThat(Html.number(-3)).isEqualTo("-3");
        assertThat(Html.number(0.0)).isEqualTo("0");
        assertThat(Html.number(-0.0)).isEqualTo("0");
        assertThat(Html.number(250_000_000)).isEqualTo("250000000");
    }

    @Test
    void plainRangeKeepsTheSignificantDigitsWithoutTrailingZeros() {
        assertThat(Html.number(0.123456789)).isEqualTo("0.1235");
        assertThat(Html.number(0.123456789, 3)).isEqualTo("0.123");
        assertThat(Html.number(3.14159, 3)).isEqualTo("3.14");
        assertThat(Html.number(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(Html.number(-0.5)).isEqualTo("-0.5");
        assertThat(Html.number(0.001)).isEqualTo("0.001");
        assertThat(Html.number(12.5)).isEqualTo("12.5");
        assertThat(Html.number(9.99996)).as("rounding carries into a new digit").isEqualTo("10.00");
        assertThat(Html.number(0.99996)).as("not an integer, so not written as one").isEqualTo("1.000");
        assertThat(Html.number(-2.00001, 3)).isEqualTo("-2.00");
        assertThat(Html.number(1234.5678)).isEqualTo("1235");
    }

    @Test
    void largeNonIntegersAreRoundedToIntegersNotPaddedWithInventedZeros() {
        assertThat(Html.number(123456.7)).isEqualTo("123457");
        assertThat(Html.number(1234.5678, 3)).isEqualTo("1235");
        assertThat(Html.number(9999999.7)).isEqualTo("10000000");
    }

    @Test
    void tinyAndHugeMagnitudesUseScientificNotation() {
        assertThat(Html.number(1e-5)).isEqualTo("1e-05");
        assertThat(Html.number(1.23456e-7)).isEqualTo("1.235e-07");
        assertThat(Html.number(-1.234e-4, 2)).isEqualTo("-1.2e-04");
        assertThat(Html.number(2.5e12)).isEqualTo("2.5e+12");
        assertThat(Html.number(0.00099996)).isEqualTo("1e-03");
    }

    @Test
    void nonFiniteValuesAreNamed() {
        assertThat(Html.number(Double.NaN)).isEqualTo("NaN");
        assertThat(Html.number(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(Html.number(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @Test
    void digitsOutsideOneToSeventeenAreRejected() {
        assertThatThrownBy(() -> Html.number(1.5, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("digits must be in [1, 17], got 0");
        assertThatThrownBy(() -> Html.number(1.5, 18)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void escapeReplacesEveryHtmlSpecialCharacter() {
        assertThat(Html.escape("a<b & \"c\" 'd'>")).isEqualTo("a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
    }
}
