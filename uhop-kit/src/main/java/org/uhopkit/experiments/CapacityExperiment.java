package org.uhopkit.experiments;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.uhopkit.SeparationLoss;
import org.uhopkit.data.Corruption;
import org.uhopkit.report.ExperimentFigures;
import tech.tablesaw.plotly.components.Figure;

/**
 * Memory capacity (section 4.1, Fig. 3 left, Fig. 26): masked queries, the error of every model against the
 * memory set size M in {10, 20, 30, 50, 100, 200, 500} (paper profile) or {10, 50, 100} (quick), U-Hop with
 * the data set's N ({@link Dataset#maskedStageOneSteps()}: 100 on MNIST, 500 on CIFAR-10), 20 or 2 runs.
 * Use {@link Experiment#CAPACITY}.
 */
public final class CapacityExperiment extends RetrievalExperiment {

    CapacityExperiment() {}

    @Override
    public String name() {
        return "capacity";
    }

    @Override
    public String title() {
        return "Memory capacity: error vs memory set size M (Fig. 3 left, Fig. 26)";
    }

    /** One cell per memory size M and range of runs ({@link Sweep#runRanges}), e.g. {@code "M=100 runs 0-19"}. */
    @Override
    public List<Cell> cells(Config config) {
        return cells(config, presets(config), false);
    }

    @Override
    public RetrievalPart runCell(Config config, Cell cell) {
        checkCell(config, cell);
        return runCell(this, config, cell, presets(config));
    }

    /** The memory sizes, runs and N of one capacity sweep. */
    record Grid(int[] ms, int runs, int n) {
        Settings settings(Config c, Map<String, String> queries, Map<String, String> specs) {
            return new Settings(Sweep.list(ms), Sweep.list(n), List.of(), runs, Sweep.labels(c.methods()),
                    List.of("average"), queries, specs, "");
        }
    }

    /** The grid of a capacity sweep under {@code c}. */
    static Grid grid(Config c) {
        int[] ms = c.memorySizesOr(c.profile().pick(new int[] {10, 20, 30, 50, 100, 200, 500}, new int[] {10, 50, 100}));
        int runs = c.runsOr(c.profile().pick(20, 2));
        int n = c.stageOneStepsOr(c.dataset().maskedStageOneSteps())[0];
        return new Grid(ms, runs, n);
    }

    /** A cell of a capacity sweep: a preset, a memory size and runs {@code [from, to)}. */
    record Point(Preset preset, int m, int[] runs) {}

    /** The cells' points, in output order: preset, then M, then runs. */
    static List<Point> points(Config c, List<Preset> presets) {
        Grid g = grid(c);
        List<Point> out = new java.util.ArrayList<>();
        for (Preset p : presets) {
            for (int m : g.ms()) {
                for (int[] r : Sweep.runRanges(g.runs(), Sweep.pixels(c), Sweep.runCost(m, Sweep.pixels(c), g.n()))) {
                    out.add(new Point(p, m, r));
                }
            }
        }
        return out;
    }

    /** The cells of a capacity sweep under {@code presets}; {@code named}: labels start with the preset. */
    static List<Cell> cells(Config c, List<Preset> presets, boolean named) {
        List<Point> pts = points(c, presets);
        int n = grid(c).n();
        long d = Sweep.pixels(c);
        List<Cell> out = new java.util.ArrayList<>();
        for (int i = 0; i < pts.size(); i++) {
            Point pt = pts.get(i);
            out.add(new Cell(i, (named ? pt.preset().id() + " " : "") + "M=" + pt.m() + " " + Sweep.runsLabel(pt.runs()),
                    (pt.runs()[1] - pt.runs()[0]) * Sweep.runCost(pt.m(), d, n)));
        }
        return out;
    }

    /** Computes cell {@code cell} of a capacity sweep of {@code e} under {@code presets}. */
    static RetrievalPart runCell(RetrievalExperiment e, Config c, Cell cell, List<Preset> presets) {
        Point pt = points(c, presets).get(cell.index());
        Grid g = grid(c);
        return Sweep.part(e, c, cell, s -> {
            sweep(s, pt, g.n());
            Map<String, String> queries = new LinkedHashMap<>();
            Map<String, String> specs = new LinkedHashMap<>();
            for (Preset p : presets) {
                queries.put(p.id(), c.maskingFor(p).toString());
                specs.put(p.id() + "/average", Sweep.describeSpec(p, true, SeparationLoss.average(), g.n()));
            }
            return g.settings(c, queries, specs);
        });
    }

