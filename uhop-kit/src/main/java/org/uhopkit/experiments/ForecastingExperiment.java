package org.uhopkit.experiments;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.uhopkit.data.SeriesSplit;
import org.uhopkit.data.TimeSeries;
import org.uhopkit.nn.stanhop.ForecastRun;
import org.uhopkit.nn.stanhop.ForecastTraining;
import org.uhopkit.nn.stanhop.Forecaster;
import org.uhopkit.nn.stanhop.StanHopConfig;

/**
 * The time-series experiment of the paper (section 4.2, appendix F.5, G.6, Table 8): STanHop-Net with and
 * without U-Hop on ETTh1, ETTm1 or WTH, for each horizon and seed, trained with early stopping on the validation
 * loss; the test MSE and MAE (normalised scale) of the best validation epoch, their mean and spread over seeds
 * beside the paper's Table 8, and the learning curves ({@link ForecastResult}).
 *
 * <p>Cells: one per (horizon, seed, variant), plain and U-Hop of a seed next to each other; the seed of a cell is
 * {@code config.seed() + 1000003 s + 7919 h} for seed index s and horizon h, the same for both variants (so
 * every parameter but the kernels starts the same, and both see the same batches).
 *
 * <p>Profiles:
 * <ul>
 *   <li>{@code paper}: Table 7 and appendix F.5 ({@link #paperModel}, {@link #paperTraining}): d_model 256,
 *       segment 12, window 2, one scale block for horizons 96/192 and two for 336/720, batch 16, Adam 1e-4,
 *       50 epochs with patience 25, kernel SGD 0.1; input 168 (the released STanHop-Net's); horizons 96, 192, 336,
 *       720; 3 seeds. On a 2-core machine an epoch takes a quarter of an hour or more (see the benchmark).
 *   <li>{@code quick}: a reduced model ({@link #quickModel}: d_model 32, one head), input 96, horizon 96, one seed,
 *       {@value #QUICK_EPOCHS} epochs of at most {@value #QUICK_STEPS} steps of batch 32 ({@link #quickTraining}):
 *       minutes, for tests and the notebook. It shows that the pipeline runs and where the numbers lie; it cannot
 *       say whether U-Hop helps at the paper's scale.
 * </ul>
 */
public final class ForecastingExperiment implements Experiment<ForecastResult, ForecastPart> {

    /** False: a cell trains with DJL's gradient collector, of which a JVM has one at a time. */
    @Override
    public boolean concurrentCells() {
        return false;
    }

    /** The horizons of Table 8. */
    public static final int[] HORIZONS = {96, 192, 336, 720};
    /** The quick profile's epochs. */
    public static final int QUICK_EPOCHS = 3;
    /** The quick profile's cap on training steps per epoch. */
    public static final int QUICK_STEPS = 40;
    /** The quick profile's validation stride (every 4th validation window). */
    public static final int QUICK_VALIDATION_STRIDE = 4;
    /** The paper profile's seeds. */
    public static final int PAPER_SEEDS = 3;
    /** The paper profile's input length (the released STanHop-Net's {@code in_len}). */
    public static final int PAPER_INPUT = 168;
    /** The quick profile's input length. */
    public static final int QUICK_INPUT = 96;

    /**
     * Table 8 of the paper: test MSE and MAE of STanHop-Net without and with U-Hop.
     *
     * @param dataset the data set's command-line name
     * @param horizon the horizon
     * @param mse STanHop-Net's MSE
     * @param mae STanHop-Net's MAE
     * @param mseUHop STanHop-Net + U-Hop's MSE
     * @param maeUHop STanHop-Net + U-Hop's MAE
     */
    public record PaperRow(String dataset, int horizon, double mse, double mae, double mseUHop, double maeUHop) {}

    /** Table 8 as printed (appendix G.6). */
    public static final List<PaperRow> TABLE_8 = List.of(
            new PaperRow("etth1", 96, 0.395, 0.402, 0.392, 0.400),
            new PaperRow("etth1", 192, 0.425, 0.432, 0.420, 0.428),
            new PaperRow("etth1", 336, 0.495, 0.487, 0.470, 0.473),
            new PaperRow("etth1", 720, 0.631, 0.600, 0.572, 0.559),
            new PaperRow("ettm1", 96, 0.334, 0.366, 0.333, 0.365),
            new PaperRow("ettm1", 192, 0.351, 0.380, 0.355, 0.385),
            new PaperRow("ettm1", 336, 0.391, 0.393, 0.392, 0.399),
            new PaperRow("ettm1", 720, 0.436, 0.431, 0.435, 0.423),
            new PaperRow("wth", 96, 0.494, 0.505, 0.483, 0.498),
            new PaperRow("wth", 192, 0.513, 0.526, 0.528, 0.536),
            new PaperRow("wth", 336, 0.523, 0.539, 0.523, 0.539),
            new PaperRow("wth", 720, 0.601, 0.609, 0.603, 0.589));

