package org.uhopkit.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.uhopkit.Kernel;
import org.uhopkit.Retrieval;
import org.uhopkit.Separation;
import org.uhopkit.TrainedMemory;
import org.uhopkit.UHop;
import org.uhopkit.UHopSpec;
import org.uhopkit.experiments.TorchThreads;
import org.uhopkit.internal.SeededGaussians;
import org.uhopkit.internal.StrictLog;

/**
 * The speed benchmark of the batched runs (issue "Sweeps at scale"): (1) one U-Hop run (Algorithm 1: W0 drawn,
 * Stage I with N = 100, Stage II with softmax for B = M masked queries) at M = 10 and d = 784, alone as the
 * per-run path does it, and amortised over a batch of R runs ({@link UHopSpec#stageOneBatch(java.util.List,
 * int[], boolean[][], UHopSpec.CheckpointConsumer)} and {@link TrainedMemory#retrieveAll}); (2) drawing a
 * 3072 x 3072 Gaussian W0 with {@code java.util.Random} and with {@link SeededGaussians} (the same values);
 * (3) the logarithm those draws need, {@code StrictMath.log} against {@link StrictLog#log} and
 * {@link StrictLog.Batch} (the same values).
 * Wall and CPU time (for the U-Hop runs the whole process, whose W0 draws run on the common pool; else this thread);
 * the U-Hop run also as a sweep runs it, one batch per core at once. Medians. Prints Markdown.
 *
 * <p>Run: {@code environment/uhop-java org.uhopkit.bench.BatchBenchmark [repeats] [R]} (PyTorch uses one
 * thread unless {@code -Dai.djl.pytorch.num_threads} says otherwise).
 */
public final class BatchBenchmark {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private BatchBenchmark() {}

    /** Wall and CPU seconds of one measurement. */
    private record Time(double wall, double cpu) {}

