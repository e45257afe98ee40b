package org.uhopkit.experiments;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.uhopkit.UHop;
import org.uhopkit.data.SeriesBorders;
import org.uhopkit.data.TimeSeries;
import org.uhopkit.internal.Checks;
import org.uhopkit.nn.stanhop.ForecastRun;
import org.uhopkit.nn.stanhop.ForecastTraining;
import org.uhopkit.nn.stanhop.StanHopConfig;
import org.uhopkit.report.Charts;
import org.uhopkit.report.Html;
import org.uhopkit.report.Plots;
import org.uhopkit.report.Statistics;
import org.uhopkit.report.Tables;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * The result set of the forecasting experiment ({@link ForecastingExperiment}): Table 8 of the paper computed (test
 * MSE and MAE on the normalised scale, mean and sample standard deviation over seeds, with and without U-Hop)
 * beside the paper's numbers, the per-run table, the learning curves (per epoch: training loss, separation loss,
 * validation MSE and MAE, mean alpha), the figures, the provenance and, apart, the timings. Files:
 * {@value #TABLE8_CSV}, {@value #RUNS_CSV}, {@value #CURVES_CSV}, {@value #FIGURES_HTML}, {@value #PROVENANCE_JSON},
 * {@value #TIMINGS_CSV}, {@value #TIMINGS_JSON}. Holds no native memory.
 */
public final class ForecastResult implements ResultSet {

    /** File: Table 8 computed beside the paper's. */
    public static final String TABLE8_CSV = "table8.csv";
    /** File: one row per run. */
    public static final String RUNS_CSV = "runs.csv";
    /** File: one row per run and epoch. */
    public static final String CURVES_CSV = "curves.csv";
    /** File: the figures (standalone HTML). */
    public static final String FIGURES_HTML = "figures.html";
    /** File: the provenance. */
    public static final String PROVENANCE_JSON = ExperimentResult.PROVENANCE_JSON;
    /** File: seconds per run and epoch (differ between reruns). */
    public static final String TIMINGS_CSV = "timings.csv";
    /** File: start and wall time. */
    public static final String TIMINGS_JSON = "timings.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    /**
     * Everything needed to rerun the experiment and check its data (no timings).
     *
     * @param experiment {@code forecasting}
     * @param title the experiment's title
     * @param dataset the data set's command-line name
     * @param profile {@code quick} or {@code paper}
     * @param horizons the horizons
     * @param seeds the seeds per horizon and variant
     * @param seed the base seed
     * @param seedRule how each run's seed derives from it
     * @param file the data file and its SHA-256
     * @param borders the training, validation and test rows (Informer)
     * @param dataRule scaling, windows and metrics, in words
     * @param models the model of each horizon and variant
     * @param training the training of the first run (the others differ by seed only)
     * @param limits what the profile leaves out, in words
     * @param versions kit, DJL, engine and Java versions
     * @param availableProcessors the JVM's processors
     * @param torchThreads PyTorch's intra-op threads
     */
    public record Provenance(String experiment, String title, String dataset, String profile, List<Integer> horizons,
            int seeds, long seed, String seedRule, Map<String, String> file, SeriesBorders borders, String dataRule,
            List<StanHopConfig> models, ForecastTraining training, String limits, Map<String, String> versions,
            int availableProcessors, int torchThreads) {}

    private final String stem;
    private final Dataset dataset;
    private final List<ForecastPart> parts;
    private final Provenance provenance;
    private final RunClock clock;
    private final double wallSeconds;

    ForecastResult(ForecastingExperiment experiment, Config config, List<ForecastPart> parts, RunClock clock) {
        this.stem = experiment.stem(config);
        this.dataset = config.dataset();
        this.parts = List.copyOf(parts);
        this.clock = clock;
        this.wallSeconds = clock.elapsedSeconds();
        TimeSeries series = ForecastingExperiment.series(dataset);
        List<StanHopConfig> models = new ArrayList<>();
        for (ForecastPart p : parts) {
            if (p.seedIndex() == 0) {
                models.add(p.run().config());
            }
        }
        String limits = config.profile() == Profile.PAPER
                ? "the paper's settings (Table 7, appendix F.5); input length 168 from the released STanHop-Net "
                        + "(the paper does not state it); 3 seeds; " + (config.maxEpochsOr(0) > 0
                        ? "epochs capped at " + config.maxEpochsOr(0) + " by --max-epochs" : "no cap")
                : "quick profile: a reduced model (d_model 32, one head, d_ff 64) with input 96, "
                        + ForecastingExperiment.training(config, 0).epochs() + " epoch(s) of at most "
                        + ForecastingExperiment.QUICK_STEPS + " training steps of batch 32 (a random part of the "
                        + "training windows each epoch), early stopping on every "
                        + ForecastingExperiment.QUICK_VALIDATION_STRIDE + "th validation window, one seed, Adam "
                        + "1e-3: it runs the whole pipeline in minutes but cannot say whether U-Hop improves "
                        + "STanHop-Net at the paper's scale";
        this.provenance = new Provenance(experiment.name(), experiment.title(), dataset.id(), config.profile().id(),
                java.util.Arrays.stream(ForecastingExperiment.horizons(config)).boxed().toList(),
                ForecastingExperiment.seeds(config), config.seed(),
                "seed index s at horizon h: seed + 1000003 s + 7919 h, for the model's initial parameters, the "
                        + "batches, the inner samples and dropout; the same for both variants", series.sha256(),
                SeriesBorders.informer(series.name()),
                "every column but the date; standard scaler (population std) fitted on the training rows only; "
                        + "stride-1 windows; validation and test windows start one input length before their "
                        + "border; early stopping on the validation loss (the task loss's kind), the test MSE and "
                        + "MAE of the best validation epoch's parameters, averaged over every test window, series "
                        + "and step, on the normalised scale", models, parts.get(0).run().training(), limits,
                UHop.versions(), Runtime.getRuntime().availableProcessors(), TorchThreads.get());
    }

    @Override
    public String stem() {
        return stem;
    }

    /**
     * The parts, in cell order.
     *
     * @return the parts, an unmodifiable list in cell order
     */
    public List<ForecastPart> parts() {
        return parts;
    }

    /**
     * The provenance.
     *
     * @return the provenance, not null
     */
    public Provenance provenance() {
        return provenance;
    }

    /**
     * Table 8 computed: per horizon and variant the test MSE and MAE (mean and sample standard deviation over
     * seeds) and the paper's numbers.
     *
     * @return a new table, one row per horizon and variant
     */
    public Table table8() {
        StringColumn data = StringColumn.create("dataset");
        IntColumn horizon = IntColumn.create("horizon");
        IntColumn layers = IntColumn.create("layers");
        StringColumn model = StringColumn.create("model");
        IntColumn seeds = IntColumn.create("seeds");
        DoubleColumn mse = DoubleColumn.create("mse");
        DoubleColumn mseStd = DoubleColumn.create("mse_std");
        DoubleColumn mae = DoubleColumn.create("mae");
        DoubleColumn maeStd = DoubleColumn.create("mae_std");
        DoubleColumn paperMse = DoubleColumn.create("paper_mse");
        DoubleColumn paperMae = DoubleColumn.create("paper_mae");
        for (int h : horizons()) {
            for (boolean u : new boolean[] {false, true}) {
                List<ForecastPart> ps = parts.stream().filter(p -> p.horizon() == h && p.uhop() == u).toList();
                double[] a = ps.stream().mapToDouble(p -> p.run().testMse()).toArray();
                double[] b = ps.stream().mapToDouble(p -> p.run().testMae()).toArray();
                data.append(dataset.label());
                horizon.append(h);
                layers.append(ps.get(0).run().config().layers());
                model.append(ForecastPart.variant(u));
                seeds.append(ps.size());
                mse.append(Statistics.mean(a));
                mseStd.append(Statistics.std(a));
                mae.append(Statistics.mean(b));
                maeStd.append(Statistics.std(b));
                ForecastingExperiment.PaperRow p = ForecastingExperiment.paper(dataset, h);
                paperMse.append(p == null ? Double.NaN : u ? p.mseUHop() : p.mse());
                paperMae.append(p == null ? Double.NaN : u ? p.maeUHop() : p.mae());
            }
        }
        return Table.create("Table 8 (" + provenance.profile() + " profile): test MSE and MAE, normalised scale",
                data, horizon, layers, model, seeds, mse, mseStd, mae, maeStd, paperMse, paperMae);
    }

    /**
     * The horizons, in order.
     *
     * @return a new array of the horizons, in order
     */
    public int[] horizons() {
        return provenance.horizons().stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The test MSE (mean over seeds) of a horizon and variant.
     *
     * @param horizon one of {@link #horizons()}
     * @param uhop true for the U-Hop variant
     * @return the mean test MSE over seeds (normalised scale)
     */
    public double testMse(int horizon, boolean uhop) {
        return metric(horizon, uhop, true);
    }

    /**
     * The test MAE (mean over seeds) of a horizon and variant.
     *
     * @param horizon one of {@link #horizons()}
     * @param uhop true for the U-Hop variant
     * @return the mean test MAE over seeds (normalised scale)
     */
    public double testMae(int horizon, boolean uhop) {
        return metric(horizon, uhop, false);
    }

    private double metric(int horizon, boolean uhop, boolean mse) {
        double[] v = parts.stream().filter(p -> p.horizon() == horizon && p.uhop() == uhop)
                .mapToDouble(p -> mse ? p.run().testMse() : p.run().testMae()).toArray();
        if (v.length == 0) {
            throw new IllegalArgumentException("no run at horizon " + horizon + "; the horizons are "
                    + provenance.horizons());
        }
        return Statistics.mean(v);
    }

    /**
     * One row per run: its settings and outcome (no timings).
     *
     * @return a new table, one row per run
     */
    public Table runs() {
        StringColumn data = StringColumn.create("dataset");
        IntColumn horizon = IntColumn.create("horizon");
        StringColumn model = StringColumn.create("model");
        IntColumn seedIndex = IntColumn.create("seed_index");
        LongColumn seed = LongColumn.create("seed");
        IntColumn input = IntColumn.create("input_length");
        IntColumn layers = IntColumn.create("layers");
        IntColumn width = IntColumn.create("d_model");
        LongColumn params = LongColumn.create("parameters");
        IntColumn trainWindows = IntColumn.create("train_windows");
        IntColumn testWindows = IntColumn.create("test_windows");
        IntColumn epochs = IntColumn.create("epochs_run");
        IntColumn best = IntColumn.create("best_epoch");
        BooleanColumn early = BooleanColumn.create("stopped_early");
        DoubleColumn mse = DoubleColumn.create("test_mse");
        DoubleColumn mae = DoubleColumn.create("test_mae");
        DoubleColumn a0 = DoubleColumn.create("alpha_start");
        DoubleColumn a1 = DoubleColumn.create("alpha_end_mean");
        DoubleColumn a1min = DoubleColumn.create("alpha_end_min");
        DoubleColumn a1max = DoubleColumn.create("alpha_end_max");
        for (ForecastPart p : parts) {
            ForecastRun r = p.run();
            data.append(dataset.label());
            horizon.append(p.horizon());
            model.append(p.variant());
            seedIndex.append(p.seedIndex());
            seed.append(p.seed());
            input.append(r.config().inputLength());
            layers.append(r.config().layers());
            width.append(r.config().dModel());
            params.append(r.parameters());
            trainWindows.append(r.trainWindows());
            testWindows.append(r.testWindows());
            epochs.append(r.epochs().size());
            best.append(r.bestEpoch());
            early.append(r.stoppedEarly());
            mse.append(r.testMse());
            mae.append(r.testMae());
            a0.append(r.alphaStart());
            double s = 0;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            int n = 0;
            for (double[] row : r.alphaEnd()) {
                for (double a : row) {
                    s += a;
                    lo = Math.min(lo, a);
                    hi = Math.max(hi, a);
                    n++;
                }
            }
            a1.append(s / n);
            a1min.append(lo);
            a1max.append(hi);
        }
        return Table.create("Forecasting runs", data, horizon, model, seedIndex, seed, input, layers, width, params,
                trainWindows, testWindows, epochs, best, early, mse, mae, a0, a1, a1min, a1max);
    }

    /**
     * One row per run and epoch: training loss, separation loss, validation MSE and MAE, mean alpha.
     *
     * @return a new table, one row per run and epoch
     */
    public Table curves() {
        return perEpoch("Learning curves (training loss: " + provenance.training().loss().id() + ")",
                List.of("steps", "train_loss", "separation_loss", "val_mse", "val_mae", "alpha_mean"),
                (p, e) -> new double[] {e.steps(), e.trainLoss(), e.separationLoss(), e.valMse(), e.valMae(),
                    e.alphaMean()});
    }

    /**
     * Seconds per run and epoch (training steps, validation pass) and of each test pass (on the last row).
     *
     * @return a new table, one row per run and epoch
     */
    public Table timings() {
        return perEpoch("Forecasting timings", List.of("train_seconds", "validation_seconds", "test_seconds"),
                (p, e) -> new double[] {e.trainSeconds(), e.evalSeconds(),
                    e.epoch() == p.run().epochs().size() ? p.run().testSeconds() : Double.NaN});
    }

    /** A table of one row per run and epoch: horizon, model, seed index, epoch, then {@code columns}. */
    private Table perEpoch(String name, List<String> columns,
            java.util.function.BiFunction<ForecastPart, ForecastRun.Epoch, double[]> values) {
        IntColumn horizon = IntColumn.create("horizon");
        StringColumn model = StringColumn.create("model");
        IntColumn seedIndex = IntColumn.create("seed_index");
        IntColumn epoch = IntColumn.create("epoch");
        List<DoubleColumn> value = columns.stream().map(DoubleColumn::create).toList();
        for (ForecastPart p : parts) {
            for (ForecastRun.Epoch e : p.run().epochs()) {
                horizon.append(p.horizon());
                model.append(p.variant());
                seedIndex.append(p.seedIndex());
                epoch.append(e.epoch());
                double[] v = values.apply(p, e);
                for (int i = 0; i < v.length; i++) {
                    value.get(i).append(v[i]);
                }
            }
        }
        Table t = Table.create(name, horizon, model, seedIndex, epoch);
        value.forEach(t::addColumns);
        return t;
    }

    /**
     * The median ratio, over horizons and seeds, of the mean training seconds per epoch with U-Hop to those
     * without (the runs of a seed run back to back); from the timings.
     *
     * @return the median ratio (dimensionless; above 1 when U-Hop epochs are slower)
     */
    public double uhopEpochTimeRatio() {
        List<Double> ratios = new ArrayList<>();
        for (ForecastPart p : parts) {
            if (p.uhop()) {
                parts.stream().filter(q -> !q.uhop() && q.horizon() == p.horizon() && q.seedIndex() == p.seedIndex())
                        .findFirst().ifPresent(q -> ratios.add(p.run().secondsPerEpoch() / q.run().secondsPerEpoch()));
            }
        }
        double[] r = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return r.length == 0 ? Double.NaN : r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
    }

    /**
     * Test MSE against the horizon: ours and the paper's, with and without U-Hop; then the learning curves.
     *
     * @return the figures, the test MSE figure first
     */
    public List<Figure> figures() {
        List<Figure> out = new ArrayList<>();
        int[] hs = horizons();
        double[] x = java.util.Arrays.stream(hs).asDoubleStream().toArray();
        Charts t8 = Charts.of(dataset.label() + ": test MSE against the horizon (Table 8)", "horizon",
                "test MSE (normalised)");
        for (boolean u : new boolean[] {false, true}) {
            double[] ours = java.util.Arrays.stream(hs).mapToDouble(h -> testMse(h, u)).toArray();
            double[] paper = java.util.Arrays.stream(hs).mapToDouble(h -> {
                ForecastingExperiment.PaperRow p = ForecastingExperiment.paper(dataset, h);
                return p == null ? Double.NaN : u ? p.mseUHop() : p.mse();
            }).toArray();
            t8.lineMarkers(ForecastPart.variant(u) + " (here, " + provenance.profile() + ")", x, ours);
            t8.lineMarkers(ForecastPart.variant(u) + " (paper)", x, paper);
        }
        out.add(t8.build());
        for (int h : hs) {
            Charts val = Charts.of(dataset.label() + ", horizon " + h + ": validation MSE per epoch", "epoch",
                    "validation MSE");
            Charts train = Charts.of(dataset.label() + ", horizon " + h + ": training loss ("
                    + provenance.training().loss().id() + ") per epoch", "epoch", "training loss");
            for (ForecastPart p : parts) {
                if (p.horizon() != h) {
                    continue;
                }
                List<ForecastRun.Epoch> es = p.run().epochs();
                double[] e = es.stream().mapToDouble(ForecastRun.Epoch::epoch).toArray();
                String name = p.variant() + (provenance.seeds() > 1 ? " seed " + p.seedIndex() : "");
                val.lineMarkers(name, e, es.stream().mapToDouble(ForecastRun.Epoch::valMse).toArray());
                train.lineMarkers(name, e, es.stream().mapToDouble(ForecastRun.Epoch::trainLoss).toArray());
            }
            out.add(val.build());
            out.add(train.build());
        }
        return out;
    }

    /**
     * Every figure as HTML for a notebook.
     *
     * @return HTML of every figure
     */
    public String figuresHtml() {
        return Plots.html(figures().toArray(new Figure[0]));
    }

    /**
     * Table 8 as an HTML table (4 significant digits).
     *
     * @return Table 8 as HTML
     */
    public String table8Html() {
        return Tables.html(table8());
    }

    /**
     * The provenance as JSON.
     *
     * @return the provenance as JSON, ending in a newline
     */
    public String provenanceJson() {
        return GSON.toJson(provenance) + "\n";
    }

    @Override
    public List<Path> write(Path dir) {
        Checks.notNull("dir", dir);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(TABLE8_CSV, ExperimentResult.csv(table8()));
        files.put(RUNS_CSV, ExperimentResult.csv(runs()));
        files.put(CURVES_CSV, ExperimentResult.csv(curves()));
        files.put(FIGURES_HTML, ExperimentResult.utf8(Plots.standalone(figures().toArray(new Figure[0]))));
        files.put(PROVENANCE_JSON, ExperimentResult.utf8(provenanceJson()));
        files.put(TIMINGS_CSV, ExperimentResult.csv(timings()));
        JsonObject t = new JsonObject();
        t.addProperty("started", clock.started());
        t.addProperty("wall_seconds", wallSeconds);
        t.addProperty("uhop_epoch_time_ratio", uhopEpochTimeRatio());
        files.put(TIMINGS_JSON, ExperimentResult.utf8(GSON.toJson(t) + "\n"));
        Path target = ResultSets.publish(dir, stem, files);
        return files.keySet().stream().map(target::resolve).toList();
    }

    @Override
    public double wallSeconds() {
        return wallSeconds;
    }

    @Override
    public String describe() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-8s %4s  %-20s %14s %14s %8s %8s%n", "data",
                "h", "model", "MSE", "MAE", "paper", "paper"));
        Table t = table8();
        for (int i = 0; i < t.rowCount(); i++) {
            s.append(String.format(Locale.ROOT, "%-8s %4d  %-20s %6s ± %-5s %6s ± %-5s %8s %8s%n",
                    t.stringColumn("dataset").get(i), t.intColumn("horizon").get(i), t.stringColumn("model").get(i),
                    Html.number(t.doubleColumn("mse").get(i), 3), Html.number(t.doubleColumn("mse_std").get(i), 2),
                    Html.number(t.doubleColumn("mae").get(i), 3), Html.number(t.doubleColumn("mae_std").get(i), 2),
                    Html.number(t.doubleColumn("paper_mse").get(i), 3),
                    Html.number(t.doubleColumn("paper_mae").get(i), 3)));
        }
        return s.toString().stripTrailing();
    }

    @Override
    public String toString() {
        return "ForecastResult(" + stem + ", " + parts.size() + " runs)";
    }
}
