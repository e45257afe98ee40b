package org.uhopkit.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CIFAR-10 (Krizhevsky 2009): 32 x 32 colour images, d = 3072, 10 classes.
 *
 * <p>{@link #train()} and {@link #test()} read the subset shipped in {@code data/cifar10/}: the first
 * 4,000 images of {@code data_batch_1.bin} and the first 1,000 of {@code test_batch.bin}, checked against
 * their SHA-256 in {@code data/PROVENANCE.md}. {@link #fromDirectory(Path)} reads the official five
 * {@code data_batch_*.bin} (50,000 images) from a folder the user names, {@link #testFromDirectory(Path)}
 * its {@code test_batch.bin}.
 */
public final class Cifar10 {

    /** SHA-256 of the shipped files (data/PROVENANCE.md). */
    public static final Map<String, String> SHA256 = Map.of(
            "data_batch_1.first4000.bin.gz", "d32c18318de59292af92f571821e2570d0ce4d63cf4b3de2570ee51bf268ee72",
            "test_batch.first1000.bin.gz", "3d5e72c2623a79c57b916d8669b4cba52fa2984d04cb8cd7d256902adc743432");

    /** The class names in label order. */
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    private static volatile ImageSet train;
    private static volatile ImageSet test;

    private Cifar10() {}

    /**
     * The shipped 4,000 training images (cached per JVM).
     *
     * @return the shipped training images
     */
    public static ImageSet train() {
        ImageSet s = train;
        if (s == null) {
            synchronized (Cifar10.class) {
                if (train == null) {
                    train = shipped("data_batch_1.first4000.bin.gz", "cifar10-train-subset");
                }
                s = train;
            }
        }
        return s;
    }

    /**
     * The shipped 1,000 test images (cached per JVM).
     *
     * @return the shipped test images
     */
    public static ImageSet test() {
        ImageSet s = test;
        if (s == null) {
            synchronized (Cifar10.class) {
                if (test == null) {
                    test = shipped("test_batch.first1000.bin.gz", "cifar10-test-subset");
                }
                s = test;
            }
        }
        return s;
    }

    private static ImageSet shipped(String file, String name) {
        Path f = Datasets.dataDir().resolve("cifar10").resolve(file);
        return CifarBinary.read(List.of(f), 1, 0, name, SHA256);
    }

    /**
     * The official training set: {@code data_batch_1.bin} .. {@code data_batch_5.bin} in {@code officialDir}
     * (or in its {@code cifar-10-batches-bin/} subfolder), 50,000 images. Their SHA-256 are recorded, not
     * checked (no per-file reference values are published).
     *
     * @param officialDir the folder with the official binary batches
     * @return the 50,000 training images
     */
    public static ImageSet fromDirectory(Path officialDir) {
        List<Path> files = new ArrayList<>();
        for (int k = 1; k <= 5; k++) {
            files.add(CifarBinary.locate(officialDir, "cifar-10-batches-bin", "data_batch_" + k + ".bin"));
        }
        return CifarBinary.read(files, 1, 0, "cifar10-train", null);
    }

    /**
     * The official test set, {@code test_batch.bin} in {@code officialDir}, 10,000 images.
     *
     * @param officialDir the folder with the official binary batches
     * @return the 10,000 test images
     */
    public static ImageSet testFromDirectory(Path officialDir) {
        Path f = CifarBinary.locate(officialDir, "cifar-10-batches-bin", "test_batch.bin");
        return CifarBinary.read(List.of(f), 1, 0, "cifar10-test", null);
    }
}
