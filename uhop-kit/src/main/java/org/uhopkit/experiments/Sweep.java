package org.uhopkit.experiments;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.uhopkit.LearningRate;
import org.uhopkit.Retrieval;
import org.uhopkit.SeparationLoss;
import org.uhopkit.Separation;
import org.uhopkit.StageOneDivergedException;
import org.uhopkit.StageOneRun;
import org.uhopkit.TrainedMemory;
import org.uhopkit.UHop;
import org.uhopkit.UHopSpec;
import org.uhopkit.data.ImageSet;
import org.uhopkit.internal.Checks;

/**
 * What every experiment shares: the images, a manager for the trials, the rows, the seeds, running the
 * baselines and U-Hop on a trial, and assembling the result with its provenance.
 */
final class Sweep {

    /** The error metric, in words, for the provenance. */
    static final String ERROR_METRIC = "per query sum_j (clamp(x_j,0,1) - clamp(xi_j,0,1))^2; per run the mean over"
            + " the M queries; capacity = fraction of queries with error <= " + RetrievalError.MILLIDGE_THRESHOLD;

    final Config config;
    final ImageSet images;
    final Rows rows;
    private final NDManager nd;

    private Sweep(Config config, ImageSet images, NDManager nd, Rows rows) {
        this.config = config;
        this.images = images;
        this.nd = nd;
        this.rows = rows;
    }

    /**
     * Runs {@code body} (which fills the rows and returns what it swept) as cell {@code cell} of {@code e}: the
     * cell's rows and settings, plain data.
     */
    static RetrievalPart part(Experiment<?, ?> e, Config config, Cell cell, Function<Sweep, Settings> body) {
        Checks.notNull("config", config);
        Checks.notNull("cell", cell);
        ImageSet images = config.dataset().images();
        Rows rows = new Rows(e.name(), config.dataset());
        Settings settings;
        try (NDManager nd = NDManager.newBaseManager()) {
            settings = body.apply(new Sweep(config, images, nd, rows));
        } finally {
            config.progress().finish();
        }
        return new RetrievalPart(cell, rows.list(), settings);
    }

    /**
     * The result of {@code e} from its cells' parts (in cell order): per-run table, provenance (the settings of
     * the first part), timings, figures.
     *
     * @throws IllegalArgumentException when there are no parts or a part is out of order
     */
    static ExperimentResult assemble(RetrievalExperiment e, Config config, List<RetrievalPart> parts,
            RunClock clock) {
        checkOrder(e, parts);
        List<RetrievalPart.Row> all = new ArrayList<>();
        for (RetrievalPart p : parts) {
            all.addAll(p.rows());
        }
        return assembleRows(e, config, all, parts.get(0).settings(), clock);
    }

    /** Checks that there are parts, none null, and that part i is of cell i. */
    static void checkOrder(RetrievalExperiment e, List<RetrievalPart> parts) {
        Checks.notNull("parts", parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException(e.name() + ": no parts to assemble");
        }
        for (int i = 0; i < parts.size(); i++) {
            RetrievalPart p = Checks.notNull("parts[" + i + "]", parts.get(i));
            if (p.cell().index() != i) {
                throw new IllegalArgumentException(e.name() + ": part " + i + " is of cell " + p.cell().index()
                        + " (" + p.cell().label() + "); parts must come in cell order");
            }
        }
    }

    /** The result of an experiment's rows, in output order, and its settings. */
    static ExperimentResult assembleRows(RetrievalExperiment e, Config config, List<RetrievalPart.Row> all,
            Settings settings, RunClock clock) {
        Checks.notNull("config", config);
        Checks.notNull("clock", clock);
        ImageSet images = config.dataset().images();
        Provenance p = new Provenance(e.name(), e.title(), config.dataset().id(), config.profile().id(),
                e.presets(config).stream().map(Preset::id).toList(), config.seed(), Provenance.SEED_RULE, settings,
                images.provenance(), ERROR_METRIC, UHop.versions(), Runtime.getRuntime().availableProcessors(),
                TorchThreads.get());
        Timings timings = new Timings(clock.started(), clock.elapsedSeconds(), Rows.timings(e.name(), all));
        return ExperimentResult.assemble(e, Rows.table(e.name(), config.dataset(), all), p, timings);
    }

