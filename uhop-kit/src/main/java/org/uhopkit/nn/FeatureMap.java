package org.uhopkit.nn;

import org.uhopkit.TrainedMemory;
import org.uhopkit.internal.Checks;
import org.uhopkit.internal.Scope;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The kernel feature map {@code Phi} of a Hopfield layer (eq. (2.1): {@code Phi(x) = W x}, {@code W} of shape
 * {@code (D_Phi, e)}), applied to the state and the stored patterns before the projections, as in section 3's
 * {@code U-Hop(Xi, X) = Sep(beta W_K Phi(Xi) W_Q Phi(x)) ...}. An immutable spec; every setter returns a copy.
 *
 * <ul>
 *   <li>{@link #none()}: no kernel, {@code Phi(x) = x} (the plain modern Hopfield layer).
 *   <li>{@link #linear()}: a learnable {@code W}, {@code D_Phi = e} by default, no bias, Gaussian
 *       {@code N(0, 1/e)} entries (variance-preserving; {@link #gaussian(double) gaussian(1.0)} gives the
 *       {@code N(0, 1)} of Stage I and Remark 2.1), or {@link #identityInit()}; with {@link #bias(boolean)}
 *       it becomes affine, {@code Phi(x) = W x + b}.
 *   <li>{@link #of(TrainedMemory)}: Stage I's learned {@code W} of a {@link TrainedMemory}, copied when this
 *       spec is made (the memory may be closed afterwards), frozen unless {@link #trainable(boolean)}.
 *   <li>{@link #authors()}: the authors' code's kernel, {@code Linear(e, e)} with bias and PyTorch's default
 *       initialisation {@code U(-1/sqrt(e), 1/sqrt(e))} for weight and bias.
 * </ul>
 *
 * <p>A block with a kernel uses one {@code Phi} for both state and stored patterns (they need the same
 * width). With {@code Phi} linear (or affine), one retrieval step of a block without projections is exactly
 * eq. (2.4) with {@code K(u, v) = <Phi(u), Phi(v)>}.
 */
public final class FeatureMap {

    /** What the feature map is. */
    public enum Kind {
        /** No kernel: {@code Phi(x) = x}. */
        NONE,
        /** A linear (or affine) map with a fresh {@code W}. */
        LINEAR,
        /** A linear map whose {@code W} is given (copied from a {@link TrainedMemory}). */
        GIVEN
    }

    /** How a fresh {@code W} is drawn. */
    public enum Init {
        /** i.i.d. Gaussian entries with the spec's standard deviation (0: {@code 1/sqrt(e)}). */
        GAUSSIAN,
        /** The identity matrix (needs {@code D_Phi = e}). */
        IDENTITY,
        /** PyTorch's {@code nn.Linear} default: {@code U(-1/sqrt(e), 1/sqrt(e))} for weight and bias. */
        TORCH_DEFAULT
    }

    private final Kind kind;
    private final int dimension;
    private final boolean bias;
    private final Init init;
    private final double std;
    private final boolean trainable;
    private final double[] given;
    private final long givenRows;
    private final long givenColumns;
    private final String origin;

    private FeatureMap(Kind kind, int dimension, boolean bias, Init init, double std, boolean trainable,
            double[] given, long givenRows, long givenColumns, String origin) {
        this.kind = kind;
        this.dimension = dimension;
        this.bias = bias;
        this.init = init;
        this.std = std;
        this.trainable = trainable;
        this.given = given;
        this.givenRows = givenRows;
        this.givenColumns = givenColumns;
        this.origin = origin;
    }

    /**
     * No kernel: {@code Phi(x) = x}.
     *
     * @return the identity map (no parameters)
     */
    public static FeatureMap none() {
        return new FeatureMap(Kind.NONE, 0, false, Init.GAUSSIAN, 0, false, null, 0, 0, "");
    }

    /**
     * A learnable linear kernel {@code Phi(x) = W x} (eq. 2.1) with {@code D_Phi = e} (the pattern width), no
     * bias, Gaussian {@code N(0, 1/e)} initial entries drawn from the block's seed.
     *
     * @return a fresh learnable linear kernel spec
     */
    public static FeatureMap linear() {
        return new FeatureMap(Kind.LINEAR, 0, false, Init.GAUSSIAN, 0, true, null, 0, 0, "");
    }

    /**
     * The authors' code's kernel: {@code Linear(e, e)} with bias, PyTorch's default initialisation. Used by
     * {@link HopfieldBlock.Preset#AUTHORS}.
     *
     * @return the authors' kernel spec (with bias, trainable)
     */
    public static FeatureMap authors() {
        return new FeatureMap(Kind.LINEAR, 0, true, Init.TORCH_DEFAULT, 0, true, null, 0, 0, "");
    }

    /**
     * Stage I's learned {@code W} {@code (D_Phi, d)} of {@code memory} (Algorithm 1), copied now into this spec
     * (the memory is neither attached nor closed, and may be closed afterwards); frozen by default, no bias.
     *
     * @param memory the trained memory whose {@code W} is copied, open, not null
     * @return a frozen kernel spec holding a copy of W
     * @throws IllegalArgumentException for a null memory
     * @throws IllegalStateException for a closed memory
     */
    public static FeatureMap of(TrainedMemory memory) {
        Checks.notNull("trained memory", memory);
        Shape shape = memory.w().getShape();
        double[] w = Scope.doubles(memory.w());
        return new FeatureMap(Kind.GIVEN, Math.toIntExact(shape.get(0)), false, Init.GAUSSIAN, 0, false, w,
                shape.get(0), shape.get(1), "Stage I W of TrainedMemory(N=" + memory.stageOneSteps() + ")");
    }

    /**
     * A copy with {@code D_Phi = dimension}.
     *
     * @param dPhi {@code D_Phi}, at least 1
     * @return a copy with the dimension replaced
     * @throws IllegalArgumentException for {@code dimension < 1}, for no kernel, or for a given W
     */
    public FeatureMap dimension(int dPhi) {
        Checks.atLeast("D_Phi", dPhi, 1);
        requireFresh("dimension");
        return new FeatureMap(kind, dPhi, bias, init, std, trainable, given, givenRows, givenColumns, origin);
    }

    /**
     * A copy with ({@code true}) or without a bias {@code b}: {@code Phi(x) = W x + b}.
     *
     * @param withBias true for a bias {@code b}
     * @return a copy with the setting replaced
     */
    public FeatureMap bias(boolean withBias) {
        requireKernel("bias");
        return new FeatureMap(kind, dimension, withBias, init, std, trainable, given, givenRows, givenColumns,
                origin);
    }

    /**
     * A copy whose fresh {@code W} starts as the identity (needs {@code D_Phi = e}).
     *
     * @return a copy with identity initialisation
     */
    public FeatureMap identityInit() {
        requireFresh("identityInit");
        return new FeatureMap(kind, dimension, bias, Init.IDENTITY, 0, trainable, given, givenRows, givenColumns,
                origin);
    }

    /**
     * A copy whose fresh {@code W} has i.i.d. {@code N(0, std^2)} entries.
     *
     * @param standardDeviation std, positive and finite
     * @return a copy with Gaussian initialisation
     * @throws IllegalArgumentException unless {@code std} is positive and finite
     */
    public FeatureMap gaussian(double standardDeviation) {
        Checks.positiveFinite("standard deviation of W", standardDeviation);
        requireFresh("gaussian");
        return new FeatureMap(kind, dimension, bias, Init.GAUSSIAN, standardDeviation, trainable, given, givenRows,
                givenColumns, origin);
    }

    /**
     * A copy that is trained with the rest of the model ({@code true}) or frozen.
     *
     * @param train true to train the map's parameters, false to freeze them
     * @return a copy with the setting replaced
     */
    public FeatureMap trainable(boolean train) {
        requireKernel("trainable");
        return new FeatureMap(kind, dimension, bias, init, std, train, given, givenRows, givenColumns, origin);
    }

    /**
     * What this map is.
     *
     * @return the kind, not null
     */
    public Kind kind() {
        return kind;
    }

    /**
     * True unless {@link Kind#NONE}.
     *
     * @return true when this map is a kernel
     */
    public boolean isKernel() {
        return kind != Kind.NONE;
    }

    /**
     * {@code D_Phi} for patterns of width {@code e}.
     *
     * @param e the pattern width e
     * @return {@code D_Phi}: e without a kernel or without a set dimension, else the set dimension
     */
    public long dimensionFor(long e) {
        return kind == Kind.NONE ? e : dimension == 0 ? e : dimension;
    }

    /**
     * True when the map has a bias.
     *
     * @return true with a bias {@code b}
     */
    public boolean hasBias() {
        return bias;
    }

    /**
     * The initialisation of a fresh {@code W}.
     *
     * @return the initialisation, not null
     */
    public Init init() {
        return init;
    }

    /**
     * True when the parameters of the map are trained.
     *
     * @return true when a kernel's parameters are trained
     */
    public boolean isTrainable() {
        return kind != Kind.NONE && trainable;
    }

    /** The standard deviation of a Gaussian W (0: {@code 1/sqrt(e)}). */
    double std() {
        return std;
    }

    /** The width {@code d} a given {@code W} expects (0 for a fresh W). */
    long givenColumns() {
        return givenColumns;
    }

    /** A copy of the given W, row-major (null for a fresh W). */
    double[] givenValues() {
        return given == null ? null : given.clone();
    }

    /** Checks the map against patterns of width {@code e}; throws naming the mismatch. */
    void check(long e) {
        if (kind == Kind.GIVEN && givenColumns != e) {
            throw new IllegalArgumentException("the kernel's W is (" + givenRows + ", " + givenColumns
                    + ") (" + origin + "), so the patterns must have width " + givenColumns + ", got " + e);
        }
        if (kind == Kind.LINEAR && init == Init.IDENTITY && dimensionFor(e) != e) {
            throw new IllegalArgumentException("an identity-initialised kernel needs D_Phi = e = " + e
                    + ", got D_Phi = " + dimensionFor(e));
        }
    }

    private void requireKernel(String what) {
        if (kind == Kind.NONE) {
            throw new IllegalArgumentException(what + "(...) needs a kernel, got FeatureMap.none()");
        }
    }

    private void requireFresh(String what) {
        requireKernel(what);
        if (kind == Kind.GIVEN) {
            throw new IllegalArgumentException(what + "(...) does not apply to a given W (" + origin + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureMap f && f.kind == kind && f.dimension == dimension && f.bias == bias
                && f.init == init && f.std == std && f.trainable == trainable && Arrays.equals(f.given, given)
                && f.givenRows == givenRows && f.givenColumns == givenColumns;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, dimension, bias, init, std, trainable, Arrays.hashCode(given));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "FeatureMap[none]";
            case LINEAR -> "FeatureMap[linear, D_Phi=" + (dimension == 0 ? "e" : dimension) + ", bias=" + bias
                    + ", init=" + init + (init == Init.GAUSSIAN ? "(std=" + (std == 0 ? "1/sqrt(e)" : std) + ")" : "")
                    + ", trainable=" + trainable + "]";
            case GIVEN -> "FeatureMap[given W (" + givenRows + ", " + givenColumns + "), " + origin
                    + ", bias=" + bias + ", trainable=" + trainable + "]";
        };
    }
}
