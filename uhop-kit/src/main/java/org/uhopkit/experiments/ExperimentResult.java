package org.uhopkit.experiments;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.uhopkit.internal.Checks;
import org.uhopkit.report.Plots;
import org.uhopkit.report.Statistics;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;
import tech.tablesaw.plotly.components.Figure;

/**
 * What an experiment produced: the tidy per-run table (one row per run, method and grid point), its summary
 * (mean and standard deviation over runs), Plotly figures like the paper's, the typed {@link Provenance}
 * (settings, seeds, dataset checksums, versions), the {@link Timings} kept apart from all of these, and for
 * {@code loss-vs-error} the {@link Correlation}. Holds no native memory.
 *
 * <p>Per-run columns: {@value #EXPERIMENT}, {@value #DATASET}, {@value #PRESET}, {@value #METHOD},
 * {@value #SEPARATION_LOSS} (U-Hop's Stage I loss, empty for baselines), {@value #M}, {@value #N} (Stage I
 * steps, 0 for baselines), {@value #SIGMA} (noise level, NaN when the queries are masked), {@value #RUN},
 * {@value #SEED}, {@value #LEARNING_RATE} (NaN for baselines), {@value #ERROR} (mean over the M queries of the
 * sum of squared pixel differences), {@value #CAPACITY} (fraction of queries with error at most 60, Millidge
 * et al.), {@value #STAGE_ONE_LOSS} (the separation loss of the W used, NaN for baselines and for a Stage I
 * that diverged, whose error is NaN too).
 *
 * <p>{@link #write(Path)} writes the result set {@code <dir>/<stem>/} completely or not at all; two runs of
 * the same config write byte-identical files, except {@value #TIMINGS_CSV} and {@value #TIMINGS_JSON}.
 * {@link #read(Path)} reads one back.
 *
 * <pre>
 * jshell&gt; var r = Experiment.CAPACITY.run(Config.of(Dataset.MNIST));
 * jshell&gt; r.meanError(Method.UHOP_MHM, GridPoint.m(100))
 * jshell&gt; r.versusBestBaseline(Method.UHOP_MHM)     // a table per M
 * jshell&gt; r.write(Path.of("build/results"))
 * </pre>
 */
public final class ExperimentResult implements ResultSet {

    /** Column: experiment name. */
    public static final String EXPERIMENT = "experiment";
    /** Column: data set. */
    public static final String DATASET = "dataset";
    /** Column: preset. */
    public static final String PRESET = "preset";
    /** Column: model. */
    public static final String METHOD = "method";
    /** Column: Stage I loss function. */
    public static final String SEPARATION_LOSS = "separation_loss";
    /** Column: memory set size M. */
    public static final String M = "M";
    /** Column: Stage I steps N. */
    public static final String N = "N";
    /** Column: noise level. */
    public static final String SIGMA = "sigma";
    /** Column: run index. */
    public static final String RUN = "run";
    /** Column: the run's seed (memories; queries use seed + 1, W seed + 2). */
    public static final String SEED = "seed";
    /** Column: Stage I learning rate gamma (of the first step). */
    public static final String LEARNING_RATE = "learning_rate";
    /** Column: mean retrieval error of the run. */
    public static final String ERROR = "error";
    /** Column: threshold capacity of the run. */
    public static final String CAPACITY = "capacity";
    /** Column: final Stage I loss. */
    public static final String STAGE_ONE_LOSS = "stage_one_loss";
    /** Timings column: wall time of the method in the run (Stage I included), seconds. */
    public static final String SECONDS = "seconds";
    /** Summary column: mean error over runs. */
    public static final String ERROR_MEAN = "error_mean";
    /** Summary column: standard deviation of the error over runs. */
    public static final String ERROR_STD = "error_std";
    /** Summary column: number of runs. */
    public static final String RUNS = "runs";

