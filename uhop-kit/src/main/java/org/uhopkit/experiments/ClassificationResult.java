package org.uhopkit.experiments;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.uhopkit.experiments.classification.EpochRow;
import org.uhopkit.experiments.classification.RunRecord;
import org.uhopkit.experiments.classification.Variant;
import org.uhopkit.internal.Checks;
import org.uhopkit.report.Charts;
import org.uhopkit.report.Html;
import org.uhopkit.report.Plots;
import org.uhopkit.report.Statistics;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * What an image-classification experiment produced ({@link ClassificationExperiment}: Table 1 and the
 * convergence curves of Figure 4 / appendix G.5; {@link ExpressivenessExperiment}: Figure 6 / appendix G.4):
 * the tidy per-epoch table (one row per variant, sample size, seed and epoch), the per-run table (maximum
 * training accuracy, final and best test accuracy), the summary over seeds with the paper's numbers beside
 * ours, the figures, the typed {@link ClassificationProvenance}, and apart the timings (seconds per epoch).
 * Holds no native memory.
 *
 * <p>{@link #write(Path)} writes {@code <dir>/<stem>/}: {@value #EPOCHS_CSV}, {@value #RUNS_CSV},
 * {@value #SUMMARY_CSV}, {@value #FIGURES_HTML}, {@value #PROVENANCE_JSON}, and the timings {@value #TIMINGS_CSV}
 * and {@value #TIMINGS_JSON}, complete or not at all; two runs of the same config write the same bytes except the
 * timings files.
 */
public final class ClassificationResult implements ResultSet {

    /** File: the per-epoch table. */
    public static final String EPOCHS_CSV = "epochs.csv";
    /** File: one row per run (the name the retrieval result sets use, {@link ExperimentResult#RUNS_CSV}). */
    public static final String RUNS_CSV = ExperimentResult.RUNS_CSV;
    /** File: the summary over seeds (Table 1, or the points of Figure 6). */
    public static final String SUMMARY_CSV = ExperimentResult.SUMMARY_CSV;
    /** File: the figures, a standalone page with plotly.js inlined. */
    public static final String FIGURES_HTML = ExperimentResult.FIGURES_HTML;
    /** File: the provenance. */
    public static final String PROVENANCE_JSON = ExperimentResult.PROVENANCE_JSON;
    /** File: seconds of every epoch (differs between runs). */
    public static final String TIMINGS_CSV = ExperimentResult.TIMINGS_CSV;
    /** File: start and wall time of the whole run (differs between runs). */
    public static final String TIMINGS_JSON = ExperimentResult.TIMINGS_JSON;

    /** Column: the variant's label. */
    public static final String VARIANT = "variant";
    /** Column: the training sample size. */
    public static final String SAMPLE_SIZE = "sample_size";
    /** Column: the run's seed. */
    public static final String SEED = "seed";
    /** Column: the epoch, from 1. */
    public static final String EPOCH = "epoch";
    /** Column: mean training loss of the epoch. */
    public static final String TRAIN_LOSS = "train_loss";
    /** Column: training accuracy of the epoch. */
    public static final String TRAIN_ACCURACY = "train_accuracy";
    /** Column: test loss after the epoch. */
    public static final String TEST_LOSS = "test_loss";
    /** Column: test accuracy after the epoch. */
    public static final String TEST_ACCURACY = "test_accuracy";
    /** Column: mean separation loss of the epoch's U-Hop steps. */
    public static final String SEPARATION_LOSS = "separation_loss";
    /** Column: the largest training accuracy over the epochs. */
    public static final String MAX_TRAIN_ACCURACY = "max_train_accuracy";
    /** Column: the last epoch's test accuracy. */
    public static final String FINAL_TEST_ACCURACY = "final_test_accuracy";
    /** Column: the largest test accuracy over the epochs. */
    public static final String BEST_TEST_ACCURACY = "best_test_accuracy";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    /** The paper's Table 1, percent: max train accuracy and test accuracy per data set and variant. */
    private static final Map<String, double[][]> PAPER_TABLE_1 = Map.of(
            "cifar10", new double[][] {{56.0, 52.2}, {64.6, 55.2}, {55.9, 52.0}, {66.4, 55.4}},
            "cifar100", new double[][] {{32.3, 26.3}, {44.1, 28.7}, {49.6, 26.0}, {45.4, 29.0}},
            "tinyimagenet", new double[][] {{48.9, 12.2}, {61.4, 12.7}, {17.2, 12.3}, {60.6, 12.5}});

    private final String stem;
    private final ClassificationProvenance provenance;
    private final List<RunRecord> runs;
    private final String started;
    private final double wallSeconds;

    ClassificationResult(String stem, ClassificationProvenance provenance, List<RunRecord> runs, String started,
            double wallSeconds) {
        this.stem = Checks.notNull("stem", stem);
        this.provenance = Checks.notNull("provenance", provenance);
        this.runs = List.copyOf(runs);
        this.started = started;
        this.wallSeconds = wallSeconds;
    }

    /**
     * The paper's Table 1 entry in percent, {@code {max train accuracy, test accuracy}}.
     *
     * @param dataset {@code cifar10}, {@code cifar100} or {@code tinyimagenet}
     * @param variant the variant
     * @return the two numbers
     */
    public static double[] paperTable1(String dataset, Variant variant) {
        double[][] t = PAPER_TABLE_1.get(dataset);
        if (t == null) {
            throw new IllegalArgumentException("the paper's Table 1 has no data set '" + dataset + "'");
        }
        return t[variant.ordinal()].clone();
    }

    @Override
    public String stem() {
        return stem;
    }

    /**
     * The provenance.
     *
     * @return the provenance, not null
     */
    public ClassificationProvenance provenance() {
        return provenance;
    }

    /**
     * The runs' records, in cell order.
     *
     * @return the records, in cell order
     */
    public List<RunRecord> records() {
        return runs;
    }

    @Override
    public double wallSeconds() {
        return wallSeconds;
    }

    /**
     * The per-epoch table: variant, sample size, seed, epoch, losses, accuracies, separation loss, rate.
     *
     * @return a new table, one row per run and epoch
     */
    public Table epochs() {
        StringColumn v = StringColumn.create(VARIANT);
        IntColumn n = IntColumn.create(SAMPLE_SIZE);
        LongColumn s = LongColumn.create(SEED);
        IntColumn e = IntColumn.create(EPOCH);
        DoubleColumn trl = DoubleColumn.create(TRAIN_LOSS);
        DoubleColumn tra = DoubleColumn.create(TRAIN_ACCURACY);
        DoubleColumn tel = DoubleColumn.create(TEST_LOSS);
        DoubleColumn tea = DoubleColumn.create(TEST_ACCURACY);
        DoubleColumn sep = DoubleColumn.create(SEPARATION_LOSS);
        DoubleColumn lr = DoubleColumn.create("learning_rate");
        for (RunRecord r : runs) {
            for (EpochRow row : r.rows()) {
                v.append(Variant.parse(row.variant()).label());
                n.append(row.sampleSize());
                s.append(row.seed());
                e.append(row.epoch());
                trl.append(row.trainLoss());
                tra.append(row.trainAccuracy());
                tel.append(row.testLoss());
                tea.append(row.testAccuracy());
                sep.append(row.separationLoss());
                lr.append(row.learningRate());
            }
        }
        return Table.create(provenance.experiment() + " per epoch", v, n, s, e, trl, tra, tel, tea, sep, lr);
    }

    /**
     * One row per run: variant, sample size, seed, parameters, max train accuracy, final and best test accuracy.
     *
     * @return a new table, one row per run
     */
    public Table runs() {
        StringColumn v = StringColumn.create(VARIANT);
        IntColumn n = IntColumn.create(SAMPLE_SIZE);
        LongColumn s = LongColumn.create(SEED);
        LongColumn p = LongColumn.create("parameters");
        DoubleColumn max = DoubleColumn.create(MAX_TRAIN_ACCURACY);
        DoubleColumn fin = DoubleColumn.create(FINAL_TEST_ACCURACY);
        DoubleColumn best = DoubleColumn.create(BEST_TEST_ACCURACY);
        DoubleColumn loss = DoubleColumn.create("final_train_loss");
        for (RunRecord r : runs) {
            v.append(Variant.parse(r.variant()).label());
            n.append(r.sampleSize());
            s.append(r.seed());
            p.append(r.parameters());
            max.append(r.maxTrainAccuracy());
            fin.append(r.finalTestAccuracy());
            best.append(r.bestTestAccuracy());
            loss.append(r.rows().get(r.rows().size() - 1).trainLoss());
        }
        return Table.create(provenance.experiment() + " per run", v, n, s, p, max, fin, best, loss);
    }

    /**
     * Mean and standard deviation over seeds per variant and sample size, in percent, with the paper's Table 1
     * numbers beside ours (on the classification experiment's rows, and on the expressiveness experiment's full
     * training set; empty elsewhere; the paper trained on the full data sets): variant, sample size, seeds, max train
     * accuracy (mean, std), final test accuracy (mean, std), best test accuracy (mean), paper max train, paper
     * test.
     *
     * @return a new table, one row per variant and sample size
     */
    public Table summary() {
        StringColumn v = StringColumn.create(VARIANT);
        IntColumn n = IntColumn.create(SAMPLE_SIZE);
        IntColumn k = IntColumn.create("seeds");
        DoubleColumn max = DoubleColumn.create("max_train_acc_pct");
        DoubleColumn maxSd = DoubleColumn.create("max_train_acc_std");
        DoubleColumn fin = DoubleColumn.create("final_test_acc_pct");
        DoubleColumn finSd = DoubleColumn.create("final_test_acc_std");
        DoubleColumn best = DoubleColumn.create("best_test_acc_pct");
        DoubleColumn pMax = DoubleColumn.create("paper_max_train_acc_pct");
        DoubleColumn pTest = DoubleColumn.create("paper_test_acc_pct");
        int full = provenance.experiment().equals("classification") ? sampleSizes().get(sampleSizes().size() - 1)
                : provenance.train().size();
        for (Variant variant : variants()) {
            for (int size : sampleSizes()) {
                List<RunRecord> group = runs.stream()
                        .filter(r -> r.variant().equals(variant.id()) && r.sampleSize() == size).toList();
                if (group.isEmpty()) {
                    continue;
                }
                double[] m = group.stream().mapToDouble(r -> 100 * r.maxTrainAccuracy()).toArray();
                double[] f = group.stream().mapToDouble(r -> 100 * r.finalTestAccuracy()).toArray();
                double[] b = group.stream().mapToDouble(r -> 100 * r.bestTestAccuracy()).toArray();
                v.append(variant.label());
                n.append(size);
                k.append(group.size());
                max.append(Statistics.mean(m));
                maxSd.append(Statistics.std(m));
                fin.append(Statistics.mean(f));
                finSd.append(Statistics.std(f));
                best.append(Statistics.mean(b));
                double[] paper = size == full ? paperTable1(provenance.dataset(), variant) : null;
                pMax.append(paper == null ? Double.NaN : paper[0]);
                pTest.append(paper == null ? Double.NaN : paper[1]);
            }
        }
        return Table.create(provenance.experiment() + " summary (percent; mean and std over seeds)", v, n, k, max,
                maxSd, fin, finSd, best, pMax, pTest);
    }

    /**
     * The mean over seeds of one per-epoch column for a variant at a sample size.
     *
     * @param variant the variant
     * @param sampleSize the sample size
     * @param column one of {@link #TRAIN_LOSS}, {@link #TRAIN_ACCURACY}, {@link #TEST_LOSS}, {@link #TEST_ACCURACY},
     *     {@link #SEPARATION_LOSS}
     * @return one value per epoch (empty when the variant did not run at that size)
     */
    public double[] meanCurve(Variant variant, int sampleSize, String column) {
        List<RunRecord> group = runs.stream()
                .filter(r -> r.variant().equals(variant.id()) && r.sampleSize() == sampleSize).toList();
        if (group.isEmpty()) {
            return new double[0];
        }
        int epochs = group.get(0).rows().size();
        double[] out = new double[epochs];
        for (RunRecord r : group) {
            for (int e = 0; e < epochs; e++) {
                EpochRow row = r.rows().get(e);
                out[e] += switch (column) {
                    case TRAIN_LOSS -> row.trainLoss();
                    case TRAIN_ACCURACY -> row.trainAccuracy();
                    case TEST_LOSS -> row.testLoss();
                    case TEST_ACCURACY -> row.testAccuracy();
                    case SEPARATION_LOSS -> row.separationLoss();
                    default -> throw new IllegalArgumentException("unknown per-epoch column '" + column + "'");
                } / group.size();
            }
        }
        return out;
    }

    /**
     * The mean over seeds of the maximum training accuracy of a variant at each sample size (Figure 6).
     *
     * @param variant the variant
     * @return one value per entry of {@link #sampleSizes()}, NaN where it did not run
     */
    public double[] maxTrainAccuracy(Variant variant) {
        List<Integer> sizes = sampleSizes();
        double[] out = new double[sizes.size()];
        for (int i = 0; i < out.length; i++) {
            int size = sizes.get(i);
            out[i] = runs.stream().filter(r -> r.variant().equals(variant.id()) && r.sampleSize() == size)
                    .mapToDouble(RunRecord::maxTrainAccuracy).average().orElse(Double.NaN);
        }
        return out;
    }

    /**
     * The variants that ran, in table order.
     *
     * @return the variants, in table order
     */
    public List<Variant> variants() {
        return provenance.variants().stream().map(Variant::parse).toList();
    }

    /**
     * The sample sizes that ran, ascending.
     *
     * @return an unmodifiable list of the sample sizes, ascending
     */
    public List<Integer> sampleSizes() {
        return List.copyOf(new TreeSet<>(provenance.sampleSizes()));
    }

    /**
     * The convergence figures of Figure 4 / appendix G.5 at one sample size: training accuracy, test accuracy,
     * training loss and test loss per epoch (mean over seeds), one line per variant.
     *
     * @param sampleSize the sample size
     * @return four figures, in the paper's order (left to right)
     */
    public List<Figure> convergence(int sampleSize) {
        String where = label() + ", n = " + sampleSize;
        String[][] panels = {{TRAIN_ACCURACY, "Training accuracy"}, {TEST_ACCURACY, "Test accuracy"},
            {TRAIN_LOSS, "Training loss"}, {TEST_LOSS, "Test loss"}};
        List<Figure> out = new ArrayList<>();
        for (String[] p : panels) {
            Charts c = Charts.of(p[1] + " per epoch (" + where + ")", "epoch", p[1].toLowerCase(Locale.ROOT));
            for (Variant v : variants()) {
                double[] y = meanCurve(v, sampleSize, p[0]);
                c.lineMarkers(v.label(), Charts.seq(1, y.length), y);
            }
            out.add(c.build());
        }
        return out;
    }

    /**
     * Figure 6 / G.4: the maximum training accuracy against the sample size, one line per variant.
     *
     * @return a new figure
     */
    public Figure expressiveness() {
        double[] x = sampleSizes().stream().mapToDouble(Integer::doubleValue).toArray();
        Charts c = Charts.of("Max training accuracy vs training sample size (" + label() + ")",
                "training sample size", "max training accuracy");
        for (Variant v : variants()) {
            c.lineMarkers(v.label(), x, maxTrainAccuracy(v));
        }
        return c.build();
    }

    /**
     * The figures: Figure 6 (expressiveness only), then the convergence panels at the largest sample size.
     *
     * @return a new list of the figures
     */
    public List<Figure> figures() {
        List<Figure> out = new ArrayList<>();
        List<Integer> sizes = sampleSizes();
        if (sizes.size() > 1) {
            out.add(expressiveness());
        }
        out.addAll(convergence(sizes.get(sizes.size() - 1)));
        return out;
    }

    /**
     * The figures as HTML for a notebook ({@link Plots#html}: plotly.js is sent once per session).
     *
     * @return HTML of every figure
     */
    public String figuresHtml() {
        return Plots.html(figures().toArray(new Figure[0]));
    }

    /**
     * The timings: seconds of every epoch of every run.
     *
     * @return a new table, one row per run and epoch
     */
    public Table timings() {
        StringColumn v = StringColumn.create(VARIANT);
        IntColumn n = IntColumn.create(SAMPLE_SIZE);
        LongColumn s = LongColumn.create(SEED);
        IntColumn e = IntColumn.create(EPOCH);
        DoubleColumn sec = DoubleColumn.create("seconds");
        for (RunRecord r : runs) {
            for (int i = 0; i < r.seconds().size(); i++) {
                v.append(Variant.parse(r.variant()).label());
                n.append(r.sampleSize());
                s.append(r.seed());
                e.append(i + 1);
                sec.append(r.seconds().get(i));
            }
        }
        return Table.create(provenance.experiment() + " timings", v, n, s, e, sec);
    }

    private String label() {
        return Dataset.parse(provenance.dataset()).label() + ", patch " + provenance.settings().patch() + ", "
                + provenance.preset() + " preset, " + provenance.profile() + " profile";
    }

    @Override
    public List<Path> write(Path dir) {
        Checks.notNull("dir", dir);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(EPOCHS_CSV, csv(epochs()));
        files.put(RUNS_CSV, csv(runs()));
        files.put(SUMMARY_CSV, csv(summary()));
        files.put(FIGURES_HTML, utf8(Plots.standalone(figures().toArray(new Figure[0]))));
        files.put(PROVENANCE_JSON, utf8(GSON.toJson(provenance) + "\n"));
        files.put(TIMINGS_CSV, csv(timings()));
        JsonObject t = new JsonObject();
        t.addProperty("started", started);
        t.addProperty("wall_seconds", wallSeconds);
        files.put(TIMINGS_JSON, utf8(GSON.toJson(t) + "\n"));
        Path target = ResultSets.publish(dir, stem, files);
        return files.keySet().stream().map(target::resolve).toList();
    }

    @Override
    public String describe() {
        StringBuilder out = new StringBuilder(provenance.title() + " — " + label() + "\n");
        out.append(String.format(Locale.ROOT, "%-20s %7s %5s %16s %16s %10s %14s%n", "variant", "n", "seeds",
                "max train acc %", "final test acc %", "best test %", "paper (max/test)"));
        Table s = summary();
        for (int i = 0; i < s.rowCount(); i++) {
            double pm = s.doubleColumn("paper_max_train_acc_pct").getDouble(i);
            out.append(String.format(Locale.ROOT, "%-20s %7d %5d %9s ± %-5s %9s ± %-5s %10s %14s%n",
                    s.stringColumn(VARIANT).get(i), s.intColumn(SAMPLE_SIZE).getInt(i), s.intColumn("seeds").getInt(i),
                    Html.number(s.doubleColumn("max_train_acc_pct").getDouble(i), 3),
                    Html.number(s.doubleColumn("max_train_acc_std").getDouble(i), 2),
                    Html.number(s.doubleColumn("final_test_acc_pct").getDouble(i), 3),
                    Html.number(s.doubleColumn("final_test_acc_std").getDouble(i), 2),
                    Html.number(s.doubleColumn("best_test_acc_pct").getDouble(i), 3),
                    Double.isNaN(pm) ? "-" : pm + " / " + s.doubleColumn("paper_test_acc_pct").getDouble(i)));
        }
        return out.toString();
    }

    private static byte[] csv(Table t) {
        StringWriter w = new StringWriter();
        t.write().csv(w);
        return utf8(w.toString());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ClassificationResult(" + stem + ", " + runs.size() + " runs)";
    }
}
