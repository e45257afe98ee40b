package org.uhopkit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatisticsTest {

    @Test
    void pearsonOfAHandComputedSample() {
        // x = (1, 2, 3), y = (1, 3, 2): deviations (-1, 0, 1) and (-1, 1, 0), so r = 1 / sqrt(2 * 2) = 0.5
        assertThat(Statistics.pearson(new double[] {1, 2, 3}, new double[] {1, 3, 2})).isCloseTo(0.5, within(1e-15));
        assertThat(Statistics.pearson(new double[] {1, 2, 3}, new double[] {6, 4, 2})).isCloseTo(-1, within(1e-15));
    }

    @Test
    void spearmanSeesOnlyTheOrderAndAveragesTies() {
        assertThat(Statistics.spearman(new double[] {1, 2, 3, 4}, new double[] {1, 8, 27, 1000})).isCloseTo(1,
                within(1e-15));
        assertThat(Statistics.ranks(new double[] {10, 20, 20, 5})).containsExactly(2, 3.5, 3.5, 1);
        // ranks (1, 2, 3) against (1.5, 1.5, 3): deviations (-1, 0, 1) and (-0.5, -0.5, 1): r = 1.5 / sqrt(2 * 1.5)
        assertThat(Statistics.spearman(new double[] {1, 2, 3}, new double[] {7, 7, 9}))
                .isCloseTo(1.5 / Math.sqrt(3), within(1e-15));
    }

    @Test
    void slopeOfALineAndOfAConstantX() {
        assertThat(Statistics.slope(new double[] {0, 1, 2, 3}, new double[] {1, -1, -3, -5})).isCloseTo(-2,
                within(1e-15));
        assertThat(Statistics.slope(new double[] {2, 2}, new double[] {1, 3})).isNaN();
    }

    @Test
    void unpairedOrTooShortSamplesAreRefused() {
        assertThatThrownBy(() -> Statistics.pearson(new double[] {1, 2}, new double[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lengths 2 and 3");
        assertThatThrownBy(() -> Statistics.spearman(new double[] {1}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lengths 1 and 1");
    }
}
