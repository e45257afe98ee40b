package org.uhopkit.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic of an array with a Java number that is safe to differentiate on DJL 0.35.1's PyTorch engine.
 *
 * <p>Why: {@code NDArray.mul(Number)} (likewise {@code div}, {@code pow}, {@code maximum}, {@code minimum})
 * wraps the number in a 0-d tensor whose storage is a Java direct {@code ByteBuffer} ({@code from_blob}, no
 * copy) and closes that array as soon as the product is made. PyTorch's autograd saves the 0-d tensor for the
 * backward pass, but nothing keeps the buffer reachable: when a garbage collection runs between the forward
 * and the backward pass, the buffer's cleaner frees the memory and the backward pass multiplies the gradient by
 * whatever the allocator left there. Gradients then depend on when the collector ran, so reruns differ under
 * load. Here the number lives in an array whose storage PyTorch allocated and owns (reference-counted), so
 * the saved tensor stays valid for as long as the graph needs it. The values are the same as DJL's: the
 * number is rounded to the array's type, as PyTorch does with a 0-d operand.
 *
 * <p>{@code add(Number)} and {@code sub(Number)} are safe as they are (their backward pass needs no operand).
 */
public final class Scalars {

    private Scalars() {}

    /**
     * A 0-d array of {@code value} in {@code type} whose storage PyTorch owns (not a Java buffer).
     *
     * @param manager where it is created (its device)
     * @param value the number
     * @param type the data type
     * @return a new array, the caller's to close
     */
    public static NDArray of(NDManager manager, double value, DataType type) {
        Checks.notNull("manager", manager);
        Checks.notNull("type", type);
        if (type != DataType.FLOAT64) {
            return manager.full(new Shape(), (float) value, type);
        }
        // no native "full" in double precision: 1 * value is exact and lands in storage PyTorch allocated
        try (NDArray java = manager.create(value); NDArray one = manager.ones(new Shape(), DataType.FLOAT64)) {
            return one.mul(java);
        }
    }

    /**
     * A copy of {@code a} whose storage PyTorch allocated and owns: for arrays made from Java data
     * ({@code manager.create(double[])}, whose storage is a Java buffer) that a graph may save for backward.
     * (Not {@code toType(sameType, true)}, which returns an alias, nor {@code duplicate()}, whose storage is
     * again a Java buffer.)
     *
     * @param a the array
     * @return a new array in {@code a}'s manager, bit-identical to {@code a}
     */
    public static NDArray owned(NDArray a) {
        return times(a, 1);
    }

    /**
     * {@code a * value}, differentiable with respect to {@code a}.
     *
     * @param a the array
     * @param value the number
     * @return a new array in {@code a}'s manager
     */
    public static NDArray times(NDArray a, double value) {
        try (NDArray c = of(a.getManager(), value, a.getDataType())) {
            return a.mul(c);
        }
    }

    /**
     * {@code a / value}, differentiable with respect to {@code a}.
     *
     * @param a the array
     * @param value the number
     * @return a new array in {@code a}'s manager
     */
    public static NDArray over(NDArray a, double value) {
        try (NDArray c = of(a.getManager(), value, a.getDataType())) {
            return a.div(c);
        }
    }

    /**
     * {@code a ^ value}, differentiable with respect to {@code a}.
     *
     * @param a the array
     * @param value the exponent
     * @return a new array in {@code a}'s manager
     */
    public static NDArray power(NDArray a, double value) {
        try (NDArray c = of(a.getManager(), value, a.getDataType())) {
            return a.pow(c);
        }
    }

    /**
     * {@code max(a, value)} elementwise, differentiable with respect to {@code a}.
     *
     * @param a the array
     * @param value the floor
     * @return a new array in {@code a}'s manager
     */
    public static NDArray atLeast(NDArray a, double value) {
        try (NDArray c = of(a.getManager(), value, a.getDataType())) {
            return a.maximum(c);
        }
    }
}
