package org.uhopkit.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.uhopkit.Fixtures;
import org.uhopkit.data.ImageSet;

/** The plain Hopfield block is an attention replacement; image patches are cut as documented. */
class AttentionAndPatchesTest {

    @BeforeAll
    static void oneTorchThread() {
        org.uhopkit.experiments.TorchThreads.set(1);
    }

    @Test
    void withoutAKernelTheBlockIsDjlsScaledDotProductAttentionWithTheSameWeights() {
        int e = 16;
        int heads = 4;
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = Fixtures.gaussian(nd, 2 * 5, e, 1, DataType.FLOAT32).reshape(2, 5, e);
            ScaledDotProductAttentionBlock attention = ScaledDotProductAttentionBlock.builder().setEmbeddingSize(e)
                    .setHeadCount(heads).build();
            attention.initialize(nd, DataType.FLOAT32, x.getShape());
            HopfieldBlock block = HopfieldBlock.builder().heads(heads).seed(9).build();
            block.initialize(nd, DataType.FLOAT32, x.getShape(), x.getShape());
            block.copyProjectionsFrom(attention);
            float[] want = attention.forward(new ParameterStore(nd, false), new NDList(x), false).head().toFloatArray();
            float[] got = block.forward(new ParameterStore(nd, false), new NDList(x, x), false).head().toFloatArray();
            assertThat(got).hasSameSizeAs(want);
            for (int i = 0; i < got.length; i++) {
                assertThat((double) got[i]).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    void patchesAreCutRowMajorWithChannelsFirstInEachPatch() {
        // one 4 x 4 image with 3 channels: pixel value encodes (channel, y, x)
        byte[] px = new byte[3 * 4 * 4];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    px[(c * 4 + y) * 4 + x] = (byte) (c * 16 + y * 4 + x);
                }
            }
        }
        ImageSet set = new ImageSet("synthetic", px, new int[] {0}, 4, 4, 3, Map.of());
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray p = ImagePatches.of(nd, set, new int[] {0}, 2, DataType.FLOAT64);
            assertThat(p.getShape()).isEqualTo(new Shape(1, 4, 12));
            double[] v = p.toDoubleArray();
            // patch 1 is the top-right 2 x 2 block: x in {2, 3}, y in {0, 1}; entry (c, y, x) within it
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 2; x++) {
                        double want = (c * 16 + y * 4 + (x + 2)) / 255.0;
                        assertThat(v[12 + (c * 2 + y) * 2 + x]).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-7));
                    }
                }
            }
            NDArray z = ImagePatches.standardized(nd, set, new int[] {0}, 4, new double[] {0.5, 0.5, 0.5},
                    new double[] {2, 2, 2}, DataType.FLOAT64);
            assertThat(z.getShape()).isEqualTo(new Shape(1, 1, 48));
            assertThat(z.toDoubleArray()[17]).isCloseTo((17 / 255.0 - 0.5) / 2, org.assertj.core.data.Offset.offset(1e-7));
        }
    }

    @Test
    void aPatchClassifierTrainsWithAlgorithmTwoOnAllTokens() {
        try (NDManager nd = NDManager.newBaseManager()) {
            TaskData train = AlgorithmTwoTest.task(nd, 48, 1);
            try (ai.djl.Model m = ai.djl.Model.newInstance("vih")) {
                PatchClassifier net = PatchClassifier.builder().embedding(8).classes(3)
                        .block(HopfieldBlock.builder().kernel(FeatureMap.linear())).seed(2).build();
                m.setBlock(net);
                TrainingReport r = AlgorithmTwoTest.trainer().tokens(UHopTrainer.Tokens.ALL).innerSteps(1).epochs(2)
                        .build().fit(m, train, null);
                assertThat(net.getOutputShapes(new Shape[] {new Shape(7, 6, 8)})).containsExactly(new Shape(7, 3));
                assertThat(r.separationTrace()).hasSize(2 * 2).doesNotContain(Double.NaN);
            }
        }
    }
}
