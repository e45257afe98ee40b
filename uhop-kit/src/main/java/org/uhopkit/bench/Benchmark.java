package org.uhopkit.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.uhopkit.Kernel;
import org.uhopkit.MemorySpec;
import org.uhopkit.Retrieval;
import org.uhopkit.TrainedMemory;
import org.uhopkit.UHop;

/**
 * The speed benchmark of the foundation issue: for d = 784 and M in {100, 500} (uniform random pixels
 * in [0, 1], float32), the wall time of Stage I with N = 100 and of Stage II (T = 1) for B = M queries,
 * with the achieved GFLOP/s of the computation the kit actually performs. Prints a Markdown table.
 *
 * <p>Run: {@code environment/uhop-java org.uhopkit.bench.Benchmark [repeats]}.
 */
public final class Benchmark {

    private Benchmark() {}

    /**
     * Entry point.
     *
     * @param args optional: the number of repeats (default 5)
     */
    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int d = 784;
        int n = 100;
        List<String> rows = new ArrayList<>();
        try (NDManager nd = NDManager.newBaseManager()) {
            System.out.println("device: " + nd.getDevice() + ", versions: " + UHop.versions());
            for (int m : new int[] {100, 500}) {
                NDArray xi = uniform(nd, m, d, 1);
                NDArray q = uniform(nd, m, d, 2);
                // warm-up
                try (TrainedMemory warm = UHop.memories(xi).kernel(Kernel.linear()).stageOne(5)) {
                    warm.retrieve(q).close();
                }
                double[] stageOne = new double[repeats];
                double[] stageTwo = new double[repeats];
                double[] stageTwoEnergy = new double[repeats];
                for (int r = 0; r < repeats; r++) {
                    long t0 = System.nanoTime();
                    try (TrainedMemory mem = UHop.memories(xi).kernel(Kernel.linear().seed(r)).stageOne(n)) {
                        stageOne[r] = (System.nanoTime() - t0) / 1e9;
                        MemorySpec s2 = mem.stageTwo().trackEnergy(false);
                        long t1 = System.nanoTime();
                        try (Retrieval ret = s2.retrieve(q)) {
                            ret.states().toFloatArray(); // force completion (async devices)
                        }
                        stageTwo[r] = (System.nanoTime() - t1) / 1e9;
                        long t2 = System.nanoTime();
                        try (Retrieval ret = mem.stageTwo().retrieve(q)) {
                            ret.states().toFloatArray();
                        }
                        stageTwoEnergy[r] = (System.nanoTime() - t2) / 1e9;
                    }
                }
                double s1 = median(stageOne);
                double s2 = median(stageTwo);
                double s2e = median(stageTwoEnergy);
                double dPhi = d;
                // Stage I as the kit runs it (StageOne, factor form): P0 = W0 Xi^T, P0^T P0 (float64), Gram, the Cholesky
                // factor and its inverse, N steps of 3 products (6 m^2 min(m, D)), U = P0 F^-1, W = W0 + U (T Xi)
                double flops1 = 2 * dPhi * d * m + 2 * dPhi * m * m + 2.0 * m * m * d + 2.0 / 3 * m * m * m
                        + n * 6.0 * m * m * Math.min(m, dPhi) + 2 * dPhi * m * m + 2.0 * m * m * d + 2 * dPhi * m * d;
                // the same SGD done directly on W (P = W Xi^T, dW = dP Xi, cosines, F G) per step
                double flopsDirect = n * (4 * dPhi * d * m + 4 * dPhi * m * m);
                double flops2 = 2.0 * m * d * m + 2.0 * m * m * d; // scores + weights x memories, B = M
                double flops2e = flops2 + 2.0 * m * d * m + 2.0 * m * d * dPhi; // + scores and K(x,x) at the end
                rows.add(String.format(Locale.ROOT, "| %d | %d | %.3f s | %.1f | %.1f | %.4f s | %.1f | %.4f s | %.1f |",
                        m, n, s1, flops1 / s1 / 1e9, flopsDirect / s1 / 1e9, s2, flops2 / s2 / 1e9, s2e,
                        flops2e / s2e / 1e9));
                xi.close();
                q.close();
            }
        }
        System.out.println();
        System.out.println("d = 784, float32, median of " + repeats + " runs, 1 update step");
        System.out.println("| M | N | Stage I | GFLOP/s (kit's algorithm) | GFLOP/s (direct-SGD equivalent)"
                + " | Stage II, B = M | GFLOP/s | Stage II with energy | GFLOP/s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static NDArray uniform(NDManager nd, int rows, int cols, long seed) {
        Random r = new Random(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        return nd.create(v, new Shape(rows, cols)).toType(DataType.FLOAT32, false);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
