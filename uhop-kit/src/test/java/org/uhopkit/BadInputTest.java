package org.uhopkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class BadInputTest {

    private static void rejects(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void queryWidthMustMatchMemories() {
        try (NDManager nd = NDManager.newBaseManager()) {
            MemorySpec spec = UHop.memories(Fixtures.gaussian(nd, 16, 8, 1, DataType.FLOAT32));
            rejects(() -> spec.retrieve(Fixtures.gaussian(nd, 2, 5, 2, DataType.FLOAT32)),
                    "query must have d = 8 columns like the memories, got shape (2, 5)");
            rejects(() -> spec.retrieve(nd.zeros(new Shape(8))),
                    "query must be a matrix with one pattern per row, got shape (8)");
            rejects(() -> spec.retrieve(Fixtures.gaussian(nd, 2, 8, 2, DataType.FLOAT64)),
                    "query must have the memories' data type float32, got float64");
        }
    }

    @Test
    void memoriesMustBeANonEmptyFiniteMatrix() {
        try (NDManager nd = NDManager.newBaseManager()) {
            rejects(() -> UHop.memories(nd.zeros(new Shape(0, 4))), "memories must not be empty, got shape (0, 4)");
            rejects(() -> UHop.memories(nd.zeros(new Shape(3))),
                    "memories must be a matrix with one pattern per row, got shape (3)");
            rejects(() -> UHop.memories(null), "memories must not be null");
            NDArray withInf = Fixtures.matrix(nd, new double[][] {{1, 2}, {3, Double.POSITIVE_INFINITY}},
                    DataType.FLOAT64);
            rejects(() -> UHop.memories(withInf), "memories must be finite, got Infinity at row 1, column 1");
        }
    }

    @Test
    void queriesMustBeFinite() {
        try (NDManager nd = NDManager.newBaseManager()) {
            MemorySpec spec = UHop.memories(nd.eye(3, 3, 0, DataType.FLOAT32));
            NDArray q = Fixtures.matrix(nd, new double[][] {{0, Double.NaN, 0}}, DataType.FLOAT32);
            rejects(() -> spec.retrieve(q), "query must be finite, got NaN at row 0, column 1");
        }
    }

    @Test
    void settingsAreCheckedWhereTheyEnter() {
        try (NDManager nd = NDManager.newBaseManager()) {
            MemorySpec spec = UHop.memories(nd.eye(3, 3, 0, DataType.FLOAT32));
            rejects(() -> spec.beta(Double.NaN), "beta must be positive and finite, got NaN");
            rejects(() -> spec.beta(0), "beta must be positive and finite, got 0.0");
            rejects(() -> spec.beta(Double.POSITIVE_INFINITY), "beta must be positive and finite, got Infinity");
            rejects(() -> spec.updateSteps(0), "T (update steps) must be at least 1, got 0");
            rejects(() -> spec.tolerance(-1), "tolerance must be non-negative and finite, got -1.0");
            rejects(() -> Separation.entmax(2.5), "alpha must be in [1, 2], got 2.5");
            rejects(() -> Separation.entmax(0.99), "alpha must be in [1, 2], got 0.99");
            rejects(() -> Separation.entmax(Double.NaN), "alpha must be in [1, 2], got NaN");
            rejects(() -> Separation.polynomial(0), "polynomial order must be at least 1, got 0");
            rejects(() -> Kernel.linear().dimension(0), "D_Phi must be at least 1, got 0");
            UHopSpec u = spec.kernel(Kernel.linear());
            rejects(() -> u.stageOne(-1), "N (Stage I steps) must be at least 0, got -1");
            rejects(() -> u.lossScale(0), "t must be positive and finite, got 0.0");
            rejects(() -> u.lossScale(Double.NaN), "t must be positive and finite, got NaN");
            rejects(() -> u.learningRate(0), "learning rate must be positive and finite, got 0.0");
            rejects(() -> u.learningRate(-0.5), "learning rate must be positive and finite, got -0.5");
            rejects(() -> u.learningRate(LearningRate.authorsDecay(Double.NaN)),
                    "learning rate must be positive and finite, got NaN");
            rejects(() -> u.beta(-1), "beta must be positive and finite, got -1.0");
            rejects(() -> u.trainingFraction(0), "training fraction must be in (0, 1], got 0.0");
            rejects(() -> u.kernel(Kernel.identity().dimension(5)).stageOne(1),
                    "the identity kernel needs D_Phi = d = 3, got D_Phi = 5");
            rejects(() -> UHop.memories(nd.ones(new Shape(1, 3))).kernel(Kernel.linear()).stageOne(1),
                    "Stage I needs at least 2 memories to separate, got 1 (M = 1)");
        }
    }

    @Test
    void aClosedTrainedMemoryRefusesWork() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 4, 3, 1, DataType.FLOAT32);
            TrainedMemory mem = UHop.memories(xi).kernel(Kernel.linear()).stageOne(2);
            MemorySpec view = mem.stageTwo();
            mem.close();
            assertThatThrownBy(() -> mem.retrieve(xi)).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("this trained memory is closed");
            assertThatThrownBy(() -> view.retrieve(xi)).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("this trained memory is closed");
            assertThatThrownBy(mem::w).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void energyNeedsAnInnerProductAndAnEntropicSeparation() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = nd.eye(3, 3, 0, DataType.FLOAT32);
            assertThatThrownBy(() -> UHop.memories(xi).similarity(Similarity.negativeManhattan()).energy(xi))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("inner-product similarity");
        }
    }
}
