package org.uhopkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.uhopkit.Separation;
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

    @Test
    void theCheckpointConsumerGetsOnlyTheWantedRunsEachEqualToItsRunAlone() {
        try (NDManager nd = NDManager.newBaseManager()) {
            List<UHopSpec> specs = new java.util.ArrayList<>();
            for (int r = 0; r < 4; r++) {
                specs.add(UHop.memories(Fixtures.gaussian(nd, 7, 5, 10 + r, DataType.FLOAT64))
                        .kernel(Kernel.linear().seed(20 + r)).learningRate(0.2 + 0.1 * r));
            }
            int[] checkpoints = {2, 6, 9};
            boolean[][] wanted = {{true, false, false, true}, {false, true, false, false}, {true, true, true, false}};
            int[] seen = new int[1];
            UHopSpec.stageOneBatch(specs, checkpoints, wanted, (n, memories, failures) -> {
                int c = java.util.Arrays.binarySearch(checkpoints, n);
                for (int r = 0; r < specs.size(); r++) {
                    assertThat(failures.get(r)).isNull();
                    if (!wanted[c][r]) {
                        assertThat(memories.get(r)).isNull();
                        continue;
                    }
                    try (TrainedMemory alone = specs.get(r).stageOne(n)) {
                        assertSameMemory(memories.get(r), alone);
                    }
                    seen[0]++;
                }
                return false;
            });
            assertThat(seen[0]).isEqualTo(6);
        }
    }

    @Test
    void aRunThatDivergesLaterKeepsItsEarlierCheckpointsAsRunsAloneDo() {
        try (NDManager nd = NDManager.newBaseManager()) {
            LearningRate late = new LearningRate() { // sane for three steps, then far too large
                @Override
                public double at(int step) {
                    return step <= 3 ? 0.1 : 1e300;
                }
            };
            UHopSpec good = UHop.memories(Fixtures.gaussian(nd, 6, 5, 3, DataType.FLOAT64)).kernel(Kernel.linear());
            UHopSpec bad = UHop.memories(Fixtures.gaussian(nd, 6, 5, 4, DataType.FLOAT64))
                    .kernel(Kernel.linear().seed(5)).learningRate(late);
            boolean[][] all = {{true, true}, {true, true}};
            List<String> got = new java.util.ArrayList<>();
            UHopSpec.stageOneBatch(List.of(good, bad), new int[] {3, 8}, all, (n, memories, failures) -> {
                got.add(n + ":" + (memories.get(1) != null) + ":" + (failures.get(1) != null));
                assertThat(memories.get(0)).isNotNull();
                if (memories.get(1) != null) {
                    try (TrainedMemory alone = bad.stageOne(n)) {
                        assertSameMemory(memories.get(1), alone);
                    }
                }
                return false;
            });
            assertThat(got).containsExactly("3:true:false", "8:false:true");
            assertThatThrownBy(() -> bad.stageOne(8)).isInstanceOf(StageOneDivergedException.class);
        }
    }

    @Test
    void aBatchedRetrievalEqualsEachMemoryRetrievingAlone() {
        try (NDManager nd = NDManager.newBaseManager()) {
            List<UHopSpec> specs = new java.util.ArrayList<>();
            List<NDArray> queries = new java.util.ArrayList<>();
            for (int r = 0; r < 3; r++) {
                specs.add(UHop.memories(Fixtures.gaussian(nd, 8, 6, 30 + r, DataType.FLOAT64))
                        .kernel(Kernel.linear().seed(40 + r).dimension(7)).updateSteps(3).beta(0.7));
                queries.add(Fixtures.gaussian(nd, 5, 6, 50 + r, DataType.FLOAT64));
            }
            List<StageOneRun> runs = UHopSpec.stageOneBatch(specs, 4);
            List<TrainedMemory> mems = runs.stream().map(run -> run.at(4)).toList();
            for (Separation sep : new Separation[] {Separation.softmax(), Separation.sparsemax()}) {
                List<Retrieval> batched = TrainedMemory.retrieveAll(mems, queries, sep);
                assertThat(batched).hasSize(3);
                double firstOfRun0 = batched.get(0).states().toDoubleArray()[0];
                for (int r = 0; r < 3; r++) {
                    try (Retrieval alone = mems.get(r).stageTwo().separation(sep).retrieve(queries.get(r));
                            Retrieval b = batched.get(r)) {
                        assertThat(b.states().getShape()).isEqualTo(alone.states().getShape());
                        assertThat(b.states().toDoubleArray()).containsExactly(alone.states().toDoubleArray(),
                                within(1e-9));
                        assertThat(b.weights().toDoubleArray()).containsExactly(alone.weights().toDoubleArray(),
                                within(1e-9));
                        assertThat(b.stepsTaken()).isEqualTo(3);
                        assertThat(b.moves()).containsExactly(alone.moves(), within(1e-9));
                        double[][] eb = b.energyTrace();
                        double[][] ea = alone.energyTrace();
                        assertThat(eb.length).isEqualTo(4).isEqualTo(ea.length);
                        for (int k = 0; k < ea.length; k++) {
                            assertThat(eb[k]).containsExactly(ea[k], within(1e-9));
                        }
                        // the runs really differ (a batch that repeated one run would fail here)
                        if (r > 0) {
                            assertThat(b.states().toDoubleArray()[0])
                                    .isNotCloseTo(firstOfRun0, within(1e-6));
                        }
                    }
                }
            }
            assertThatThrownBy(() -> TrainedMemory.retrieveAll(mems, queries.subList(0, 2), Separation.softmax()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 memories and 2 query");
            runs.forEach(StageOneRun::close);
        }
    }

    @Test
    void lossTermsOfABatchEqualEachRowAloneBitForBitInFloat32() {
        // the terms of a batch of runs must be each run's own to the last bit (else batched float32 runs drift
        // from the runs alone): the losses' reductions, exp and log must not depend on the batch
        try (NDManager nd = NDManager.newBaseManager()) {
            java.util.Random random = new java.util.Random(3);
            for (int m : new int[] {3, 5, 6, 7, 10, 13}) {
                int runs = 40;
                float[] v = new float[runs * m * m];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (2 * random.nextDouble() - 1);
                }
                NDArray cos = nd.create(v, new ai.djl.ndarray.types.Shape(runs, m, m));
                NDArray off = org.uhopkit.internal.StageOne.offPairs(nd, m, DataType.FLOAT32);
                for (SeparationLoss loss : new SeparationLoss[] {SeparationLoss.average(), SeparationLoss.max()}) {
                    SeparationLoss.Terms all = loss.terms(cos, off, 2.0);
                    float[] values = all.value().toFloatArray();
                    float[] grads = all.pairGradient().toFloatArray();
                    for (int r = 0; r < runs; r++) {
                        SeparationLoss.Terms one = loss.terms(cos.get(r).expandDims(0), off, 2.0);
                        assertThat(Float.floatToIntBits(one.value().toFloatArray()[0])).as("m %d run %d", m, r)
                                .isEqualTo(Float.floatToIntBits(values[r]));
                        assertThat(one.pairGradient().toFloatArray()).as("m %d run %d", m, r)
                                .containsExactly(java.util.Arrays.copyOfRange(grads, r * m * m, (r + 1) * m * m));
                    }
                }
            }
        }
    }

    @Test
    void aFloat32BatchGivesEachRunsOwnBitsAndTheLargestEntryFlagsNonFiniteW() {
        try (NDManager nd = NDManager.newBaseManager()) {
            List<UHopSpec> specs = new java.util.ArrayList<>();
            for (int r = 0; r < 5; r++) {
                specs.add(UHop.memories(Fixtures.gaussian(nd, 12, 9, 60 + r, DataType.FLOAT32))
                        .kernel(Kernel.linear().seed(70 + r)).learningRate(0.5));
            }
            List<StageOneRun> runs = UHopSpec.stageOneBatch(specs, 0, 25);
            for (int r = 0; r < specs.size(); r++) {
                for (int n : new int[] {0, 25}) {
                    try (TrainedMemory alone = specs.get(r).stageOne(n)) {
                        assertThat(runs.get(r).at(n).w().toFloatArray()).containsExactly(alone.w().toFloatArray());
                        assertThat(runs.get(r).at(n).lossTrace()).containsExactly(alone.lossTrace());
                    }
                }
                runs.get(r).close();
            }
            // the engine's finiteness check: the largest |entry| is NaN or infinite exactly when an entry is
            NDArray w = nd.create(new float[] {1, -2, 3, 4, Float.NaN, 5, -7, Float.NEGATIVE_INFINITY, 0, 1, 2, 3},
                    new ai.djl.ndarray.types.Shape(3, 2, 2));
            assertThat(w.abs().max(new int[] {-1}).max(new int[] {-1}).toFloatArray())
                    .containsExactly(4f, Float.NaN, 3f);
        }
    }

    @Test
    void runsOfBothStateFormsInOneBatchEachGiveTheirOwnBitsAsAlone() {
        // the state form is chosen per run from its own features: a Cholesky factor of P0^T P0 (D > m, independent
        // memories) or the features themselves (D <= m, or dependent memories); a batch mixing both must give every
        // run exactly what it gives alone, in float32 bit for bit and in float64
        for (DataType type : List.of(DataType.FLOAT32, DataType.FLOAT64)) {
            try (NDManager nd = NDManager.newBaseManager()) {
                List<UHopSpec> specs = new java.util.ArrayList<>();
                for (int r = 0; r < 4; r++) {
                    double[][] x = Fixtures.gaussian(5, 9, 80 + r);
                    if (r % 2 == 1) {
                        x[4] = x[1].clone(); // a repeated memory: P0^T P0 is singular
                    }
                    specs.add(UHop.memories(Fixtures.matrix(nd, x, type)).kernel(Kernel.linear().seed(90 + r))
                            .learningRate(0.5));
                }
                List<StageOneRun> runs = UHopSpec.stageOneBatch(specs, 0, 4, 25);
                for (int r = 0; r < specs.size(); r++) {
                    for (int n : new int[] {0, 4, 25}) {
                        try (TrainedMemory alone = specs.get(r).stageOne(n)) {
                            assertThat(runs.get(r).at(n).w().toType(DataType.FLOAT64, true).toDoubleArray())
                                    .as("run %d at N = %d, %s", r, n, type)
                                    .containsExactly(alone.w().toType(DataType.FLOAT64, true).toDoubleArray());
                            assertThat(runs.get(r).at(n).lossTrace()).containsExactly(alone.lossTrace());
                        }
                    }
                    assertThat(runs.get(r).at(25).lossTrace()[25]).isLessThan(runs.get(r).at(25).lossTrace()[0]);
                    runs.get(r).close();
                }
            }
        }
    }
}
