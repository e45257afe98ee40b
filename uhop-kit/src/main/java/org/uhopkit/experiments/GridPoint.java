package org.uhopkit.experiments;

/**
 * A point (or a slice) of an experiment's grid, to look up a summary row: the fields that are set must
 * match, the others are free. Immutable; the static methods start one, the {@code with} methods add to it.
 *
 * <pre>
 * jshell&gt; r.meanError(Method.UHOP_MHM, GridPoint.m(100).withN(500))
 * </pre>
 *
 * @param preset the preset, or null for any
 * @param loss the Stage I loss ({@code average}, {@code max}), or null for any
 * @param m the memory set size M, or null for any
 * @param n the Stage I steps N, or null for any
 * @param sigma the noise level, or null for any
 */
public record GridPoint(Preset preset, String loss, Integer m, Integer n, Double sigma) {

    /**
     * Any point.
     *
     * @return a point with no requirement
     */
    public static GridPoint any() {
        return new GridPoint(null, null, null, null, null);
    }

    /**
     * Memory set size M.
     *
     * @param m M
     * @return a point requiring M
     */
    public static GridPoint m(int m) {
        return any().withM(m);
    }

    /**
     * Stage I steps N.
     *
     * @param n N
     * @return a point requiring N
     */
    public static GridPoint n(int n) {
        return any().withN(n);
    }

    /**
     * Noise level sigma.
     *
     * @param sigma sigma
     * @return a point requiring sigma
     */
    public static GridPoint sigma(double sigma) {
        return any().withSigma(sigma);
    }

    /**
     * A copy that also requires memory set size M.
     *
     * @param value M
     * @return a copy that requires M
     */
    public GridPoint withM(int value) {
        return new GridPoint(preset, loss, value, n, sigma);
    }

    /**
     * A copy that also requires Stage I steps N.
     *
     * @param value N
     * @return a copy that requires N
     */
    public GridPoint withN(int value) {
        return new GridPoint(preset, loss, m, value, sigma);
    }

    /**
     * A copy that also requires noise level sigma.
     *
     * @param value sigma
     * @return a copy that requires sigma
     */
    public GridPoint withSigma(double value) {
        return new GridPoint(preset, loss, m, n, value);
    }

    /**
     * A copy that also requires the Stage I loss {@code average} or {@code max}.
     *
     * @param value {@code average} or {@code max}
     * @return a copy that requires that loss
     */
    public GridPoint withLoss(String value) {
        return new GridPoint(preset, value, m, n, sigma);
    }

    /**
     * A copy that also requires a preset.
     *
     * @param value the preset
     * @return a copy that requires the preset
     */
    public GridPoint withPreset(Preset value) {
        return new GridPoint(value, loss, m, n, sigma);
    }

    /** True when the row's values match every field that is set. */
    boolean matches(SummaryRow r) {
        return (preset == null || preset.id().equals(r.preset())) && (loss == null || loss.equals(r.separationLoss()))
                && (m == null || m == r.m()) && (n == null || n == r.n())
                && (sigma == null || Double.compare(sigma, r.sigma()) == 0);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (preset != null) {
            s.append(", preset=").append(preset.id());
        }
        if (loss != null) {
            s.append(", loss=").append(loss);
        }
        if (m != null) {
            s.append(", M=").append(m);
        }
        if (n != null) {
            s.append(", N=").append(n);
        }
        if (sigma != null) {
            s.append(", sigma=").append(sigma);
        }
        return s.length() == 0 ? "(any point)" : "(" + s.substring(2) + ")";
    }
}