    /** The profile's value. */
    <T> T pick(T paper, T quick) {
        return config.profile().pick(paper, quick);
    }

    /** The seed of run {@code run} at memory size {@code m} (see {@link Provenance#SEED_RULE}). */
    long runSeed(int m, int run) {
        return config.seed() + 1_000_003L * run + 7919L * m;
    }

    /** A trial: M memories drawn with the run's seed, in a manager of their own. */
    Trial trial(int m, int run) {
        return new Trial(nd, images, m, runSeed(m, run));
    }

    /** Receives one method's outcome on query batch {@code qi}. */
    interface Sink {
        void accept(Method method, Trial.Outcome outcome, int qi);
    }

    /**
     * Runs the baselines and U-Hop (one Stage I) of {@code methods} on every query batch, in method order. A
     * Stage I that diverges ({@link StageOneDivergedException}, e.g. a large random learning rate) is recorded
     * as NaN error and loss for the U-Hop methods; every other failure propagates.
     */
    static void evaluate(Trial t, Preset preset, List<Method> methods, SeparationLoss loss, boolean masked, int n,
            LearningRate rate, List<NDArray> queries, Sink sink) {
        List<Map<Method, Trial.Outcome>> uhop;
        try {
            uhop = t.uhop(preset, loss, masked, n, rate, queries, methods);
        } catch (StageOneDivergedException e) {
            uhop = new ArrayList<>();
            for (int i = 0; i < queries.size(); i++) {
                Map<Method, Trial.Outcome> failed = new EnumMap<>(Method.class);
                for (Method meth : methods) {
                    if (meth.isUHop()) {
                        failed.put(meth, new Trial.Outcome(new double[] {Double.NaN}, Double.NaN, Double.NaN, 0));
                    }
                }
                uhop.add(failed);
            }
        }
        for (int qi = 0; qi < queries.size(); qi++) {
            for (Method meth : methods) {
                Trial.Outcome o = meth.isUHop() ? uhop.get(qi).get(meth) : t.baseline(preset, meth, queries.get(qi));
                sink.accept(meth, o, qi);
            }
        }
    }

    /** The most bytes of initial W (float32) one cell's batched Stage I holds at once. */
    static final double CELL_W_BYTES = 256e6;

    /**
     * The most work one cell should hold, in floating-point operations of {@link #runCost} (about two seconds of
     * one core here): a heavier grid point is cut into several cells, so that the cells of a sweep can share
     * the cores ({@link LocalCells}, Spark). Batching buys little where a run is this large (its Stage I is
     * arithmetic, not per-call overhead).
     */
    static final double CELL_FLOPS = 100e9;

    /**
     * An estimate of the floating-point operations of one run of a grid point, for cutting and ordering cells:
     * Stage I in memory coordinates ({@code 6 m^2 min(m, d)} per step for N steps), the initial and final W
     * ({@code d x d} work, a few products with the memories) and the retrievals of every model (a few
     * {@code M x M x d} products).
     *
     * @param m the memory set size M
     * @param d the values per pattern
     * @param n the largest N of the run (0 for none)
     * @return operations, at least 1
     */
    static double runCost(int m, long d, long n) {
        double mm = m;
        return 6 * mm * mm * Math.min(mm, d) * n + 8.0 * d * d * mm + 60 * mm * mm * d + 1;
    }

    /**
     * The runs {@code [from, to)} of each cell of a grid point with {@code runs} runs on images of {@code d}
     * values, each run costing about {@code runCost} operations: as few cells as keep every cell's initial Ws
     * (R x d x d floats) within {@link #CELL_W_BYTES} and its work within {@link #CELL_FLOPS}, of nearly equal
     * size (MNIST: all 20 runs of a small M in one cell, one run per cell at M = 500; CIFAR-10: at most 6 runs).
     */
    static List<int[]> runRanges(int runs, long d, double runCost) {
        int byMemory = (int) Math.max(1, Math.min(runs, Math.floor(CELL_W_BYTES / (4.0 * d * d))));
        int byWork = (int) Math.max(1, Math.min(runs, Math.floor(CELL_FLOPS / runCost)));
        int cap = Math.min(byMemory, byWork);
        int cells = (runs + cap - 1) / cap;
        List<int[]> out = new ArrayList<>();
        for (int k = 0; k < cells; k++) {
            out.add(new int[] {(int) ((long) runs * k / cells), (int) ((long) runs * (k + 1) / cells)});
        }
        return out;
    }