    /**
     * The rows of the capacity cells computed while {@link Experiments#reuseCapacityCells()} is open, by
     * {@link #memoKey}, or null (the default: every cell is computed). In {@code reproduce all}, {@code presets}
     * recomputes the paper preset's capacity sweep that {@code capacity} has just computed; the rows are a pure
     * function of the key, so the second one takes them from here (seconds included: the time it took to compute
     * them).
     */
    private static volatile Map<String, List<RetrievalPart.Row>> done;

    /**
     * Starts remembering the capacity cells computed in this JVM; the returned scope forgets them again. A scope
     * opened inside another shares the outer one's cells and closing it changes nothing.
     */
    static synchronized Experiments.Reuse remember() {
        if (done != null) {
            return () -> { }; // nested: the outer scope's cells stay until it closes
        }
        Map<String, List<RetrievalPart.Row>> map = new java.util.concurrent.ConcurrentHashMap<>();
        done = map;
        return () -> {
            synchronized (CapacityExperiment.class) {
                if (done == map) {
                    done = null;
                }
            }
        };
    }

    /**
     * What the rows of a capacity cell depend on: every setting of the config (its {@code toString} lists
     * them all but the progress), the data set's files (checksums), the preset, M, the runs, N and PyTorch's
     * threads (MKL's sums may depend on them).
     */
    static String memoKey(Sweep s, Point pt, int n) {
        return s.config + " data=" + s.images.checksums() + " preset=" + pt.preset().id() + " M=" + pt.m()
                + " runs=" + pt.runs()[0] + "-" + pt.runs()[1] + " N=" + n + " torch-threads=" + TorchThreads.get();
    }

    /**
     * The rows of one cell: every method on the cell's runs at its M, U-Hop batched over the runs; taken from
     * {@link #done} when the same cell was computed before in this JVM.
     */
    static void sweep(Sweep s, Point pt, int n) {
        Map<String, List<RetrievalPart.Row>> memo = done;
        if (memo == null) {
            compute(s, pt, n);
            return;
        }
        String key = memoKey(s, pt, n);
        List<RetrievalPart.Row> earlier = memo.get(key);
        if (earlier != null) {
            s.rows.addAll(earlier);
            return;
        }
        int before = s.rows.size();
        compute(s, pt, n);
        memo.put(key, s.rows.since(before));
    }

    private static void compute(Sweep s, Point pt, int n) {
        Config c = s.config;
        Preset preset = pt.preset();
        int m = pt.m();
        Corruption corruption = c.maskingFor(preset);
        int from = pt.runs()[0];
        int count = pt.runs()[1] - from;
        c.progress().start(preset.id() + " capacity " + c.dataset().id() + " M=" + m + " "
                + Sweep.runsLabel(pt.runs()), count);
        List<Trial> trials = new java.util.ArrayList<>();
        try {
            List<List<NDArray>> qs = new java.util.ArrayList<>();
            for (int r = from; r < from + count; r++) {
                Trial t = s.trial(m, r);
                trials.add(t);
                qs.add(List.of(t.queries(corruption)));
            }
            Trial.Outcome[][][][] u = Sweep.uhop(c.batching(), trials, preset, c.methods(), SeparationLoss.average(),
                    true, new int[] {n}, Sweep.everywhere(1, count), null, qs);
            for (int j = 0; j < count; j++) {
                Trial t = trials.get(j);
                int run = from + j;
                Sweep.emit(t, preset, c.methods(), u[j][0], qs.get(j),
                        (meth, o, qi) -> s.rows.add(preset, meth, meth.isUHop() ? "average" : "", m,
                                meth.isUHop() ? n : 0, Double.NaN, run, t.seed, o.learningRate(), o));
                c.progress().step("M=" + m + " run " + (run + 1));
            }
        } finally {
            trials.forEach(Trial::close);
        }
    }

    @Override
    public List<Figure> figures(ExperimentResult r) {
        Provenance p = r.provenance();
        return List.of(ExperimentFigures.meanLines(r.summary(), ExperimentResult.M, ExperimentResult.ERROR_MEAN,
                row -> row.getString(ExperimentResult.METHOD), row -> false,
                "Memory capacity on " + Dataset.parse(p.dataset()).label() + " (" + p.presetLabel() + " preset, "
                        + p.profile() + ", N = " + p.settings().stageOneSteps().get(0) + ")",
                "memory set size M", ExperimentFigures.ERROR_AXIS, true));
    }
}
