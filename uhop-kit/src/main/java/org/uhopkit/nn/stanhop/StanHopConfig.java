package org.uhopkit.nn.stanhop;

import org.uhopkit.internal.Checks;

import java.io.Serializable;

/**
 * The settings of a {@link StanHopNet} (its provenance; plain data). Table 7 of the paper gives d_model 256,
 * segment length 12 and window 2 ("Patch Sequence Length", "Window Size"); appendix F.5 one STHM scale block
 * for horizons 96 and 192 and two for 336 and 720; the rest follows the released STanHop-Net (d_ff 512, 4 heads,
 * factor 10, dropout 0.3).
 *
 * @param series C, the number of series
 * @param inputLength T, the input steps
 * @param horizon the predicted steps
 * @param segmentLength the steps per segment (Table 7: 12)
 * @param window the segments merged by coarse-graining between scale blocks (Table 7: 2)
 * @param layers the encoder's scale blocks (1 for horizons 96/192, 2 for 336/720); the decoder has one more
 * @param dModel the embedding width (Table 7: 256)
 * @param dFf the width of the STHM layers' MLPs
 * @param heads the heads of every Hopfield block
 * @param factor the learned stored patterns of the Hopfield pooling over series
 * @param dropout dropout on residual branches and on the associations in training
 * @param initialAlpha the initial alpha of every learnable-alpha entmax, in (1, 2)
 * @param uhop whether every Hopfield block has a learnable kernel {@code Phi(x) = W x} (U-Hop)
 * @param seed the seed of every initial parameter
 */
public record StanHopConfig(int series, int inputLength, int horizon, int segmentLength, int window, int layers,
        int dModel, int dFf, int heads, int factor, double dropout, double initialAlpha, boolean uhop, long seed)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Checks every setting, naming a bad one.
     *
     * @param series C, at least 1
     * @param inputLength T, at least 1
     * @param horizon the predicted steps, at least 1
     * @param segmentLength the steps per segment, at least 1
     * @param window the merge window, at least 1 (at least 2 with more than one layer)
     * @param layers the encoder's scale blocks, at least 1
     * @param dModel the embedding width, at least 1, divisible by {@code heads}
     * @param dFf the MLP width, at least 1
     * @param heads the heads of every Hopfield block, at least 1
     * @param factor the learned stored patterns of the pooling over series, at least 1
     * @param dropout the dropout rate, in [0, 1)
     * @param initialAlpha the initial entmax alpha, in (1, 2)
     * @param uhop whether the Hopfield blocks have learnable kernels
     * @param seed the seed of every initial parameter
     */
    public StanHopConfig {
        Checks.atLeast("series", series, 1);
        Checks.atLeast("input length", inputLength, 1);
        Checks.atLeast("horizon", horizon, 1);
        Checks.atLeast("segment length", segmentLength, 1);
        Checks.atLeast("window", window, 1);
        Checks.atLeast("layers", layers, 1);
        Checks.atLeast("d_model", dModel, 1);
        Checks.atLeast("d_ff", dFf, 1);
        Checks.atLeast("heads", heads, 1);
        Checks.atLeast("factor", factor, 1);
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("d_model " + dModel + " must be divisible by heads " + heads);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (!(initialAlpha > 1 && initialAlpha < 2)) {
            throw new IllegalArgumentException("initial alpha must be in (1, 2), got " + initialAlpha);
        }
        if (layers > 1 && window < 2) {
            throw new IllegalArgumentException("more than one scale block needs a merge window of at least 2, got "
                    + window);
        }
    }

    /**
     * The paper's configuration (Table 7, appendix F.5) for {@code series} series: d_model 256, segment 12,
     * window 2, one scale block for horizons up to 192 and two beyond, d_ff 512, 4 heads, factor 10, dropout 0.3,
     * initial alpha 1.5.
     *
     * @param series C, at least 1
     * @param inputLength T, at least 1
     * @param horizon the predicted steps, at least 1
     * @param uhop whether the Hopfield blocks have learnable kernels {@code Phi(x) = W x}
     * @param seed the seed of every initial parameter
     * @return the paper's configuration
     */
    public static StanHopConfig paper(int series, int inputLength, int horizon, boolean uhop, long seed) {
        return new StanHopConfig(series, inputLength, horizon, 12, 2, layersFor(horizon), 256, 512, 4, 10, 0.3, 1.5,
                uhop, seed);
    }

    /**
     * The scale blocks of appendix F.5: one for horizons 96 and 192 (up to 192), two beyond.
     *
     * @param horizon the predicted steps, at least 1
     * @return 1 for horizons up to 192, else 2
     */
    public static int layersFor(int horizon) {
        Checks.atLeast("horizon", horizon, 1);
        return horizon <= 192 ? 1 : 2;
    }

    /**
     * The input segments, {@code ceil(T / seg)} (the input is left-padded by repeating its first step).
     *
     * @return {@code ceil(T / seg)}, at least 1
     */
    public int inputSegments() {
        return (inputLength + segmentLength - 1) / segmentLength;
    }

    /**
     * The output segments, {@code ceil(horizon / seg)}.
     *
     * @return {@code ceil(horizon / seg)}, at least 1
     */
    public int outputSegments() {
        return (horizon + segmentLength - 1) / segmentLength;
    }

    /**
     * The segments of scale block {@code i} (from 0): {@code ceil(L / window^i)}.
     *
     * @param block the scale block, from 0
     * @return {@code ceil(L / window^block)} with L the input segments
     */
    public int segmentsAt(int block) {
        int l = inputSegments();
        for (int i = 0; i < block; i++) {
            l = (l + window - 1) / window;
        }
        return l;
    }

    /**
     * A copy with another seed.
     *
     * @param s the seed
     * @return a copy with the seed replaced
     */
    public StanHopConfig withSeed(long s) {
        return new StanHopConfig(series, inputLength, horizon, segmentLength, window, layers, dModel, dFf, heads,
                factor, dropout, initialAlpha, uhop, s);
    }

    /**
     * A copy with or without U-Hop kernels.
     *
     * @param u true for U-Hop kernels
     * @return a copy with the setting replaced
     */
    public StanHopConfig withUHop(boolean u) {
        return new StanHopConfig(series, inputLength, horizon, segmentLength, window, layers, dModel, dFf, heads,
                factor, dropout, initialAlpha, u, seed);
    }
}
