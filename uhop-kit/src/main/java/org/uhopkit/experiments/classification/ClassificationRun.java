package org.uhopkit.experiments.classification;

import org.uhopkit.internal.Checks;
import org.uhopkit.nn.DeepPatchClassifier;
import org.uhopkit.nn.FeatureMap;
import org.uhopkit.nn.HopfieldBlock;
import org.uhopkit.nn.PatchClassifier;
import org.uhopkit.nn.TaskData;
import org.uhopkit.nn.TrainingReport;
import org.uhopkit.nn.UHopTrainer;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One training run of the image-classification experiments (section 4.2, appendix F.4): a variant's model
 * trained on a seeded random subset of the training images and evaluated on the test images after every epoch.
 * A pure function of its arguments: its own NDManager, every random choice from the seed.
 *
 * <pre>
 * RunRecord r = ClassificationRun.train(ImageTask.cifar10(), ModelSettings.of("cifar10", "paper").epochs(3),
 *         Variant.MHM_UHOP, 4000, 0, System.out);
 * </pre>
 */
public final class ClassificationRun {

    private ClassificationRun() {}

    /**
     * The untrained model of {@code variant}: the one-layer {@link PatchClassifier} (depth 1) or the deep
     * {@link DeepPatchClassifier}, its Hopfield layer(s) set by the preset (see {@link ModelSettings}).
     *
     * @param s the settings
     * @param variant the variant
     * @param classes the number of classes
     * @param seed the seed of the initial parameters (the same for every variant, so runs are paired)
     * @return the block (not initialised)
     */
    public static AbstractBlock model(ModelSettings s, Variant variant, int classes, long seed) {
        Checks.notNull("settings", s);
        Checks.notNull("variant", variant);
        HopfieldBlock.Builder hb = HopfieldBlock.builder()
                .preset(s.official() ? HopfieldBlock.Preset.AUTHORS : HopfieldBlock.Preset.PAPER)
                .separation(variant.separation()).heads(s.heads());
        if (!variant.uhop()) {
            hb.kernel(FeatureMap.none());
        }
        if (s.depth() == 1) {
            return PatchClassifier.builder().embedding(s.width()).classes(classes).block(hb).seed(seed).build();
        }
        return DeepPatchClassifier.builder().embedding(s.width()).classes(classes).depth(s.depth()).block(hb)
                .seed(seed).build();
    }

    /**
     * The trainer of {@code variant}: Adam with a per-epoch cosine, cross-entropy and accuracy; for U-Hop
     * variants Algorithm 2 as the preset says (see {@link ModelSettings}), for the others plain training.
     *
     * @param s the settings
     * @param variant the variant
     * @param seed the seed of batches, inner samples and dropout
     * @param progress where the per-epoch lines go (null: nowhere)
     * @return the trainer
     */
    public static UHopTrainer trainer(ModelSettings s, Variant variant, long seed, PrintStream progress) {
        UHopTrainer.Builder t = UHopTrainer.builder().loss(Loss.softmaxCrossEntropyLoss()).metric(new Accuracy())
                .epochs(s.epochs()).batchSize(s.batchSize()).learningRate(s.learningRate()).cosine(true).seed(seed)
                .progress(progress);
        if (!variant.uhop()) {
            return t.innerSteps(0).build();
        }
        if (s.official()) {
            t.preset(UHopTrainer.Preset.AUTHORS_KERNEL_FIRST);
            if (s.kernelPasses() == 0) {
                t.kernelPhase(null);
            } else {
                t.kernelPhase(new UHopTrainer.KernelPhase(1, s.kernelPasses(), 200, s.innerRate()));
            }
            return t.build();
        }
        return t.preset(UHopTrainer.Preset.PAPER).innerSteps(s.innerSteps()).innerRate(s.innerRate())
                .tokens(UHopTrainer.Tokens.ALL).build();
    }

    /**
     * Trains {@code variant} on {@code sampleSize} training images drawn with {@code seed} (all of them, in
     * order, when {@code sampleSize} is the training set's size) and evaluates on the test set after every
     * epoch.
     *
     * @param task the images
     * @param s the settings
     * @param variant the variant
     * @param sampleSize the number of training images, 1 to the training set's size
     * @param seed the run's seed (subset, initial parameters, batches, dropout)
     * @param progress where the per-epoch lines go, each prefixed with the run (null: nowhere)
     * @return the run's record
     * @throws org.uhopkit.nn.TrainingDivergedException when a loss turns NaN or infinite
     */
    public static RunRecord train(ImageTask task, ModelSettings s, Variant variant, int sampleSize, long seed,
            PrintStream progress) {
        return train(task, s, variant, sampleSize, seed, true, progress);
    }

