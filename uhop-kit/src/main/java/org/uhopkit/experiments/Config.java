package org.uhopkit.experiments;

import org.uhopkit.internal.Checks;
import org.uhopkit.data.Corruption;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * The settings of one experiment: data set, preset, profile, seed, and optional overrides of the profile's
 * grid. Immutable; every setter returns a copy. Unset grids ({@code null}) take the profile's values, listed
 * on each experiment's class ({@link CapacityExperiment}, ...).
 *
 * <pre>
 * jshell&gt; var cfg = Config.of(Dataset.MNIST).profile(Profile.QUICK).preset(Preset.OFFICIAL).runs(3);
 * jshell&gt; ExperimentResult r = Experiment.CAPACITY.run(cfg);
 * </pre>
 */
public final class Config {

    private final Dataset dataset;
    private final Preset preset;
    private final Profile profile;
    private final long seed;
    private final int runs;
    private final int[] memorySizes;
    private final int[] stageOneSteps;
    private final double[] noiseLevels;
    private final List<Method> methods;
    private final Progress progress;
    private final Corruption queries;
    private final boolean batched;
    private final int patch;
    private final int epochs;
    private final int[] horizons;
    private final int maxEpochs;
    private final String taskLoss;

    private Config(Dataset dataset, Preset preset, Profile profile, long seed, int runs, int[] memorySizes,
            int[] stageOneSteps, double[] noiseLevels, List<Method> methods, Progress progress, Corruption queries,
            boolean batched, int patch, int epochs, int[] horizons, int maxEpochs,
            String taskLoss) {
        this.dataset = dataset;
        this.preset = preset;
        this.profile = profile;
        this.seed = seed;
        this.runs = runs;
        this.memorySizes = memorySizes;
        this.stageOneSteps = stageOneSteps;
        this.noiseLevels = noiseLevels;
        this.methods = methods;
        this.progress = progress;
        this.queries = queries;
        this.batched = batched;
        this.patch = patch;
        this.epochs = epochs;
        this.horizons = horizons;
        this.maxEpochs = maxEpochs;
        this.taskLoss = taskLoss;
    }

    /**
     * The paper preset, quick profile, seed 2024, every method, on {@code dataset}.
     *
     * @param dataset the data set, not null
     * @return a new config with the defaults
     */
    public static Config of(Dataset dataset) {
        return new Config(dataset, Preset.PAPER, Profile.QUICK, 2024L, 0, null, null, null,
                List.of(Method.values()), Progress.none(), null, true, 0, 0, null, 0, null);
    }

    /**
     * A copy on another data set.
     *
     * @param d the data set, not null
     * @return a copy with the data set replaced
     */
    public Config dataset(Dataset d) {
        return new Config(java.util.Objects.requireNonNull(d), preset, profile, seed, runs, memorySizes,
                stageOneSteps, noiseLevels, methods, progress, queries, batched, patch, epochs, horizons, maxEpochs, taskLoss);
    }

    /**
     * A copy with another preset.
     *
     * @param p the preset, not null
     * @return a copy with the preset replaced
     */
    public Config preset(Preset p) {
        return new Config(dataset, java.util.Objects.requireNonNull(p), profile, seed, runs, memorySizes,
                stageOneSteps, noiseLevels, methods, progress, queries, batched, patch, epochs, horizons, maxEpochs, taskLoss);
    }

    /**
     * A copy with another profile.
     *
     * @param p the profile, not null
     * @return a copy with the profile replaced
     */
    public Config profile(Profile p) {
        return new Config(dataset, preset, java.util.Objects.requireNonNull(p), seed, runs, memorySizes,
                stageOneSteps, noiseLevels, methods, progress, queries, batched, patch, epochs, horizons, maxEpochs, taskLoss);
    }

    /**
     * A copy with another base seed (every draw of the experiment derives from it).
     *
     * @param s the base seed
     * @return a copy with the seed replaced
     */
    public Config seed(long s) {
        return new Config(dataset, preset, profile, s, runs, memorySizes, stageOneSteps, noiseLevels, methods,
                progress, queries, batched, patch, epochs, horizons, maxEpochs, taskLoss);
    }

