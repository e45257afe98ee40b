package org.uhopkit.experiments;

import org.uhopkit.report.Statistics;
import org.uhopkit.data.Corruption;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.uhopkit.LearningRate;
import org.uhopkit.SeparationLoss;
import org.uhopkit.UHop;
import org.uhopkit.data.ImageSet;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * The memory-retrieval experiments of the paper (section 4.1, appendix F.2-F.3, G.1-G.3), each returning an
 * {@link ExperimentResult}. Grids (paper profile / quick profile):
 *
 * <ul>
 *   <li>{@link #CAPACITY} (Fig. 3 left, Fig. 26): masked queries, error vs M in {10, 20, 30, 50, 100, 200, 500}
 *       / {10, 50, 100}, every model, U-Hop with N = 100 (MNIST) or 500 (CIFAR-10), 20 / 2 runs.
 *   <li>{@link #NOISE} (Fig. 3 right): noisy queries, error vs sigma in {0, 0.01, 0.05, 0.1, 0.3, 0.5, 0.7, 1.0,
 *       1.2, 1.4, 2.0} / {0, 0.1, 0.5, 1, 2}, M = 100 / 50 (the paper does not state M), N = 100 (MNIST) or
 *       200 (CIFAR-10), 20 / 2 runs. Stage I does not see the queries, so one W per run serves every sigma.
 *   <li>{@link #STAGE_ONE} (Fig. 5): masked queries, U-Hop error vs N in {1, 10, 20, 50, 100, 200, 500, 1000}
 *       / {1, 10, 50, 100}, M = 100 / 50 (not stated in the paper), 20 / 2 runs.
 *   <li>{@link #LOSS_VS_ERROR} (Fig. 1, Fig. 7): 200 / 20 runs of U-Hop + MHM with a random learning rate
 *       {@code |N(0, 1)|} and N uniform in [1, 200] (appendix G.1), M = 100 / 50; Pearson and Spearman
 *       correlations in the provenance.
 *   <li>{@link #MAX_VS_AVERAGE} (appendix G.2, Fig. 8-25): loss and error vs N in {1, 10, 20, 50, 100, 200,
 *       500} / {1, 10, 50} for M in {10, 20, 50, 100, 200, 500} / {10, 50}, both losses, 5 / 2 runs.
 *   <li>{@link #PRESETS}: the capacity experiment under both presets, in one table and one figure.
 * </ul>
 *
 * <p>Seeds: run {@code r} at memory size M uses {@code seed + 1_000_003 r + 7919 M} for the memories, that
 * plus 1 for the queries and plus 2 for the initial W, so every model sees the same memories and queries,
 * and both presets too.
 */
public enum Experiment {
    /** Fig. 3 (left) and Fig. 26. */
    CAPACITY("capacity", "Memory capacity: error vs memory set size M (Fig. 3 left, Fig. 26)"),
    /** Fig. 3 (right). */
    NOISE("noise", "Noise robustness: error vs noise level (Fig. 3 right)"),
    /** Fig. 5. */
    STAGE_ONE("stage-one", "Stage I iterations: error vs N (Fig. 5)"),
    /** Fig. 1 and Fig. 7. */
    LOSS_VS_ERROR("loss-vs-error", "Separation loss vs retrieval error, 200 random runs (Fig. 1, Fig. 7)"),
    /** Appendix G.2. */
    MAX_VS_AVERAGE("max-vs-average", "Max vs average separation loss: loss and error vs N (appendix G.2)"),
    /** The capacity experiment under both presets. */
    PRESETS("presets", "Paper vs authors' code: capacity under both presets");

    private final String id;
    private final String title;

    Experiment(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** The command-line name. */
    public String id() {
        return id;
    }

    /** A one-line description. */
    public String title() {
        return title;
    }

    /** Parses a command-line name ({@code capacity}, {@code stage-one}, ...). */
    public static Experiment parse(String s) {
        for (Experiment e : values()) {
            if (e.id.equalsIgnoreCase(s) || e.name().equalsIgnoreCase(s.replace('-', '_'))) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown experiment '" + s + "', expected one of "
                + Arrays.stream(values()).map(Experiment::id).toList());
    }

    /** Runs the experiment. */
    public ExperimentResult run(Config config) {
        long t0 = System.nanoTime();
        ImageSet images = config.dataset().images();
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("experiment", id);
        prov.put("title", title);
        prov.putAll(config.toMap());
        prov.put("started", Instant.now().toString());
        Rows rows = new Rows(id, config);
        List<Figure> figures = new ArrayList<>();
        try (NDManager nd = NDManager.newBaseManager()) {
            switch (this) {
                case CAPACITY -> capacity(config, images, nd, rows, prov, config.preset());
                case PRESETS -> {
                    capacity(config, images, nd, rows, prov, Preset.PAPER);
                    capacity(config, images, nd, rows, prov, Preset.OFFICIAL);
                    prov.put("preset", "paper+official");
                }
                case NOISE -> noise(config, images, nd, rows, prov);
                case STAGE_ONE -> stageOne(config, images, nd, rows, prov);
                case LOSS_VS_ERROR -> lossVsError(config, images, nd, rows, prov);
                case MAX_VS_AVERAGE -> maxVsAverage(config, images, nd, rows, prov);
                default -> throw new IllegalStateException(id);
            }
        } finally {
            config.progress().finish();
        }
        Table table = rows.table();
        if (this == LOSS_VS_ERROR) {
            double[] loss = table.doubleColumn(ExperimentResult.STAGE_ONE_LOSS).asDoubleArray();
            double[] err = table.doubleColumn(ExperimentResult.ERROR).asDoubleArray();
            double[][] finite = finitePairs(loss, err);
            prov.put("pearson_r", finite[0].length > 1 ? Statistics.pearson(finite[0], finite[1]) : Double.NaN);
            prov.put("spearman_rho", finite[0].length > 1 ? Statistics.spearman(finite[0], finite[1])
                    : Double.NaN);
        }
        prov.put("images", images.name());
        prov.put("images_n", images.size());
        prov.put("d", images.dimension());
        prov.put("dataset_sha256", images.checksums());
        prov.put("versions", UHop.versions());
        prov.put("available_processors", Runtime.getRuntime().availableProcessors());
        prov.put("torch_intra_op_threads", TorchThreads.get());
        prov.put("error_metric", "per query sum_j (clamp(x_j,0,1) - clamp(xi_j,0,1))^2; per run the mean over the"
                + " M queries; capacity = fraction of queries with error <= " + RetrievalError.MILLIDGE_THRESHOLD);
        double wall = (System.nanoTime() - t0) / 1e9;
        prov.put("wall_seconds", Math.round(wall * 100) / 100.0);
        ExperimentResult result = new ExperimentResult(id, table, List.of(), prov);
        figures.addAll(Figures.of(this, result, config));
        return new ExperimentResult(id, table, figures, prov);
    }

    static long runSeed(Config c, int m, int run) {
        return c.seed() + 1_000_003L * run + 7919L * m;
    }

    private static int defaultN(Config c, int mnist, int cifar) {
        return c.stageOneStepsOr(c.dataset() == Dataset.MNIST ? mnist : cifar)[0];
    }

    private static boolean paper(Config c) {
        return c.profile() == Profile.PAPER;
    }

    private static void capacity(Config c, ImageSet images, NDManager nd, Rows rows, Map<String, Object> prov,
            Preset preset) {
        int[] ms = c.memorySizesOr(paper(c) ? new int[] {10, 20, 30, 50, 100, 200, 500} : new int[] {10, 50, 100});
        int runs = c.runsOr(paper(c) ? 20 : 2);
        int n = defaultN(c, 100, 500);
        Corruption corruption = c.maskingFor(preset);
        String p = preset.name().toLowerCase(java.util.Locale.ROOT);
        prov.put("M", ms);
        prov.put("runs", runs);
        prov.put("N", n);
        prov.put("methods", labels(c.methods()));
        prov.put("queries_" + p, corruption.toString());
        prov.put("uhop_spec_" + p, describeSpec(preset, true, SeparationLoss.average(), n));
        c.progress().start(p + " capacity " + c.dataset().id(), (long) ms.length * runs);
        for (int m : ms) {
            for (int r = 0; r < runs; r++) {
                long seed = runSeed(c, m, r);
                int run = r;
                try (Trial t = new Trial(nd, images, m, seed)) {
                    NDArray q = t.queries(corruption);
                    evaluate(t, preset, c.methods(), SeparationLoss.average(), true, n, null, List.of(q),
                            (meth, o, qi) -> rows.add(preset, meth, meth.isUHop() ? "average" : "", m,
                                    meth.isUHop() ? n : 0, Double.NaN, run, seed, o.learningRate(), o.errors(),
                                    o.stageOneLoss(), o.seconds()));
                }
                c.progress().step("M=" + m + " run " + (r + 1) + "/" + runs);
            }
        }
    }

    private static void noise(Config c, ImageSet images, NDManager nd, Rows rows, Map<String, Object> prov) {
        double[] sigmas = c.noiseLevelsOr(paper(c) ? new double[] {0, 0.01, 0.05, 0.1, 0.3, 0.5, 0.7, 1.0, 1.2, 1.4,
            2.0} : new double[] {0, 0.1, 0.5, 1.0, 2.0});
        int m = c.memorySizesOr(paper(c) ? 100 : 50)[0];
        int runs = c.runsOr(paper(c) ? 20 : 2);
        int n = defaultN(c, 100, 200);
        Preset preset = c.preset();
        prov.put("sigma", sigmas);
        prov.put("M", m);
        prov.put("runs", runs);
        prov.put("N", n);
        prov.put("methods", labels(c.methods()));
        prov.put("queries", preset.noise(sigmas[0]).getClass().getSimpleName() + "(sigma)");
        prov.put("uhop_spec", describeSpec(preset, false, SeparationLoss.average(), n));
        c.progress().start("noise " + c.dataset().id(), runs);
        for (int r = 0; r < runs; r++) {
            long seed = runSeed(c, m, r);
            try (Trial t = new Trial(nd, images, m, seed)) {
                List<NDArray> qs = new ArrayList<>();
                for (double s : sigmas) {
                    qs.add(t.queries(preset.noise(s)));
                }
                int run = r;
                evaluate(t, preset, c.methods(), SeparationLoss.average(), false, n, null, qs,
                        (meth, o, qi) -> rows.add(preset, meth, meth.isUHop() ? "average" : "", m,
                                meth.isUHop() ? n : 0, sigmas[qi], run, seed, o.learningRate(), o.errors(),
                                o.stageOneLoss(), o.seconds()));
            }
            c.progress().step("run " + (r + 1) + "/" + runs);
        }
    }

    private static void stageOne(Config c, ImageSet images, NDManager nd, Rows rows, Map<String, Object> prov) {
        int[] ns = c.stageOneStepsOr(paper(c) ? new int[] {1, 10, 20, 50, 100, 200, 500, 1000}
            : new int[] {1, 10, 50, 100});
        int[] ms = c.memorySizesOr(paper(c) ? 100 : 50);
        int runs = c.runsOr(paper(c) ? 20 : 2);
        Preset preset = c.preset();
        List<Method> methods = c.methods().stream().filter(Method::isUHop).toList();
        if (methods.isEmpty()) {
            methods = List.of(Method.UHOP_MHM, Method.UHOP_SPARSE_MHM);
        }
        prov.put("N", ns);
        prov.put("M", ms);
        prov.put("runs", runs);
        prov.put("methods", labels(methods));
        prov.put("queries", c.maskingFor(preset).toString());
        prov.put("uhop_spec", describeSpec(preset, true, SeparationLoss.average(), ns[ns.length - 1]));
        List<Method> ms2 = methods;
        c.progress().start("stage-one " + c.dataset().id(), (long) ms.length * runs * ns.length);
        for (int m : ms) {
            for (int r = 0; r < runs; r++) {
                long seed = runSeed(c, m, r);
                try (Trial t = new Trial(nd, images, m, seed)) {
                    NDArray q = t.queries(c.maskingFor(preset));
                    for (int n : ns) {
                        int run = r;
                        evaluate(t, preset, ms2, SeparationLoss.average(), true, n, null, List.of(q),
                                (meth, o, qi) -> rows.add(preset, meth, "average", m, n, Double.NaN, run, seed,
                                        o.learningRate(), o.errors(), o.stageOneLoss(), o.seconds()));
                        c.progress().step("M=" + m + " run " + (r + 1) + " N=" + n);
                    }
                }
            }
        }
    }

    private static void lossVsError(Config c, ImageSet images, NDManager nd, Rows rows, Map<String, Object> prov) {
        int runs = c.runsOr(paper(c) ? 200 : 20);
        int m = c.memorySizesOr(paper(c) ? 100 : 50)[0];
        int maxN = c.stageOneStepsOr(200)[0];
        Preset preset = c.preset();
        prov.put("runs", runs);
        prov.put("M", m);
        prov.put("N", "uniform integer in [1, " + maxN + "]");
        prov.put("learning_rate", "|N(0, 1)| (" + (preset == Preset.PAPER ? "constant" : "authors' decay") + ")");
        prov.put("queries", c.maskingFor(preset).toString());
        prov.put("uhop_spec", describeSpec(preset, true, SeparationLoss.average(), maxN));
        Random random = new Random(c.seed());
        c.progress().start("loss-vs-error " + c.dataset().id(), runs);
        for (int r = 0; r < runs; r++) {
            int n = 1 + random.nextInt(maxN);
            double gamma = Math.max(1e-6, Math.abs(random.nextGaussian()));
            LearningRate rate = preset == Preset.PAPER ? LearningRate.constant(gamma)
                    : LearningRate.authorsDecay(gamma);
            long seed = runSeed(c, m, r);
            try (Trial t = new Trial(nd, images, m, seed)) {
                NDArray q = t.queries(c.maskingFor(preset));
                int run = r;
                evaluate(t, preset, List.of(Method.UHOP_MHM), SeparationLoss.average(), true, n, rate, List.of(q),
                        (meth, o, qi) -> rows.add(preset, meth, "average", m, n, Double.NaN, run, seed, gamma,
                                o.errors(), o.stageOneLoss(), o.seconds()));
            }
            c.progress().step("run " + (r + 1) + "/" + runs);
        }
    }

    private static void maxVsAverage(Config c, ImageSet images, NDManager nd, Rows rows, Map<String, Object> prov) {
        int[] ns = c.stageOneStepsOr(paper(c) ? new int[] {1, 10, 20, 50, 100, 200, 500} : new int[] {1, 10, 50});
        int[] ms = c.memorySizesOr(paper(c) ? new int[] {10, 20, 50, 100, 200, 500} : new int[] {10, 50});
        int runs = c.runsOr(paper(c) ? 5 : 2);
        Preset preset = c.preset();
        prov.put("N", ns);
        prov.put("M", ms);
        prov.put("runs", runs);
        prov.put("queries", c.maskingFor(preset).toString());
        prov.put("uhop_spec_average", describeSpec(preset, true, SeparationLoss.average(), ns[ns.length - 1]));
        prov.put("uhop_spec_max", describeSpec(preset, true, SeparationLoss.max(), ns[ns.length - 1]));
        c.progress().start("max-vs-average " + c.dataset().id(), (long) ms.length * runs * ns.length);
        for (int m : ms) {
            for (int r = 0; r < runs; r++) {
                long seed = runSeed(c, m, r);
                try (Trial t = new Trial(nd, images, m, seed)) {
                    NDArray q = t.queries(c.maskingFor(preset));
                    for (int n : ns) {
                        int run = r;
                        for (SeparationLoss loss : List.of(SeparationLoss.average(), SeparationLoss.max())) {
                            String name = loss instanceof SeparationLoss.Max ? "max" : "average";
                            evaluate(t, preset, List.of(Method.UHOP_MHM), loss, true, n, null, List.of(q),
                                    (meth, o, qi) -> rows.add(preset, meth, name, m, n, Double.NaN, run, seed,
                                            o.learningRate(), o.errors(), o.stageOneLoss(), o.seconds()));
                        }
                        c.progress().step("M=" + m + " run " + (r + 1) + " N=" + n);
                    }
                }
            }
        }
    }

    /** Receives one method's outcome on query batch {@code qi}. */
    private interface Sink {
        void accept(Method method, Trial.Outcome outcome, int qi);
    }

    /** Runs the baselines and U-Hop (one Stage I) of {@code methods} on every query batch, in method order. */
    private static void evaluate(Trial t, Preset preset, List<Method> methods, SeparationLoss loss, boolean masked,
            int n, LearningRate rate, List<NDArray> queries, Sink sink) {
        List<Map<Method, Trial.Outcome>> uhop;
        try {
            uhop = t.uhop(preset, loss, masked, n, rate, queries, methods);
        } catch (IllegalStateException e) { // Stage I diverged (e.g. a large random learning rate): record NaN
            uhop = new ArrayList<>();
            for (int i = 0; i < queries.size(); i++) {
                Map<Method, Trial.Outcome> failed = new java.util.EnumMap<>(Method.class);
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

    private static String describeSpec(Preset preset, boolean masked, SeparationLoss loss, int n) {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray dummy = nd.zeros(new ai.djl.ndarray.types.Shape(4, 2), Trial.TYPE);
            return preset.uhop(dummy, loss, masked, 0).toString()
                    .replace("memories=(4, 2), ", "").replace("seed=0", "seed=run seed + 2") + ", N=" + n;
        }
    }

    private static List<String> labels(List<Method> methods) {
        return methods.stream().map(Method::label).toList();
    }

    private static double[][] finitePairs(double[] x, double[] y) {
        List<double[]> keep = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                keep.add(new double[] {x[i], y[i]});
            }
        }
        double[][] out = new double[2][keep.size()];
        for (int i = 0; i < keep.size(); i++) {
            out[0][i] = keep.get(i)[0];
            out[1][i] = keep.get(i)[1];
        }
        return out;
    }
}
