package org.uhopkit.cli;

import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.uhopkit.data.Corruption;
import org.uhopkit.data.ImageSet;
import org.uhopkit.experiments.Cell;
import org.uhopkit.experiments.CellRunner;
import org.uhopkit.experiments.CellWork;
import org.uhopkit.experiments.LocalCells;
import org.uhopkit.experiments.Config;
import org.uhopkit.experiments.Dataset;
import org.uhopkit.experiments.Experiment;
import org.uhopkit.experiments.ResultSet;
import org.uhopkit.experiments.Experiments;
import org.uhopkit.experiments.ForecastingExperiment;
import org.uhopkit.nn.stanhop.ForecastTraining;
import org.uhopkit.experiments.Preset;
import org.uhopkit.experiments.Profile;
import org.uhopkit.experiments.Progress;
import org.uhopkit.experiments.ResultSets;
import org.uhopkit.experiments.RunClock;
import org.uhopkit.experiments.TorchThreads;
import org.uhopkit.report.Html;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code reproduce <experiment> [--profile quick|paper] [--dataset mnist|cifar10] [--preset paper|official]
 * [--out DIR]}: runs one experiment of the paper (or {@code all}) and writes each result
 * set, {@code DIR/<experiment>-<dataset>-<preset>-<profile>/}, complete or not at all: the per-run table and
 * the summary (CSV), the figures (standalone HTML), the provenance (JSON) and, apart, the timings. Every
 * option value and the destination are checked before anything runs; a bad one is named with the valid
 * choices.
 *
 * <p>With {@code --spark MASTER} the experiment's cells ({@link Experiment#cells(Config)}) run as Apache Spark
 * tasks through the {@link CellRunner} of the optional module uhop-spark: each task gets the command line and its
 * cell, rebuilds the config from the arguments and returns its part; this JVM assembles the parts in cell order
 * and writes the same files as a run without {@code --spark}, timings apart.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        version = "uhop-kit " + org.uhopkit.UHop.VERSION, sortOptions = false,
        description = {"Reproduces a memory-retrieval result of U-Hop (Wu et al., ICML 2024) and writes the tables "
                + "(CSV), the figures (standalone HTML) and the provenance (JSON) into DIR/<experiment>-<dataset>-"
                + "<preset>-<profile>/ (timings apart, in timings.csv and timings.json).", ""})