    /**
     * A copy with {@code n} runs per grid point (0 = the profile's count).
     *
     * @param n runs per grid point, at least 0 (0: the profile's count)
     * @return a copy with the run count replaced
     */
    public Config runs(int n) {
        Checks.atLeast("runs", n, 0);
        return new Config(dataset, preset, profile, seed, n, memorySizes, stageOneSteps, noiseLevels, methods,
                progress, queries, batched, patch, epochs, horizons, maxEpochs, taskLoss);
    }

    /**
     * A copy with these memory set sizes M (each at least 2).
     *
     * @param ms the memory set sizes M, each at least 2 (copied)
     * @return a copy with the memory sizes replaced
     */
    public Config memorySizes(int... ms) {
        for (int m : ms) {
            Checks.atLeast("memory set size M", m, 2);
        }
        return new Config(dataset, preset, profile, seed, runs, ms.clone(), stageOneSteps, noiseLevels, methods,
                progress, queries, batched, patch, epochs, horizons, maxEpochs, taskLoss);
    }

    /**
     * A copy with these Stage I step counts N (each at least 1).
     *
     * @param ns the Stage I step counts N, each at least 1 (copied)
     * @return a copy with the step counts replaced
     */
    public Config stageOneSteps(int... ns) {
        for (int n : ns) {
            Checks.atLeast("Stage I steps N", n, 1);
        }
        return new Config(dataset, preset, profile, seed, runs, memorySizes, ns.clone(), noiseLevels, methods,
                progress, queries, batched, patch, epochs, horizons, maxEpochs, taskLoss);
    }

    /**
     * A copy with these noise levels sigma (each non-negative).
     *
     * @param sigmas the noise levels, each non-negative and finite (copied)
     * @return a copy with the noise levels replaced
     */
    public Config noiseLevels(double... sigmas) {
        for (double s : sigmas) {
            Checks.nonNegativeFinite("noise level", s);
        }
        return new Config(dataset, preset, profile, seed, runs, memorySizes, stageOneSteps, sigmas.clone(),
                methods, progress, queries, batched, patch, epochs, horizons, maxEpochs, taskLoss);
    }

    /**
     * A copy comparing only these methods.
     *
     * @param ms the methods, at least one (duplicates dropped, kept in enum order)
     * @return a copy with the methods replaced
     */
    public Config methods(Method... ms) {
        if (ms.length == 0) {
            throw new IllegalArgumentException("methods must not be empty");
        }
        EnumSet<Method> set = EnumSet.noneOf(Method.class);
        set.addAll(Arrays.asList(ms));
        return new Config(dataset, preset, profile, seed, runs, memorySizes, stageOneSteps, noiseLevels,
                List.copyOf(set), progress, queries, batched, patch, epochs, horizons, maxEpochs, taskLoss);
    }

    /**
     * A copy reporting progress to {@code p}.
     *
     * @param p where progress goes, not null
     * @return a copy with the progress sink replaced
     */
    public Config progress(Progress p) {
        return new Config(dataset, preset, profile, seed, runs, memorySizes, stageOneSteps, noiseLevels, methods,
                java.util.Objects.requireNonNull(p), queries, batched, patch, epochs, horizons, maxEpochs, taskLoss);
    }

    /**
     * A copy whose masked-query experiments (capacity, presets, stage-one, loss-vs-error, max-vs-average) make
     * their queries with {@code corruption} instead of the preset's masking, e.g.
     * {@code Corruption.lowerHalfCut(28, 28, 1)} for the half-image task of Millidge et al. (2022).
     *
     * @param corruption the query corruption, not null
     * @return a copy with the query corruption replaced
     */
    public Config queries(Corruption corruption) {
        return new Config(dataset, preset, profile, seed, runs, memorySizes, stageOneSteps, noiseLevels, methods,
                progress, java.util.Objects.requireNonNull(corruption), batched, patch, epochs, horizons, maxEpochs, taskLoss);
    }

