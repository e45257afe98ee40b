package org.uhopkit.bench;

import org.uhopkit.Separation;
import org.uhopkit.UHop;
import org.uhopkit.experiments.TorchThreads;
import org.uhopkit.nn.FeatureMap;
import org.uhopkit.nn.HopfieldBlock;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The speed benchmark of the Hopfield layer (issue 9): the time of one forward and backward pass (training mode,
 * dropout 0.1 on the association) of self-association on {@code (B, L, e)} tokens, for {@link HopfieldBlock}
 * (one update step, with projections) and DJL's {@code ScaledDotProductAttentionBlock} at the same sizes, B = 128,
 * L in {1, 65}, e in {128, 512}, one head (and 8 heads at the largest size), float32, one PyTorch thread. The
 * variants of a size are measured interleaved (A, B, C, A, B, C, ...) so that a change of the machine's load
 * hits all of them; the table gives the median time of each and the median of the per-round ratios to DJL's
 * block. Prints a Markdown table.
 *
 * <p>Run: {@code environment/uhop-java org.uhopkit.bench.LayerBenchmark [rounds]}.
 */
public final class LayerBenchmark {

    private LayerBenchmark() {}

    /** One variant: a name and a block factory. */
    private record Variant(String name, Supplier<Block> block, boolean self) {}

    /**
     * Entry point.
     *
     * @param args optional: the number of measured rounds (default 7)
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int before = TorchThreads.set(1);
        Engine.getInstance().setRandomSeed(0);
        System.out.println("PyTorch threads: " + TorchThreads.get() + " (was " + before + "), versions: "
                + UHop.versions());
        int b = 128;
        List<String> rows = new ArrayList<>();
        int[][] sizes = {{1, 128, 1}, {65, 128, 1}, {1, 512, 1}, {65, 512, 1}, {65, 512, 8}};
        for (int[] size : sizes) {
            int l = size[0];
            int e = size[1];
            int h = size[2];
            List<Variant> variants = List.of(
                    new Variant("DJL ScaledDotProductAttentionBlock", () -> ScaledDotProductAttentionBlock.builder()
                            .setEmbeddingSize(e).setHeadCount(h).optAttentionProbsDropoutProb(0.1f).build(), true),
                    new Variant("HopfieldBlock softmax", () -> hopfield(h, Separation.softmax(), FeatureMap.none()), false),
                    new Variant("HopfieldBlock sparsemax", () -> hopfield(h, Separation.sparsemax(), FeatureMap.none()),
                            false),
                    new Variant("HopfieldBlock 1.5-entmax", () -> hopfield(h, Separation.entmax(1.5), FeatureMap.none()),
                            false),
                    new Variant("HopfieldBlock softmax + U-Hop kernel", () -> hopfield(h, Separation.softmax(),
                            FeatureMap.linear()), false));
            double[][] times = new double[variants.size()][rounds];
            double[][] forward = new double[variants.size()][rounds];
            try (NDManager nd = NDManager.newBaseManager()) {
                NDArray x = uniform(nd, b, l, e, 1);
                List<Block> blocks = new ArrayList<>();
                for (Variant v : variants) {
                    Block block = v.block().get();
                    block.initialize(nd, DataType.FLOAT32,
                            v.self() ? new Shape[] {x.getShape()} : new Shape[] {x.getShape(), x.getShape()});
                    blocks.add(block);
                }
                for (int r = -2; r < rounds; r++) { // two warm-up rounds
                    for (int i = 0; i < variants.size(); i++) {
                        NDList in = variants.get(i).self() ? new NDList(x) : new NDList(x, x);
                        double[] t = measure(blocks.get(i), nd, in);
                        if (r >= 0) {
                            times[i][r] = t[0];
                            forward[i][r] = t[1];
                        }
                    }
                }
            }
            for (int i = 0; i < variants.size(); i++) {
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratio[r] = times[i][r] / times[0][r];
                }
                rows.add(String.format(Locale.ROOT, "| %d | %d | %d | %s | %.2f | %.2f | %.2f |", l, e, h,
                        variants.get(i).name(), median(forward[i]) * 1e3, median(times[i]) * 1e3,
                        i == 0 ? 1.0 : median(ratio)));
            }
        }
        System.out.println();
        System.out.println("B = 128 sequences of L tokens of width e, self-association, float32, 1 PyTorch thread, "
                + "median of " + rounds + " interleaved rounds; training mode (dropout 0.1 on the association)");
        System.out.println("| L | e | heads | block | forward ms | forward + backward ms | ratio to DJL (fwd + bwd) |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static Block hopfield(int heads, Separation sep, FeatureMap kernel) {
        return HopfieldBlock.builder().heads(heads).separation(sep).kernel(kernel).dropout(0.1).build();
    }

    /** Seconds of {forward + backward, forward} of one training pass. */
    private static double[] measure(Block block, NDManager nd, NDList in) {
        try (NDManager m = nd.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            ParameterStore ps = new ParameterStore(m, false);
            long t0 = System.nanoTime();
            NDList out = block.forward(ps, in, true);
            NDArray loss = out.head().sum();
            loss.getFloat(); // completes the forward pass
            long t1 = System.nanoTime();
            gc.backward(loss);
            try (NDArray g = block.getParameters().values().iterator().next().getArray().getGradient()) {
                g.sum().getFloat(); // completes the backward pass
            }
            long t2 = System.nanoTime();
            out.close();
            for (var p : block.getParameters().values()) {
                try (NDArray g = p.getArray().getGradient()) {
                    g.subi(g); // gradients accumulate across passes otherwise (no optimizer here)
                }
            }
            return new double[] {(t2 - t0) / 1e9, (t1 - t0) / 1e9};
        }
    }

    private static NDArray uniform(NDManager nd, int b, int l, int e, long seed) {
        Random r = new Random(seed);
        float[] v = new float[b * l * e];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return nd.create(v, new Shape(b, l, e));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
