package org.uhopkit.nn;

import org.uhopkit.report.Charts;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * What a run of Algorithm 2 ({@link UHopTrainer}) recorded: one row per epoch (train and test loss and metric,
 * the mean separation loss, the learning rates, the seconds), every separation-loss step and every outer step,
 * and the settings and model it ran with. Holds no native memory. The seconds are the only column that differs
 * between reruns.
 */
public final class TrainingReport {

    /** Column: the epoch, from 1. */
    public static final String EPOCH = "epoch";
    /** Column: the mean task loss over the epoch's outer steps (training mode). */
    public static final String TRAIN_LOSS = "train_loss";
    /** Column: the task loss on the test set after the epoch (inference mode). */
    public static final String TEST_LOSS = "test_loss";
    /** Column: the mean separation loss over the epoch's separation-loss steps (NaN when there were none). */
    public static final String SEPARATION_LOSS = "separation_loss";
    /** Column: the number of separation-loss steps in the epoch. */
    public static final String SEPARATION_STEPS = "separation_steps";
    /** Column: the outer (task) learning rate of the epoch. */
    public static final String OUTER_RATE = "outer_rate";
    /** Column: the learning rate of the epoch's separation-loss steps (NaN when there were none). */
    public static final String INNER_RATE = "inner_rate";
    /** Column: wall seconds of the epoch (the only column that changes between reruns). */
    public static final String SECONDS = "seconds";

    private final UHopTrainer.Settings settings;
    private final String metricName;
    private final String model;
    private final Table table;
    private final double[] separationTrace;
    private final int[] separationEpochs;
    private final double[] outerTrace;
    private final int[] outerEpochs;

    private TrainingReport(UHopTrainer.Settings settings, String metricName, String model, Table table,
            double[] separationTrace, int[] separationEpochs, double[] outerTrace, int[] outerEpochs) {
        this.settings = settings;
        this.metricName = metricName;
        this.model = model;
        this.table = table;
        this.separationTrace = separationTrace;
        this.separationEpochs = separationEpochs;
        this.outerTrace = outerTrace;
        this.outerEpochs = outerEpochs;
    }

    /**
     * The settings of the run.
     *
     * @return the settings, not null
     */
    public UHopTrainer.Settings settings() {
        return settings;
    }

    /**
     * The model's block as it described itself at the end of the run.
     *
     * @return the block's description
     */
    public String model() {
        return model;
    }

    /**
     * The per-epoch table (a copy).
     *
     * @return a new table, one row per epoch
     */
    public Table table() {
        return table.copy();
    }

    /**
     * The per-epoch table with every number rounded to {@code digits} significant digits (for display).
     *
     * @param digits significant digits, 1 to 17
     * @return a rounded copy
     */
    public Table table(int digits) {
        return rounded(table, digits);
    }

    /**
     * A copy of {@code t} whose double columns are rounded to {@code digits} significant digits (NaN stays NaN),
     * so that a display shows no more digits than the numbers deserve.
     *
     * @param t a table
     * @param digits significant digits, 1 to 17
     * @return the rounded copy
     */
    public static Table rounded(Table t, int digits) {
        if (digits < 1 || digits > 17) {
            throw new IllegalArgumentException("digits must be in [1, 17], got " + digits);
        }
        Table out = t.copy();
        for (var c : out.columns()) {
            if (c instanceof DoubleColumn d) {
                for (int i = 0; i < d.size(); i++) {
                    double v = d.getDouble(i);
                    if (Double.isFinite(v) && v != 0) {
                        d.set(i, new java.math.BigDecimal(v).round(new java.math.MathContext(digits)).doubleValue());
                    }
                }
            }
        }
        return out;
    }

    /**
     * The name of the train metric column ({@code train_<metric>}), or null without a metric.
     *
     * @return {@code train_<metric>}, or null without a metric
     */
    public String trainMetricColumn() {
        return metricName == null ? null : "train_" + metricName;
    }