    /** File of a result set: the per-run table. */
    public static final String RUNS_CSV = "runs.csv";
    /** File of a result set: the summary. */
    public static final String SUMMARY_CSV = "summary.csv";
    /** File of a result set: the figures, a standalone page with plotly.js inlined. */
    public static final String FIGURES_HTML = "figures.html";
    /** File of a result set: the provenance. */
    public static final String PROVENANCE_JSON = "provenance.json";
    /** File of a result set ({@code loss-vs-error} only): the correlation of loss and error. */
    public static final String CORRELATION_CSV = "correlation.csv";
    /** File of a result set: the wall time of every row (differs between runs). */
    public static final String TIMINGS_CSV = "timings.csv";
    /** File of a result set: start time and wall time of the whole run (differs between runs). */
    public static final String TIMINGS_JSON = "timings.json";

    private static final ColumnType[] RUN_TYPES = {ColumnType.STRING, ColumnType.STRING, ColumnType.STRING,
        ColumnType.STRING, ColumnType.STRING, ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.DOUBLE,
        ColumnType.INTEGER, ColumnType.LONG, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE,
        ColumnType.DOUBLE};
    private static final ColumnType[] TIMING_TYPES = {ColumnType.STRING, ColumnType.STRING, ColumnType.STRING,
        ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.DOUBLE, ColumnType.INTEGER, ColumnType.DOUBLE};
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    private final RetrievalExperiment experiment;
    private final Table runs;
    private final List<SummaryRow> summary;
    private final List<Figure> figures;
    private final Provenance provenance;
    private final Timings timings;
    private final Correlation correlation;

    private ExperimentResult(RetrievalExperiment experiment, Table runs, List<Figure> figures, Provenance provenance,
            Timings timings, Correlation correlation) {
        this.experiment = experiment;
        this.runs = runs;
        this.summary = summarise(runs);
        this.figures = List.copyOf(figures);
        this.provenance = provenance;
        this.timings = timings;
        this.correlation = correlation;
    }

    /** The result of {@code e}: correlation (for loss-vs-error) and figures are derived from the runs. */
    static ExperimentResult assemble(RetrievalExperiment e, Table runs, Provenance p, Timings t) {
        Correlation c = e instanceof LossVsErrorExperiment ? LossVsErrorExperiment.correlation(runs) : null;
        ExperimentResult bare = new ExperimentResult(e, runs, List.of(), p, t, c);
        return new ExperimentResult(e, runs, e.figures(bare), p, t, c);
    }

    /**
     * The experiment's name, e.g. {@code capacity}.
     *
     * @return the experiment's name, not null
     */
    public String name() {
        return experiment.name();
    }

    /**
     * The experiment that produced this result.
     *
     * @return the experiment, not null
     */
    public RetrievalExperiment experiment() {
        return experiment;
    }

    /**
     * The tidy per-run table (a copy).
     *
     * @return a new table, one row per method, run and grid point
     */
    public Table runs() {
        return runs.copy();
    }

    /**
     * Some columns of the per-run table, e.g. {@code runs(N, LEARNING_RATE, ERROR)}.
     *
     * @param columns the column names, each one of the per-run table's
     * @return a new table with those columns, one row per method, run and grid point
     */
    public Table runs(String... columns) {
        return runs.copy().selectColumns(existing(runs, columns));
    }

