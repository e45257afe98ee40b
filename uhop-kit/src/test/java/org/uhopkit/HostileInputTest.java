package org.uhopkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The inputs a hostile review found to give silent wrong results or unclear errors: each is named now. */
class HostileInputTest {

    @Test
    void aHugeBetaWithSparsemaxIsArgmaxNotNaN() {
        // the max shift keeps sparsemax exact at beta = 1e30 in float32: the limit beta -> infinity is argmax
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 20, 16, 3, DataType.FLOAT32);
            NDArray q = Fixtures.gaussian(nd, 7, 16, 4, DataType.FLOAT32);
            double[][] sparse = Fixtures.rows(UHop.memories(xi).separation(Separation.sparsemax()).beta(1e30)
                    .retrieve(q).states());
            double[][] argmax = Fixtures.rows(UHop.memories(xi).separation(Separation.argmax()).retrieve(q).states());
            assertThat(sparse).isDeepEqualTo(argmax);
        }
    }

    @Test
    void betaThatOverflowsTheScoresIsRefusedByName() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 5, 4, 3, DataType.FLOAT32);
            assertThatThrownBy(() -> UHop.memories(xi).beta(Double.MAX_VALUE).retrieve(xi))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("beta * scores overflows float32: beta = 1.7976931348623157E308");
            assertThatThrownBy(() -> UHop.memories(xi).beta(Double.MAX_VALUE).energy(xi))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta = 1.797");
        }
    }

    @Test
    void finiteButHugeMemoriesAreRefusedWhereTheyEnter() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray big = nd.full(new Shape(3, 4), 1e30f);
            assertThatThrownBy(() -> UHop.memories(big)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("memories are too large for float32: row 0 has a squared norm that "
                            + "overflows (largest |entry| = 1.0000000150474662E30)");
            MemorySpec spec = UHop.memories(nd.eye(4, 4, 0, DataType.FLOAT32));
            assertThatThrownBy(() -> spec.retrieve(big)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("query are too large for float32");
        }
    }

    @Test
    void aNegativeLearningRateIsRefusedNotAscended() {
        try (NDManager nd = NDManager.newBaseManager()) {
            UHopSpec u = UHop.memories(Fixtures.gaussian(nd, 6, 4, 1, DataType.FLOAT64)).kernel(Kernel.linear())
                    .learningRate(step -> step < 3 ? 0.1 : -1.0);
            assertThatThrownBy(() -> u.stageOne(5)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("the learning rate of Stage I step 3 must be non-negative and finite, got -1.0");
        }
    }

    @Test
    void absurdStepCountsAndFractionsAreNamed() {
        try (NDManager nd = NDManager.newBaseManager()) {
            UHopSpec u = UHop.memories(Fixtures.gaussian(nd, 8, 4, 1, DataType.FLOAT32)).kernel(Kernel.linear());
            assertThatThrownBy(() -> u.stageOne(Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("N (Stage I steps) must be at most 10000000 (the loss is recorded at every step), "
                            + "got 2147483647");
            assertThatThrownBy(() -> u.trainingFraction(0.1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("training fraction 0.1 of M = 8 memories gives 0 training memories; "
                            + "Stage I needs at least 2");
        }
    }

    @Test
    void aDivergenceAtTheInitialWNamesItsCauseNotTheLearningRate() {
        try (NDManager nd = NDManager.newBaseManager()) {
            double[][] rows = Fixtures.gaussian(5, 4, 2);
            rows[2] = new double[4];
            NDArray withZero = Fixtures.matrix(nd, rows, DataType.FLOAT64);
            assertThatThrownBy(() -> UHop.memories(withZero).kernel(Kernel.linear()).stageOne(3))
                    .isInstanceOf(StageOneDivergedException.class)
                    .hasMessageContaining("at the initial W (step 0, before any learning rate)")
                    .hasMessageContaining("memory row 2 is all zeros");
            NDArray xi32 = Fixtures.gaussian(nd, 5, 4, 2, DataType.FLOAT32);
            assertThatThrownBy(() -> UHop.memories(xi32).kernel(Kernel.linear()).lossScale(1e300).stageOne(3))
                    .isInstanceOf(StageOneDivergedException.class)
                    .hasMessageContaining("the loss scale t = 1.0E300 overflows float32");
            // finite memories whose features W xi overflow float32 (|xi|^2 fits, |W xi|^2 does not)
            NDArray large = Fixtures.gaussian(nd, 5, 8, 2, DataType.FLOAT32).mul(5e18f);
            assertThatThrownBy(() -> UHop.memories(large).kernel(Kernel.linear()).stageOne(3))
                    .isInstanceOf(StageOneDivergedException.class)
                    .hasMessageContaining("step 0").hasMessageContaining("Phi(xi_");
        }
    }

    @Test
    void aKernelOfTheWrongWidthIsRefusedWhenItMeetsTheMemories() {
        try (NDManager nd = NDManager.newBaseManager()) {
            MemorySpec spec = UHop.memories(Fixtures.gaussian(nd, 6, 8, 1, DataType.FLOAT32));
            NDArray w = Fixtures.gaussian(nd, 4, 5, 2, DataType.FLOAT32);
            assertThatThrownBy(() -> spec.similarity(Similarity.kernel(w)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("W of Similarity.kernel(W) must have d = 8 columns like the patterns, got shape (4, 5)");
        }
    }

    @Test
    void arraysOfAClosedManagerAreNamed() {
        NDManager nd = NDManager.newBaseManager();
        NDManager other = NDManager.newBaseManager();
        try {
            NDArray xi = Fixtures.gaussian(nd, 6, 4, 1, DataType.FLOAT32);
            MemorySpec spec = UHop.memories(xi);
            NDArray q = Fixtures.gaussian(other, 2, 4, 2, DataType.FLOAT32);
            nd.close();
            assertThatThrownBy(() -> spec.retrieve(q)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("the memories is no longer usable: its NDManager was closed");
            assertThatThrownBy(() -> UHop.memories(xi)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("memories is no longer usable: its NDManager was closed");
        } finally {
            other.close();
        }
    }
}
