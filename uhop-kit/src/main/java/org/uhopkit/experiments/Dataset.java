package org.uhopkit.experiments;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import org.uhopkit.data.Cifar10;
import org.uhopkit.data.ImageSet;
import org.uhopkit.data.Mnist;

/**
 * The data sets of the retrieval experiments, each with the properties the experiments take from it: its
 * name in figures, where its memories come from, and the Stage I step counts N the paper uses on it
 * (section 4.1 and appendix F.2-F.3). Memories are drawn from the training split, as in the authors' code
 * ("a random batch of the training set"): all 60,000 MNIST digits; for CIFAR-10 the shipped subset of 4,000
 * images (the full set when the system property {@value #CIFAR10_PROPERTY} names a folder with the official
 * batches).
 */
public enum Dataset {
    /** MNIST, d = 784; U-Hop with N = 100 for masked and for noisy queries (Fig. 3). */
    MNIST("mnist", "MNIST", 100, 100, Mnist::train),
    /** CIFAR-10, d = 3072; U-Hop with N = 500 for masked and N = 200 for noisy queries (Fig. 3, F.3). */
    CIFAR10("cifar10", "CIFAR-10", 500, 200, Dataset::cifar10Train);

    /** The system property naming a folder with the official CIFAR-10 batches. */
    public static final String CIFAR10_PROPERTY = "uhop.cifar10";

    private final String id;
    private final String label;
    private final int maskedStageOneSteps;
    private final int noisyStageOneSteps;
    private final Supplier<ImageSet> images;

    Dataset(String id, String label, int maskedStageOneSteps, int noisyStageOneSteps, Supplier<ImageSet> images) {
        this.id = id;
        this.label = label;
        this.maskedStageOneSteps = maskedStageOneSteps;
        this.noisyStageOneSteps = noisyStageOneSteps;
        this.images = images;
    }

    /** The images memories are drawn from (read and checked once per JVM by the loader). */
    public ImageSet images() {
        return images.get();
    }

    /** The command-line name: {@code mnist}, {@code cifar10}. */
    public String id() {
        return id;
    }

    /** The name in figures and prose: {@code MNIST}, {@code CIFAR-10}. */
    public String label() {
        return label;
    }

    /** The paper's Stage I steps N for masked queries on this data set (capacity, presets; Fig. 3 left). */
    public int maskedStageOneSteps() {
        return maskedStageOneSteps;
    }

    /** The paper's Stage I steps N for noisy queries on this data set (Fig. 3 right, appendix F.3). */
    public int noisyStageOneSteps() {
        return noisyStageOneSteps;
    }

    /**
     * The data set with command-line name {@code s} (case-insensitive; {@code cifar-10} is accepted too).
     *
     * @throws IllegalArgumentException naming the value and the valid names
     */
    public static Dataset parse(String s) {
        if (s != null) {
            String t = s.trim().toLowerCase(Locale.ROOT).replace("-", "");
            for (Dataset d : values()) {
                if (d.id.equals(t)) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + s + "', expected one of " + names());
    }

    /** The valid names, comma-separated, for messages. */
    static String names() {
        return String.join(", ", Arrays.stream(values()).map(Dataset::id).toList());
    }

    private static ImageSet cifar10Train() {
        String official = System.getProperty(CIFAR10_PROPERTY);
        return official == null ? Cifar10.train() : Cifar10.fromDirectory(Path.of(official));
    }
}