    /**
     * Entry point.
     *
     * @param args {@code [repeats] [R]}: repeats (default 5) and runs per batch (default 20)
     */
    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            TorchThreads.set(1);
        }
        int m = 10;
        int d = 784;
        int n = 100;
        List<String> rows = new ArrayList<>();
        try (NDManager nd = NDManager.newBaseManager()) {
            System.out.println("device: " + nd.getDevice() + ", PyTorch threads: " + TorchThreads.get() + ", versions: "
                    + UHop.versions());
            List<NDArray> memories = new ArrayList<>();
            List<NDArray> queries = new ArrayList<>();
            for (int r = 0; r < batch; r++) {
                memories.add(uniform(nd, m, d, 10 + r));
                queries.add(masked(memories.get(r)));
            }
            aloneRun(memories.get(0), queries.get(0), n, 0); // warm-up
            batchRuns(memories, queries, n);
            Time[] alone = new Time[repeats];
            Time[] batched = new Time[repeats];
            Time[] onePerCore = new Time[repeats];
            int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
            for (int k = 0; k < repeats; k++) {
                long w0 = System.nanoTime();
                long c0 = processCpu();
                for (int r = 0; r < batch; r++) {
                    aloneRun(memories.get(r), queries.get(r), n, r);
                }
                alone[k] = new Time((System.nanoTime() - w0) / 1e9 / batch, (processCpu() - c0) / 1e9 / batch);
                w0 = System.nanoTime();
                c0 = processCpu();
                batchRuns(memories, queries, n);
                batched[k] = new Time((System.nanoTime() - w0) / 1e9 / batch, (processCpu() - c0) / 1e9 / batch);
                // as a sweep runs them (reproduce --parallel, one batch per core): the batches at once on threads
                w0 = System.nanoTime();
                c0 = processCpu();
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(cores);
                try {
                    List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
                    for (int t = 0; t < cores; t++) {
                        jobs.add(pool.submit(() -> batchRuns(memories, queries, n)));
                    }
                    for (java.util.concurrent.Future<?> f : jobs) {
                        f.get();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                } finally {
                    pool.shutdown();
                }
                onePerCore[k] = new Time((System.nanoTime() - w0) / 1e9 / (batch * cores),
                        (processCpu() - c0) / 1e9 / (batch * cores));
            }
            rows.add(row("U-Hop run, M = 10, d = 784, N = 100, B = 10: alone (per-run path)", alone));
            rows.add(row("U-Hop run, same, amortised over a batch of R = " + batch, batched));
            rows.add(row("U-Hop run, same, amortised over " + cores + " batches of R = " + batch + " at once (one per core, "
                    + "as `reproduce --parallel` runs cells)", onePerCore));
        }
        int size = 3072 * 3072;
        Time[] random = new Time[repeats];
        Time[] fast = new Time[repeats];
        float[] sink = new float[1];
        for (int k = 0; k <= repeats; k++) { // k = 0 warms up
            long w0 = System.nanoTime();
            long c0 = CPU.getCurrentThreadCpuTime();
            Random rnd = new Random(k);
            float[] v = new float[size];
            for (int i = 0; i < size; i++) {
                v[i] = (float) rnd.nextGaussian();
            }
            Time a = new Time((System.nanoTime() - w0) / 1e9, (CPU.getCurrentThreadCpuTime() - c0) / 1e9);
            w0 = System.nanoTime();
            c0 = CPU.getCurrentThreadCpuTime();
            java.nio.ByteBuffer b = SeededGaussians.floats(k, size);
            Time f = new Time((System.nanoTime() - w0) / 1e9, (CPU.getCurrentThreadCpuTime() - c0) / 1e9);
            if (Float.floatToIntBits(b.getFloat(4 * (size - 1))) != Float.floatToIntBits(v[size - 1])) {
                throw new IllegalStateException("SeededGaussians and java.util.Random disagree for seed " + k);
            }
            sink[0] += v[k];
            if (k > 0) {
                random[k - 1] = a;
                fast[k - 1] = f;
            }
        }
        rows.add(row("W0 3072 x 3072 float: java.util.Random.nextGaussian", random));
        rows.add(row("W0 3072 x 3072 float: SeededGaussians (same values)", fast));
        logs(repeats, size / 2, rows);
        System.out.println();
        System.out.println("median of " + repeats + " repeats (load average now: " + loadAverage() + ")");
        System.out.println("| what | wall | CPU (the U-Hop rows: the whole process, W0 draws on the common pool "
                + "included; the others: this thread) |");
        System.out.println("|---|---|---|");
        rows.forEach(System.out::println);
        if (sink[0] == 12345.678f) {
            System.out.println(); // keeps the draws alive
        }
    }

    /**
     * The logarithm alone: {@code count} (as many as one draw of {@code 2 count} values needs) of
     * {@code StrictMath.log} (native on JDK 17), of {@link StrictLog#log} and of {@link StrictLog.Batch} (1024
     * arguments a call, as {@link SeededGaussians} uses it) on uniform doubles in (0, 1) (the polar method's
     * {@code s} is uniform there); the three sums must be equal to the last bit.
     */
    private static void logs(int repeats, int count, List<String> rows) {
        double[] s = new double[count];
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < count; i++) {
            double x;
            do {
                x = r.nextDouble();
            } while (x == 0);
            s[i] = x;
        }
        Time[] strict = new Time[repeats];
        Time[] viaJni = new Time[repeats];
        Time[] batched = new Time[repeats];
        int per = 1024;
        StrictLog.Batch batch = new StrictLog.Batch(per);
        double[] in = new double[per];
        double[] out = new double[per];
        for (int k = 0; k <= repeats; k++) { // k = 0 warms up
            long w0 = System.nanoTime();
            long c0 = CPU.getCurrentThreadCpuTime();
            double a = 0;
            for (double x : s) {
                a += StrictMath.log(x);
            }
            Time ta = new Time((System.nanoTime() - w0) / 1e9, (CPU.getCurrentThreadCpuTime() - c0) / 1e9);
            w0 = System.nanoTime();
            c0 = CPU.getCurrentThreadCpuTime();
            double b = 0;
            for (double x : s) {
                b += StrictLog.log(x);
            }
            Time tb = new Time((System.nanoTime() - w0) / 1e9, (CPU.getCurrentThreadCpuTime() - c0) / 1e9);
            w0 = System.nanoTime();
            c0 = CPU.getCurrentThreadCpuTime();
            double c = 0;
            for (int start = 0; start < count; start += per) {
                int n = Math.min(per, count - start);
                System.arraycopy(s, start, in, 0, n);
                batch.log(in, out, n);
                for (int j = 0; j < n; j++) {
                    c += out[j];
                }
            }
            Time tc = new Time((System.nanoTime() - w0) / 1e9, (CPU.getCurrentThreadCpuTime() - c0) / 1e9);
            if (Double.doubleToRawLongBits(a) != Double.doubleToRawLongBits(b)
                    || Double.doubleToRawLongBits(a) != Double.doubleToRawLongBits(c)) {
                throw new IllegalStateException("StrictLog.log, StrictLog.Batch and StrictMath.log disagree: sums " + a
                        + ", " + b + ", " + c);
            }
            if (k > 0) {
                strict[k - 1] = ta;
                viaJni[k - 1] = tb;
                batched[k - 1] = tc;
            }
        }
        rows.add(row(String.format(Locale.ROOT, "log of %,d doubles in (0, 1): StrictMath.log (JNI)", count), strict));
        rows.add(row(String.format(Locale.ROOT, "log of %,d doubles in (0, 1): StrictLog.log (same values)", count),
                viaJni));
        rows.add(row(String.format(Locale.ROOT, "log of %,d doubles in (0, 1): StrictLog.Batch, 1024 a call (same "
                + "values)", count), batched));
    }

    /** CPU time of the whole process (all threads), in nanoseconds. */
    private static long processCpu() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return CPU.getCurrentThreadCpuTime();
    }

    private static void aloneRun(NDArray xi, NDArray q, int n, int seed) {
        try (TrainedMemory mem = UHop.memories(xi).trackEnergy(false).kernel(Kernel.linear().seed(seed)).stageOne(n);
                Retrieval r = mem.stageTwo().separation(Separation.softmax()).retrieve(q)) {
            r.states().toFloatArray();
        }
    }

    private static void batchRuns(List<NDArray> memories, List<NDArray> queries, int n) {
        List<UHopSpec> specs = new ArrayList<>();
        for (int r = 0; r < memories.size(); r++) {
            specs.add(UHop.memories(memories.get(r)).trackEnergy(false).kernel(Kernel.linear().seed(r)));
        }
        boolean[][] all = new boolean[1][memories.size()];
        Arrays.fill(all[0], true);
        UHopSpec.stageOneBatch(specs, new int[] {n}, all, (steps, mems, failures) -> {
            for (Retrieval r : TrainedMemory.retrieveAll(mems, queries, Separation.softmax())) {
                r.states().toFloatArray();
                r.close();
            }
            return false;
        });
    }

    private static String row(String what, Time[] t) {
        double[] wall = Arrays.stream(t).mapToDouble(Time::wall).sorted().toArray();
        double[] cpu = Arrays.stream(t).mapToDouble(Time::cpu).sorted().toArray();
        return String.format(Locale.ROOT, "| %s | %s | %s |", what, seconds(wall[wall.length / 2]),
                seconds(cpu[cpu.length / 2]));
    }

    private static String seconds(double s) {
        return s < 1 ? String.format(Locale.ROOT, "%.2f ms", s * 1e3) : String.format(Locale.ROOT, "%.3f s", s);
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static NDArray uniform(NDManager nd, int rows, int cols, long seed) {
        Random r = new Random(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        return nd.create(v, new Shape(rows, cols)).toType(DataType.FLOAT32, false);
    }

    /** The lower half of every pattern set to 0 (a masked query per memory). */
    private static NDArray masked(NDArray memories) {
        float[] v = memories.toFloatArray();
        int cols = Math.toIntExact(memories.getShape().get(1));
        for (int i = 0; i < v.length; i++) {
            if (i % cols >= cols / 2) {
                v[i] = 0;
            }
        }
        return memories.getManager().create(v, memories.getShape());
    }
}