    /**
     * The name of the test metric column ({@code test_<metric>}), or null without a metric.
     *
     * @return {@code test_<metric>}, or null without a metric
     */
    public String testMetricColumn() {
        return metricName == null ? null : "test_" + metricName;
    }

    /**
     * The separation loss of every separation-loss step (inner steps and kernel phases), in order.
     *
     * @return a new array, one loss per separation-loss step
     */
    public double[] separationTrace() {
        return separationTrace.clone();
    }

    /**
     * The epoch (from 1) of each entry of {@link #separationTrace()}.
     *
     * @return a new array, one epoch (from 1) per entry of the separation trace
     */
    public int[] separationEpochs() {
        return separationEpochs.clone();
    }

    /**
     * The task loss of every outer step, in order.
     *
     * @return a new array, one task loss per outer step
     */
    public double[] outerTrace() {
        return outerTrace.clone();
    }

    /**
     * The epoch (from 1) of each entry of {@link #outerTrace()}.
     *
     * @return a new array, one epoch (from 1) per entry of the outer trace
     */
    public int[] outerEpochs() {
        return outerEpochs.clone();
    }

    /**
     * A column of the table as an array.
     *
     * @param name a numeric column of {@link #table()}
     * @return a new array, one value per epoch
     */
    public double[] column(String name) {
        return table.numberColumn(name).asDoubleArray();
    }

    /**
     * Train and test loss against the epoch.
     *
     * @return a new figure
     */
    public Figure lossFigure() {
        double[] e = column(EPOCH);
        return Charts.of("Task loss per epoch", "epoch", "loss").lineMarkers("train", e, column(TRAIN_LOSS))
                .lineMarkers("test", e, nonEmpty(column(TEST_LOSS))).build();
    }

    /**
     * Train and test metric against the epoch (null without a metric).
     *
     * @return a new figure, or null without a metric
     */
    public Figure metricFigure() {
        if (metricName == null) {
            return null;
        }
        double[] e = column(EPOCH);
        return Charts.of(metricName + " per epoch", "epoch", metricName)
                .lineMarkers("train", e, column(trainMetricColumn()))
                .lineMarkers("test", e, nonEmpty(column(testMetricColumn()))).build();
    }

    /**
     * The separation loss at every separation-loss step.
     *
     * @return a new figure
     */
    public Figure separationFigure() {
        return Charts.of("Separation loss (" + settings.separationLoss() + ", t = " + settings.lossScale()
                        + ") per step", "separation-loss step", "separation loss")
                .line("separation loss", Charts.seq(1, separationTrace.length), separationTrace).build();
    }

    /**
     * The task loss at every outer step.
     *
     * @return a new figure
     */
    public Figure outerFigure() {
        return Charts.of("Task loss per outer step", "outer step", "task loss")
                .line("task loss", Charts.seq(1, outerTrace.length), outerTrace).build();
    }

    /**
     * The figures that have data: loss, metric, separation loss, outer steps.
     *
     * @return a new array of the figures that have data
     */
    public Figure[] figures() {
        List<Figure> out = new ArrayList<>();
        out.add(lossFigure());
        if (metricName != null) {
            out.add(metricFigure());
        }
        if (separationTrace.length > 0) {
            out.add(separationFigure());
        }
        out.add(outerFigure());
        return out.toArray(new Figure[0]);
    }

    private static double[] nonEmpty(double[] v) {
        for (double x : v) {
            if (!Double.isNaN(x)) {
                return v;
            }
        }
        return new double[0];
    }

    @Override
    public String toString() {
        return "TrainingReport(" + table.rowCount() + " epochs, " + settings + ")";
    }