public final class Reproduce implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<experiment>", converter = ExperimentsConverter.class,
            completionCandidates = ExperimentNames.class,
            description = "one of: ${COMPLETION-CANDIDATES}")
    Selection selection;

    /** The experiments named on the command line: one, or every one for {@code all}. */
    record Selection(List<Experiment<?, ?>> experiments, boolean all) {}

    @Option(names = "--profile", paramLabel = "quick|paper", defaultValue = "quick", converter = ProfileConverter.class,
            description = "quick: a few runs on a reduced grid; paper: the paper's grid and runs (default: ${DEFAULT-VALUE})")
    Profile profile;

    @Option(names = "--dataset", paramLabel = "NAME", converter = DatasetConverter.class,
            description = "data set: mnist or cifar10 (retrieval), cifar10, cifar100 or tinyimagenet (classification), "
                    + "etth1, ettm1 or wth (forecasting) (default: the experiment's first; mnist for all)")
    Dataset dataset;

    @Option(names = "--preset", paramLabel = "paper|official", defaultValue = "paper", converter = PresetConverter.class,
            description = "paper: Algorithm 1 as written; official: the authors' code (default: ${DEFAULT-VALUE})")
    Preset preset;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "build/results",
            description = "output folder; each result set goes into a folder of its own inside (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--queries", paramLabel = "preset|mask|dropout|half", defaultValue = "preset",
            converter = QueriesConverter.class,
            description = "how masked queries are made: the preset's choice (paper: exact 50 %% "
                    + "mask; official: dropout), mask (exact 50 %%), dropout (p = 0.5, kept pixels doubled) or half "
                    + "(lower half cut off, Millidge et al.) (default: ${DEFAULT-VALUE})")
    Queries queries;

    @Option(names = {"--runs", "--seeds"}, paramLabel = "R", defaultValue = "0",
            description = "runs (seeds) per grid point, at least 1 (default: the profile's)")
    int runs;

    @Option(names = "--patch", paramLabel = "P", defaultValue = "0",
            description = "classification: patch side in pixels, dividing the image side (default: the paper's, 32 "
                    + "on CIFAR, 64 on Tiny ImageNet)")
    int patch;

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "0",
            description = "training experiments: epochs, at least 1 (default: the profile's)")
    int epochs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "2024", description = "base seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--horizon", paramLabel = "96|192|336|720|all",
            description = "forecasting: the horizon(s) (default: the profile's; quick 96, paper all)")
    String horizon;

    @Option(names = "--max-epochs", paramLabel = "N", defaultValue = "0",
            description = "forecasting: at most N training epochs per run (default: the profile's; paper 50)")
    int maxEpochs;

    @Option(names = "--loss", paramLabel = "mae|mse", defaultValue = "mae",
            description = "forecasting: the task loss, mae (the paper's) or mse (the released STanHop-Net's) "
                    + "(default: ${DEFAULT-VALUE})")
    String loss;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "1",
            description = "PyTorch intra-op threads, at least 1 (default: ${DEFAULT-VALUE}; measured fastest for these many small products)")
    int threads;

    @Option(names = "--parallel", paramLabel = "P",
            description = "cells computed at once in this JVM, each on one thread, at least 1 (default: the "
                    + "processors available, here ${DEFAULT-VALUE}); the result set is the same for every P (timings "
                    + "apart). The experiments that train run one cell at a time. Not with --spark (there the master "
                    + "says how many, e.g. local[2])")
    int parallel = LocalCells.defaultParallelism();

    @Option(names = "--no-progress", description = "do not draw a progress bar (nor print the per-epoch lines of the training experiments)")
    boolean noProgress;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "run the experiment's cells as Apache Spark tasks on MASTER: local[N] (N threads in this "
                    + "JVM), spark://HOST:PORT (a standalone cluster), yarn or k8s://...; the result set is the same "
                    + "as without (timings apart). Needs the optional module uhop-spark on the class path "
                    + "(environment/reproduce adds it); Spark settings come from -Dspark.* system properties")
    String spark;

    /** The command line as given: a Spark task rebuilds the config from it ({@link CommandLineWork}). */
    List<String> commandLine = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** How masked queries are made ({@code --queries}). */
    enum Queries {
        /** The preset's masking. */
        PRESET,
        /** Exact 50 % masking. */
        MASK,
        /** Dropout with p = 0.5, kept pixels doubled. */
        DROPOUT,
        /** The lower half of the image cut off (Millidge et al. 2022). */
        HALF;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public Integer call() {
        Plan plan = plan();
        List<Experiment<?, ?>> experiments = plan.experiments();
        CellRunner runner = null;
        if (spark != null) {
            if (spark.isBlank()) {
                throw invalid("--spark", "a Spark master URL is needed, e.g. local[2] or spark://host:7077");
            }
            String problem = sparkMasterProblem(spark);
            if (problem != null) {
                throw invalid("--spark", problem);
            }
            if (spec.commandLine().getParseResult() != null
                    && spec.commandLine().getParseResult().hasMatchedOption("--parallel")) {
                throw invalid("--parallel", "only without --spark: the Spark master says how many cells run at once "
                        + "(e.g. local[2], or the executors' cores)");
            }
            try {
                runner = CellRunner.find("spark");
            } catch (IllegalStateException e) {
                throw invalid("--spark", e.getMessage());
            }
        }
        List<String> stems = experiments.stream().map(e -> e.stem(plan.config())).toList();
        try {
            ResultSets.check(out, stems);
        } catch (IllegalArgumentException e) {
            throw invalid("--out", e.getMessage());
        }
        Config config = plan.config();
        PrintWriter stdout = spec.commandLine().getOut();
        TorchThreads.set(threads);
        long opening = System.nanoTime();
        try (CellRunner.Session session = runner == null ? null : runner.open(spark);
                Experiments.Reuse reuse = session == null ? Experiments.reuseCapacityCells() : null) {
            if (session != null) {
                stdout.println("spark: connected to " + spark + " in "
                        + Html.number((System.nanoTime() - opening) / 1e9, 3) + " s");
            }
            for (Experiment<?, ?> e : experiments) {
                boolean lines = e instanceof ForecastingExperiment; // one progress line per epoch, no bar
                if (lines && profile == Profile.PAPER) {
                    stdout.println(((ForecastingExperiment) e).expectedTime(config, PAPER_EPOCH_SECONDS));
                    stdout.flush();
                }
                // image classification: one line per epoch, printed by the runs when progress is on (no bar)
                boolean epochLines = e instanceof org.uhopkit.experiments.ImageClassificationExperiment;
                Config c = noProgress || lines ? config
                        : epochLines ? config.progress(new EpochLines()) : config.progress(new Bar());
                ResultSet r = session == null ? e.run(c, parallel)
                        : runCells(session, e, c, new CommandLineWork(e.name(), commandLine, !e.concurrentCells()));
                stdout.println(e.name() + ": " + Html.number(r.wallSeconds(), 3) + " s");
                stdout.println(r.describe());
                List<Path> files = r.write(out);
                stdout.println("wrote " + files.get(0).getParent() + ": "
                        + String.join(", ", files.stream().map(p -> p.getFileName().toString()).toList()));
            }
        }
        return 0;
    }

    /** What a command line runs: its experiments, their config and the PyTorch threads. */
    record Plan(List<Experiment<?, ?>> experiments, Config config, int threads) {}

    /**
     * Checks the options and builds the plan; no side effects (a Spark task calls it too, {@link #planOf}).
     *
     * @throws CommandLine.ParameterException naming a bad option value
     */
    Plan plan() {
        if (runs < 0) {
            throw invalid("--runs", "runs must be at least 1 (or 0 for the profile's count), got " + runs);
        }
        if (patch < 0) {
            throw invalid("--patch", "patch must be at least 1 (or 0 for the paper's), got " + patch);
        }
        if (epochs < 0) {
            throw invalid("--epochs", "epochs must be at least 1 (or 0 for the profile's), got " + epochs);
        }
        if (threads < 1) {
            throw invalid("--threads", "threads must be at least 1, got " + threads);
        }
        if (parallel < 1) {
            throw invalid("--parallel", "parallel (cells at a time) must be at least 1, got " + parallel);
        }
        List<Experiment<?, ?>> experiments;
        Dataset ds;
        if (selection.all()) {
            ds = dataset == null ? Dataset.MNIST : dataset;
            experiments = Experiments.accepting(ds);
            if (experiments.isEmpty()) {
                throw invalid("--dataset", "no experiment uses dataset '" + ds.id() + "'");
            }
        } else {
            experiments = selection.experiments();
            Experiment<?, ?> e = experiments.get(0);
            ds = dataset == null ? e.defaultDataset() : dataset;
            if (!e.datasets().contains(ds)) {
                throw invalid("--dataset", "experiment " + e.name() + " does not use dataset '" + ds.id()
                        + "', expected one of " + String.join(", ", Dataset.ids(e.datasets())));
            }
        }
        Config base = withForecasting(Config.of(ds).profile(profile).preset(preset).runs(runs).seed(seed)
                .patch(patch).epochs(epochs), experiments);
        return new Plan(experiments, withQueries(base, queries), threads);
    }

    /**
     * The plan of a command line, rebuilt from its arguments exactly as the command builds it (where a Spark
     * task runs).
     *
     * @throws CommandLine.ParameterException naming a bad argument
     */
    static Plan planOf(List<String> args) {
        Reproduce r = new Reproduce();
        new CommandLine(r).parseArgs(args.toArray(new String[0]));
        return r.plan();
    }

    /** Runs the cells of {@code e} through a runner's session, then assembles them here. */
    @SuppressWarnings("unchecked")
    private static <R extends ResultSet, P extends Serializable> R runCells(CellRunner.Session session,
            Experiment<R, P> e, Config config, CellWork work) {
        e.checkDataset(config);
        RunClock clock = RunClock.start();
        List<Cell> cells = e.cells(config);
        List<Serializable> parts = session.run(e.name(), work, cells, config.progress());
        if (parts.size() != cells.size()) {
            throw new IllegalStateException("the cell runner returned " + parts.size() + " parts for "
                    + cells.size() + " cells of " + e.name());
        }
        List<P> typed = new ArrayList<>(parts.size());
        for (Serializable p : parts) {
            typed.add((P) p); // each part is what e.runCell returned for its cell
        }
        return e.assemble(config, typed, clock);
    }

    /**
     * A cell of {@code reproduce ARGS}, shipped to where it runs as the experiment's name and the command line:
     * there it rebuilds the config from the arguments ({@link #planOf}), sets the PyTorch threads and computes
     * the cell.
     *
     * @param experiment the experiment's name
     * @param args the command line
     * @param exclusive the experiment's cells must not overlap in one JVM ({@link Experiment#concurrentCells()})
     */
    record CommandLineWork(String experiment, List<String> args, boolean exclusive) implements CellWork {

        private static final long serialVersionUID = 1L;

        CommandLineWork {
            args = List.copyOf(args);
        }

        @Override
        public Serializable run(Cell cell) {
            Plan plan = planOf(args);
            Experiment<?, ?> e = plan.experiments().stream().filter(x -> x.name().equals(experiment)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the command line " + args
                            + " does not run experiment " + experiment));
            TorchThreads.set(plan.threads());
            return e.runCell(plan.config(), cell);
        }
    }

    /**
     * Seconds per epoch of the paper profile's model measured here (ForecastBenchmark, ETTh1, horizon 96, one
     * PyTorch thread, 2 cores under load: about 14 min with U-Hop): the basis of the expected time printed first.
     */
    static final double PAPER_EPOCH_SECONDS = 16 * 60;

    /** The forecasting options checked and put into the config (ignored by the other experiments). */
    private Config withForecasting(Config base, List<Experiment<?, ?>> experiments) {
        boolean forecasting = experiments.stream().anyMatch(e -> e instanceof ForecastingExperiment);
        if (!forecasting) {
            if (horizon != null || maxEpochs != 0) {
                throw invalid(horizon != null ? "--horizon" : "--max-epochs", "only the forecasting experiment "
                        + "takes it");
            }
            return base;
        }
        if (maxEpochs < 0) {
            throw invalid("--max-epochs", "max epochs must be at least 1 (or 0 for the profile's), got " + maxEpochs);
        }
        Config c = base.maxEpochs(maxEpochs);
        try {
            c = c.taskLoss(ForecastTraining.TaskLoss.parse(loss).id());
        } catch (IllegalArgumentException e) {
            throw invalid("--loss", e.getMessage());
        }
        if (horizon != null) {
            String h = horizon.trim().toLowerCase(Locale.ROOT);
            if (h.equals("all")) {
                c = c.horizons(ForecastingExperiment.HORIZONS);
            } else if (h.matches("96|192|336|720")) {
                c = c.horizons(Integer.parseInt(h));
            } else {
                throw invalid("--horizon", "unknown horizon '" + horizon + "', expected 96, 192, 336, 720 or all");
            }
        }
        return c;
    }

    /** Spark's master URLs: local, local[N] / local[*] (with ",F" retries), local-cluster[...], and by scheme. */
    private static final java.util.regex.Pattern SPARK_LOCAL =
            java.util.regex.Pattern.compile("local(\\[(\\*|\\d+)(,\\d+)?])?|local-cluster\\[\\d+,\\d+,\\d+]");

    /**
     * What is wrong with a {@code --spark} master, or null: the forms Spark accepts (its
     * {@code SparkContext.createTaskScheduler}), checked here so that a typo is a usage error naming the value
     * before anything starts, not a Spark stack trace.
     */
    static String sparkMasterProblem(String master) {
        String m = master.trim();
        if (SPARK_LOCAL.matcher(m).matches()) {
            if (m.matches("local\\[0+(,\\d+)?]")) {
                return "'" + master + "' asks for 0 threads: local[N] needs N at least 1";
            }
            return null;
        }
        if (m.equals("yarn") || m.matches("(spark|k8s)://\\S+")) {
            return null;
        }
        return "'" + master + "' is not a Spark master URL: local[N], local[*], spark://HOST:PORT, yarn or "
                + "k8s://HOST:PORT";
    }

    private CommandLine.ParameterException invalid(String option, String message) {
        return new CommandLine.ParameterException(spec.commandLine(),
                "Invalid value for option '" + option + "': " + message);
    }

    static Config withQueries(Config base, Queries kind) {
        switch (kind) {
            case MASK:
                return base.queries(Corruption.mask(0.5));
            case DROPOUT:
                return base.queries(Corruption.dropout(0.5));
            case HALF:
                ImageSet im = base.dataset().images();
                return base.queries(Corruption.lowerHalfCut(im.width(), im.height(), im.channels()));
            default:
                return base;
        }
    }

    /** The experiment names the command accepts: every registered experiment, then {@code all}. */
    static final class ExperimentNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> names = new ArrayList<>(Experiments.names());
            names.add("all");
            return names.iterator();
        }
    }

    /** {@code all} or one registered experiment. */
    static final class ExperimentsConverter implements ITypeConverter<Selection> {
        @Override
        public Selection convert(String value) {
            if (value.trim().equalsIgnoreCase("all")) {
                return new Selection(Experiments.all(), true);
            }
            try {
                return new Selection(List.of(Experiments.named(value)), false);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage() + " or all");
            }
        }
    }

    static final class ProfileConverter implements ITypeConverter<Profile> {
        @Override
        public Profile convert(String value) {
            return parse(() -> Profile.parse(value));
        }
    }

    static final class DatasetConverter implements ITypeConverter<Dataset> {
        @Override
        public Dataset convert(String value) {
            return parse(() -> Dataset.parse(value));
        }
    }

    static final class PresetConverter implements ITypeConverter<Preset> {
        @Override
        public Preset convert(String value) {
            return parse(() -> Preset.parse(value));
        }
    }

    static final class QueriesConverter implements ITypeConverter<Queries> {
        @Override
        public Queries convert(String value) {
            for (Queries q : Queries.values()) {
                if (q.id().equalsIgnoreCase(value.trim())) {
                    return q;
                }
            }
            throw new TypeConversionException("unknown queries '" + value + "', expected one of "
                    + String.join(", ", Arrays.stream(Queries.values()).map(Queries::id).toList()));
        }
    }

    private static <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /**
     * The progress of the training experiments that print one line per epoch themselves: switches their lines on
     * and draws nothing else.
     */
    static final class EpochLines implements Progress {
        @Override
        public void start(String task, long total) {}

        @Override
        public void step(String detail) {}

        @Override
        public void finish() {}
    }

    /** A terminal progress bar (me.tongfei:progressbar) on stderr. */
    static final class Bar implements Progress {
        private ProgressBar bar;

        @Override
        public synchronized void start(String task, long total) {
            finish();
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
        }

        @Override
        public synchronized void step(String detail) {
            if (bar != null) {
                bar.step();
                bar.setExtraMessage(detail);
            }
        }

        @Override
        public synchronized void finish() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    /**
     * Runs the command; exits with 0 on success, 2 on a usage error (a bad option value or destination, named
     * with the valid choices), 1 on a failure.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true"); // DJL must never call home
        }
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command with the given output streams and returns the exit code (for tests).
     *
     * @param args the command-line arguments
     * @param out where normal output goes
     * @param err where error output goes
     * @return the exit code, 0 on success
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        Reproduce command = new Reproduce();
        command.commandLine = List.of(args);
        CommandLine cl = new CommandLine(command);
        cl.setOut(out);
        cl.setErr(err);
        List<String> desc = new ArrayList<>(Arrays.asList(cl.getCommandSpec().usageMessage().description()));
        desc.add("Experiments:");
        for (Experiment<?, ?> e : Experiments.all()) {
            desc.add(String.format(Locale.ROOT, "  %-15s %s", e.name(), e.title()));
        }
        desc.add(String.format(Locale.ROOT, "  %-15s %s", "all", "every experiment above that uses --dataset (default mnist), each written when it ends"));
        desc.add("");
        cl.getCommandSpec().usageMessage().description(desc.toArray(new String[0]));
        cl.setParameterExceptionHandler((ex, args1) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("reproduce: " + ex.getMessage());
            c.getErr().println("Try 'reproduce --help' for the experiments and options.");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof IllegalArgumentException) {
                commandLine.getErr().println("reproduce: " + ex.getMessage());
                return 2;
            }
            commandLine.getErr().println("reproduce: failed: " + ex);
            ex.printStackTrace(commandLine.getErr());
            return 1;
        });
        return cl.execute(args);
    }
}
