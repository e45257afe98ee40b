package org.uhopkit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.uhopkit.Separation;
import org.uhopkit.data.ChannelNormalization;
import org.uhopkit.data.Cifar10;
import org.uhopkit.data.ImageSet;
import org.uhopkit.experiments.TorchThreads;

/**
 * The vision Hopfield models of the classification experiments: output shapes, the patch embedding against a
 * hand-computed strided convolution, the one-memory case at patch 32, training beats chance, and U-Hop's
 * separation loss falls.
 */
class VisionModelsTest {

    @BeforeAll
    static void oneTorchThread() {
        TorchThreads.set(1);
    }

    @Test
    void bothModelsGiveOneScorePerClassAndImage() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.randomNormal(new Shape(5, 16, 48)); // 5 images of 16 patches of 4 x 4 x 3
            PatchClassifier one = PatchClassifier.builder().embedding(16).classes(10).build();
            one.initialize(nd, DataType.FLOAT32, x.getShape());
            NDArray y1 = one.forward(new ParameterStore(nd, false), new NDList(x), false).head();
            assertThat(y1.getShape()).isEqualTo(new Shape(5, 10));
            assertThat(one.getOutputShapes(new Shape[] {x.getShape()})).containsExactly(new Shape(5, 10));

            DeepPatchClassifier deep = DeepPatchClassifier.builder().embedding(16).classes(200).depth(3).hidden(32)
                    .block(HopfieldBlock.builder().heads(4).kernel(FeatureMap.linear())).build();
            deep.initialize(nd, DataType.FLOAT32, x.getShape());
            NDArray y3 = deep.forward(new ParameterStore(nd, false), new NDList(x), true).head();
            assertThat(y3.getShape()).isEqualTo(new Shape(5, 200));
            assertThat(deep.hopfields()).hasSize(3);
            assertThat(deep.getOutputShapes(new Shape[] {x.getShape()})).containsExactly(new Shape(5, 200));
            // widths: embedding 48 -> 16, then per block two LayerNorms, MLP 16 -> 32 -> 16 and the Hopfield layer
            long mlp = 16 * 32 + 32 + 32 * 16 + 16;
            long hop = 16 * 16 + 4 * (16 * 16 + 16); // kernel W (no bias) + W_Q, W_K, W_V, W_O with biases
            long expected = 48 * 16 + 16 + 16 + 3 * (4 * 16 + mlp + hop) + 2 * 16 + 200 * 16 + 200;
            long count = 0;
            for (var p : deep.getParameters()) {
                count += p.getValue().getArray().size();
            }
            assertThat(count).isEqualTo(expected);
        }
    }

    @Test
    void thePatchEmbeddingIsTheStridedConvolutionWithKernelEqualToStride() {
        int c = 3;
        int side = 8;
        int p = 4;
        int d = 5;
        Random r = new Random(3);
        byte[] px = new byte[2 * c * side * side];
        r.nextBytes(px);
        ImageSet set = new ImageSet("random", px, new int[] {0, 1}, side, side, c, Map.of());
        double[] mean = {0.1, 0.2, 0.3};
        double[] std = {0.5, 0.25, 2};
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray patches = ImagePatches.standardized(nd, set, new int[] {0, 1}, p, mean, std, DataType.FLOAT64);
            PatchClassifier net = PatchClassifier.builder().embedding(d).classes(2).seed(11).build();
            net.initialize(nd, DataType.FLOAT64, patches.getShape());
            // a non-zero bias, so the hand computation checks it too
            net.getParameters().get("embedding_bias").getArray().set(new double[] {0.5, -1, 2, 0, 3});
            double[] w = net.getParameters().get("embedding_weight").getArray().toDoubleArray(); // (d, C p p)
            double[] b = net.getParameters().get("embedding_bias").getArray().toDoubleArray();
            double[] got = net.embed(new ParameterStore(nd, false), patches).toDoubleArray(); // (2, 4, d)
            int perSide = side / p;
            for (int img = 0; img < 2; img++) {
                for (int by = 0; by < perSide; by++) {
                    for (int bx = 0; bx < perSide; bx++) {
                        for (int o = 0; o < d; o++) {
                            // conv2d, kernel (d, C, p, p) = W reshaped, stride p, on the standardised image
                            double sum = b[o];
                            for (int ch = 0; ch < c; ch++) {
                                for (int y = 0; y < p; y++) {
                                    for (int x = 0; x < p; x++) {
                                        int pixel = px[img * c * side * side + (ch * side + by * p + y) * side + bx * p
                                                + x] & 0xff;
                                        // ImageSet hands pixels out as floats p / 255f
                                        double v = ((double) (pixel / 255f) - mean[ch]) / std[ch];
                                        sum += w[o * c * p * p + (ch * p + y) * p + x] * v;
                                    }
                                }
                            }
                            int token = by * perSide + bx;
                            assertThat(got[(img * perSide * perSide + token) * d + o]).isCloseTo(sum, within(1e-12));
                        }
                    }
                }
            }
        }
    }

    @Test
    void atPatch32ACifarImageIsOneMemoryWhoseWeightIsExactlyOneAndTheKernelChangesNothing() {
        ImageSet test = Cifar10.test();
        int[] idx = IntStream.range(0, 16).toArray();
        ChannelNormalization n = ChannelNormalization.CIFAR10;
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = ImagePatches.standardized(nd, test, idx, 32, n.mean(), n.std(), DataType.FLOAT32);
            assertThat(x.getShape()).isEqualTo(new Shape(16, 1, 3072));
            float[][] logits = new float[4][];
            int k = 0;
            for (Separation sep : new Separation[] {Separation.softmax(), Separation.sparsemax()}) {
                for (boolean kernel : new boolean[] {false, true}) {
                    HopfieldBlock.Builder hb = HopfieldBlock.builder().preset(HopfieldBlock.Preset.PAPER)
                            .separation(sep);
                    if (!kernel) {
                        hb.kernel(FeatureMap.none());
                    }
                    PatchClassifier net = PatchClassifier.builder().embedding(64).classes(10).block(hb).seed(4)
                            .build();
                    net.initialize(nd, DataType.FLOAT32, x.getShape());
                    float[] weights = net.association(new ParameterStore(nd, false), x).toFloatArray();
                    assertThat(weights).hasSize(16).containsOnly(1.0f);
                    logits[k++] = net.forward(new ParameterStore(nd, false), new NDList(x), false).head()
                            .toFloatArray();
                }
            }
            // Sep of a single score is 1 whatever the score: the four variants compute the same function
            for (int i = 1; i < 4; i++) {
                assertThat(logits[i]).containsExactly(logits[0]);
            }
        }
    }

    @Test
    void aFewEpochsOnCifarPatchesBeatChanceAndUHopsSeparationLossFalls() {
        ImageSet train = Cifar10.train();
        ImageSet test = Cifar10.test();
        ChannelNormalization n = ChannelNormalization.CIFAR10;
        int[] trainIdx = IntStream.range(0, 1500).toArray();
        int[] testIdx = IntStream.range(0, 500).toArray();
        try (NDManager nd = NDManager.newBaseManager(); Model model = Model.newInstance("vih")) {
            TaskData tr = TaskData.of(ImagePatches.standardized(nd, train, trainIdx, 8, n.mean(), n.std(),
                    DataType.FLOAT32), labels(nd, train, trainIdx));
            TaskData te = TaskData.of(ImagePatches.standardized(nd, test, testIdx, 8, n.mean(), n.std(),
                    DataType.FLOAT32), labels(nd, test, testIdx));
            PatchClassifier net = PatchClassifier.builder().embedding(64).classes(10)
                    .block(HopfieldBlock.builder().preset(HopfieldBlock.Preset.PAPER)).seed(1).build();
            model.setBlock(net);
            TrainingReport r = UHopTrainer.builder().loss(Loss.softmaxCrossEntropyLoss()).metric(new Accuracy())
                    .epochs(3).batchSize(64).learningRate(1e-3).innerSteps(1).innerRate(0.1)
                    .tokens(UHopTrainer.Tokens.ALL).seed(1).progress(null).build().fit(model, tr, te);
            double[] testAcc = r.column(r.testMetricColumn());
            // chance is 0.1 on ten classes; a few hundred steps give well above it
            assertThat(testAcc[testAcc.length - 1]).isGreaterThan(0.25);
            double[] sep = r.column(TrainingReport.SEPARATION_LOSS);
            assertThat(sep[2]).isLessThan(sep[0]);
            double[] trace = r.separationTrace();
            double first = java.util.Arrays.stream(trace, 0, 10).average().orElseThrow();
            double last = java.util.Arrays.stream(trace, trace.length - 10, trace.length).average().orElseThrow();
            assertThat(last).isLessThan(first - 0.1);
        }
    }

    @Test
    void theDeepModelsKernelsAllLearnInTheAuthorsKernelPhase() {
        Random r = new Random(5);
        byte[] px = new byte[64 * 3 * 16 * 16];
        r.nextBytes(px);
        int[] lab = IntStream.range(0, 64).map(i -> i % 4).toArray();
        ImageSet set = new ImageSet("random", px, lab, 16, 16, 3, Map.of());
        try (NDManager nd = NDManager.newBaseManager(); Model model = Model.newInstance("deep")) {
            int[] idx = IntStream.range(0, 64).toArray();
            TaskData tr = TaskData.of(ImagePatches.of(nd, set, idx, 4, DataType.FLOAT32), labels(nd, set, idx));
            DeepPatchClassifier net = DeepPatchClassifier.builder().embedding(16).classes(4).depth(3).hidden(32)
                    .block(HopfieldBlock.builder().preset(HopfieldBlock.Preset.AUTHORS).heads(4)).seed(2).build();
            model.setBlock(net);
            TrainingReport rep = UHopTrainer.builder().loss(Loss.softmaxCrossEntropyLoss()).metric(new Accuracy())
                    .preset(UHopTrainer.Preset.AUTHORS_KERNEL_FIRST)
                    .kernelPhase(new UHopTrainer.KernelPhase(1, 8, 16, 0.1)).epochs(1).batchSize(16).seed(3)
                    .progress(null).build().fit(model, tr, null);
            double[] trace = rep.separationTrace();
            assertThat(trace).hasSize(8 * 4);
            // the loss sums the three blocks' separation losses: it falls over the phase
            assertThat(trace[trace.length - 1]).isLessThan(trace[0]);
            assertThat(UHopTrainer.kernelParameters(net)).hasSize(3 * 2); // W and b of each block's kernel
        }
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> DeepPatchClassifier.builder().depth(0).build())
                .hasMessageContaining("depth").hasMessageContaining("0");
        assertThatThrownBy(() -> DeepPatchClassifier.builder().dropout(1).build())
                .hasMessageContaining("dropout");
        assertThatThrownBy(() -> DeepPatchClassifier.builder().block(HopfieldBlock.builder().valueInput(true)).build())
                .hasMessageContaining("value input");
    }

    static NDArray labels(NDManager nd, ImageSet set, int[] idx) {
        float[] y = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            y[i] = set.label(idx[i]);
        }
        return nd.create(y);
    }
}
