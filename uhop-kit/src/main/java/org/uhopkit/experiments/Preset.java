package org.uhopkit.experiments;

import org.uhopkit.data.Corruption;

import ai.djl.ndarray.NDArray;
import org.uhopkit.Kernel;
import org.uhopkit.LearningRate;
import org.uhopkit.MemorySpec;
import org.uhopkit.Separation;
import org.uhopkit.SeparationLoss;
import org.uhopkit.Similarity;
import org.uhopkit.UHop;
import org.uhopkit.UHopSpec;

/**
 * The two ways to run the retrieval experiments.
 *
 * <ul>
 *   <li>{@link #PAPER}: Algorithm 1 as written, the kit's defaults: average loss, constant learning rate
 *       {@code gamma = 1} (also for the max loss), all memories, rows of W normalised; t = 2, beta = 1, T = 1;
 *       exact 50 % masking; noise of norm sigma; the baselines as their papers define them (negative
 *       distances, the normalised rectified polynomial).
 *   <li>{@link #OFFICIAL}: the authors' code (MAGICS-LAB/UHop, commit cdac754) as documented in
 *       {@code reference/official-code.md}: average loss with {@code lr = lr / sqrt(i + 1)} after every step
 *       ({@link LearningRate#authorsDecay(double)}), max loss with lr 10, W never row-normalised, Stage I on
 *       the first half of the memories for masked queries, dropout masking (kept pixels doubled),
 *       {@code clamp(|x + N(0, sigma)|, 0, 1)} noise, {@code +distance} fed to softmax for l2 and Manhattan
 *       (a sign error: the farthest memory weighs most) and the unnormalised {@code (Xi x)^10} (each weight capped at
 *       10^4, which leaves every pixel of the retrieval clamped to [0, 1], hence every error, unchanged).
 * </ul>
 * In both, beta = 1, so the authors' {@code beta * Sep(.)} and the paper's {@code Sep(beta .)} agree.
 */
public enum Preset {
    /** The paper's Algorithm 1 and settings. */
    PAPER,
    /** The authors' public code. */
    OFFICIAL;