    /**
     * Mean and standard deviation over runs of the error, and the mean capacity and Stage I loss, per preset,
     * method, loss, M, N and sigma (in first-seen order). Columns: {@value #DATASET}, {@value #PRESET},
     * {@value #METHOD}, {@value #SEPARATION_LOSS}, {@value #M}, {@value #N}, {@value #SIGMA},
     * {@value #ERROR_MEAN}, {@value #ERROR_STD}, {@value #CAPACITY}, {@value #STAGE_ONE_LOSS}, {@value #RUNS}.
     *
     * @return a new table, one row per (preset, method, loss, M, N, sigma)
     */
    public Table summary() {
        StringColumn ds = StringColumn.create(DATASET);
        StringColumn pr = StringColumn.create(PRESET);
        StringColumn me = StringColumn.create(METHOD);
        StringColumn lo = StringColumn.create(SEPARATION_LOSS);
        IntColumn m = IntColumn.create(M);
        IntColumn n = IntColumn.create(N);
        DoubleColumn sg = DoubleColumn.create(SIGMA);
        DoubleColumn mean = DoubleColumn.create(ERROR_MEAN);
        DoubleColumn std = DoubleColumn.create(ERROR_STD);
        DoubleColumn cap = DoubleColumn.create(CAPACITY);
        DoubleColumn loss = DoubleColumn.create(STAGE_ONE_LOSS);
        IntColumn count = IntColumn.create(RUNS);
        for (SummaryRow r : summary) {
            ds.append(r.dataset());
            pr.append(r.preset());
            me.append(r.method());
            lo.append(r.separationLoss());
            m.append(r.m());
            n.append(r.n());
            sg.append(r.sigma());
            mean.append(r.errorMean());
            std.append(r.errorStd());
            cap.append(r.capacity());
            loss.append(r.stageOneLoss());
            count.append(r.runs());
        }
        return Table.create(name() + " summary (" + label() + ")", ds, pr, me, lo, m, n, sg, mean, std, cap, loss,
                count);
    }

    /**
     * Some columns of the summary, e.g. {@code summary(METHOD, M, ERROR_MEAN, ERROR_STD)}.
     *
     * @param columns the column names, each one of the summary's
     * @return a new table with those columns
     */
    public Table summary(String... columns) {
        Table s = summary();
        return s.selectColumns(existing(s, columns));
    }

    /**
     * The summary rows of one method, some columns (all when none are named).
     *
     * @param method the method, not null
     * @param columns the column names (none: all)
     * @return a new table of that method's summary rows
     */
    public Table summaryFor(Method method, String... columns) {
        Checks.notNull("method", method);
        Table s = summary();
        Table rows = s.where(s.stringColumn(METHOD).isEqualTo(method.label()));
        rows.setName(name() + " summary, " + method.label() + " (" + label() + ")");
        return columns.length == 0 ? rows : rows.selectColumns(existing(rows, columns));
    }

    /**
     * The summary as typed rows, in table order.
     *
     * @return a new list, one row per summary row
     */
    public List<SummaryRow> summaryRows() {
        return summary;
    }

    /**
     * The one summary row of {@code method} at {@code point}.
     *
     * @param method the method, not null
     * @param point the grid point, not null
     * @return the matching summary row
     * @throws IllegalArgumentException when no row or several rows match, naming the point and the grid
     */
    public SummaryRow summaryRow(Method method, GridPoint point) {
        Checks.notNull("method", method);
        Checks.notNull("point", point);
        List<SummaryRow> hits = summary.stream()
                .filter(r -> r.method().equals(method.label()) && point.matches(r)).toList();
        if (hits.size() == 1) {
            return hits.get(0);
        }
        if (hits.isEmpty()) {
            throw new IllegalArgumentException("no summary row of " + method.label() + " at " + point + " in this "
                    + name() + " result; its grid: " + grid(r -> true));
        }
        throw new IllegalArgumentException(hits.size() + " summary rows of " + method.label() + " match " + point
                + " in this " + name() + " result; name more of the grid to pick one: "
                + grid(r -> r.method().equals(method.label()) && point.matches(r)));
    }

    /**
     * The mean error over runs of {@code method} at {@code point} ({@link #summaryRow}).
     *
     * @param method the method, not null
     * @param point the grid point, not null
     * @return the mean over runs of the error (a mean sum of squared pixel differences, non-negative)
     */
    public double meanError(Method method, GridPoint point) {
        return summaryRow(method, point).errorMean();
    }

