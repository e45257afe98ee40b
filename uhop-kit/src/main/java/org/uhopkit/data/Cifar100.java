package org.uhopkit.data;

import java.nio.file.Path;
import java.util.List;

/**
 * CIFAR-100 (Krizhevsky 2009) from the official binary files, which are <b>not shipped</b> (they could not
 * be obtained here, see {@code data/PROVENANCE.md}): download {@code cifar-100-binary.tar.gz} from
 * https://www.cs.toronto.edu/~kriz/cifar.html, unpack it and pass the folder holding {@code train.bin} and
 * {@code test.bin} (or the folder above {@code cifar-100-binary/}). Each record is 2 label bytes (coarse,
 * fine) and 3072 pixel bytes; the fine label (0..99) is used.
 */
public final class Cifar100 {

    private Cifar100() {}

    /** The first fine labels of the official {@code train.bin} (data/PROVENANCE.md, "Gaps"). */
    static final int[] TRAIN_FINGERPRINT = {19, 29, 0, 11, 1};

    /**
     * The 50,000 training images of {@code dir/train.bin}. No checksum of the official file is published; a file
     * of 50,000 images whose first fine labels are not the official ones (19, 29, 0, 11, 1) is refused.
     *
     * @param dir the folder holding {@code train.bin}
     * @return the training images
     */
    public static ImageSet train(Path dir) {
        ImageSet s = read(dir, "train.bin", "cifar100-train");
        if (s.size() == 50_000) {
            for (int i = 0; i < TRAIN_FINGERPRINT.length; i++) {
                if (s.label(i) != TRAIN_FINGERPRINT[i]) {
                    throw new IllegalStateException("train.bin in " + dir.toAbsolutePath() + " is not the official "
                            + "CIFAR-100 training file: its fine label " + i + " is " + s.label(i) + ", expected "
                            + TRAIN_FINGERPRINT[i] + " (the labels start 19, 29, 0, 11, 1)");
                }
            }
        }
        return s;
    }

    /**
     * The 10,000 test images of {@code dir/test.bin}.
     *
     * @param dir the folder holding {@code test.bin}
     * @return the test images
     */
    public static ImageSet test(Path dir) {
        return read(dir, "test.bin", "cifar100-test");
    }

    private static ImageSet read(Path dir, String file, String name) {
        Path f;
        try {
            f = CifarBinary.locate(dir, "cifar-100-binary", file);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + ". CIFAR-100 is not shipped with uhop-kit: download "
                    + "cifar-100-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html and unpack it there",
                    e);
        }
        return CifarBinary.read(List.of(f), 2, 1, name, null);
    }
}
