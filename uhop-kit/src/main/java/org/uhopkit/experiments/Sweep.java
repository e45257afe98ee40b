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
        Checks.notNull("config", config);
        Checks.notNull("parts", parts);
        Checks.notNull("clock", clock);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException(e.name() + ": no parts to assemble");
        }
        List<RetrievalPart.Row> all = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            RetrievalPart p = Checks.notNull("parts[" + i + "]", parts.get(i));
            if (p.cell().index() != i) {
                throw new IllegalArgumentException(e.name() + ": part " + i + " is of cell " + p.cell().index()
                        + " (" + p.cell().label() + "); parts must come in cell order");
            }
            all.addAll(p.rows());
        }
        Settings settings = parts.get(0).settings();
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

    /** Receives one method's outcome on query batch {@code qi} at Stage I steps {@code n}. */
    interface SinkAt {
        void accept(int n, Method method, Trial.Outcome outcome, int qi);
    }

    /**
     * What {@link #evaluate} gives for each N of {@code ns} in turn (same outcomes, same order), with one
     * checkpointed Stage I pass ({@link Trial#uhopAt}) instead of one run per N. When that pass diverges, each
     * N is run on its own through {@link #evaluate}, so the N reached before the divergence keep their results;
     * likewise for every N when {@code shared} is false (the reference path, {@link Config#batching(boolean)}).
     */
    static void evaluateAt(boolean shared, Trial t, Preset preset, List<Method> methods, SeparationLoss loss,
            boolean masked, int[] ns, LearningRate rate, List<NDArray> queries, SinkAt sink) {
        int[] checkpoints = java.util.Arrays.stream(ns).distinct().sorted().toArray();
        List<List<Map<Method, Trial.Outcome>>> uhop = shared
                ? t.uhopAt(preset, loss, masked, checkpoints, rate, queries, methods) : null;
        for (int n : ns) {
            if (uhop == null) {
                evaluate(t, preset, methods, loss, masked, n, rate, queries,
                        (meth, o, qi) -> sink.accept(n, meth, o, qi));
                continue;
            }
            List<Map<Method, Trial.Outcome>> atN = uhop.get(java.util.Arrays.binarySearch(checkpoints, n));
            for (int qi = 0; qi < queries.size(); qi++) {
                for (Method meth : methods) {
                    Trial.Outcome o = meth.isUHop() ? atN.get(qi).get(meth) : t.baseline(preset, meth, queries.get(qi));
                    sink.accept(n, meth, o, qi);
                }
            }
        }
    }

    /**
     * U-Hop + MHM on several trials of one grid point (same M and data set), Stage I for all of them in one
     * batched computation ({@link UHopSpec#stageOneBatch}, each run up to its own N via a checkpoint at every
     * N of the batch); the outcome of trial i equals what {@link #evaluate} gives for it alone. A run the
     * batch reports as diverged (possibly only past its own N) is run again alone through {@link #evaluate}, so
     * it keeps its result or is recorded as NaN exactly as there. The batch's Stage I time is split evenly
     * over its runs (timings only).
     *
     * @param ns each trial's N
     * @param rates each trial's learning-rate override, or null entries for the preset's
     * @param queries each trial's queries
     * @return one outcome per trial, in order
     */
    static List<Trial.Outcome> uhopBatch(List<Trial> trials, Preset preset, SeparationLoss loss, boolean masked,
            int[] ns, LearningRate[] rates, List<NDArray> queries) {
        int runs = trials.size();
        List<UHopSpec> specs = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Trial t = trials.get(i);
            UHopSpec spec = preset.uhop(t.memories, loss, masked, t.seed + 2);
            specs.add(rates[i] == null ? spec : spec.learningRate(rates[i]));
        }
        int[] checkpoints = java.util.Arrays.stream(ns).distinct().sorted().toArray();
        Trial.Outcome[] out = new Trial.Outcome[runs];
        long t0 = System.nanoTime();
        List<StageOneRun> batch = UHopSpec.stageOneBatch(specs, checkpoints);
        try {
            double stage1 = (System.nanoTime() - t0) / 1e9 / runs;
            for (int i = 0; i < runs; i++) {
                StageOneRun run = batch.get(i);
                if (run.diverged()) {
                    continue;
                }
                TrainedMemory mem = run.at(ns[i]);
                double[] lr = mem.learningRates();
                long t1 = System.nanoTime();
                double[] e = trials.get(i).errors(mem.stageTwo().separation(Separation.softmax()), queries.get(i));
                out[i] = new Trial.Outcome(e, mem.finalLoss(), lr.length > 0 ? lr[0] : Double.NaN,
                        stage1 + (System.nanoTime() - t1) / 1e9);
            }
        } finally {
            batch.forEach(StageOneRun::close);
        }
        for (int i = 0; i < runs; i++) {
            if (out[i] == null) {
                int k = i;
                evaluate(trials.get(i), preset, List.of(Method.UHOP_MHM), loss, masked, ns[i], rates[i],
                        List.of(queries.get(i)), (meth, o, qi) -> out[k] = o);
            }
        }
        return java.util.Arrays.asList(out);
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