    /**
     * For every grid point (preset, M, sigma), the baseline with the lowest mean error against the U-Hop
     * model {@code uhop}: the paper's claim that U-Hop beats every baseline (section 4.1) in one table.
     * Columns: {@value #PRESET} (when there are two), {@value #M}, {@value #SIGMA} (for noisy queries),
     * {@code best_baseline}, {@code best_baseline_error}, {@code uhop_error}, {@code uhop_lower}.
     *
     * @param uhop the U-Hop method to compare, not null
     * @return a new table, one row per grid point
     * @throws IllegalArgumentException when the result has no baseline or not {@code uhop}
     */
    public Table versusBestBaseline(Method uhop) {
        Checks.notNull("uhop", uhop);
        if (!uhop.isUHop()) {
            throw new IllegalArgumentException("uhop must be a U-Hop method, got " + uhop.label());
        }
        Map<String, List<SummaryRow>> points = new LinkedHashMap<>();
        for (SummaryRow r : summary) {
            points.computeIfAbsent(r.preset() + "|" + r.m() + "|" + r.sigma(), k -> new ArrayList<>()).add(r);
        }
        boolean presets = summary.stream().map(SummaryRow::preset).distinct().count() > 1;
        boolean noisy = summary.stream().anyMatch(r -> !Double.isNaN(r.sigma()));
        StringColumn pr = StringColumn.create(PRESET);
        IntColumn m = IntColumn.create(M);
        DoubleColumn sg = DoubleColumn.create(SIGMA);
        StringColumn best = StringColumn.create("best_baseline");
        DoubleColumn bestError = DoubleColumn.create("best_baseline_error");
        DoubleColumn uhopError = DoubleColumn.create("uhop_error");
        BooleanColumn lower = BooleanColumn.create("uhop_lower");
        for (List<SummaryRow> rows : points.values()) {
            SummaryRow u = rows.stream().filter(r -> r.method().equals(uhop.label())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("this " + name() + " result has no "
                            + uhop.label() + " at " + describe(rows.get(0)) + "; its methods: "
                            + provenance.settings().methods()));
            SummaryRow b = rows.stream().filter(r -> !Method.ofLabel(r.method()).isUHop())
                    .min((x, y) -> Double.compare(x.errorMean(), y.errorMean()))
                    .orElseThrow(() -> new IllegalArgumentException("this " + name() + " result has no baseline at "
                            + describe(rows.get(0)) + "; its methods: " + provenance.settings().methods()));
            pr.append(u.preset());
            m.append(u.m());
            sg.append(u.sigma());
            best.append(b.method());
            bestError.append(b.errorMean());
            uhopError.append(u.errorMean());
            lower.append(u.errorMean() < b.errorMean());
        }
        Table t = Table.create(name() + ": " + uhop.label() + " vs the best baseline (" + label() + ")");
        if (presets) {
            t.addColumns(pr);
        }
        t.addColumns(m);
        if (noisy) {
            t.addColumns(sg);
        }
        return t.addColumns(best, bestError, uhopError, lower);
    }

    /**
     * {@link #lossComparison(int)} at the largest N of the result.
     *
     * @return a new table as {@link #lossComparison(int)} gives for the largest N
     */
    public Table lossComparison() {
        return lossComparison(summary.stream().mapToInt(SummaryRow::n).max()
                .orElseThrow(() -> new IllegalArgumentException("this result is empty")));
    }

