package org.uhopkit.experiments;

import org.uhopkit.data.Cifar10;
import org.uhopkit.data.ImageSet;
import org.uhopkit.data.Mnist;

/**
 * The data sets of the retrieval experiments. Memories are drawn from the training split, as in the
 * authors' code ("a random batch of the training set"): all 60,000 MNIST digits; for CIFAR-10 the shipped
 * subset of 4,000 images (the full set when the system property {@code uhop.cifar10} names a folder with the
 * official batches).
 */
public enum Dataset {
    /** MNIST, d = 784. */
    MNIST,
    /** CIFAR-10, d = 3072. */
    CIFAR10;

    /** The images memories are drawn from. */
    public ImageSet images() {
        if (this == MNIST) {
            return Mnist.train();
        }
        String official = System.getProperty("uhop.cifar10");
        return official == null ? Cifar10.train() : Cifar10.fromDirectory(java.nio.file.Path.of(official));
    }

    /** {@code mnist} / {@code cifar10}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code mnist} / {@code cifar10} (also {@code cifar-10}). */
    public static Dataset parse(String s) {
        String t = s.trim().toUpperCase(java.util.Locale.ROOT).replace("-", "");
        return valueOf(t);
    }
}