    /**
     * The paper's row for a data set and horizon, or null.
     *
     * @param dataset the data set
     * @param horizon the horizon
     * @return the row of Table 8, or null when the paper has none
     */
    public static PaperRow paper(Dataset dataset, int horizon) {
        return TABLE_8.stream().filter(r -> r.dataset().equals(dataset.id()) && r.horizon() == horizon).findFirst()
                .orElse(null);
    }

    private PrintStream lines = System.out;

    @Override
    public String name() {
        return "forecasting";
    }

    @Override
    public String title() {
        return "STanHop-Net with and without U-Hop: multivariate forecasting, test MSE and MAE (Table 8)";
    }

    /** ETTh1, ETTm1 and WTH. */
    @Override
    public Set<Dataset> datasets() {
        return EnumSet.of(Dataset.ETTH1, Dataset.ETTM1, Dataset.WTH);
    }

    /**
     * A copy whose per-epoch progress lines go to {@code out} (standard output by default; null: nowhere). Not
     * part of the result.
     *
     * @param out where the lines go, or null
     * @return the copy
     */
    public ForecastingExperiment progressLines(PrintStream out) {
        ForecastingExperiment e = new ForecastingExperiment();
        e.lines = out;
        return e;
    }

    /** {@code forecasting-<dataset>-h<horizons>-<loss>-<profile>}, e.g. {@code forecasting-etth1-h96-mae-quick}. */
    @Override
    public String stem(Config config) {
        return name() + "-" + config.dataset().id() + "-h" + String.join("+", Arrays.stream(horizons(config))
                .mapToObj(Integer::toString).toList()) + "-" + loss(config).id() + "-" + config.profile().id();
    }

    /**
     * The horizons of a run: the config's, or the profile's (quick: 96; paper: 96, 192, 336, 720).
     *
     * @param config the run's settings
     * @return the horizons
     */
    public static int[] horizons(Config config) {
        return config.horizonsOr(config.profile() == Profile.PAPER ? HORIZONS : new int[] {96});
    }

    /**
     * The seeds of a run: {@code --runs}, or the profile's (quick 1, paper {@value #PAPER_SEEDS}).
     *
     * @param config the run's settings
     * @return the number of seeds
     */
    public static int seeds(Config config) {
        return config.runsOr(config.profile() == Profile.PAPER ? PAPER_SEEDS : 1);
    }

    /**
     * The task loss of a run: the config's, or the paper's MAE.
     *
     * @param config the run's settings
     * @return the loss
     */
    public static ForecastTraining.TaskLoss loss(Config config) {
        return ForecastTraining.TaskLoss.parse(config.taskLossOr("mae"));
    }

    /**
     * The paper profile's model (Table 7, appendix F.5): {@link StanHopConfig#paper} with input
     * {@value #PAPER_INPUT}.
     *
     * @param series C
     * @param horizon the horizon
     * @param uhop with U-Hop kernels
     * @param seed the parameters' seed
     * @return the model's settings
     */
    public static StanHopConfig paperModel(int series, int horizon, boolean uhop, long seed) {
        return StanHopConfig.paper(series, PAPER_INPUT, horizon, uhop, seed);
    }

    /**
     * The quick profile's model: input {@value #QUICK_INPUT}, segment 12, window 2, the paper's depth for the
     * horizon, d_model 32, d_ff 64, one head (the learnable-alpha entmax dominates the cost at this width, and it
     * grows with the heads), factor 10, dropout 0.1, initial alpha 1.5.
     *
     * @param series C
     * @param horizon the horizon
     * @param uhop with U-Hop kernels
     * @param seed the parameters' seed
     * @return the model's settings
     */
    public static StanHopConfig quickModel(int series, int horizon, boolean uhop, long seed) {
        return new StanHopConfig(series, QUICK_INPUT, horizon, 12, 2, StanHopConfig.layersFor(horizon), 32, 64, 1, 10,
                0.1, 1.5, uhop, seed);
    }

