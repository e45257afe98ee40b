package org.uhopkit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every public operation leaves only its result behind in the caller's manager. */
class NativeMemoryTest {

    private static final List<Separation> SEPARATIONS = List.of(Separation.softmax(), Separation.sparsemax(),
            Separation.entmax(1.5), Separation.entmax(1.3), Separation.polynomial(10), Separation.argmax());

    @Test
    void retrievalLeavesOnlyStatesAndWeights() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 8, 5, 1, DataType.FLOAT32);
            NDArray q = Fixtures.gaussian(nd, 3, 5, 2, DataType.FLOAT32);
            for (Similarity sim : List.of(Similarity.dot(), Similarity.negativeEuclidean(),
                    Similarity.negativeManhattan())) {
                for (Separation sep : SEPARATIONS) {
                    int before = nd.getManagedArrays().size();
                    Retrieval r = UHop.memories(xi).similarity(sim).separation(sep).updateSteps(3).retrieve(q);
                    assertThat(nd.getManagedArrays()).as(sim + " " + sep).hasSize(before + 2);
                    r.close();
                    assertThat(nd.getManagedArrays()).hasSize(before);
                }
            }
        }
    }

    @Test
    void separationsLeaveOnlyTheirWeightsAndConjugates() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray scores = Fixtures.gaussian(nd, 4, 9, 7, DataType.FLOAT64);
            for (Separation sep : List.of(Separation.softmax(), Separation.sparsemax(), Separation.entmax(1.5),
                    Separation.entmax(1.3), Separation.entmax(2.0), Separation.polynomial(10), Separation.argmax())) {
                int before = nd.getManagedArrays().size();
                sep.weights(scores);
                if (sep.hasEnergy()) {
                    sep.conjugate(scores);
                }
                assertThat(nd.getManagedArrays()).as(sep.toString()).hasSize(before + (sep.hasEnergy() ? 2 : 1));
            }
        }
    }

    @Test
    void stageOneLeavesOnlyTheTrainedMemoryAndItIsFreedOnClose() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 8, 5, 1, DataType.FLOAT32);
            for (SeparationLoss loss : List.of(SeparationLoss.average(), SeparationLoss.max(),
                    SeparationLoss.deepLearning())) {
                TrainedMemory mem = UHop.memories(xi).kernel(Kernel.linear()).loss(loss).trainingFraction(0.5)
                        .stageOne(5);
                // getManagedArrays() counts sub-managers too: xi plus the memory's W, W^T and A Xi^T
                assertThat(nd.getManagedArrays()).hasSize(4);
                NDArray q = Fixtures.gaussian(nd, 2, 5, 3, DataType.FLOAT32);
                Retrieval r = mem.retrieve(q);
                mem.energy(q);
                mem.stageTwo().separation(Separation.sparsemax()).retrieve(q).close();
                assertThat(nd.getManagedArrays()).hasSize(7); // the 4 above, q, states, weights
                r.close();
                q.close();
                mem.close();
                assertThat(nd.getManagedArrays()).hasSize(1);
            }
        }
    }

    @Test
    void aOneLinerTrainedMemoryBelongsToTheMemoriesManager() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 6, 4, 1, DataType.FLOAT32);
            NDArray q = Fixtures.gaussian(nd, 2, 4, 2, DataType.FLOAT32);
            NDManager memoriesManager = xi.getManager();
            Retrieval r = UHop.memories(xi).kernel(Kernel.linear()).stageOne(3).retrieve(q);
            assertThat(r.states().getShape().get(0)).isEqualTo(2);
            // the trained memory's manager is a child of the memories' manager: closing nd frees it
            assertThat(memoriesManager.isOpen()).isTrue();
        }
    }

    @Test
    void lossGradientEnergyAndSeparationsLeaveOnlyTheirResults() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 6, 4, 1, DataType.FLOAT64);
            NDArray w = Fixtures.gaussian(nd, 5, 4, 2, DataType.FLOAT64);
            int before = nd.getManagedArrays().size();
            SeparationLoss.average().valueAndGradient(w, xi, 2).close();
            UHop.memories(xi).energy(xi);
            UHop.memories(xi).similarity(Similarity.kernel(w)).retrieve(xi).close();
            UHop.memories(xi).similarity(Similarity.kernel(w)).energy(xi);
            assertThat(nd.getManagedArrays()).hasSize(before);
        }
    }
}
