package org.uhopkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batched and checkpointed Stage I against separate runs of the per-run path (float64, 1e-9). */
class StageOneBatchTest {

    private static void assertSameMemory(TrainedMemory batched, TrainedMemory alone) {
        assertThat(batched.stageOneSteps()).isEqualTo(alone.stageOneSteps());
        assertThat(batched.w().toDoubleArray()).containsExactly(alone.w().toDoubleArray(), within(1e-9));
        assertThat(batched.lossTrace()).containsExactly(alone.lossTrace(), within(1e-9));
        assertThat(batched.learningRates()).containsExactly(alone.learningRates());
        assertThat(batched.lossAfterNormalisation()).isCloseTo(alone.lossAfterNormalisation(), within(1e-9));
    }

    @Test
    void aBatchOfRunsEqualsEachRunAloneAtEveryCheckpoint() {
        try (NDManager nd = NDManager.newBaseManager()) {
            List<UHopSpec> specs = List.of(
                    UHop.memories(Fixtures.gaussian(nd, 8, 6, 1, DataType.FLOAT64)).kernel(Kernel.linear().seed(1)),
                    UHop.memories(Fixtures.gaussian(nd, 8, 6, 2, DataType.FLOAT64)).kernel(Kernel.linear().seed(2))
                            .learningRate(0.3),
                    UHop.memories(Fixtures.gaussian(nd, 8, 6, 3, DataType.FLOAT64)).kernel(Kernel.linear().seed(3))
                            .learningRate(LearningRate.authorsDecay(1.0)));
            int[] checkpoints = {0, 3, 10};
            List<StageOneRun> runs = UHopSpec.stageOneBatch(specs, checkpoints);
            assertThat(runs).hasSize(3);
            for (int i = 0; i < specs.size(); i++) {
                assertThat(runs.get(i).diverged()).isFalse();
                for (int n : checkpoints) {
                    try (TrainedMemory alone = specs.get(i).stageOne(n)) {
                        assertSameMemory(runs.get(i).at(n), alone);
                    }
                }
                runs.get(i).close();
            }
        }
    }

    @Test
    void aDivergedRunDoesNotDisturbTheOthers() {
        try (NDManager nd = NDManager.newBaseManager()) {
            double[][] rows = Fixtures.gaussian(6, 5, 7);
            rows[4] = new double[5];
            UHopSpec good = UHop.memories(Fixtures.gaussian(nd, 6, 5, 8, DataType.FLOAT64)).kernel(Kernel.linear());
            UHopSpec bad = UHop.memories(Fixtures.matrix(nd, rows, DataType.FLOAT64)).kernel(Kernel.linear());
            List<StageOneRun> runs = UHopSpec.stageOneBatch(List.of(good, bad), 5);
            assertThat(runs.get(1).diverged()).isTrue();
            assertThat(runs.get(1).failure()).hasMessageContaining("memory row 4 is all zeros");
            assertThat(runs.get(1).atCheckpoints()).isEmpty();
            try (TrainedMemory alone = good.stageOne(5)) {
                assertSameMemory(runs.get(0).at(5), alone);
            }
        }
    }

    @Test
    void specsThatCannotShareABatchAreNamed() {
        try (NDManager nd = NDManager.newBaseManager()) {
            UHopSpec a = UHop.memories(Fixtures.gaussian(nd, 6, 5, 1, DataType.FLOAT64)).kernel(Kernel.linear());
            UHopSpec b = a.lossScale(3);
            assertThatThrownBy(() -> UHopSpec.stageOneBatch(List.of(a, b), 5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("specs of one Stage I batch must share the t: specs[0] has 2.0, specs[1] has 3.0");
            assertThatThrownBy(() -> a.stageOneAt(5, 3)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("checkpoints must be strictly increasing, got [5, 3]");
        }
    }
}
