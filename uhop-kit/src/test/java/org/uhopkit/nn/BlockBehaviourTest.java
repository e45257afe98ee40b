package org.uhopkit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.uhopkit.Fixtures;
import org.uhopkit.Retrieval;
import org.uhopkit.Separation;
import org.uhopkit.UHop;

/** Masks, early stopping, dropout, output shapes and native memory of the Hopfield block. */
class BlockBehaviourTest {

    @BeforeAll
    static void oneTorchThread() {
        org.uhopkit.experiments.TorchThreads.set(1); // small arrays: one thread is faster and leaves the other core free
    }

    private static NDList run(HopfieldBlock block, NDManager nd, NDList in, boolean training) {
        return block.forward(new ParameterStore(nd, false), in, training);
    }

    @Test
    void aPaddingMaskIgnoresThePaddedStoredPatternsExactly() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray r = Fixtures.gaussian(nd, 3, 4, 1, DataType.FLOAT64).reshape(1, 3, 4);
            NDArray y = Fixtures.gaussian(nd, 6, 4, 2, DataType.FLOAT64).reshape(1, 6, 4);
            NDArray pad = nd.create(new boolean[] {false, false, false, false, true, true}, new Shape(1, 6));
            for (Separation sep : RetrievalEquivalenceTest.separations()) {
                HopfieldBlock block = HopfieldBlock.builder().heads(2).kernel(FeatureMap.linear()).separation(sep)
                        .seed(1).build();
                block.initialize(nd, DataType.FLOAT64, r.getShape(), y.getShape());
                NDArray masked = run(block, nd, HopfieldBlock.inputs(r, y).paddingMask(pad).toList(), false).head();
                NDArray cut = run(block, nd, new NDList(r, y.get(new NDIndex(":, :4, :"))), false).head();
                RetrievalEquivalenceTest.assertClose(masked, cut, 1e-12, sep + " padding");
            }
        }
    }

    @Test
    void aCausalAssociationMaskRetrievesFromThePrefixOnly() {
        int l = 5;
        int d = 3;
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = Fixtures.gaussian(nd, l, d, 3, DataType.FLOAT64);
            boolean[] causal = new boolean[l * l];
            for (int i = 0; i < l; i++) {
                for (int j = i + 1; j < l; j++) {
                    causal[i * l + j] = true;
                }
            }
            NDArray mask = nd.create(causal, new Shape(l, l));
            for (Separation sep : RetrievalEquivalenceTest.separations()) {
                HopfieldBlock block = HopfieldBlock.builder().separation(sep).beta(2.0).withoutProjections().build();
                NDArray x3 = x.expandDims(0);
                block.initialize(nd, DataType.FLOAT64, x3.getShape(), x3.getShape());
                NDArray out = run(block, nd, HopfieldBlock.inputs(x3, x3).associationMask(mask).toList(), false).head();
                for (int i = 0; i < l; i++) {
                    NDArray prefix = x.get(new NDIndex(":" + (i + 1)));
                    try (Retrieval ref = UHop.memories(prefix).separation(RetrievalEquivalenceTest.reference(sep)).beta(2.0)
                            .retrieve(x.get(new NDIndex(i + ":" + (i + 1))))) {
                        RetrievalEquivalenceTest.assertClose(out.get(new NDIndex("0, " + i + ":" + (i + 1))),
                                ref.states(), 1e-12, sep + " query " + i);
                    }
                }
            }
        }
    }

    @Test
    void aRowWithEveryStoredPatternMaskedIsRefusedNamingIt() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray r = Fixtures.gaussian(nd, 4, 3, 1, DataType.FLOAT32).reshape(2, 2, 3);
            NDArray y = Fixtures.gaussian(nd, 4, 3, 2, DataType.FLOAT32).reshape(2, 2, 3);
            NDArray pad = nd.create(new boolean[] {false, false, true, true}, new Shape(2, 2));
            HopfieldBlock block = HopfieldBlock.builder().build();
            block.initialize(nd, DataType.FLOAT32, r.getShape(), y.getShape());
            assertThatThrownBy(() -> run(block, nd, HopfieldBlock.inputs(r, y).paddingMask(pad).toList(), false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("every stored pattern is masked for a query (batch 1, head 0, query 0): the separation "
                            + "of an empty row is undefined");
            NDArray floatMask = nd.zeros(new Shape(2, 2));
            assertThatThrownBy(() -> run(block, nd, HopfieldBlock.inputs(r, y).paddingMask(floatMask).toList(), false))
                    .hasMessage("padding mask must be boolean (true = ignore), got float32");
        }
    }

    @Test
    void updateStepsWithToleranceStopLikeTheRetrievalDynamics() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray q = Fixtures.gaussian(nd, 4, 5, 1, DataType.FLOAT64);
            NDArray xi = Fixtures.gaussian(nd, 9, 5, 2, DataType.FLOAT64);
            for (double tol : new double[] {1e-3, 0.5}) {
                HopfieldBlock block = HopfieldBlock.builder().beta(3.0).updateSteps(20).tolerance(tol)
                        .withoutProjections().build();
                block.initialize(nd, DataType.FLOAT64, new Shape(1, 4, 5), new Shape(1, 9, 5));
                NDArray out = run(block, nd, new NDList(q.expandDims(0), xi.expandDims(0)), false).head();
                try (Retrieval ref = UHop.memories(xi).beta(3.0).updateSteps(20).tolerance(tol).retrieve(q)) {
                    assertThat(ref.stepsTaken()).isLessThan(20);
                    RetrievalEquivalenceTest.assertClose(out.get(0), ref.states(), 1e-10, "tolerance " + tol);
                }
            }
        }
    }

    @Test
    void dropoutActsInTrainingOnlyAndOutputsHaveTheDocumentedShapes() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray r = Fixtures.gaussian(nd, 6, 8, 1, DataType.FLOAT32).reshape(2, 3, 8);
            NDArray y = Fixtures.gaussian(nd, 10, 8, 2, DataType.FLOAT32).reshape(2, 5, 8);
            HopfieldBlock block = HopfieldBlock.builder().heads(4).outputSize(7).dropout(0.5).returnAssociation(true)
                    .build();
            block.initialize(nd, DataType.FLOAT32, r.getShape(), y.getShape());
            assertThat(block.getOutputShapes(new Shape[] {r.getShape(), y.getShape()}))
                    .containsExactly(new Shape(2, 3, 7), new Shape(2, 4, 3, 5));
            NDList a = run(block, nd, new NDList(r, y), false);
            NDList b = run(block, nd, new NDList(r, y), false);
            assertThat(a.head().getShape()).isEqualTo(new Shape(2, 3, 7));
            assertThat(a.get(1).getShape()).isEqualTo(new Shape(2, 4, 3, 5));
            assertThat(a.head().toFloatArray()).isEqualTo(b.head().toFloatArray());
            // rows of the association are on the simplex
            float[] rowSums = a.get(1).sum(new int[] {-1}).toFloatArray();
            for (float s : rowSums) {
                assertThat((double) s).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            }
            Engine.getInstance().setRandomSeed(1);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray t = run(block, nd, new NDList(r, y), true).head();
                assertThat(t.toFloatArray()).isNotEqualTo(a.head().toFloatArray());
            }
        }
    }

    @Test
    void aForwardPassLeavesOnlyItsOutputsInTheInputsManager() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray r = Fixtures.gaussian(nd, 6, 8, 1, DataType.FLOAT32).reshape(2, 3, 8);
            NDArray y = Fixtures.gaussian(nd, 10, 8, 2, DataType.FLOAT32).reshape(2, 5, 8);
            NDArray pad = nd.create(new boolean[10], new Shape(2, 5));
            for (boolean association : new boolean[] {false, true}) {
                HopfieldBlock block = HopfieldBlock.builder().heads(2).kernel(FeatureMap.linear().bias(true))
                        .separation(Separation.entmax(1.5)).normalizeStored(true).updateSteps(3).dropout(0.1)
                        .returnAssociation(association).build();
                block.initialize(nd, DataType.FLOAT32, r.getShape(), y.getShape());
                NDList in = HopfieldBlock.inputs(r, y).paddingMask(pad).toList();
                for (boolean training : new boolean[] {false, true}) {
                    try (NDManager store = NDManager.newBaseManager()) {
                        int before = nd.getManagedArrays().size();
                        NDList out = block.forward(new ParameterStore(store, false), in, training);
                        assertThat(nd.getManagedArrays()).as("training " + training)
                                .hasSize(before + (association ? 2 : 1));
                        out.close();
                        assertThat(store.getManagedArrays()).isEmpty();
                    }
                }
            }
        }
    }
}
