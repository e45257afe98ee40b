package org.uhopkit.experiments.classification;

import org.uhopkit.internal.Checks;

import java.io.Serializable;
import java.util.Locale;

/**
 * The model and training settings of one classification run (its provenance), built from the paper's Table 5
 * (CIFAR-10/100) and Table 6 (Tiny ImageNet) or the authors' code, with single settings overridable.
 *
 * <p>The two presets differ in the Hopfield layer and in how U-Hop learns the kernel:
 * <ul>
 *   <li>{@code paper}: kernel {@code Phi(x) = W x} (no bias, Gaussian start) in the U-Hop variants, the
 *       separation as named (softmax or sparsemax), no dropout; Algorithm 2 as printed: before every outer Adam
 *       step, {@code N_i} inner SGD steps (rate 0.1, Table 5) of the separation loss on the kernel only. Each
 *       image's tokens (CLS and patches) form one memory set: at patch 32 on a 32x32 image there is one patch, and
 *       the separation loss needs at least two patterns.
 *   <li>{@code official}: the authors' code ({@code LearnableHopfield}): kernel with bias, dropout 0.1 on the
 *       association, softmax in every variant (their "sparse" runs were softmax), and the kernel learned before
 *       training: {@code kernelPasses} epochs of SGD 0.1, batch 200, on every parameter (50 for CIFAR, 20 for Tiny
 *       ImageNet).
 * </ul>
 *
 * @param preset {@code paper} or {@code official}
 * @param patch the patch side p
 * @param width the token width d (the paper's embedding dimension)
 * @param depth 1 for the one-layer model ({@link org.uhopkit.nn.PatchClassifier}), more for the deep model
 *     ({@link org.uhopkit.nn.DeepPatchClassifier})
 * @param heads Hopfield heads
 * @param epochs training epochs
 * @param batchSize the outer batch B_2
 * @param learningRate Adam's base rate (cosine-annealed to 0 over the epochs, stepped per epoch)
 * @param innerSteps N_i, the paper preset's inner separation-loss steps per outer step
 * @param innerRate the inner (kernel) SGD rate
 * @param kernelPasses the official preset's kernel-learning epochs before training
 * @param testLimit evaluate on the first this many test images (0: all)
 */
public record ModelSettings(String preset, int patch, int width, int depth, int heads, int epochs, int batchSize,
        double learningRate, int innerSteps, double innerRate, int kernelPasses, int testLimit) implements Serializable {

    /** The paper preset's name. */
    public static final String PAPER = "paper";
    /** The authors' code's preset name. */
    public static final String OFFICIAL = "official";

    /**
     * Checks every setting.
     *
     * @param preset {@code paper} or {@code official}
     * @param patch the patch side p, at least 1
     * @param width the token width d, at least 1, a multiple of {@code heads}
     * @param depth the Hopfield layers, at least 1
     * @param heads Hopfield heads, at least 1
     * @param epochs training epochs, at least 1
     * @param batchSize B_2, at least 1
     * @param learningRate Adam's base rate, positive and finite
     * @param innerSteps N_i, at least 0
     * @param innerRate the inner SGD rate, positive and finite
     * @param kernelPasses the official kernel-learning epochs, at least 0
     * @param testLimit the test images evaluated, at least 0 (0: all)
     */
    public ModelSettings {
        Checks.notNull("preset", preset);
        if (!preset.equals(PAPER) && !preset.equals(OFFICIAL)) {
            throw new IllegalArgumentException("preset must be paper or official, got '" + preset + "'");
        }
        Checks.atLeast("patch size", patch, 1);
        Checks.atLeast("width", width, 1);
        Checks.atLeast("depth", depth, 1);
        Checks.atLeast("heads", heads, 1);
        if (width % heads != 0) {
            throw new IllegalArgumentException("width " + width + " must be a multiple of heads, got " + heads);
        }
        Checks.atLeast("epochs", epochs, 1);
        Checks.atLeast("batch size", batchSize, 1);
        Checks.positiveFinite("learning rate", learningRate);
        Checks.atLeast("inner steps", innerSteps, 0);
        Checks.positiveFinite("inner rate", innerRate);
        Checks.atLeast("kernel passes", kernelPasses, 0);
        Checks.atLeast("test limit", testLimit, 0);
    }

    /**
     * The paper's settings for a data set (Table 5 / Table 6) under a preset: CIFAR-10/100 one layer, patch 32,
     * d 512, Adam 1e-3; Tiny ImageNet three blocks of 4 heads, patch 64, Adam 1e-4; 25 epochs, batch 128, kernel
     * SGD 0.1, {@code N_i = 1}; official kernel learning 50 epochs (CIFAR) or 20 (Tiny ImageNet).
     *
     * @param dataset {@code cifar10}, {@code cifar100} or {@code tinyimagenet}
     * @param preset {@code paper} or {@code official}
     * @return the settings
     */
    public static ModelSettings of(String dataset, String preset) {
        String p = preset == null ? "" : preset.trim().toLowerCase(Locale.ROOT);
        return switch (dataset) {
            case "cifar10", "cifar100" -> new ModelSettings(p, 32, 512, 1, 1, 25, 128, 1e-3, 1, 0.1, 50, 0);
            case "tinyimagenet" -> new ModelSettings(p, 64, 512, 3, 4, 25, 128, 1e-4, 1, 0.1, 20, 0);
            default -> throw new IllegalArgumentException("unknown image data set '" + dataset
                    + "', expected one of cifar10, cifar100, tinyimagenet");
        };
    }

    /**
     * A copy with another patch side.
     *
     * @param p the patch side, at least 1
     * @return a copy with the patch side replaced
     */
    public ModelSettings patch(int p) {
        return new ModelSettings(preset, p, width, depth, heads, epochs, batchSize, learningRate, innerSteps,
                innerRate, kernelPasses, testLimit);
    }

    /**
     * A copy with another width d.
     *
     * @param d the width d, at least 1, a multiple of the heads
     * @return a copy with the width replaced
     */
    public ModelSettings width(int d) {
        return new ModelSettings(preset, patch, d, depth, heads, epochs, batchSize, learningRate, innerSteps,
                innerRate, kernelPasses, testLimit);
    }

    /**
     * A copy with another number of epochs.
     *
     * @param e the epochs, at least 1
     * @return a copy with the epochs replaced
     */
    public ModelSettings epochs(int e) {
        return new ModelSettings(preset, patch, width, depth, heads, e, batchSize, learningRate, innerSteps,
                innerRate, kernelPasses, testLimit);
    }

    /**
     * A copy with another number of official kernel-learning epochs.
     *
     * @param k the kernel-learning epochs, at least 0
     * @return a copy with the kernel passes replaced
     */
    public ModelSettings kernelPasses(int k) {
        return new ModelSettings(preset, patch, width, depth, heads, epochs, batchSize, learningRate, innerSteps,
                innerRate, k, testLimit);
    }

    /**
     * A copy evaluating on the first {@code n} test images (0: all).
     *
     * @param n the test images, at least 0 (0: all)
     * @return a copy with the test limit replaced
     */
    public ModelSettings testLimit(int n) {
        return new ModelSettings(preset, patch, width, depth, heads, epochs, batchSize, learningRate, innerSteps,
                innerRate, kernelPasses, n);
    }

    /**
     * Whether this is the official preset.
     *
     * @return true for {@code official}, false for {@code paper}
     */
    public boolean official() {
        return preset.equals(OFFICIAL);
    }
}
