package org.uhopkit.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Argument checks shared by the kit. Every check throws where the bad value enters, in one format:
 * {@code "<name> must be <rule>, got <value>"}.
 */
public final class Checks {

    private Checks() {}

    /**
     * Requires {@code value > 0} and finite.
     *
     * @param name what the value is, as the message names it
     * @param value the value
     * @return the checked value, unchanged
     */
    public static double positiveFinite(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
        }
        return value;
    }

    /**
     * Requires {@code value >= 0} and finite.
     *
     * @param name what the value is, as the message names it
     * @param value the value
     * @return the checked value, unchanged
     */
    public static double nonNegativeFinite(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be non-negative and finite, got " + value);
        }
        return value;
    }

    /**
     * Requires {@code value >= min}.
     *
     * @param name what the value is, as the message names it
     * @param value the value
     * @param min the smallest allowed value
     * @return the checked value, unchanged
     */
    public static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    /**
     * Requires a value in {@code [lo, hi]}.
     *
     * @param name what the value is, as the message names it
     * @param value the value
     * @param lo the lower end
     * @param hi the upper end
     * @return the checked value, unchanged
     */
    public static double inRange(String name, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(
                    name + " must be in [" + fmt(lo) + ", " + fmt(hi) + "], got " + value);
        }
        return value;
    }

    /**
     * Requires a non-null reference.
     *
     * @param <T> the value type
     * @param name what the value is, as the message names it
     * @param value the value
     * @return the checked value, unchanged
     */
    public static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /**
     * Requires a floating-point matrix (two dimensions, at least one row and one column) with
     * only finite values.
     *
     * @param name what the value is, as the message names it
     * @param array the array
     * @return the checked value, unchanged
     */
    public static NDArray finiteMatrix(String name, NDArray array) {
        requireOpen(name, array);
        Shape shape = array.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException(
                    name + " must be a matrix with one pattern per row, got shape " + shape);
        }
        if (shape.get(0) < 1 || shape.get(1) < 1) {
            throw new IllegalArgumentException(name + " must not be empty, got shape " + shape);
        }
        DataType type = array.getDataType();
        if (type != DataType.FLOAT32 && type != DataType.FLOAT64) {
            throw new IllegalArgumentException(
                    name + " must be float32 or float64, got " + type + " (use toType(DataType.FLOAT32, false))");
        }
        requireFinite(name, array);
        return array;
    }

    /**
     * Requires that no element is NaN or infinite; names the first offending element.
     *
     * @param name what the value is, as the message names it
     * @param array the array
     */
    public static void requireFinite(String name, NDArray array) {
        requireOpen(name, array);
        try (Scope s = Scope.near(array)) {
            NDArray a = s.use(array);
            NDArray bad = a.isNaN().logicalOr(a.isInfinite());
            if (!bad.any().getBoolean()) {
                return;
            }
            long i = bad.flatten().toType(DataType.INT32, false).argMax().getLong();
            double v = Scope.scalar(a.flatten().get(i));
            long cols = array.getShape().dimension() == 2 ? array.getShape().get(1) : 1;
            String where = array.getShape().dimension() == 2
                    ? "row " + (i / cols) + ", column " + (i % cols)
                    : "index " + i;
            throw new IllegalArgumentException(name + " must be finite, got " + v + " at " + where);
        }
    }

    /**
     * Requires an array that has not been freed (its manager not closed), with a message that says so instead
     * of DJL's generic one.
     *
     * @param name what the value is, as the message names it
     * @param array the array
     * @return the checked value, unchanged
     */
    public static NDArray requireOpen(String name, NDArray array) {
        notNull(name, array);
        if (array.isReleased()) {
            throw new IllegalArgumentException(name + " is no longer usable: its NDManager was closed (keep it "
                    + "open while " + name + " is in use)");
        }
        return array;
    }

    /**
     * Requires patterns (one per row) whose inner products are representable: every squared row norm
     * {@code <x, x>} finite in the array's data type. Larger patterns give infinite scores and NaN states.
     *
     * @param name what the value is, as the message names it
     * @param patterns one pattern per row
     * @return the checked value, unchanged
     */
    public static NDArray representablePatterns(String name, NDArray patterns) {
        try (Scope s = Scope.near(patterns)) {
            NDArray sq = s.use(patterns).square().sum(new int[] {-1});
            NDArray bad = sq.isInfinite();
            if (!bad.any().getBoolean()) {
                return patterns;
            }
            long row = bad.toType(DataType.INT32, false).argMax().getLong();
            double largest = Scope.scalar(s.use(patterns).abs().max());
            throw new IllegalArgumentException(name + " are too large for " + patterns.getDataType()
                    + ": row " + row + " has a squared norm that overflows (largest |entry| = " + largest
                    + "), so every score and state would be infinite or NaN; scale the patterns down or use float64");
        }
    }

    /**
     * Requires that {@code other} can be used together with {@code memories}: same width, type, device.
     *
     * @param name what the value is, as the message names it
     * @param other the array to check
     * @param memories the memories {@code (M, d)}
     */
    public static void compatible(String name, NDArray other, NDArray memories) {
        requireOpen("the memories", memories);
        finiteMatrix(name, other);
        long d = memories.getShape().get(1);
        if (other.getShape().get(1) != d) {
            throw new IllegalArgumentException(
                    name + " must have d = " + d + " columns like the memories, got shape " + other.getShape());
        }
        representablePatterns(name, other);
        if (other.getDataType() != memories.getDataType()) {
            throw new IllegalArgumentException(name + " must have the memories' data type "
                    + memories.getDataType() + ", got " + other.getDataType());
        }
        if (!other.getDevice().equals(memories.getDevice())) {
            throw new IllegalArgumentException(name + " must be on the memories' device "
                    + memories.getDevice() + ", got " + other.getDevice());
        }
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