    /**
     * The error of U-Hop + MHM trained with the average and with the max loss at Stage I steps {@code n}, per
     * preset and M (appendix G.2). Columns: {@value #PRESET}, {@value #M}, {@value #N}, {@code average_error},
     * {@code max_error}, {@code average_lower}.
     *
     * @param n the Stage I steps N, one the result has
     * @return a new table, one row per preset and M
     * @throws IllegalArgumentException when the result lacks a loss at {@code n}
     */
    public Table lossComparison(int n) {
        Map<String, SummaryRow[]> points = new LinkedHashMap<>();
        for (SummaryRow r : summary) {
            if (r.n() == n && r.method().equals(Method.UHOP_MHM.label())) {
                SummaryRow[] pair = points.computeIfAbsent(r.preset() + "|" + r.m(), k -> new SummaryRow[2]);
                switch (r.separationLoss()) {
                    case "average" -> pair[0] = r;
                    case "max" -> pair[1] = r;
                    default -> { }
                }
            }
        }
        if (points.isEmpty()) {
            throw new IllegalArgumentException("this " + name() + " result has no U-Hop + MHM row at N = " + n
                    + "; its grid: " + grid(r -> true));
        }
        StringColumn pr = StringColumn.create(PRESET);
        IntColumn m = IntColumn.create(M);
        IntColumn nn = IntColumn.create(N);
        DoubleColumn avg = DoubleColumn.create("average_error");
        DoubleColumn max = DoubleColumn.create("max_error");
        BooleanColumn lower = BooleanColumn.create("average_lower");
        for (SummaryRow[] pair : points.values()) {
            SummaryRow any = pair[0] != null ? pair[0] : pair[1];
            if (pair[0] == null || pair[1] == null) {
                throw new IllegalArgumentException("this " + name() + " result lacks the "
                        + (pair[0] == null ? "average" : "max") + " loss at " + describe(any));
            }
            pr.append(any.preset());
            m.append(any.m());
            nn.append(n);
            avg.append(pair[0].errorMean());
            max.append(pair[1].errorMean());
            lower.append(pair[0].errorMean() < pair[1].errorMean());
        }
        return Table.create(name() + ": average vs max loss at N = " + n + " (" + label() + ")", pr, m, nn, avg, max,
                lower);
    }

    /**
     * The correlation of loss and error, for {@code loss-vs-error}; empty for the other experiments.
     *
     * @return the correlation, or empty for experiments other than loss-vs-error
     */
    public Optional<Correlation> correlation() {
        return Optional.ofNullable(correlation);
    }

    /**
     * The figures (the first is the main one).
     *
     * @return the figures, the main one first
     */
    public List<Figure> figures() {
        return figures;
    }

    /**
     * The main figure.
     *
     * @return the first figure
     */
    public Figure figure() {
        return figures.get(0);
    }

    /**
     * Every figure as HTML for a notebook ({@link Plots#html}).
     *
     * @return HTML of every figure
     */
    public String figuresHtml() {
        return Plots.html(figures.toArray(new Figure[0]));
    }

    /**
     * The settings, seeds, dataset checksums and versions.
     *
     * @return the provenance, not null
     */
    public Provenance provenance() {
        return provenance;
    }

    /**
     * The provenance as pretty JSON (the content of {@value #PROVENANCE_JSON}).
     *
     * @return the provenance as indented JSON
     */
    public String provenanceJson() {
        return GSON.toJson(provenance) + "\n";
    }

    /**
     * When the run started and how long it and each of its rows took.
     *
     * @return the timings, not null
     */
    public Timings timings() {
        return timings;
    }

    /** The result set's name, {@code <experiment>-<dataset>-<preset>-<profile>} ({@link Experiment#stem}). */
    @Override
    public String stem() {
        return name() + "-" + provenance.dataset() + "-" + provenance.presetLabel() + "-" + provenance.profile();
    }

