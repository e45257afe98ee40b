package org.uhopkit.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.uhopkit.Fixtures;
import org.uhopkit.Kernel;
import org.uhopkit.Retrieval;
import org.uhopkit.Separation;
import org.uhopkit.Similarity;
import org.uhopkit.TrainedMemory;
import org.uhopkit.UHop;

/** Without projections a Hopfield block is the retrieval dynamics of eq. (2.4): it equals the kit's retrieval. */
class RetrievalEquivalenceTest {

    @BeforeAll
    static void oneTorchThread() {
        org.uhopkit.experiments.TorchThreads.set(1); // small arrays: one thread is faster and leaves the other core free
    }

    static List<Separation> separations() {
        return List.of(Separation.softmax(), Separation.sparsemax(), Separation.entmax(1.5), Separation.entmax(1.3),
                Separation.learnableEntmax(1.4));
    }

    /** The separation the kit's retrieval uses as the reference (a learnable entmax at its initial alpha). */
    static Separation reference(Separation sep) {
        return sep instanceof Separation.LearnableEntmax le ? Separation.entmax(le.initialAlpha()) : sep;
    }

    @Test
    void theIssueExampleWorksAsWritten() {
        int B = 4;
        int M = 10;
        int d = 6;
        try (NDManager outer = NDManager.newBaseManager()) {
            NDArray queries = Fixtures.gaussian(outer, B, d, 1, DataType.FLOAT32);
            NDArray memories = Fixtures.gaussian(outer, M, d, 2, DataType.FLOAT32);
            NDArray expected = UHop.memories(memories).separation(Separation.sparsemax()).retrieve(queries).states();
            float[] got;
            // --- the issue's code, verbatim ---
            try (NDManager nd = NDManager.newBaseManager()) {
                // without projections a Hopfield block is one step of eq. (2.4): it equals the kit's retrieval
                HopfieldBlock block = HopfieldBlock.builder().separation(Separation.sparsemax()).beta(1.0)
                        .withoutProjections().build();
                block.initialize(nd, DataType.FLOAT32, new Shape(1, B, d), new Shape(1, M, d));
                NDArray out = block.forward(new ParameterStore(nd, false),
                        new NDList(queries.expandDims(0), memories.expandDims(0)), false).head();  // (1, B, d)
                // == UHop.memories(memories).separation(Separation.sparsemax()).retrieve(queries).states()
                assertThat(out.getShape()).isEqualTo(new Shape(1, B, d));
                got = out.toFloatArray();
            }
            float[] want = expected.toFloatArray();
            for (int i = 0; i < want.length; i++) {
                assertThat((double) got[i]).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void withoutProjectionsTheBlockEqualsRetrievalForEverySeparationOnBatchedInputs() {
        int nb = 3;
        int b = 5;
        int m = 7;
        int d = 4;
        try (NDManager nd = NDManager.newBaseManager()) {
            List<NDArray> qs = new ArrayList<>();
            List<NDArray> ms = new ArrayList<>();
            for (int i = 0; i < nb; i++) {
                qs.add(Fixtures.gaussian(nd, b, d, 10 + i, DataType.FLOAT64));
                ms.add(Fixtures.gaussian(nd, m, d, 20 + i, DataType.FLOAT64));
            }
            NDArray r = NDArrays.stack(new NDList(qs));
            NDArray y = NDArrays.stack(new NDList(ms));
            for (Separation sep : separations()) {
                for (int steps : new int[] {1, 3}) {
                    HopfieldBlock block = HopfieldBlock.builder().separation(sep).beta(0.7).updateSteps(steps)
                            .withoutProjections().build();
                    block.initialize(nd, DataType.FLOAT64, r.getShape(), y.getShape());
                    NDArray out = block.forward(new ParameterStore(nd, false), new NDList(r, y), false).head();
                    for (int i = 0; i < nb; i++) {
                        try (Retrieval ref = UHop.memories(ms.get(i)).separation(reference(sep)).beta(0.7)
                                .updateSteps(steps).trackEnergy(false)
                                .retrieve(qs.get(i))) {
                            assertClose(out.get(i), ref.states(), 1e-9, sep + ", T = " + steps + ", batch " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void withTheKernelOfATrainedMemoryTheBlockEqualsTheTrainedRetrieval() {
        int nb = 2;
        int b = 4;
        int m = 6;
        int d = 5;
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, m, d, 3, DataType.FLOAT64);
            NDArray other = Fixtures.gaussian(nd, m, d, 4, DataType.FLOAT64);
            NDArray q0 = Fixtures.gaussian(nd, b, d, 5, DataType.FLOAT64);
            NDArray q1 = Fixtures.gaussian(nd, b, d, 6, DataType.FLOAT64);
            try (TrainedMemory mem = UHop.memories(xi).kernel(Kernel.linear().dimension(8)).stageOne(20)) {
                FeatureMap phi = FeatureMap.of(mem);
                NDArray r = NDArrays.stack(new NDList(q0, q1));
                NDArray y = NDArrays.stack(new NDList(xi, other));
                for (Separation sep : separations()) {
                    HopfieldBlock block = HopfieldBlock.builder().separation(sep).beta(0.5).kernel(phi)
                            .withoutProjections().build();
                    block.initialize(nd, DataType.FLOAT64, r.getShape(), y.getShape());
                    NDArray out = block.forward(new ParameterStore(nd, false), new NDList(r, y), false).head();
                    try (Retrieval ref = mem.stageTwo().separation(reference(sep)).beta(0.5).retrieve(q0)) {
                        assertClose(out.get(0), ref.states(), 1e-9, sep + " on the trained memory");
                    }
                    // the same kernel on other memories: eq. (2.4) with K(u, v) = <Wu, Wv>
                    try (Retrieval ref = UHop.memories(other).similarity(Similarity.kernel(mem.w())).separation(reference(sep))
                            .beta(0.5).retrieve(q1)) {
                        assertClose(out.get(1), ref.states(), 1e-9, sep + " on other memories");
                    }
                }
            }
        }
    }

    static void assertClose(NDArray got, NDArray want, double tol, String what) {
        assertThat(got.getShape()).as(what).isEqualTo(want.getShape());
        double[] g = got.toType(DataType.FLOAT64, true).toDoubleArray();
        double[] w = want.toType(DataType.FLOAT64, true).toDoubleArray();
        double max = 0;
        for (int i = 0; i < g.length; i++) {
            max = Math.max(max, Math.abs(g[i] - w[i]));
        }
        assertThat(max).as(what).isLessThanOrEqualTo(tol);
    }
}