    /**
     * A copy that batches the runs of each cell ({@code true}, the default) or runs every run on its own
     * ({@code false}, the reference path). Batching: the runs of a cell (the seeds of one memory size; the random
     * runs of loss-vs-error) train in one batched Stage I pass ({@link org.uhopkit.UHopSpec#stageOneBatch(List,
     * int[], boolean[][], org.uhopkit.UHopSpec.CheckpointConsumer)}), one pass serving every N (stage-one,
     * max-vs-average), and retrieve in one batched Stage II ({@link org.uhopkit.TrainedMemory#retrieveAll}). Both
     * give the same rows, byte for byte; only the timings differ.
     *
     * @param on true to batch the runs of each cell, false to run each on its own
     * @return a copy with the setting replaced
     */
    public Config batching(boolean on) {
        return new Config(dataset, preset, profile, seed, runs, memorySizes, stageOneSteps, noiseLevels, methods,
                progress, queries, on, patch, epochs, horizons, maxEpochs, taskLoss);
    }

    /**
     * A copy whose image-classification experiments cut images into {@code p x p} patches (0 = the paper's:
     * 32 on CIFAR, 64 on Tiny ImageNet, Tables 5-6).
     *
     * @param p the patch side in pixels, at least 0 (0: the paper's)
     * @return a copy with the patch side replaced
     */
    public Config patch(int p) {
        Checks.atLeast("patch size", p, 0);
        return new Config(dataset, preset, profile, seed, runs, memorySizes, stageOneSteps, noiseLevels, methods,
                progress, queries, batched, p, epochs, horizons, maxEpochs, taskLoss);
    }

    /**
     * The patch side, or {@code fallback} when unset.
     *
     * @param fallback the patch side to use when unset
     * @return the patch side set, or {@code fallback}
     */
    public int patchOr(int fallback) {
        return patch == 0 ? fallback : patch;
    }

    /**
     * A copy whose training experiments run {@code e} epochs (0 = the profile's).
     *
     * @param e the epochs, at least 0 (0: the profile's)
     * @return a copy with the epochs replaced
     */
    public Config epochs(int e) {
        Checks.atLeast("epochs", e, 0);
        return new Config(dataset, preset, profile, seed, runs, memorySizes, stageOneSteps, noiseLevels, methods,
                progress, queries, batched, patch, e, horizons, maxEpochs, taskLoss);
    }

    /**
     * The training epochs, or {@code fallback} when unset.
     *
     * @param fallback the epochs to use when unset
     * @return the epochs set, or {@code fallback}
     */
    public int epochsOr(int fallback) {
        return epochs == 0 ? fallback : epochs;
    }

    /**
     * A copy whose forecasting runs use these horizons (each at least 1; forecasting experiment).
     *
     * @param hs the horizons, at least one, each at least 1 (copied)
     * @return a copy with the horizons replaced
     */
    public Config horizons(int... hs) {
        if (hs.length == 0) {
            throw new IllegalArgumentException("horizons must not be empty");
        }
        for (int h : hs) {
            Checks.atLeast("horizon", h, 1);
        }
        return new Config(dataset, preset, profile, seed, runs, memorySizes, stageOneSteps, noiseLevels, methods,
                progress, queries, batched, patch, epochs, hs.clone(), maxEpochs, taskLoss);
    }

    /**
     * The forecasting horizons, or {@code fallback} when unset.
     *
     * @param fallback the horizons to use when unset
     * @return a new array: the horizons set, or a copy of {@code fallback}
     */
    public int[] horizonsOr(int... fallback) {
        return (horizons == null ? fallback : horizons).clone();
    }

    /**
     * A copy whose training runs stop after at most {@code n} epochs (0 = the profile's count).
     *
     * @param n the most epochs, at least 0 (0: the profile's)
     * @return a copy with the epoch limit replaced
     */
    public Config maxEpochs(int n) {
        Checks.atLeast("max epochs", n, 0);
        return new Config(dataset, preset, profile, seed, runs, memorySizes, stageOneSteps, noiseLevels, methods,
                progress, queries, batched, patch, epochs, horizons, n, taskLoss);
    }

    /**
     * The most training epochs, or {@code fallback} when unset.
     *
     * @param fallback the limit to use when unset
     * @return the limit set, or {@code fallback}
     */
    public int maxEpochsOr(int fallback) {
        return maxEpochs == 0 ? fallback : maxEpochs;
    }