    /**
     * Writes the result set {@code dir/<stem>/}: {@value #RUNS_CSV}, {@value #SUMMARY_CSV},
     * {@value #FIGURES_HTML} (standalone, plotly.js inlined), {@value #PROVENANCE_JSON},
     * {@value #CORRELATION_CSV} (loss-vs-error only), {@value #TIMINGS_CSV} and {@value #TIMINGS_JSON}. The
     * files are written into a temporary folder beside and moved into place at once, so the set is complete
     * or absent; an earlier result set of the same name is replaced.
     *
     * @return the files written, in their final place
     * @throws UncheckedIOException naming the path that could not be written (nothing is left behind)
     * @throws IllegalArgumentException when {@code dir/<stem>} is a file, or a folder that is not a result set
     */
    @Override
    public List<Path> write(Path dir) {
        Checks.notNull("dir", dir);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(RUNS_CSV, csv(runs));
        files.put(SUMMARY_CSV, csv(summary()));
        files.put(FIGURES_HTML, utf8(Plots.standalone(figures.toArray(new Figure[0]))));
        files.put(PROVENANCE_JSON, utf8(provenanceJson()));
        if (correlation != null) {
            files.put(CORRELATION_CSV, csv(Table.create("correlation", IntColumn.create("pairs", new int[] {correlation.pairs()}),
                    DoubleColumn.create("pearson_r", new double[] {correlation.pearson()}),
                    DoubleColumn.create("spearman_rho", new double[] {correlation.spearman()}))));
        }
        files.put(TIMINGS_CSV, csv(timings.perRun()));
        JsonObject t = new JsonObject();
        t.addProperty("started", timings.started());
        t.addProperty("wall_seconds", timings.wallSeconds());
        files.put(TIMINGS_JSON, utf8(GSON.toJson(t) + "\n"));
        Path target = ResultSets.publish(dir, stem(), files);
        return files.keySet().stream().map(target::resolve).toList();
    }

    /**
     * Reads a result set written by {@link #write(Path)}: the per-run table and provenance as written, the
     * summary, correlation and figures derived again from them (so they equal the written ones).
     *
     * @param resultSet the folder {@code <dir>/<stem>}
     * @return the result read back, not null
     * @throws IllegalArgumentException naming the folder or file that is missing or not a result set's
     */
    public static ExperimentResult read(Path resultSet) {
        Checks.notNull("resultSet", resultSet);
        if (!Files.isDirectory(resultSet)) {
            throw new IllegalArgumentException("not a result set folder: " + resultSet.toAbsolutePath());
        }
        Provenance p;
        try {
            p = GSON.fromJson(Files.readString(file(resultSet, PROVENANCE_JSON)), Provenance.class);
        } catch (IOException | JsonParseException e) {
            throw new IllegalArgumentException("cannot read " + resultSet.resolve(PROVENANCE_JSON) + ": "
                    + e.getMessage(), e);
        }
        if (p == null || p.experiment() == null || p.settings() == null) {
            throw new IllegalArgumentException(resultSet.resolve(PROVENANCE_JSON) + " is not an experiment's "
                    + "provenance");
        }
        if (!(Experiments.named(p.experiment()) instanceof RetrievalExperiment e)) {
            throw new IllegalArgumentException(resultSet + " is a result set of " + p.experiment()
                    + ", not of a memory-retrieval experiment");
        }
        Table runs = readCsv(file(resultSet, RUNS_CSV), e.name(), RUN_TYPES);
        Timings timings;
        Path tj = resultSet.resolve(TIMINGS_JSON);
        Path tc = resultSet.resolve(TIMINGS_CSV);
        if (Files.isRegularFile(tj) && Files.isRegularFile(tc)) {
            try {
                JsonObject o = GSON.fromJson(Files.readString(tj), JsonObject.class);
                timings = new Timings(o.get("started").getAsString(), o.get("wall_seconds").getAsDouble(),
                        readCsv(tc, e.name() + " timings", TIMING_TYPES));
            } catch (IOException | RuntimeException ex) {
                throw new IllegalArgumentException("cannot read " + tj + ": " + ex.getMessage(), ex);
            }
        } else {
            timings = new Timings("", Double.NaN, Table.create(e.name() + " timings"));
        }
        return assemble(e, runs, p, timings);
    }

    /** {@code MNIST, paper preset, quick profile}: what a table title says about the run. */
    private String label() {
        return Dataset.parse(provenance.dataset()).label() + ", " + provenance.presetLabel() + " preset, "
                + provenance.profile() + " profile";
    }

    /** The run's wall time in seconds, from {@link #timings()}. */
    @Override
    public double wallSeconds() {
        return timings.wallSeconds();
    }

    /** The summary table as text and, for loss-vs-error, the correlation. */
    @Override
    public String describe() {
        return summary().printAll() + (correlation == null ? "" : "\n" + correlation);
    }

