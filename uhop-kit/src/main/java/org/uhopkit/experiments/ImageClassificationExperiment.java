package org.uhopkit.experiments;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.uhopkit.UHop;
import org.uhopkit.experiments.classification.ClassificationRun;
import org.uhopkit.experiments.classification.ImageTask;
import org.uhopkit.experiments.classification.ModelSettings;
import org.uhopkit.experiments.classification.RunRecord;
import org.uhopkit.experiments.classification.Variant;

/**
 * The common part of the image-classification experiments (section 4.2, appendix F.4, G.4, G.5): cells are
 * (variant, training sample size, seed), each a training run ({@link ClassificationRun#train}) returning plain
 * per-epoch rows ({@link RunRecord}); the assembly is a {@link ClassificationResult}. Subclasses say which sample
 * sizes and how many epochs.
 *
 * <p>Profiles. {@code paper}: Tables 5 and 6 (25 epochs, 5 seeds, batch 128, d 512, patch 32 on CIFAR, patch 64
 * and three blocks on Tiny ImageNet, the whole test set). {@code quick}: one seed, a few epochs (2 on Tiny
 * ImageNet), at most 1,000 test images, and the official preset's kernel learning cut from 50 (20) epochs to 5. {@code --patch}, {@code --epochs} and {@code --seeds} override the profile.
 */
public abstract class ImageClassificationExperiment implements Experiment<ClassificationResult, RunRecord> {

    /** False: a cell trains with DJL's gradient collector, of which a JVM has one at a time. */
    @Override
    public boolean concurrentCells() {
        return false;
    }

    /** For the experiments of this package. */
    ImageClassificationExperiment() {}

    /** One cell: which variant, how many training images, which seed. */
    record Grid(Variant variant, int sampleSize, long seed, int run) {}

    /** CIFAR-10, CIFAR-100 and Tiny ImageNet. */
    @Override
    public Set<Dataset> datasets() {
        return EnumSet.of(Dataset.CIFAR10, Dataset.CIFAR100, Dataset.TINY_IMAGENET);
    }

    /** The profile's epochs when {@code --epochs} is not given. */
    abstract int quickEpochs();

    /** The training sample sizes of a run under {@code config}, ascending, each at most {@code available}. */
    abstract int[] sampleSizes(Config config, int available);

    /** Whether the runs evaluate the test set after every epoch. */
    boolean evaluates() {
        return true;
    }

    /** The images of the config's data set (read once per JVM by the loaders). */
    static ImageTask task(Config config) {
        return ImageTask.named(config.dataset().id());
    }

    /** The settings of every run under {@code config}. */
    ModelSettings settings(Config config) {
        String ds = config.dataset().id();
        ModelSettings s = ModelSettings.of(ds, config.preset().id());
        boolean quick = config.profile() == Profile.QUICK;
        int quickEpochs = ds.equals("tinyimagenet") ? 2 : quickEpochs();
        s = s.patch(config.patchOr(s.patch())).epochs(config.epochsOr(quick ? quickEpochs : s.epochs()));
        if (quick) {
            s = s.kernelPasses(5).testLimit(1000);
        }
        return s;
    }

    /** Seeds per variant and sample size: {@code --seeds}, else 1 (quick) or 5 (paper). */
    static int seeds(Config config) {
        return config.runsOr(config.profile() == Profile.QUICK ? 1 : 5);
    }

    /** The cells' settings, in cell order: variant, then sample size, then seed. */
    List<Grid> grid(Config config) {
        checkDataset(config);
        ImageTask task = task(config);
        int available = task.train().size();
        int patch = settings(config).patch();
        if (task.train().width() % patch != 0 || task.train().height() % patch != 0) {
            throw new IllegalArgumentException("patch size must divide the image side " + task.train().width()
                    + " of " + config.dataset().id() + ", got " + patch);
        }
        List<Grid> out = new ArrayList<>();
        for (Variant v : Variant.values()) {
            for (int n : sampleSizes(config, available)) {
                for (int r = 0; r < seeds(config); r++) {
                    out.add(new Grid(v, n, config.seed() + 1_000_003L * r, r));
                }
            }
        }
        return out;
    }