    /**
     * The command-line name: {@code paper}, {@code official}.
     *
     * @return the lower-case name
     */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The preset with command-line name {@code s} (case-insensitive).
     *
     * @param s {@code paper} or {@code official}, any case
     * @return the preset
     * @throws IllegalArgumentException naming the value and the valid names
     */
    public static Preset parse(String s) {
        for (Preset p : values()) {
            if (s != null && p.id().equals(s.trim().toLowerCase(java.util.Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + s + "', expected one of "
                + String.join(", ", java.util.Arrays.stream(values()).map(Preset::id).toList()));
    }

    /**
     * The query corruption of the capacity experiments: exact 50 % masking, or the authors' dropout.
     *
     * @return the masking corruption of this preset
     */
    public Corruption masking() {
        return switch (this) {
            case PAPER -> Corruption.mask(0.5);
            case OFFICIAL -> Corruption.dropout(0.5);
        };
    }

    /**
     * The query corruption of the noise experiments at level sigma.
     *
     * @param sigma the noise level, non-negative and finite
     * @return the noise corruption of this preset
     */
    public Corruption noise(double sigma) {
        return switch (this) {
            case PAPER -> Corruption.normalizedNoise(sigma);
            case OFFICIAL -> Corruption.clampedNoise(sigma);
        };
    }

    /**
     * The average-loss Stage I learning rate starting at {@code gamma}: constant (Algorithm 1) or the authors'
     * {@code gamma / sqrt(k!)} decay ({@link LearningRate#authorsDecay(double)}).
     *
     * @param gamma the initial learning rate, positive and finite
     * @return the learning-rate schedule of this preset
     */
    public LearningRate averageLossRate(double gamma) {
        return switch (this) {
            case PAPER -> LearningRate.constant(gamma);
            case OFFICIAL -> LearningRate.authorsDecay(gamma);
        };
    }

    /**
     * The Stage II spec of a baseline over {@code memories}, energy tracking off.
     *
     * @param method a baseline method, not null
     * @param memories the memories {@code (M, d)}
     * @return the baseline's Stage II spec
     * @throws IllegalArgumentException for a U-Hop method
     */
    public MemorySpec baseline(Method method, NDArray memories) {
        MemorySpec spec = UHop.memories(memories).trackEnergy(false);
        switch (method) {
            case MHM:
                return spec;
            case SPARSE_MHM:
                return spec.separation(Separation.sparsemax());
            case ENTMAX:
                return spec.separation(Separation.entmax(1.5));
            case DENSE_AM:
                return spec.separation(this == PAPER ? Separation.polynomial(10) : OfficialQuirks.POWER_10);
            case L2_MHM:
                return spec.similarity(this == PAPER ? Similarity.negativeEuclidean() : OfficialQuirks.PLUS_L2);
            case MANHATTAN_MHM:
                return spec.similarity(this == PAPER ? Similarity.negativeManhattan() : OfficialQuirks.PLUS_L1);
            default:
                throw new IllegalArgumentException(method + " is not a baseline: it needs Stage I");
        }
    }

    /**
     * The Stage I spec of U-Hop over {@code memories} (energy tracking off, softmax retrieval).
     *
     * @param loss the separation loss (average or max)
     * @param maskedQueries whether the experiment masks queries (the authors then train on half the memories)
     * @param kernelSeed the seed of the initial W
     * @param memories the memories {@code (M, d)}
     * @return the U-Hop Stage I spec
     */
    public UHopSpec uhop(NDArray memories, SeparationLoss loss, boolean maskedQueries, long kernelSeed) {
        UHopSpec spec = UHop.memories(memories).trackEnergy(false).kernel(Kernel.linear().seed(kernelSeed))
                .loss(loss).lossScale(2.0).trackEnergy(false);
        boolean max = loss instanceof SeparationLoss.Max;
        if (this == PAPER) {
            return spec.learningRate(1.0).normalizeRows(true);
        }
        spec = spec.normalizeRows(false)
                .learningRate(max ? LearningRate.constant(10.0) : LearningRate.authorsDecay(1.0));
        return maskedQueries ? spec.trainingFraction(0.5) : spec;
    }

    /** The authors' baselines, as lambdas over the kit's interfaces. */
    static final class OfficialQuirks {
        private OfficialQuirks() {}

        /** {@code +||xi - x||_2} fed to softmax (sign error). */
        static final Similarity PLUS_L2 = new Negated(Similarity.negativeEuclidean(), "PlusEuclidean[authors' sign]");

        /** {@code +||xi - x||_1} fed to softmax (sign error). */
        static final Similarity PLUS_L1 = new Negated(Similarity.negativeManhattan(), "PlusManhattan[authors' sign]");

        /** The negated scores of {@code base}; only the result is left behind. */
        private record Negated(Similarity base, String label) implements Similarity {
            @Override
            public NDArray scores(NDArray memories, NDArray queries) {
                try (NDArray s = base.scores(memories, queries)) {
                    return s.neg();
                }
            }

            @Override
            public String toString() {
                return label;
            }
        }

        /**
         * The largest weight kept: {@code s^10} overflows float32 (and the squared Stage II step overflows long
         * before), but only the retrieval clamped to [0, 1] is scored, and with memory pixels that are 0 or at
         * least 1/255 a weight of {@value} already saturates every pixel it touches. So capping changes no
         * clamped pixel, hence no error, while keeping the states finite.
         */
        static final float POWER_10_CAP = 1e4f;

        /** {@code s^10}, not normalised, not rectified (capped at {@link #POWER_10_CAP}, see there). */
        static final Separation POWER_10 = new Separation() {
            @Override
            public NDArray weights(NDArray scores) {
                try (NDArray w = scores.pow(10)) {
                    return w.minimum(POWER_10_CAP);
                }
            }

            @Override
            public String toString() {
                return "UnnormalisedPower[10, authors']";
            }
        };
    }
}
