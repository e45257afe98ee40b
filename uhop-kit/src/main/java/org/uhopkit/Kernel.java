package org.uhopkit;

import org.uhopkit.internal.Checks;
import org.uhopkit.internal.SeededGaussians;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The feature map {@code Phi(x) = W x} of eq. (2.1), {@code W} of shape {@code (D_Phi, d)}, and how its
 * initial {@code W} is drawn. An immutable spec: every setter returns a copy.
 *
 * <ul>
 *   <li>{@link #linear()}: W drawn i.i.d. standard normal from a seed (Remark 2.1, and the authors'
 *       {@code randn(d, d)}); {@code D_Phi = d} unless {@link #dimension(int)} says otherwise.
 *   <li>{@link #identity()}: {@code W = I} (so with zero Stage I steps and no row normalisation change,
 *       U-Hop is the plain dot-product model).
 * </ul>
 *
 * <p>{@code D_Phi < d} makes {@code W} rank-deficient and breaks Assumption 2.1 (then Theorem 2.1's
 * inversion of {@code A = W^T W} fails); it is allowed, and {@link TrainedMemory#assumptionWarnings()}
 * says so.
 *
 * @param init how W starts
 * @param dimension {@code D_Phi}, or 0 for "the pattern dimension d"
 * @param seed the seed of the Gaussian draw
 */
public record Kernel(Init init, int dimension, long seed) {

    /** How the initial W is drawn. */
    public enum Init {
        /** i.i.d. N(0, 1) entries. */
        GAUSSIAN,
        /** The identity matrix (requires D_Phi = d). */
        IDENTITY
    }

    /**
     * Validates the spec.
     *
     * @param init how W starts, not null
     * @param dimension {@code D_Phi}, at least 0 (0: d)
     * @param seed the seed of the Gaussian draw
     */
    public Kernel {
        Checks.notNull("kernel init", init);
        if (dimension != 0) {
            Checks.atLeast("D_Phi", dimension, 1);
        }
    }

    /**
     * A linear kernel with Gaussian initial W, {@code D_Phi = d}, seed 0.
     *
     * @return the linear kernel spec
     */
    public static Kernel linear() {
        return new Kernel(Init.GAUSSIAN, 0, 0L);
    }

    /**
     * The identity kernel, {@code W = I_d}.
     *
     * @return the identity kernel spec
     */
    public static Kernel identity() {
        return new Kernel(Init.IDENTITY, 0, 0L);
    }

    /**
     * A copy with {@code D_Phi = dimension} (at least 1).
     *
     * @param dPhi {@code D_Phi}, at least 1
     * @return a copy with the dimension replaced
     */
    public Kernel dimension(int dPhi) {
        Checks.atLeast("D_Phi", dPhi, 1);
        return new Kernel(init, dPhi, seed);
    }

    /**
     * A copy with another seed for the Gaussian draw.
     *
     * @param newSeed the seed
     * @return a copy with the seed replaced
     */
    public Kernel seed(long newSeed) {
        return new Kernel(init, dimension, newSeed);
    }

    /**
     * {@code D_Phi} for patterns of dimension {@code d}.
     *
     * @param d the pattern dimension d
     * @return {@code D_Phi}: the set dimension, or d when unset
     */
    public int dimensionFor(long d) {
        return dimension == 0 ? Math.toIntExact(d) : dimension;
    }

    /**
     * Draws the initial {@code W}, {@code (D_Phi, d)}, in {@code manager} with the given type. The same
     * seed gives the same W on every machine: the values of {@code java.util.Random(seed).nextGaussian()}
     * (its algorithm is specified), drawn by {@link SeededGaussians} without Random's synchronisation.
     *
     * @param manager the manager W is created in
     * @param d the pattern dimension d
     * @param type the data type of W
     * @return W, {@code (D_Phi, d)}, owned by {@code manager}
     */
    public NDArray initialWeights(NDManager manager, long d, DataType type) {
        int dPhi = dimensionFor(d);
        if (init == Init.IDENTITY) {
            if (dPhi != d) {
                throw new IllegalArgumentException(
                        "the identity kernel needs D_Phi = d = " + d + ", got D_Phi = " + dPhi);
            }
            return manager.eye(Math.toIntExact(d), Math.toIntExact(d), 0, type);
        }
        long n = (long) dPhi * d;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("W would have " + n + " entries, more than an array can hold");
        }
        Shape shape = new Shape(dPhi, d);
        // java.util.Random(seed).nextGaussian(), value for value, drawn without Random's locking (SeededGaussians)
        if (type == DataType.FLOAT64) {
            double[] values = new double[(int) n];
            SeededGaussians.fill(seed, values);
            return manager.create(values, shape);
        }
        NDArray floats = manager.create(SeededGaussians.floats(seed, (int) n), shape, DataType.FLOAT32);
        if (type == DataType.FLOAT32) {
            return floats;
        }
        // a converted copy: the float array stays in the manager (an alias would need it alive)
        return floats.toType(type, true);
    }

    @Override
    public String toString() {
        return "Kernel[init=" + init + ", D_Phi=" + (dimension == 0 ? "d" : dimension)
                + (init == Init.GAUSSIAN ? ", seed=" + seed : "") + "]";
    }
}