    /**
     * The paper profile's training: {@link ForecastTraining#paper(long)} (Table 7).
     *
     * @param seed the training seed
     * @return the training settings
     */
    public static ForecastTraining paperTraining(long seed) {
        return ForecastTraining.paper(seed);
    }

    /**
     * The quick profile's training: {@value #QUICK_EPOCHS} epochs (patience {@value #QUICK_EPOCHS}) of at most
     * {@value #QUICK_STEPS} steps of batch 32, Adam 1e-3, MAE, one inner step on 8 windows per outer step,
     * kernel SGD 0.1, early stopping on every {@value #QUICK_VALIDATION_STRIDE}th validation window (the test
     * uses every window).
     *
     * @param seed the training seed
     * @return the training settings
     */
    public static ForecastTraining quickTraining(long seed) {
        return new ForecastTraining(QUICK_EPOCHS, QUICK_EPOCHS, 32, 1e-3, ForecastTraining.TaskLoss.MAE, 1, 8, 0.1,
                QUICK_STEPS, QUICK_VALIDATION_STRIDE, seed);
    }

    /** The model of a cell under {@code config}'s profile. */
    static StanHopConfig model(Config config, int series, int horizon, boolean uhop, long seed) {
        return config.profile() == Profile.PAPER ? paperModel(series, horizon, uhop, seed)
                : quickModel(series, horizon, uhop, seed);
    }

    /** The training of a cell under {@code config}: the profile's, with the config's epochs and loss. */
    static ForecastTraining training(Config config, long seed) {
        ForecastTraining t = config.profile() == Profile.PAPER ? paperTraining(seed) : quickTraining(seed);
        int epochs = config.maxEpochsOr(t.epochs());
        t = t.withEpochs(epochs).withLoss(loss(config));
        return t;
    }

    /**
     * The series of a forecasting data set (read and checked once per JVM).
     *
     * @param d ETTH1, ETTM1 or WTH
     * @return the series
     * @throws IllegalArgumentException for another data set
     */
    public static TimeSeries series(Dataset d) {
        return switch (d) {
            case ETTH1 -> TimeSeries.etth1();
            case ETTM1 -> TimeSeries.ettm1();
            case WTH -> TimeSeries.wth();
            default -> throw new IllegalArgumentException("dataset " + d.id() + " is not a forecasting data set; "
                    + "expected etth1, ettm1 or wth");
        };
    }

    /** The seed of a cell: {@code base + 1000003 s + 7919 h}. */
    static long seedOf(Config config, int seedIndex, int horizon) {
        return config.seed() + 1_000_003L * seedIndex + 7919L * horizon;
    }

    @Override
    public List<Cell> cells(Config config) {
        List<Cell> cells = new ArrayList<>();
        for (int h : horizons(config)) {
            for (int s = 0; s < seeds(config); s++) {
                for (boolean u : new boolean[] {false, true}) {
                    cells.add(new Cell(cells.size(), "h=" + h + " seed " + s + " " + (u ? "uhop" : "plain")));
                }
            }
        }
        return cells;
    }

    @Override
    public ForecastPart runCell(Config config, Cell cell) {
        checkDataset(config);
        List<Cell> cells = cells(config);
        if (cell == null || cell.index() >= cells.size() || !cells.get(cell.index()).equals(cell)) {
            throw new IllegalArgumentException(name() + " has no cell " + cell + " under this config ("
                    + cells.size() + " cells)");
        }
        String[] f = cell.label().split(" ");
        int horizon = Integer.parseInt(f[0].substring(2));
        int seedIndex = Integer.parseInt(f[2]);
        boolean uhop = f[3].equals("uhop");
        long seed = seedOf(config, seedIndex, horizon);
        TimeSeries series = series(config.dataset());
        StanHopConfig model = model(config, series.seriesCount(), horizon, uhop, seed);
        SeriesSplit split = SeriesSplit.informer(series, model.inputLength(), horizon);
        ForecastRun run = Forecaster.train(split, model, training(config, seed), lines);
        return new ForecastPart(cell, config.dataset().id(), horizon, uhop, seedIndex, seed, run);
    }

