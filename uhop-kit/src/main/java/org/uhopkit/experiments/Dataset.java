package org.uhopkit.experiments;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
 * batches). The classification and forecasting data sets are listed here too, with their {@link Kind}; their
 * loaders live in {@code org.uhopkit.data}.
 */
public enum Dataset {
    /** MNIST, d = 784; U-Hop with N = 100 for masked and for noisy queries (Fig. 3). */
    MNIST("mnist", "MNIST", Kind.RETRIEVAL, 100, 100, Mnist::train),
    /** CIFAR-10, d = 3072; U-Hop with N = 500 for masked and N = 200 for noisy queries (Fig. 3, F.3). */
    CIFAR10("cifar10", "CIFAR-10", Kind.RETRIEVAL, 500, 200, Dataset::cifar10Train),
    /** CIFAR-100 (Table 1), from the official binary files a user supplies. */
    CIFAR100("cifar100", "CIFAR-100", Kind.CLASSIFICATION, 0, 0, null),
    /** Tiny ImageNet (Table 1, appendix G.4), the shipped subset or the full set. */
    TINY_IMAGENET("tinyimagenet", "Tiny ImageNet", Kind.CLASSIFICATION, 0, 0, null),
    /** ETTh1, hourly electricity transformer data, 7 series (Table 8). */
    ETTH1("etth1", "ETTh1", Kind.FORECASTING, 0, 0, null),
    /** ETTm1, 15-minute electricity transformer data, 7 series (Table 8). */
    ETTM1("ettm1", "ETTm1", Kind.FORECASTING, 0, 0, null),
    /** WTH, hourly weather data, 12 series (Table 8). */
    WTH("wth", "WTH", Kind.FORECASTING, 0, 0, null);

    /** What a data set is used for; every experiment accepts the data sets of its kind (CIFAR-10 serves two). */
    public enum Kind {
        /** Memories and queries for the retrieval experiments (images as vectors). */
        RETRIEVAL,
        /** Labelled images for the classification experiments. */
        CLASSIFICATION,
        /** Multivariate series for the forecasting experiment. */
        FORECASTING
    }

    /** The system property naming a folder with the official CIFAR-10 batches. */
    public static final String CIFAR10_PROPERTY = "uhop.cifar10";

    private final String id;
    private final String label;
    private final Kind kind;
    private final int maskedStageOneSteps;
    private final int noisyStageOneSteps;
    private final Supplier<ImageSet> images;

    Dataset(String id, String label, Kind kind, int maskedStageOneSteps, int noisyStageOneSteps,
            Supplier<ImageSet> images) {
        this.id = id;
        this.label = label;
        this.kind = kind;
        this.maskedStageOneSteps = maskedStageOneSteps;
        this.noisyStageOneSteps = noisyStageOneSteps;
        this.images = images;
    }

    /**
     * The images memories are drawn from (read and checked once per JVM by the loader).
     *
     * @return the images, not null
     * @throws UnsupportedOperationException for a data set that is not a {@link Kind#RETRIEVAL} one
     */
    public ImageSet images() {
        if (images == null) {
            throw new UnsupportedOperationException(label + " holds no memories for the retrieval experiments; "
                    + "they use " + String.join(", ", ids(EnumSet.of(MNIST, CIFAR10))));
        }
        return images.get();
    }

    /**
     * What this data set is used for.
     *
     * @return the kind, not null
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The command-line names of {@code sets}, in the paper's order.
     *
     * @param sets the data sets, not null
     * @return their command-line names, in the paper's order
     */
    public static List<String> ids(Set<Dataset> sets) {
        return Arrays.stream(values()).filter(sets::contains).map(Dataset::id).toList();
    }

    /**
     * The command-line name: {@code mnist}, {@code cifar10}.
     *
     * @return the command-line name
     */
    public String id() {
        return id;
    }

    /**
     * The name in figures and prose: {@code MNIST}, {@code CIFAR-10}.
     *
     * @return the display name
     */
    public String label() {
        return label;
    }

    /**
     * The paper's Stage I steps N for masked queries on this data set (capacity, presets; Fig. 3 left).
     *
     * @return N for masked queries (0 for a data set that is not a retrieval one)
     */
    public int maskedStageOneSteps() {
        return maskedStageOneSteps;
    }

    /**
     * The paper's Stage I steps N for noisy queries on this data set (Fig. 3 right, appendix F.3).
     *
     * @return N for noisy queries (0 for a data set that is not a retrieval one)
     */
    public int noisyStageOneSteps() {
        return noisyStageOneSteps;
    }

    /**
     * The data set with command-line name {@code s} (case-insensitive; {@code cifar-10} is accepted too).
     *
     * @param s the command-line name, any case
     * @return the data set
     * @throws IllegalArgumentException naming the value and the valid names
     */
    public static Dataset parse(String s) {
        if (s != null) {
            String t = s.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
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
