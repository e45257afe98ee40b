package org.uhopkit.experiments;

/**
 * Table 1 and the convergence curves of Figure 4 / appendix G.5 (section 4.2): the four variants
 * ({@link org.uhopkit.experiments.classification.Variant}) trained on the whole training set, per epoch the
 * training and test loss and accuracy; Table 1 is the maximum training accuracy and the final test accuracy
 * (the paper does not say whether final or best; both are reported). Quick profile: 2,000 training images,
 * 4 epochs, one seed.
 *
 * <pre>
 * jshell&gt; var r = Experiment.CLASSIFICATION.run(Config.of(Dataset.CIFAR10).patch(8));
 * jshell&gt; r.summary()
 * </pre>
 */
public final class ClassificationExperiment extends ImageClassificationExperiment {

    /** Use {@link Experiment#CLASSIFICATION}. */
    ClassificationExperiment() {}

    @Override
    public String name() {
        return "classification";
    }

    @Override
    public String title() {
        return "Image classification with Hopfield layers: Table 1 and the convergence curves (Fig. 4, G.5)";
    }

    @Override
    int quickEpochs() {
        return 4;
    }

    /** The whole training set (paper profile); 2,000 images of it (quick profile). */
    @Override
    int[] sampleSizes(Config config, int available) {
        return new int[] {config.profile() == Profile.QUICK ? Math.min(2000, available) : available};
    }
}
