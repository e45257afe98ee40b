package org.uhopkit.experiments.classification;

import org.uhopkit.data.ChannelNormalization;
import org.uhopkit.data.Cifar10;
import org.uhopkit.data.Cifar100;
import org.uhopkit.data.ImageSet;
import org.uhopkit.data.TinyImageNet;
import org.uhopkit.internal.Checks;
import org.uhopkit.nn.ImagePatches;
import org.uhopkit.nn.TaskData;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The images of a classification task: training and test images, their per-channel normalisation and the
 * number of classes. Host memory only.
 *
 * <ul>
 *   <li>{@code cifar10}: the shipped 4,000 training and 1,000 test images; with the system property
 *       {@value #CIFAR10_PROPERTY} naming a folder with the official {@code data_batch_1.bin .. data_batch_5.bin}
 *       and {@code test_batch.bin}, the full 50,000 / 10,000. The authors' normalisation constants.
 *   <li>{@code cifar100}: not shipped. The system property {@value #CIFAR100_PROPERTY} must name the folder of
 *       {@code train.bin} and {@code test.bin} from {@code cifar-100-binary.tar.gz}; normalised with the
 *       training set's own per-channel statistics.
 *   <li>{@code tinyimagenet}: the shipped 2,000 training images (10 per class) and the 10,000 validation images as
 *       the test set; with {@value #TINY_IMAGENET_PROPERTY} naming the official {@code tiny-imagenet-200.zip} or
 *       its folder, the full 100,000 training images. The authors' normalisation constants.
 * </ul>
 *
 * @param dataset the data set's command-line name
 * @param train the training images
 * @param test the test images
 * @param normalization the per-channel standardisation applied to both
 * @param classes the number of classes
 */
public record ImageTask(String dataset, ImageSet train, ImageSet test, ChannelNormalization normalization,
        int classes) {

    /** The system property naming a folder with the official CIFAR-10 batches (as the retrieval experiments). */
    public static final String CIFAR10_PROPERTY = "uhop.cifar10";
    /** The system property naming the folder with CIFAR-100's {@code train.bin} and {@code test.bin}. */
    public static final String CIFAR100_PROPERTY = "uhop.cifar100";
    /** The system property naming the official {@code tiny-imagenet-200.zip} or its folder. */
    public static final String TINY_IMAGENET_PROPERTY = "uhop.tinyimagenet";

    /**
     * Validates the task.
     *
     * @param dataset the data set's command-line name, not null
     * @param train the training images, not null
     * @param test the test images, not null
     * @param normalization the per-channel standardisation, one entry per channel
     * @param classes the number of classes, at least 2
     */
    public ImageTask {
        Checks.notNull("dataset", dataset);
        Checks.notNull("train", train);
        Checks.notNull("test", test);
        Checks.notNull("normalization", normalization);
        Checks.atLeast("classes", classes, 2);
        if (train.channels() != normalization.mean().length) {
            throw new IllegalArgumentException("the normalisation has " + normalization.mean().length
                    + " channels, the images " + train.channels());
        }
    }

    /**
     * The task named {@code id} ({@code cifar10}, {@code cifar100}, {@code tinyimagenet}).
     *
     * @param id the task's name (case, dashes and underscores ignored)
     * @return the task
     * @throws IllegalArgumentException for an unknown name, or CIFAR-100 when it is not supplied (saying exactly
     *     which files to put where)
     * @throws IllegalStateException when supplied data is missing or corrupt
     */
    public static ImageTask named(String id) {
        String t = id == null ? "" : id.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        String key = t + "|" + System.getProperty(CIFAR10_PROPERTY) + "|" + System.getProperty(CIFAR100_PROPERTY) + "|"
                + System.getProperty(TINY_IMAGENET_PROPERTY);
        return CACHE.computeIfAbsent(key, k -> load(t, id)); // loaded once, also when two threads ask at once
    }

    /** Tasks already read in this JVM, by name and data folders (the files are read and checked once). */
    private static final java.util.concurrent.ConcurrentHashMap<String, ImageTask> CACHE =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static ImageTask load(String t, String id) {
        return switch (t) {
            case "cifar10" -> cifar10();
            case "cifar100" -> cifar100();
            case "tinyimagenet" -> tinyImageNet();
            default -> throw new IllegalArgumentException("unknown image data set '" + id
                    + "', expected one of cifar10, cifar100, tinyimagenet");
        };
    }

    /**
     * CIFAR-10: the shipped subset, or the official batches named by {@value #CIFAR10_PROPERTY}.
     *
     * @return the CIFAR-10 task
     */
    public static ImageTask cifar10() {
        String dir = System.getProperty(CIFAR10_PROPERTY);
        if (dir == null || dir.isBlank()) {
            return new ImageTask("cifar10", Cifar10.train(), Cifar10.test(), ChannelNormalization.CIFAR10, 10);
        }
        Path p = Path.of(dir);
        return new ImageTask("cifar10", Cifar10.fromDirectory(p), Cifar10.testFromDirectory(p),
                ChannelNormalization.CIFAR10, 10);
    }

    /**
     * CIFAR-100 from the folder named by {@value #CIFAR100_PROPERTY}, normalised by its training statistics.
     *
     * @return the CIFAR-100 task
     * @throws IllegalArgumentException when the property is not set, saying how to get and name the files
     */
    public static ImageTask cifar100() {
        String dir = System.getProperty(CIFAR100_PROPERTY);
        if (dir == null || dir.isBlank()) {
            throw new IllegalArgumentException("CIFAR-100 is not shipped with uhop-kit. Download cifar-100-binary.tar.gz "
                    + "from https://www.cs.toronto.edu/~kriz/cifar.html, unpack it (tar xzf cifar-100-binary.tar.gz "
                    + "gives cifar-100-binary/train.bin and cifar-100-binary/test.bin) and name that folder with "
                    + "-D" + CIFAR100_PROPERTY + "=/path/to/cifar-100-binary (environment/reproduce passes "
                    + "UHOP_JAVA_OPTS to the JVM)");
        }
        Path p = Path.of(dir);
        ImageSet train = Cifar100.train(p);
        return new ImageTask("cifar100", train, Cifar100.test(p), ChannelNormalization.of(train), 100);
    }

    /**
     * Tiny ImageNet: the shipped subset, or the full set named by {@value #TINY_IMAGENET_PROPERTY}.
     *
     * @return the Tiny ImageNet task
     */
    public static ImageTask tinyImageNet() {
        String dir = System.getProperty(TINY_IMAGENET_PROPERTY);
        if (dir == null || dir.isBlank()) {
            return new ImageTask("tinyimagenet", TinyImageNet.train(), TinyImageNet.validation(),
                    ChannelNormalization.TINY_IMAGENET, TinyImageNet.CLASSES);
        }
        Path p = Path.of(dir);
        return new ImageTask("tinyimagenet", TinyImageNet.fromDirectory(p), TinyImageNet.validationFromDirectory(p),
                ChannelNormalization.TINY_IMAGENET, TinyImageNet.CLASSES);
    }

    /**
     * Images {@code indices} of the training ({@code fromTrain}) or test set as normalised patches
     * {@code (n, P, C p^2)} with their labels, float32, created in {@code nd}.
     *
     * @param nd where the arrays are created
     * @param fromTrain the training set (else the test set)
     * @param indices which images
     * @param patch the patch side p (must divide the image side)
     * @return the task data
     */
    public TaskData patches(NDManager nd, boolean fromTrain, int[] indices, int patch) {
        ImageSet set = fromTrain ? train : test;
        NDArray x = ImagePatches.standardized(nd, set, indices, patch, normalization.mean(), normalization.std(),
                DataType.FLOAT32);
        float[] labels = new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = set.label(indices[i]);
        }
        return TaskData.of(x, nd.create(labels));
    }

    @Override
    public String toString() {
        return "ImageTask(" + dataset + ", train " + train.size() + ", test " + test.size() + ", " + classes
                + " classes, " + train.width() + "x" + train.height() + "x" + train.channels() + ")";
    }
}