    /** The label of runs {@code [from, to)}: {@code "runs 0-19"}, or {@code "run 3"}. */
    static String runsLabel(int[] range) {
        return range[1] - range[0] == 1 ? "run " + range[0] : "runs " + range[0] + "-" + (range[1] - 1);
    }

    /** The values per image of the config's data set (known without loading MNIST or CIFAR-10). */
    static long pixels(Config c) {
        return switch (c.dataset()) {
            case MNIST -> 28 * 28;
            case CIFAR10 -> 32 * 32 * 3;
            default -> {
                ImageSet images = c.dataset().images();
                yield (long) images.width() * images.height() * images.channels();
            }
        };
    }

    /** The outcome of a U-Hop method whose Stage I diverged (what {@link #evaluate} records). */
    static Trial.Outcome diverged() {
        return new Trial.Outcome(new double[] {Double.NaN}, Double.NaN, Double.NaN, 0);
    }

    /**
     * The U-Hop methods of {@code methods} on the trials of one cell (same M), at the N each trial wants:
     * {@code out[trial][c][k][qi]} is the outcome of the k-th U-Hop method of {@code methods} at
     * {@code checkpoints[c]} on query batch qi, null where {@code wanted[c][trial]} is false. Batched
     * ({@code batched}): one Stage I pass for all trials ({@link UHopSpec#stageOneBatch(List, int[], boolean[][],
     * UHopSpec.CheckpointConsumer)}, W built only where wanted) and one Stage II per method and query batch for
     * all of them ({@link TrainedMemory#retrieveAll}); otherwise each trial and N on its own through
     * {@link #evaluate} (the reference path). Both give the same outcomes (timings apart: the batch's time is
     * split evenly over its outcomes); a Stage I that diverges by N gives NaN outcomes as in {@link #evaluate}.
     *
     * @param checkpoints the N, strictly increasing
     * @param wanted {@code wanted[c][trial]}
     * @param rates each trial's learning-rate override, or null entries (or a null array) for the preset's
     * @param queries each trial's query batches
     */
    static Trial.Outcome[][][][] uhop(boolean batched, List<Trial> trials, Preset preset, List<Method> methods,
            SeparationLoss loss, boolean masked, int[] checkpoints, boolean[][] wanted, LearningRate[] rates,
            List<List<NDArray>> queries) {
        int runs = trials.size();
        List<Method> uhop = methods.stream().filter(Method::isUHop).toList();
        Trial.Outcome[][][][] out = new Trial.Outcome[runs][checkpoints.length][uhop.size()][];
        if (uhop.isEmpty()) {
            return out;
        }
        if (!batched) {
            for (int i = 0; i < runs; i++) {
                for (int c = 0; c < checkpoints.length; c++) {
                    if (!wanted[c][i]) {
                        continue;
                    }
                    Trial.Outcome[][] atC = out[i][c];
                    for (int k = 0; k < uhop.size(); k++) {
                        atC[k] = new Trial.Outcome[queries.get(i).size()];
                    }
                    evaluate(trials.get(i), preset, uhop, loss, masked, checkpoints[c], rates == null ? null : rates[i],
                            queries.get(i), (meth, o, qi) -> atC[uhop.indexOf(meth)][qi] = o);
                }
            }
            return out;
        }
        List<UHopSpec> specs = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Trial t = trials.get(i);
            UHopSpec spec = preset.uhop(t.memories, loss, masked, t.seed + 2);
            specs.add(rates == null || rates[i] == null ? spec : spec.learningRate(rates[i]));
        }
        int batches = queries.get(0).size();
        long t0 = System.nanoTime();
        int[] outcomes = new int[1];
        UHopSpec.stageOneBatch(specs, checkpoints, wanted, (n, mems, failures) -> {
            int c = java.util.Arrays.binarySearch(checkpoints, n);
            List<Integer> ok = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                if (!wanted[c][i]) {
                    continue;
                }
                outcomes[0]++;
                for (int k = 0; k < uhop.size(); k++) {
                    out[i][c][k] = new Trial.Outcome[batches];
                    if (mems.get(i) == null) {
                        java.util.Arrays.fill(out[i][c][k], diverged());
                    }
                }
                if (mems.get(i) != null) {
                    ok.add(i);
                }
            }
            if (ok.isEmpty()) {
                return false;
            }
            List<TrainedMemory> batch = ok.stream().map(mems::get).toList();
            for (int k = 0; k < uhop.size(); k++) {
                Separation sep = uhop.get(k) == Method.UHOP_MHM ? Separation.softmax() : Separation.sparsemax();
                for (int qi = 0; qi < batches; qi++) {
                    int q = qi;
                    List<Retrieval> got = TrainedMemory.retrieveAll(batch,
                            ok.stream().map(i -> queries.get(i).get(q)).toList(), sep);
                    for (int j = 0; j < ok.size(); j++) {
                        int i = ok.get(j);
                        TrainedMemory mem = batch.get(j);
                        double[] lr = mem.learningRates();
                        try (Retrieval r = got.get(j)) {
                            out[i][c][k][qi] = new Trial.Outcome(
                                    RetrievalError.perQuery(r.states(), trials.get(i).memories), mem.finalLoss(),
                                    lr.length > 0 ? lr[0] : Double.NaN, 0);
                        }
                    }
                }
            }
            return false;
        });
        double each = (System.nanoTime() - t0) / 1e9 / Math.max(1, outcomes[0]);
        for (Trial.Outcome[][][] perTrial : out) {
            for (Trial.Outcome[][] atC : perTrial) {
                for (Trial.Outcome[] perMethod : atC) {
                    for (int qi = 0; perMethod != null && qi < perMethod.length; qi++) {
                        Trial.Outcome o = perMethod[qi];
                        perMethod[qi] = new Trial.Outcome(o.errors(), o.stageOneLoss(), o.learningRate(),
                                o.errors().length == 1 && Double.isNaN(o.errors()[0]) ? 0 : each);
                    }
                }
            }
        }
        return out;
    }

    /**
     * The rows of {@code methods} for one trial and N, in the order of {@link #evaluate}: per query batch, per
     * method, the U-Hop outcomes from {@code uhopAtN} ({@code [k][qi]}, k over the U-Hop methods) and the
     * baselines computed here.
     */
    static void emit(Trial t, Preset preset, List<Method> methods, Trial.Outcome[][] uhopAtN, List<NDArray> queries,
            Sink sink) {
        List<Method> uhop = methods.stream().filter(Method::isUHop).toList();
        for (int qi = 0; qi < queries.size(); qi++) {
            for (Method meth : methods) {
                Trial.Outcome o = meth.isUHop() ? uhopAtN[uhop.indexOf(meth)][qi]
                        : t.baseline(preset, meth, queries.get(qi));
                sink.accept(meth, o, qi);
            }
        }
    }

    /** All true: {@code rows x cols}. */
    static boolean[][] everywhere(int rows, int cols) {
        boolean[][] w = new boolean[rows][cols];
        for (boolean[] row : w) {
            java.util.Arrays.fill(row, true);
        }
        return w;
    }

    /** The U-Hop Stage I spec of {@code preset}, in words (the run's W seed and N filled in). */
    static String describeSpec(Preset preset, boolean masked, SeparationLoss loss, int n) {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray dummy = nd.zeros(new Shape(4, 2), Trial.TYPE);
            return preset.uhop(dummy, loss, masked, 0).toString()
                    .replace("memories=(4, 2), ", "").replace("seed=0", "seed=run seed + 2") + ", N=" + n;
        }
    }

    /** {@code average} or {@code max}, the name of a Stage I loss in the tables. */
    static String lossName(SeparationLoss loss) {
        return loss instanceof SeparationLoss.Max ? "max" : "average";
    }

    /** The labels of {@code methods}. */
    static List<String> labels(List<Method> methods) {
        return methods.stream().map(Method::label).toList();
    }

    /** The values as a list. */
    static List<Integer> list(int... values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    /** The values as a list. */
    static List<Double> list(double... values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