    /** Table 8 beside the paper's, the per-run table, the learning curves, provenance and timings. */
    @Override
    public ForecastResult assemble(Config config, List<ForecastPart> parts, RunClock clock) {
        List<Cell> cells = cells(config);
        if (parts == null || parts.size() != cells.size()) {
            throw new IllegalArgumentException("forecasting needs " + cells.size() + " parts, got "
                    + (parts == null ? 0 : parts.size()));
        }
        for (int i = 0; i < parts.size(); i++) {
            if (!parts.get(i).cell().equals(cells.get(i))) {
                throw new IllegalArgumentException("part " + i + " is for cell " + parts.get(i).cell() + ", expected "
                        + cells.get(i));
            }
        }
        return new ForecastResult(this, config, parts, clock);
    }

    /**
     * A figure of one series of a split, scaled, every {@code every}-th row of the rows the borders cover, with the
     * borders (end of training, end of validation, end of test) and the first row of the first validation and
     * test inputs (one input length before their border) as vertical lines.
     *
     * @param split the split
     * @param series the series' column index
     * @param every plot every {@code every}-th row (at least 1)
     * @return the figure
     */
    public static tech.tablesaw.plotly.components.Figure splitFigure(SeriesSplit split, int series, int every) {
        org.uhopkit.internal.Checks.notNull("split", split);
        org.uhopkit.internal.Checks.atLeast("every", every, 1);
        if (series < 0 || series >= split.seriesCount()) {
            throw new IllegalArgumentException("series must be in [0, " + split.seriesCount() + "), got " + series);
        }
        int total = split.borders().total();
        int n = (total + every - 1) / every;
        double[] x = new double[n];
        double[] y = new double[n];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            x[i] = (double) i * every;
            y[i] = split.scaled(i * every, series);
            lo = Math.min(lo, y[i]);
            hi = Math.max(hi, y[i]);
        }
        String name = split.series().columns().get(series);
        org.uhopkit.report.Charts c = org.uhopkit.report.Charts.of(split.series().name() + ": " + name
                + " (scaled), every " + every + " rows, and the borders", "row", name + " (scaled)").line(name, x, y);
        SeriesSplit.Part[] parts = SeriesSplit.Part.values();
        for (SeriesSplit.Part p : parts) {
            double b = split.endRow(p);
            c.line("end of " + p.name().toLowerCase(Locale.ROOT) + " (row " + (int) b + ")", new double[] {b, b},
                    new double[] {lo, hi});
        }
        for (SeriesSplit.Part p : new SeriesSplit.Part[] {SeriesSplit.Part.VALIDATION, SeriesSplit.Part.TEST}) {
            double b = split.firstRow(p);
            c.line("first " + p.name().toLowerCase(Locale.ROOT) + " input (row " + (int) b + ")", new double[] {b, b},
                    new double[] {lo, hi});
        }
        return c.build();
    }

    /**
     * A line for the command line before a paper-profile run: its size and the expected time, extrapolated from
     * the measured seconds per epoch of ETTh1 at input 168 and horizon 96 (8377 training windows of 7 series) in
     * proportion to the training windows times the series of each run.
     *
     * @param config the run's settings
     * @param secondsPerEpochEstimate measured seconds per epoch of ETTh1, input 168, horizon 96
     * @return the line
     */
    public String expectedTime(Config config, double secondsPerEpochEstimate) {
        TimeSeries series = series(config.dataset());
        int epochs = config.maxEpochsOr(paperTraining(0).epochs());
        double perEpochAll = 0;
        double first = 0;
        for (int h : horizons(config)) {
            SeriesSplit split = SeriesSplit.informer(series, model(config, series.seriesCount(), h, false, 0)
                    .inputLength(), h);
            double e = secondsPerEpochEstimate * split.windowCount(SeriesSplit.Part.TRAIN) / 8377.0
                    * series.seriesCount() / 7.0;
            first = first == 0 ? e : first;
            perEpochAll += e * seeds(config) * 2;
        }
        int runs = horizons(config).length * seeds(config) * 2;
        return String.format(Locale.ROOT, "%s: %d runs (horizons %s, %d seed(s), with and without U-Hop) of at most "
                + "%d epochs; expected about %.0f min per epoch at horizon %d here (extrapolated from ETTh1: %.0f min), "
                + "up to %.1f h in all (early stopping may end runs sooner); --max-epochs N caps the epochs",
                stem(config), runs, Arrays.toString(horizons(config)), seeds(config), epochs, first / 60,
                horizons(config)[0], secondsPerEpochEstimate / 60, perEpochAll * epochs / 3600);
    }
}
