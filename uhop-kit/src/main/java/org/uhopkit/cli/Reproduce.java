package org.uhopkit.cli;

import org.uhopkit.data.Corruption;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.uhopkit.data.ImageSet;
import org.uhopkit.experiments.Config;
import org.uhopkit.experiments.Dataset;
import org.uhopkit.experiments.Experiment;
import org.uhopkit.experiments.ExperimentResult;
import org.uhopkit.experiments.Preset;
import org.uhopkit.experiments.Profile;
import org.uhopkit.experiments.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code reproduce <experiment> [--profile quick|paper] [--dataset mnist|cifar10] [--preset paper|official]
 * [--out DIR]}: runs one memory-retrieval experiment of the paper and writes its per-run table (CSV), summary
 * (CSV), figure (standalone HTML) and provenance (JSON). {@code all} runs every experiment.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true, usageHelpWidth = 110, version = "uhop-kit " + org.uhopkit.UHop.VERSION,
        sortOptions = false,
        description = {"Reproduces a memory-retrieval result of U-Hop (Wu et al., ICML 2024) and writes the table "
                + "(CSV), the figure (standalone HTML) and the provenance (JSON).", "",
            "Experiments:",
            "  capacity        error vs memory set size M, every model (Fig. 3 left, Fig. 26)",
            "  noise           error vs Gaussian noise level (Fig. 3 right)",
            "  stage-one       U-Hop error vs Stage I iterations N (Fig. 5)",
            "  loss-vs-error   separation loss vs error over random runs + correlation (Fig. 1, Fig. 7)",
            "  max-vs-average  max vs average separation loss: loss and error vs N (appendix G.2)",
            "  presets         capacity under the paper's and the authors' settings side by side",
            "  all             every experiment above", ""})
public final class Reproduce implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<experiment>",
            description = "capacity | noise | stage-one | loss-vs-error | max-vs-average | presets | all")
    String experiment;

    @Option(names = "--profile", paramLabel = "quick|paper", defaultValue = "quick",
            description = "quick: a few runs on a reduced grid; paper: the paper's grid and runs (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--dataset", paramLabel = "mnist|cifar10", defaultValue = "mnist",
            description = "data set (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--preset", paramLabel = "paper|official", defaultValue = "paper",
            description = "paper: Algorithm 1 as written; official: the authors' code (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "build/results",
            description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;


    @Option(names = "--queries", paramLabel = "preset|mask|dropout|half",
            defaultValue = "preset", description = "how masked queries are made: the preset's choice (paper: exact 50 %% "
                    + "mask; official: dropout), mask (exact 50 %%), dropout (p = 0.5, kept pixels doubled) or half "
                    + "(lower half cut off, Millidge et al.) (default: ${DEFAULT-VALUE})")
    String queries;

    @Option(names = "--runs", paramLabel = "R", defaultValue = "0",
            description = "runs per grid point (default: the profile's)")
    int runs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "2024", description = "base seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "1",
            description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}; measured fastest for these many small products)")
    int threads;

    @Option(names = "--no-progress", description = "do not draw a progress bar")
    boolean noProgress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<Experiment> todo = experiment.equalsIgnoreCase("all") ? List.of(Experiment.values())
                : List.of(Experiment.parse(experiment));
        Config base = Config.of(Dataset.parse(dataset)).profile(Profile.parse(profile)).preset(Preset.parse(preset))
                .runs(runs).seed(seed);
        base = withQueries(base, queries);
        PrintWriter out = spec.commandLine().getOut();
        org.uhopkit.experiments.TorchThreads.set(threads);
        for (Experiment e : todo) {
            Config cfg = noProgress ? base : base.progress(new Bar());
            ExperimentResult r = e.run(cfg);
            out.println(e.id() + ": " + r.provenance().get("wall_seconds") + " s");
            out.println(r.summary().printAll());
            if (r.provenance().containsKey("pearson_r")) {
                out.println("Pearson r = " + r.provenance().get("pearson_r") + ", Spearman rho = "
                        + r.provenance().get("spearman_rho"));
            }
            for (Path p : r.write(this.out)) {
                out.println("wrote " + p);
            }
        }
        return 0;
    }

    static Config withQueries(Config base, String kind) {
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "preset":
                return base;
            case "mask":
                return base.queries(Corruption.mask(0.5));
            case "dropout":
                return base.queries(Corruption.dropout(0.5));
            case "half":
                ImageSet im = base.dataset().images();
                return base.queries(Corruption.lowerHalfCut(im.width(), im.height(), im.channels()));
            default:
                throw new IllegalArgumentException("unknown --queries '" + kind
                        + "', expected preset, mask, dropout or half");
        }
    }

    /** A terminal progress bar (me.tongfei:progressbar) on stderr. */
    static final class Bar implements Progress {
        private ProgressBar bar;

        @Override
        public void start(String task, long total) {
            finish();
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
        }

        @Override
        public void step(String detail) {
            if (bar != null) {
                bar.step();
                bar.setExtraMessage(detail);
            }
        }

        @Override
        public void finish() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    /**
     * Runs the command; exits with 0 on success, 2 on a usage error, 1 on a failure.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true"); // DJL must never call home
        }
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with the given output streams and returns the exit code (for tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Reproduce()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(out);
        cl.setErr(err);
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
