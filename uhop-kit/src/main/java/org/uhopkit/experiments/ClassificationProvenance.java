package org.uhopkit.experiments;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.uhopkit.data.ChannelNormalization;
import org.uhopkit.data.DataProvenance;
import org.uhopkit.experiments.classification.ModelSettings;

/**
 * Everything needed to rerun an image-classification experiment ({@code classification} or
 * {@code expressiveness}) and check its data: the settings of every run, the variants, sample sizes and seeds,
 * the data's file checksums and normalisation, what the accuracy columns mean, and the versions. Timings are not
 * provenance (they live in the timings files), so two runs of the same config give the same provenance.
 *
 * @param experiment the experiment's name
 * @param title its one-line description
 * @param dataset the data set's command-line name
 * @param profile {@code quick} or {@code paper}
 * @param preset {@code paper} or {@code official}
 * @param seed the base seed
 * @param seedRule how each run's seed derives from the base seed
 * @param settings the model and training settings of every run
 * @param variants the variants' ids, in table order
 * @param sampleSizes the training sample sizes
 * @param seeds the number of seeds per variant and sample size
 * @param train the training images, with file checksums
 * @param test the test images, with file checksums
 * @param testImages how many test images were evaluated (the first ones)
 * @param normalization the per-channel standardisation
 * @param metrics what the accuracy and loss columns mean
 * @param versions kit, DJL, engine and Java versions
 * @param availableProcessors the JVM's processors
 * @param torchThreads PyTorch's intra-op threads (-1 for another engine)
 */
public record ClassificationProvenance(String experiment, String title, String dataset, String profile,
        String preset, long seed, String seedRule, ModelSettings settings, List<String> variants,
        List<Integer> sampleSizes, int seeds, DataProvenance train, DataProvenance test, int testImages,
        ChannelNormalization normalization, String metrics, Map<String, String> versions, int availableProcessors,
        int torchThreads) {

    /** How a run's seed derives from the base seed. */
    public static final String SEED_RULE = "run r (0..seeds-1) of every variant and sample size: seed + 1000003 r; "
            + "it draws the training subset (all images, in order, at the full size), the initial parameters (the "
            + "same for every variant), the batches and the dropout masks";
    /** What the metric columns mean. */
    public static final String METRICS = "train_loss and train_accuracy: mean over the epoch's batches in training "
            + "mode (dropout on, parameters moving), as the authors' code logs them; max train accuracy: the largest "
            + "train_accuracy over the epochs (the paper's Max Train Acc.); test_loss and test_accuracy: the test "
            + "images in inference mode after the epoch; Table 1's test accuracy is the FINAL epoch's (the paper does "
            + "not say whether it reports final or best; the best is listed beside it)";

    /**
     * Copies the lists and maps.
     *
     * @param experiment the experiment's name
     * @param title its one-line description
     * @param dataset the data set's command-line name
     * @param profile {@code quick} or {@code paper}
     * @param preset {@code paper} or {@code official}
     * @param seed the base seed
     * @param seedRule how each run's seed derives from the base seed
     * @param settings the model and training settings
     * @param variants the variants' ids (copied)
     * @param sampleSizes the training sample sizes (copied)
     * @param seeds the seeds per variant and sample size
     * @param train the training images' provenance
     * @param test the test images' provenance
     * @param testImages the test images evaluated
     * @param normalization the per-channel standardisation
     * @param metrics what the metric columns mean
     * @param versions kit, DJL, engine and Java versions (copied)
     * @param availableProcessors the JVM's processors
     * @param torchThreads PyTorch's intra-op threads (-1 for another engine)
     */
    public ClassificationProvenance {
        variants = List.copyOf(variants);
        sampleSizes = List.copyOf(sampleSizes);
        versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    }
}