    @Override
    public String toString() {
        return "ExperimentResult(" + stem() + ", " + runs.rowCount() + " rows, " + figures.size() + " figure(s)"
                + (correlation == null ? "" : ", " + correlation) + ")";
    }

    private static List<SummaryRow> summarise(Table runs) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < runs.rowCount(); i++) {
            Row r = runs.row(i);
            String key = r.getString(PRESET) + "|" + r.getString(METHOD) + "|" + r.getString(SEPARATION_LOSS) + "|"
                    + r.getInt(M) + "|" + r.getInt(N) + "|" + r.getDouble(SIGMA);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        DoubleColumn errCol = runs.doubleColumn(ERROR);
        DoubleColumn capCol = runs.doubleColumn(CAPACITY);
        DoubleColumn lossCol = runs.doubleColumn(STAGE_ONE_LOSS);
        List<SummaryRow> out = new ArrayList<>();
        for (List<Integer> g : groups.values()) {
            Row first = runs.row(g.get(0));
            double[] e = g.stream().mapToDouble(errCol::getDouble).toArray();
            out.add(new SummaryRow(first.getString(DATASET), first.getString(PRESET), first.getString(METHOD),
                    first.getString(SEPARATION_LOSS), first.getInt(M), first.getInt(N), first.getDouble(SIGMA),
                    Statistics.mean(e), Statistics.std(e),
                    Statistics.mean(g.stream().mapToDouble(capCol::getDouble).toArray()),
                    Statistics.mean(g.stream().mapToDouble(lossCol::getDouble).toArray()), g.size()));
        }
        return List.copyOf(out);
    }

    /** The grid values of the matching rows, for messages. */
    private String grid(java.util.function.Predicate<SummaryRow> keep) {
        List<SummaryRow> rows = summary.stream().filter(keep).toList();
        StringBuilder s = new StringBuilder();
        append(s, "preset", rows, SummaryRow::preset);
        append(s, "loss", rows, r -> r.separationLoss().isEmpty() ? "none" : r.separationLoss());
        append(s, "M", rows, SummaryRow::m);
        append(s, "N", rows, SummaryRow::n);
        append(s, "sigma", rows, SummaryRow::sigma);
        return s.toString();
    }

    private static <T extends Comparable<T>> void append(StringBuilder s, String name, List<SummaryRow> rows,
            Function<SummaryRow, T> value) {
        TreeSet<T> values = new TreeSet<>();
        rows.forEach(r -> values.add(value.apply(r)));
        s.append(s.length() == 0 ? "" : ", ").append(name).append(" in ").append(values);
    }

    private static String describe(SummaryRow r) {
        return "(preset=" + r.preset() + ", M=" + r.m() + (Double.isNaN(r.sigma()) ? "" : ", sigma=" + r.sigma())
                + ")";
    }

    private static String[] existing(Table t, String... columns) {
        for (String c : columns) {
            if (!t.columnNames().contains(c)) {
                throw new IllegalArgumentException("no column '" + c + "' in " + t.name() + "; its columns are "
                        + t.columnNames());
            }
        }
        return columns;
    }

    static byte[] csv(Table t) {
        StringWriter w = new StringWriter();
        t.write().csv(w);
        return utf8(w.toString());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Path file(Path dir, String name) {
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("not a result set: " + f.toAbsolutePath() + " is missing");
        }
        return f;
    }

    private static Table readCsv(Path f, String name, ColumnType[] types) {
        try {
            String text = Files.readString(f);
            String[] header = text.lines().findFirst().orElse("").split(",", -1);
            if (header.length != types.length) {
                throw new IllegalArgumentException(f + " has " + header.length + " columns " + Arrays.toString(header)
                        + ", expected " + types.length);
            }
            return Table.read().usingOptions(CsvReadOptions.builder(new StringReader(text)).tableName(name)
                    .columnTypes(types));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f.toAbsolutePath(), e);
        }
    }
}