    /**
     * {@link #train(ImageTask, ModelSettings, Variant, int, long, PrintStream)}, with or without the test set
     * (without: the test columns are NaN; the expressiveness experiment only needs the training accuracy).
     *
     * @param task the images
     * @param s the settings
     * @param variant the variant
     * @param sampleSize the number of training images
     * @param seed the run's seed
     * @param evaluate whether to evaluate the test set after every epoch
     * @param progress where the per-epoch lines go (null: nowhere)
     * @return the run's record
     */
    public static RunRecord train(ImageTask task, ModelSettings s, Variant variant, int sampleSize, long seed,
            boolean evaluate, PrintStream progress) {
        Checks.notNull("task", task);
        Checks.notNull("settings", s);
        Checks.notNull("variant", variant);
        if (sampleSize < 1 || sampleSize > task.train().size()) {
            throw new IllegalArgumentException("sample size must be in [1, " + task.train().size() + "] for "
                    + task.dataset() + ", got " + sampleSize);
        }
        int side = task.train().width();
        if (side % s.patch() != 0 || task.train().height() % s.patch() != 0) {
            throw new IllegalArgumentException("patch size must divide the image side " + side + " of "
                    + task.dataset() + ", got " + s.patch());
        }
        int[] trainIdx = sampleSize == task.train().size() ? range(sampleSize)
                : sorted(task.train().sampleIndices(sampleSize, seed));
        int testCount = s.testLimit() == 0 ? task.test().size() : Math.min(s.testLimit(), task.test().size());
        int[] testIdx = range(testCount);
        String prefix = String.format(java.util.Locale.ROOT, "[%s n=%d seed=%d] ", variant.id(), sampleSize, seed);
        PrintStream out = progress == null ? null : prefixed(progress, prefix);
        try (NDManager nd = NDManager.newBaseManager(); Model model = Model.newInstance(variant.id())) {
            TaskData train = task.patches(nd, true, trainIdx, s.patch());
            TaskData test = evaluate ? task.patches(nd, false, testIdx, s.patch()) : null;
            AbstractBlock block = model(s, variant, task.classes(), seed);
            model.setBlock(block);
            TrainingReport report = trainer(s, variant, seed, out).fit(model, train, test);
            long parameters = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                parameters += p.getValue().getArray().size();
            }
            double[] ep = report.column(TrainingReport.EPOCH);
            double[] trl = report.column(TrainingReport.TRAIN_LOSS);
            double[] tra = report.column(report.trainMetricColumn());
            double[] tel = report.column(TrainingReport.TEST_LOSS);
            double[] tea = report.column(report.testMetricColumn());
            double[] sep = report.column(TrainingReport.SEPARATION_LOSS);
            double[] lr = report.column(TrainingReport.OUTER_RATE);
            double[] sec = report.column(TrainingReport.SECONDS);
            List<EpochRow> rows = new ArrayList<>();
            List<Double> seconds = new ArrayList<>();
            for (int i = 0; i < ep.length; i++) {
                rows.add(new EpochRow(variant.id(), sampleSize, seed, (int) ep[i], trl[i], tra[i], tel[i], tea[i],
                        sep[i], lr[i]));
                seconds.add(sec[i]);
            }
            if (out != null) {
                out.flush();
            }
            return new RunRecord(variant.id(), sampleSize, seed, report.model(), parameters, rows, seconds);
        }
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static int[] sorted(int[] a) {
        int[] c = a.clone();
        Arrays.sort(c);
        return c;
    }

    /** A stream that writes {@code prefix} at the start of every line to {@code target}. */
    static PrintStream prefixed(PrintStream target, String prefix) {
        return new PrintStream(new OutputStream() {
            private boolean lineStart = true;

            @Override
            public void write(int b) {
                if (lineStart) {
                    target.print(prefix);
                    lineStart = false;
                }
                target.write(b);
                if (b == '\n') {
                    lineStart = true;
                    target.flush();
                }
            }
        }, true, StandardCharsets.UTF_8);
    }
}
