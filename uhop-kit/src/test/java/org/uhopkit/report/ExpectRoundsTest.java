package org.uhopkit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link Expect#rounds}, {@link Expect#atMost} and {@link Expect#atLeast}. */
class ExpectRoundsTest {

    @Test
    void roundsAcceptsHalfAUnitOfTheLastWrittenDigit() {
        assertThat(Expect.rounds("x", 9.4237, "9.4").computed()).isEqualTo("9.424");
        Expect.rounds("x", 9.35, "9.4");
        Expect.rounds("x", 87.6, "88");
        Expect.rounds("x", -0.68, "-0.7");
        Expect.rounds("x", 1.62e-16, "1.6e-16");
        Expect.rounds("x", 0, "0");
        assertThat(Expect.rounds("x", 0.9996, "1.000").stated()).isEqualTo("1.000 (so [0.9995, 1.0005])");
    }

    @Test
    void roundsThrowsWhenTheComputedNumberIsNotTheWrittenOne() {
        assertThatThrownBy(() -> Expect.rounds("mean error", 9.52, "9.4")).isInstanceOf(IllegalStateException.class)
                .hasMessage("mean error: the prose states 9.4 (so [9.35, 9.45]), the computation gives 9.52; update "
                        + "the prose or find what changed");
        assertThatThrownBy(() -> Expect.rounds("x", 9.46, "9.4")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Expect.rounds("x", 86.4, "88")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Expect.rounds("x", 1.7e-16, "1.6e-16")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Expect.rounds("x", 0.9994, "1.000")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Expect.rounds("x", Double.NaN, "1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gives NaN");
    }

    @Test
    void aWrittenNumberThatIsNotADecimalIsABadArgument() {
        assertThatThrownBy(() -> Expect.rounds("x", 1, "about 1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the written number must be a decimal like 9.4 or 1.6e-16, got 'about 1'");
        assertThatThrownBy(() -> Expect.rounds("x", 1, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the written number must not be null");
    }

    @Test
    void atMostAndAtLeastThrowOutsideTheirBoundsAndForNaN() {
        assertThat(Expect.atMost("err", 3e-16, 1e-15).computed()).isEqualTo("3e-16");
        assertThatThrownBy(() -> Expect.atMost("err", 2e-15, 1e-15)).isInstanceOf(IllegalStateException.class)
                .hasMessage("err: the prose states at most 1e-15, the computation gives 2e-15; update the prose or "
                        + "find what changed");
        assertThatThrownBy(() -> Expect.atMost("err", Double.NaN, 1)).isInstanceOf(IllegalStateException.class);
        assertThat(Expect.atLeast("rho", 0.95, 0.9).stated()).isEqualTo("at least 0.9");
        assertThatThrownBy(() -> Expect.atLeast("rho", 0.85, 0.9)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Expect.atLeast("rho", Double.NaN, 0.9)).isInstanceOf(IllegalStateException.class);
    }
}