    /** Collects the run as it goes. Package-private. */
    static final class Recorder {
        private final UHopTrainer.Settings settings;
        private final String metricName;
        private final IntColumn epoch = IntColumn.create(EPOCH);
        private final DoubleColumn trainLoss = DoubleColumn.create(TRAIN_LOSS);
        private final DoubleColumn trainMetric;
        private final DoubleColumn testLoss = DoubleColumn.create(TEST_LOSS);
        private final DoubleColumn testMetric;
        private final DoubleColumn separation = DoubleColumn.create(SEPARATION_LOSS);
        private final IntColumn separationSteps = IntColumn.create(SEPARATION_STEPS);
        private final DoubleColumn outerRate = DoubleColumn.create(OUTER_RATE);
        private final DoubleColumn innerRate = DoubleColumn.create(INNER_RATE);
        private final DoubleColumn seconds = DoubleColumn.create(SECONDS);
        private final List<Double> sepTrace = new ArrayList<>();
        private final List<Integer> sepEpochs = new ArrayList<>();
        private final List<Double> outTrace = new ArrayList<>();
        private final List<Integer> outEpochs = new ArrayList<>();
        private int currentEpoch;
        private double sepSum;
        private int sepCount;

        Recorder(UHopTrainer.Settings settings, String metricName) {
            this.settings = settings;
            this.metricName = metricName;
            this.trainMetric = metricName == null ? null : DoubleColumn.create("train_" + metricName);
            this.testMetric = metricName == null ? null : DoubleColumn.create("test_" + metricName);
        }

        void startEpoch() {
            currentEpoch++;
            sepSum = 0;
            sepCount = 0;
        }

        void separation(double v) {
            sepTrace.add(v);
            sepEpochs.add(currentEpoch);
            sepSum += v;
            sepCount++;
        }

        void outer(double v) {
            outTrace.add(v);
            outEpochs.add(currentEpoch);
        }

        /** The mean separation loss of the current epoch so far (NaN without separation-loss steps). */
        double epochSeparation() {
            return sepCount == 0 ? Double.NaN : sepSum / sepCount;
        }

        /** Records the epoch's row and returns its progress line. */
        String endEpoch(int e, double trainL, double trainM, double testL, double testM, double outer, double inner,
                double secs) {
            double sep = sepCount == 0 ? Double.NaN : sepSum / sepCount;
            epoch.append(e);
            trainLoss.append(trainL);
            testLoss.append(testL);
            if (trainMetric != null) {
                trainMetric.append(trainM);
                testMetric.append(testM);
            }
            separation.append(sep);
            separationSteps.append(sepCount);
            outerRate.append(outer);
            innerRate.append(sepCount == 0 ? Double.NaN : inner);
            seconds.append(secs);
            StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT, "epoch %d/%d  train loss %s",
                    e, settings.epochs(), UHopTrainer.format(trainL)));
            if (metricName != null) {
                line.append("  ").append(metricName).append(' ').append(UHopTrainer.format(trainM));
            }
            line.append("  test loss ").append(UHopTrainer.format(testL));
            if (metricName != null) {
                line.append("  ").append(metricName).append(' ').append(UHopTrainer.format(testM));
            }
            line.append("  separation loss ").append(UHopTrainer.format(sep)).append(" (").append(sepCount)
                    .append(" steps)  lr ").append(UHopTrainer.format(outer))
                    .append(String.format(java.util.Locale.ROOT, "  %.1f s", secs));
            return line.toString();
        }

        TrainingReport report(String model) {
            Table t = Table.create("Algorithm 2, per epoch", epoch, trainLoss);
            if (trainMetric != null) {
                t.addColumns(trainMetric);
            }
            t.addColumns(testLoss);
            if (testMetric != null) {
                t.addColumns(testMetric);
            }
            t.addColumns(separation, separationSteps, outerRate, innerRate, seconds);
            return new TrainingReport(settings, metricName, model, t,
                    sepTrace.stream().mapToDouble(Double::doubleValue).toArray(),
                    sepEpochs.stream().mapToInt(Integer::intValue).toArray(),
                    outTrace.stream().mapToDouble(Double::doubleValue).toArray(),
                    outEpochs.stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
