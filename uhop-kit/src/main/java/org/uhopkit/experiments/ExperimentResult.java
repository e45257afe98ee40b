package org.uhopkit.experiments;

import org.uhopkit.report.Plots;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * What an experiment produced: the tidy per-run table (one row per run, method and grid point), a summary
 * (mean and standard deviation over runs), Plotly figures like the paper's, and the provenance (every
 * setting, seeds, dataset checksums, versions, wall time). Holds no native memory.
 *
 * <p>Per-run columns: {@value #EXPERIMENT}, {@value #DATASET}, {@value #PRESET}, {@value #METHOD},
 * {@value #SEPARATION_LOSS} (U-Hop's Stage I loss, empty for baselines), {@value #M}, {@value #N} (Stage I
 * steps, 0 for baselines), {@value #SIGMA} (noise level, NaN when the queries are masked), {@value #RUN},
 * {@value #SEED}, {@value #LEARNING_RATE} (NaN for baselines), {@value #ERROR} (mean over the M queries of the
 * sum of squared pixel differences), {@value #CAPACITY} (fraction of queries with error at most 60, Millidge
 * et al.), {@value #STAGE_ONE_LOSS} (the separation loss of the W used, NaN for baselines), {@value #SECONDS}.
 */
public final class ExperimentResult {

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
    /** Column: wall time of the method in the run (Stage I included). */
    public static final String SECONDS = "seconds";
    /** Summary column: mean error over runs. */
    public static final String ERROR_MEAN = "error_mean";
    /** Summary column: standard deviation of the error over runs. */
    public static final String ERROR_STD = "error_std";
    /** Summary column: number of runs. */
    public static final String RUNS = "runs";

    private final String name;
    private final Table runs;
    private final List<Figure> figures;
    private final Map<String, Object> provenance;

    ExperimentResult(String name, Table runs, List<Figure> figures, Map<String, Object> provenance) {
        this.name = name;
        this.runs = runs;
        this.figures = List.copyOf(figures);
        this.provenance = provenance;
    }

    /** The experiment's name, e.g. {@code capacity}. */
    public String name() {
        return name;
    }

    /** The tidy per-run table (a copy). */
    public Table runs() {
        return runs.copy();
    }

    /**
     * Mean and standard deviation over runs of the error, capacity and Stage I loss, per preset, method,
     * loss, M, N and sigma (in first-seen order).
     */
    public Table summary() {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < runs.rowCount(); i++) {
            Row r = runs.row(i);
            String key = r.getString(PRESET) + "|" + r.getString(METHOD) + "|" + r.getString(SEPARATION_LOSS) + "|"
                    + r.getInt(M) + "|" + r.getInt(N) + "|" + r.getDouble(SIGMA);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
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
        DoubleColumn secs = DoubleColumn.create(SECONDS);
        IntColumn count = IntColumn.create(RUNS);
        DoubleColumn errCol = runs.doubleColumn(ERROR);
        DoubleColumn capCol = runs.doubleColumn(CAPACITY);
        DoubleColumn lossCol = runs.doubleColumn(STAGE_ONE_LOSS);
        DoubleColumn secCol = runs.doubleColumn(SECONDS);
        for (List<Integer> g : groups.values()) {
            Row first = runs.row(g.get(0));
            double[] e = g.stream().mapToDouble(errCol::getDouble).toArray();
            ds.append(first.getString(DATASET));
            pr.append(first.getString(PRESET));
            me.append(first.getString(METHOD));
            lo.append(first.getString(SEPARATION_LOSS));
            m.append(first.getInt(M));
            n.append(first.getInt(N));
            sg.append(first.getDouble(SIGMA));
            mean.append(RetrievalError.mean(e));
            std.append(RetrievalError.std(e));
            cap.append(g.stream().mapToDouble(capCol::getDouble).average().orElse(Double.NaN));
            loss.append(g.stream().mapToDouble(lossCol::getDouble).average().orElse(Double.NaN));
            secs.append(g.stream().mapToDouble(secCol::getDouble).average().orElse(Double.NaN));
            count.append(g.size());
        }
        return Table.create(name + " summary", ds, pr, me, lo, m, n, sg, mean, std, cap, loss, secs, count);
    }

    /** The figures (the first is the main one). */
    public List<Figure> figures() {
        return figures;
    }

    /** The main figure. */
    public Figure figure() {
        return figures.get(0);
    }

    /** Every setting, seed, checksum, version and the wall time. */
    public Map<String, Object> provenance() {
        return provenance;
    }

    /** The provenance as pretty JSON. */
    public String provenanceJson() {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues().create()
                .toJson(provenance);
    }

    /** A file stem: {@code <experiment>-<dataset>-<preset>-<profile>}. */
    public String stem() {
        return name + "-" + provenance.get("dataset") + "-" + provenance.get("preset") + "-"
                + provenance.get("profile");
    }

    /**
     * Writes {@code <stem>.csv} (per run), {@code <stem>-summary.csv}, {@code <stem>.html} (the figures,
     * standalone, plotly.js inlined) and {@code <stem>.json} (provenance) into {@code dir}.
     *
     * @return the files written
     */
    public List<Path> write(Path dir) {
        try {
            Files.createDirectories(dir);
            String stem = stem();
            Path csv = dir.resolve(stem + ".csv");
            Path summaryCsv = dir.resolve(stem + "-summary.csv");
            Path html = dir.resolve(stem + ".html");
            Path json = dir.resolve(stem + ".json");
            runs.write().csv(csv.toFile());
            summary().write().csv(summaryCsv.toFile());
            Files.writeString(html, Plots.standalone(figures.toArray(new Figure[0])), StandardCharsets.UTF_8);
            Files.writeString(json, provenanceJson(), StandardCharsets.UTF_8);
            return List.of(csv, summaryCsv, html, json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results to " + dir.toAbsolutePath(), e);
        }
    }

    @Override
    public String toString() {
        return "ExperimentResult(" + name + ", " + runs.rowCount() + " rows, " + figures.size() + " figure(s), "
                + provenance.get("wall_seconds") + " s)";
    }
}
