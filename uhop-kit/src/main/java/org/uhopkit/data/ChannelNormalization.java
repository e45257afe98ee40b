package org.uhopkit.data;

import org.uhopkit.internal.Checks;

import java.util.Arrays;

/**
 * Per-channel standardisation of images, {@code (x - mean_c) / std_c} with pixels {@code x} in {@code [0, 1]}, as
 * the authors' image pipelines do before the patch embedding (appendix F.4). The constants of CIFAR-10 and Tiny
 * ImageNet are the authors'; for another data set {@link #of(ImageSet)} computes the statistics of its training
 * images (population standard deviation over every pixel of a channel).
 *
 * @param name where the numbers come from, for provenance
 * @param mean one value per channel
 * @param std one positive value per channel
 */
public record ChannelNormalization(String name, double[] mean, double[] std) {

    /** CIFAR-10's training mean (0.4914, 0.4822, 0.4465) and deviation (0.2470, 0.2435, 0.2616), the authors'. */
    public static final ChannelNormalization CIFAR10 = new ChannelNormalization("cifar10 (authors' constants)",
            new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.2470, 0.2435, 0.2616});
    /** Tiny ImageNet's training mean and deviation, the authors' ({@link TinyImageNet#MEAN}, {@link TinyImageNet#STD}). */
    public static final ChannelNormalization TINY_IMAGENET = new ChannelNormalization(
            "tinyimagenet (authors' constants)", TinyImageNet.MEAN, TinyImageNet.STD);

    /**
     * Checks one positive finite deviation per channel and copies the arrays.
     *
     * @param name where the numbers come from, not null
     * @param mean one value per channel (copied)
     * @param std one positive finite value per channel (copied)
     */
    public ChannelNormalization {
        Checks.notNull("name", name);
        Checks.notNull("mean", mean);
        Checks.notNull("std", std);
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("mean and std need one value per channel each, got " + mean.length
                    + " and " + std.length);
        }
        for (double m : mean) {
            Checks.nonNegativeFinite("channel mean", m);
        }
        for (double s : std) {
            Checks.positiveFinite("channel std", s);
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * The mean of each channel (a copy).
     *
     * @return a new array, one mean per channel
     */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /**
     * The standard deviation of each channel (a copy).
     *
     * @return a new array, one positive standard deviation per channel
     */
    @Override
    public double[] std() {
        return std.clone();
    }

    /**
     * The per-channel mean and population standard deviation of every pixel of {@code images} (in {@code [0, 1]}).
     *
     * @param images the training images
     * @return their statistics, named after the set
     */
    public static ChannelNormalization of(ImageSet images) {
        Checks.notNull("images", images);
        int c = images.channels();
        int plane = images.width() * images.height();
        double[] sum = new double[c];
        double[] sq = new double[c];
        for (int i = 0; i < images.size(); i++) {
            float[] img = images.image(i);
            for (int ch = 0; ch < c; ch++) {
                for (int j = ch * plane; j < (ch + 1) * plane; j++) {
                    sum[ch] += img[j];
                    sq[ch] += (double) img[j] * img[j];
                }
            }
        }
        double count = (double) images.size() * plane;
        double[] mean = new double[c];
        double[] std = new double[c];
        for (int ch = 0; ch < c; ch++) {
            mean[ch] = sum[ch] / count;
            std[ch] = Math.sqrt(Math.max(0, sq[ch] / count - mean[ch] * mean[ch]));
        }
        return new ChannelNormalization(images.name() + " (training statistics)", mean, std);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelNormalization n && name.equals(n.name) && Arrays.equals(mean, n.mean)
                && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(mean)) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return name + ": mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std);
    }
}
