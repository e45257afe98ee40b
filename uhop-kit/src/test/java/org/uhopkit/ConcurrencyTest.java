package org.uhopkit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * One spec or trained memory shared by many threads: every result equals the single-threaded one, and the
 * memories (and a shared query array) are still usable afterwards. The kit once moved the memories into each
 * call's scratch manager; four threads then freed them under each other or crashed libtorch.
 */
class ConcurrencyTest {

    private static final int THREADS = 6;
    private static final int CALLS = 250;

    @Test
    void specsAndTrainedMemoriesAreSafeToShare() throws Exception {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 32, 24, 1, DataType.FLOAT32);
            NDArray shared = Fixtures.gaussian(nd, 5, 24, 99, DataType.FLOAT32);
            MemorySpec spec = UHop.memories(xi).separation(Separation.entmax(1.5)).beta(0.5).updateSteps(2);
            try (TrainedMemory mem = UHop.memories(xi).kernel(Kernel.linear()).stageOne(10)) {
                double[][] expectSpec = Fixtures.rows(spec.retrieve(shared).states());
                double[][] expectMem = Fixtures.rows(mem.retrieve(shared).states());
                double[] expectEnergy = spec.energy(shared);
                double[][][] ownQueries = new double[THREADS][][];
                double[][][] ownExpected = new double[THREADS][][];
                for (int k = 0; k < THREADS; k++) {
                    ownQueries[k] = Fixtures.gaussian(3, 24, 1000 + k);
                    ownExpected[k] = Fixtures.rows(mem.retrieve(Fixtures.matrix(nd, ownQueries[k], DataType.FLOAT32))
                            .states());
                }
                ExecutorService pool = Executors.newFixedThreadPool(THREADS);
                try {
                    List<Future<Integer>> done = new ArrayList<>();
                    for (int k = 0; k < THREADS; k++) {
                        int id = k;
                        Callable<Integer> work = () -> {
                            int checked = 0;
                            try (NDManager mine = NDManager.newBaseManager()) {
                                NDArray q = Fixtures.matrix(mine, ownQueries[id], DataType.FLOAT32);
                                for (int c = 0; c < CALLS; c++) {
                                    try (NDManager call = mine.newSubManager()) {
                                        NDArray local = q.duplicate();
                                        local.attach(call);
                                        switch (c % 4) {
                                            case 0 -> assertThat(Fixtures.rows(spec.retrieve(shared).states()))
                                                    .isDeepEqualTo(expectSpec);
                                            case 1 -> assertThat(Fixtures.rows(mem.retrieve(shared).states()))
                                                    .isDeepEqualTo(expectMem);
                                            case 2 -> assertThat(spec.energy(shared)).containsExactly(expectEnergy);
                                            default -> assertThat(Fixtures.rows(mem.retrieve(local).states()))
                                                    .isDeepEqualTo(ownExpected[id]);
                                        }
                                        checked++;
                                    }
                                }
                            }
                            return checked;
                        };
                        done.add(pool.submit(work));
                    }
                    int total = 0;
                    for (Future<Integer> f : done) {
                        total += f.get();
                    }
                    assertThat(total).isEqualTo(THREADS * CALLS);
                } finally {
                    pool.shutdownNow();
                }
                // everything the threads shared is still there and still gives the same answers
                assertThat(xi.isReleased()).isFalse();
                assertThat(shared.isReleased()).isFalse();
                assertThat(xi.getManager()).isSameAs(nd);
                assertThat(shared.getManager()).isSameAs(nd);
                assertThat(Fixtures.rows(spec.retrieve(shared).states())).isDeepEqualTo(expectSpec);
                assertThat(Fixtures.rows(mem.retrieve(shared).states())).isDeepEqualTo(expectMem);
            }
        }
    }
}