    @Override
    public List<Cell> cells(Config config) {
        List<Grid> grid = grid(config);
        List<Cell> out = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            Grid g = grid.get(i);
            out.add(new Cell(i, g.variant().id() + " n=" + g.sampleSize() + " seed " + g.seed()));
        }
        return out;
    }

    @Override
    public RunRecord runCell(Config config, Cell cell) {
        List<Grid> grid = grid(config);
        if (cell == null || cell.index() >= grid.size() || !cells(config).get(cell.index()).equals(cell)) {
            throw new IllegalArgumentException(name() + " has no cell " + cell + " under this config (" + grid.size()
                    + " cells)");
        }
        Grid g = grid.get(cell.index());
        return ClassificationRun.train(task(config), settings(config), g.variant(), g.sampleSize(), g.seed(),
                evaluates(), quiet(config) ? null : System.out);
    }

    @Override
    public ClassificationResult assemble(Config config, List<RunRecord> parts, RunClock clock) {
        List<Grid> grid = grid(config);
        if (parts == null || parts.size() != grid.size()) {
            throw new IllegalArgumentException(name() + " needs " + grid.size() + " parts, got "
                    + (parts == null ? "none" : parts.size()));
        }
        for (int i = 0; i < grid.size(); i++) {
            Grid g = grid.get(i);
            RunRecord p = parts.get(i);
            if (p == null || !p.variant().equals(g.variant().id()) || p.sampleSize() != g.sampleSize()
                    || p.seed() != g.seed()) {
                throw new IllegalArgumentException("part " + i + " of " + name() + " is not the run of cell "
                        + cells(config).get(i).label());
            }
        }
        ImageTask task = task(config);
        ModelSettings s = settings(config);
        int testImages = evaluates() ? (s.testLimit() == 0 ? task.test().size()
                : Math.min(s.testLimit(), task.test().size())) : 0;
        List<Integer> sizes = grid.stream().map(Grid::sampleSize).distinct().sorted().toList();
        ClassificationProvenance p = new ClassificationProvenance(name(), title(), config.dataset().id(),
                config.profile().id(), config.preset().id(), config.seed(), ClassificationProvenance.SEED_RULE, s,
                List.of(Variant.values()).stream().map(Variant::id).toList(), sizes, seeds(config),
                task.train().provenance(), task.test().provenance(), testImages, task.normalization(),
                ClassificationProvenance.METRICS, UHop.versions(), Runtime.getRuntime().availableProcessors(),
                TorchThreads.get());
        return new ClassificationResult(stem(config), p, parts, clock.started(), clock.elapsedSeconds());
    }

    /**
     * {@code <experiment>-<dataset>-<preset>-<profile>}, then {@code -patch<P>} and {@code -epochs<E>} when the
     * config overrides the profile's patch size or epochs (so runs at two patch sizes do not overwrite each
     * other).
     */
    @Override
    public String stem(Config config) {
        ModelSettings paper = ModelSettings.of(config.dataset().id(), config.preset().id());
        int patch = config.patchOr(paper.patch());
        int epochs = config.epochsOr(0);
        return Experiment.super.stem(config) + (patch == paper.patch() ? "" : "-patch" + patch)
                + (epochs == 0 ? "" : "-epochs" + epochs);
    }

    /**
     * Whether the config asks for no progress ({@link Progress#none()}, the default of {@link Config#of}): then the
     * runs print nothing; otherwise (the command line) every epoch prints one line to standard output.
     */
    static boolean quiet(Config config) {
        return config.progress().getClass() == Progress.none().getClass();
    }

    /**
     * Prints the expected run time of the paper profile, then runs every cell (reporting each to the config's
     * {@link Progress}) and assembles the result.
     */
    @Override
    public ClassificationResult run(Config config) {
        checkDataset(config);
        if (config.profile() == Profile.PAPER) {
            System.out.println(expectedTime(config));
        }
        RunClock clock = RunClock.start();
        List<Cell> cells = cells(config);
        Progress progress = config.progress();
        progress.start(name(), cells.size());
        List<RunRecord> parts = new ArrayList<>();
        for (Cell c : cells) {
            parts.add(runCell(config, c));
            progress.step(c.label());
        }
        progress.finish();
        return assemble(config, parts, clock);
    }

    /**
     * The expected wall time of a run under {@code config} on a 2-core machine with one PyTorch thread, from the
     * cost measured here (one-layer model at d 512: about 0.75 ms per image and epoch at patch 32, 2.5 ms at patch
     * 8; the three-block model at patch 64 on Tiny ImageNet about 12 ms; the cost grows with d squared; U-Hop's
     * inner steps add about half; the official preset's kernel epochs cost about 0.4 of a training epoch each).
     *
     * @param config the config of the run
     * @return a line to print before the run
     */
    public String expectedTime(Config config) {
        ModelSettings s = settings(config);
        ImageTask task = task(config);
        int side = task.train().width();
        int tokens = (side / s.patch()) * (side / s.patch()) + 1;
        double perImage = Math.pow(s.width() / 512.0, 2) * (s.depth() == 1
                ? 0.75e-3 * (0.5 + 0.25 * tokens) / 1.0
                : 12e-3 * s.depth() / 3.0 * Math.max(1, tokens / 2.0) * (side * side * 3) / 12288.0);
        double seconds = 0;
        for (Grid g : grid(config)) {
            double epoch = perImage * g.sampleSize();
            double run = epoch * s.epochs();
            if (g.variant().uhop()) {
                run += s.official() ? 0.4 * epoch * s.kernelPasses() : 0.5 * run;
            }
            seconds += run;
        }
        return String.format(Locale.ROOT, "%s, %s profile: %d runs, expected run time about %.0f min on an idle "
                + "2-core machine with one PyTorch thread (an estimate from the measured cost per image)", name(),
                config.profile().id(), grid(config).size(), seconds / 60);
    }

    /** The sizes of {@code wanted} that fit in {@code available}, then {@code available} itself (the full set). */
    static int[] upTo(int[] wanted, int available) {
        List<Integer> out = new ArrayList<>();
        for (int w : wanted) {
            if (w < available) {
                out.add(w);
            }
        }
        out.add(available);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
