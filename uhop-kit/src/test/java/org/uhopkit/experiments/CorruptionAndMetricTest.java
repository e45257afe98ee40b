package org.uhopkit.experiments;

import org.uhopkit.report.Statistics;
import org.uhopkit.data.Corruption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorruptionAndMetricTest {

    private static NDArray ramp(NDManager nd, int rows, int d) {
        float[] v = new float[rows * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.1f + 0.8f * ((i * 37) % 101) / 100f; // in (0, 1), never 0
        }
        return nd.create(v, new Shape(rows, d));
    }

    @Test
    void errorIsTheSumOfSquaredDifferencesAfterClampingBothImages() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray retrieved = nd.create(new float[] {1.5f, -0.5f, 0.25f, 0.5f, 0.5f, 0.5f}, new Shape(2, 3));
            NDArray truth = nd.create(new float[] {0f, 0f, 1f, 0.5f, 2f, -1f}, new Shape(2, 3));
            double[] e = RetrievalError.perQuery(retrieved, truth);
            // row 0: (1-0)^2 + (0-0)^2 + (0.25-1)^2 = 1.5625; row 1: 0 + (0.5-1)^2 + (0.5-0)^2 = 0.5
            assertThat(e[0]).isCloseTo(1.5625, within(1e-7));
            assertThat(e[1]).isCloseTo(0.5, within(1e-7));
            assertThat(Statistics.mean(e)).isCloseTo((1.5625 + 0.5) / 2, within(1e-7));
            assertThat(RetrievalError.thresholdCapacity(e, 1.0)).isEqualTo(0.5);
        }
    }

    @Test
    void theMetricRefusesImagesOfDifferentShapes() {
        try (NDManager nd = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> RetrievalError.perQuery(nd.zeros(new Shape(2, 3)), nd.zeros(new Shape(2, 4))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(2, 3)");
        }
    }

    @Test
    void standardDeviationAndCorrelationsMatchTheirClosedForms() {
        assertThat(Statistics.std(new double[] {1, 2, 3, 4})).isCloseTo(Math.sqrt(5.0 / 3), within(1e-12));
        assertThat(Statistics.std(new double[] {7})).isZero();
        assertThat(Statistics.mean(new double[] {1, 2, 3, 10})).isEqualTo(4.0);
        assertThatThrownBy(() -> Statistics.mean(new double[0])).hasMessage("values must not be empty");
        double[] x = {1, 2, 3, 4, 5};
        assertThat(Statistics.pearson(x, new double[] {3, 5, 7, 9, 11})).isCloseTo(1, within(1e-12));
        assertThat(Statistics.pearson(x, new double[] {5, 4, 3, 2, 1})).isCloseTo(-1, within(1e-12));
        assertThat(Statistics.spearman(x, new double[] {1, 8, 27, 64, 125})).isCloseTo(1, within(1e-12));
    }

    @Test
    void maskingHidesExactlyTheRequestedFractionAndKeepsTheRest() {
        try (NDManager nd = NDManager.newBaseManager()) {
            int d = 784;
            NDArray x = ramp(nd, 4, d);
            for (double f : new double[] {0.0, 0.25, 0.5, 0.9}) {
                float[] q = Corruption.mask(f).apply(x, 7).toFloatArray();
                float[] orig = x.toFloatArray();
                for (int r = 0; r < 4; r++) {
                    int zeros = 0;
                    for (int j = 0; j < d; j++) {
                        float v = q[r * d + j];
                        if (v == 0f) {
                            zeros++;
                        } else {
                            assertThat(v).isEqualTo(orig[r * d + j]);
                        }
                    }
                    assertThat(zeros).as("fraction " + f + " row " + r).isEqualTo((int) Math.round(f * d));
                }
            }
        }
    }

    @Test
    void dropoutZeroesOrDoublesEveryPixelAtHalf() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = ramp(nd, 3, 1000);
            float[] orig = x.toFloatArray();
            float[] q = Corruption.dropout(0.5).apply(x, 3).toFloatArray();
            int dropped = 0;
            for (int i = 0; i < q.length; i++) {
                if (q[i] == 0f) {
                    dropped++;
                } else {
                    assertThat(q[i]).isCloseTo(2 * orig[i], within(1e-6f));
                }
            }
            // Binomial(3000, 0.5): mean 1500, sd ~27; 6 sd either side
            assertThat(dropped).isBetween(1340, 1660);
        }
    }

    @Test
    void normalizedNoiseMovesEachImageByExactlySigma() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = ramp(nd, 5, 300);
            for (double sigma : new double[] {0, 0.3, 2.0}) {
                NDArray q = Corruption.normalizedNoise(sigma).apply(x, 11);
                double[] dist = q.sub(x).square().sum(new int[] {1}).sqrt().toType(DataType.FLOAT64, false)
                        .toDoubleArray();
                for (double v : dist) {
                    assertThat(v).isCloseTo(sigma, within(1e-4));
                }
            }
        }
    }

    @Test
    void clampedNoiseStaysInTheUnitInterval() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = ramp(nd, 5, 300);
            float[] q = Corruption.clampedNoise(1.4).apply(x, 5).toFloatArray();
            for (float v : q) {
                assertThat(v).isBetween(0f, 1f);
            }
            assertThat(Corruption.clampedNoise(0).apply(x, 5).toFloatArray()).containsExactly(x.toFloatArray());
        }
    }

    @Test
    void lowerHalfCutZeroesTheLowerHalfOfEveryChannelPlane() {
        try (NDManager nd = NDManager.newBaseManager()) {
            int w = 4;
            int h = 6;
            int c = 3;
            NDArray x = ramp(nd, 2, w * h * c);
            float[] orig = x.toFloatArray();
            float[] q = Corruption.lowerHalfCut(w, h, c).apply(x, 0).toFloatArray();
            for (int r = 0; r < 2; r++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < h; y++) {
                        for (int xx = 0; xx < w; xx++) {
                            int i = r * w * h * c + ch * w * h + y * w + xx;
                            assertThat(q[i]).isEqualTo(y >= h / 2 ? 0f : orig[i]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyCorruptionIsReproducibleFromItsSeed() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = ramp(nd, 3, 200);
            for (Corruption c : List.of(Corruption.mask(0.5), Corruption.dropout(0.5), Corruption.normalizedNoise(0.5),
                    Corruption.clampedNoise(0.5))) {
                float[] a = c.apply(x, 42).toFloatArray();
                float[] b = c.apply(x, 42).toFloatArray();
                float[] other = c.apply(x, 43).toFloatArray();
                assertThat(a).as(c.toString()).containsExactly(b);
                assertThat(a).as(c.toString()).isNotEqualTo(other);
            }
        }
    }

    @Test
    void corruptionsLeaveTheirInputUntouchedAndKeepItsType() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = ramp(nd, 2, 50).toType(DataType.FLOAT64, false);
            double[] before = x.toDoubleArray();
            NDArray q = Corruption.mask(0.5).apply(x, 1);
            assertThat(q.getDataType()).isEqualTo(DataType.FLOAT64);
            assertThat(x.toDoubleArray()).containsExactly(before);
        }
    }

    @Test
    void badCorruptionSettingsAreRefused() {
        assertThatThrownBy(() -> Corruption.mask(1.5)).hasMessage("mask fraction must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> Corruption.dropout(1.0)).hasMessage("dropout probability must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> Corruption.normalizedNoise(-1))
                .hasMessage("noise level sigma must be non-negative and finite, got -1.0");
    }
}