    /**
     * A copy whose forecasting runs train on this task loss ({@code mae}, the paper's, or {@code mse}).
     *
     * @param loss the task loss name ({@code mae} or {@code mse}), not null
     * @return a copy with the task loss replaced
     */
    public Config taskLoss(String loss) {
        return new Config(dataset, preset, profile, seed, runs, memorySizes, stageOneSteps, noiseLevels, methods,
                progress, queries, batched, patch, epochs, horizons, maxEpochs, Checks.notNull("task loss", loss));
    }

    /**
     * The forecasting task loss, or {@code fallback} when unset.
     *
     * @param fallback the task loss to use when unset
     * @return the task loss set, or {@code fallback}
     */
    public String taskLossOr(String fallback) {
        return taskLoss == null ? fallback : taskLoss;
    }

    /**
     * Whether Stage I work is shared ({@link #batching(boolean)}).
     *
     * @return true when the runs of a cell are batched (the default)
     */
    public boolean batching() {
        return batched;
    }

    /**
     * The masked-query corruption under {@code p}: the override, or the preset's masking.
     *
     * @param p the preset whose masking is the default, not null
     * @return the corruption for masked queries
     */
    public Corruption maskingFor(Preset p) {
        return queries != null ? queries : p.masking();
    }

    /**
     * The data set.
     *
     * @return the data set, not null
     */
    public Dataset dataset() {
        return dataset;
    }

    /**
     * The preset.
     *
     * @return the preset, not null
     */
    public Preset preset() {
        return preset;
    }

    /**
     * The profile.
     *
     * @return the profile, not null
     */
    public Profile profile() {
        return profile;
    }

    /**
     * The base seed.
     *
     * @return the base seed (default 2024)
     */
    public long seed() {
        return seed;
    }

    /**
     * Runs per grid point, or {@code fallback} when unset.
     *
     * @param fallback the count to use when unset
     * @return the runs per grid point set, or {@code fallback}
     */
    public int runsOr(int fallback) {
        return runs == 0 ? fallback : runs;
    }

    /**
     * The memory sizes, or {@code fallback} when unset.
     *
     * @param fallback the sizes to use when unset
     * @return a new array: the memory sizes M set, or a copy of {@code fallback}
     */
    public int[] memorySizesOr(int... fallback) {
        return (memorySizes == null ? fallback : memorySizes).clone();
    }

    /**
     * The Stage I step counts, or {@code fallback} when unset.
     *
     * @param fallback the counts to use when unset
     * @return a new array: the Stage I step counts N set, or a copy of {@code fallback}
     */
    public int[] stageOneStepsOr(int... fallback) {
        return (stageOneSteps == null ? fallback : stageOneSteps).clone();
    }

    /**
     * The noise levels, or {@code fallback} when unset.
     *
     * @param fallback the levels to use when unset
     * @return a new array: the noise levels set, or a copy of {@code fallback}
     */
    public double[] noiseLevelsOr(double... fallback) {
        return (noiseLevels == null ? fallback : noiseLevels).clone();
    }

    /**
     * The methods compared.
     *
     * @return the methods, an immutable list in enum order
     */
    public List<Method> methods() {
        return methods;
    }

    /**
     * Where progress goes.
     *
     * @return the progress sink, not null
     */
    public Progress progress() {
        return progress;
    }

    @Override
    public String toString() {
        return "Config(dataset=" + dataset.id() + ", preset=" + preset.id() + ", profile=" + profile.id() + ", seed=" + seed
                + (runs == 0 ? "" : ", runs=" + runs)
                + (memorySizes == null ? "" : ", M=" + Arrays.toString(memorySizes))
                + (stageOneSteps == null ? "" : ", N=" + Arrays.toString(stageOneSteps))
                + (noiseLevels == null ? "" : ", sigma=" + Arrays.toString(noiseLevels))
                + (queries == null ? "" : ", queries=" + queries) + ", methods=" + methods
                + (batched ? "" : ", batching=off") + (patch == 0 ? "" : ", patch=" + patch)
                + (epochs == 0 ? "" : ", epochs=" + epochs)
                + (horizons == null ? "" : ", horizons=" + Arrays.toString(horizons))
                + (maxEpochs == 0 ? "" : ", maxEpochs=" + maxEpochs) + (taskLoss == null ? "" : ", loss=" + taskLoss)
                + ")";
    }
}
