package org.uhopkit.experiments;

/**
 * Figure 6 / appendix G.4 (section 4.2, the empirical check of Theorem 3.1): the maximum training accuracy of the
 * four variants against the training sample size. Sample sizes: the paper's (CIFAR {1000, 2000, 5000, 10000,
 * 20000, full}, Tiny ImageNet {1000, 5000, 10000, 20000, 40000, 60000, 80000, full}) that the data holds, with
 * "full" the training set at hand (4,000 shipped CIFAR-10 images, 2,000 shipped Tiny ImageNet images); quick
 * profile {250, 500, 1000, 2000}, 5 epochs, one seed. The test set is not evaluated (the figure is about
 * memorisation).
 */
public final class ExpressivenessExperiment extends ImageClassificationExperiment {

    /** Use {@link Experiment#EXPRESSIVENESS}. */
    ExpressivenessExperiment() {}

    @Override
    public String name() {
        return "expressiveness";
    }

    @Override
    public String title() {
        return "Expressiveness: max training accuracy vs training sample size (Fig. 6, G.4)";
    }

    @Override
    int quickEpochs() {
        return 5;
    }

    @Override
    boolean evaluates() {
        return false;
    }

    @Override
    int[] sampleSizes(Config config, int available) {
        if (config.profile() == Profile.QUICK) {
            return java.util.stream.IntStream.of(250, 500, 1000, 2000).filter(n -> n <= available).toArray();
        }
        int[] paper = config.dataset() == Dataset.TINY_IMAGENET
                ? new int[] {1000, 5000, 10000, 20000, 40000, 60000, 80000}
                : new int[] {1000, 2000, 5000, 10000, 20000};
        return upTo(paper, available);
    }
}
