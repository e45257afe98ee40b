package org.uhopkit.internal;

import org.uhopkit.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDResource;

/**
 * A scratch scope for one computation: the inputs are attached to a fresh manager for the
 * duration (so every intermediate lands there), and only what {@link #keep} hands out survives.
 * Inputs return to their own managers when the scope closes; the kit never closes an input.
 */
public final class Scratch implements AutoCloseable {

    private final NDManager manager;

    private Scratch(NDManager manager) {
        this.manager = manager;
    }

    /** Opens a scope on the device of {@code anchor}, temporarily holding {@code inputs}. */
    public static Scratch of(NDArray anchor, NDResource... inputs) {
        NDManager m = anchor.getManager().newSubManager(anchor.getDevice());
        java.util.List<NDResource> distinct = new java.util.ArrayList<>();
        for (NDResource r : inputs) {
            if (distinct.stream().noneMatch(a -> a == r)) { // identity: NDArray.equals compares content
                distinct.add(r);
            }
        }
        m.tempAttachAll(distinct.toArray(new NDResource[0]));
        return new Scratch(m);
    }

    /** The value of a one-element array of any floating type, as a double. */
    public static double scalar(NDArray a) {
        try (NDArray d = a.toType(ai.djl.ndarray.types.DataType.FLOAT64, true)) {
            return d.getDouble();
        }
    }

    /** The values of an array of any floating type, as doubles. */
    public static double[] doubles(NDArray a) {
        try (NDArray d = a.toType(ai.djl.ndarray.types.DataType.FLOAT64, true)) {
            return d.toDoubleArray();
        }
    }

    /**
     * Runs {@code computation} in a scope holding {@code inputs} and hands its result to the manager
     * {@code anchor} belonged to before: every intermediate is freed, only the result stays.
     */
    public static NDArray owned(NDArray anchor, java.util.function.Supplier<NDArray> computation, NDResource... inputs) {
        NDManager owner = anchor.getManager();
        NDResource[] all = java.util.Arrays.copyOf(inputs, inputs.length + 1);
        all[inputs.length] = anchor;
        try (Scratch s = of(anchor, all)) {
            return s.keep(computation.get(), owner);
        }
    }

    public NDManager manager() {
        return manager;
    }

    /** Hands {@code result} to {@code owner}, so it survives this scope. */
    public <T extends NDResource> T keep(T result, NDManager owner) {
        result.attach(owner);
        return result;
    }

    @Override
    public void close() {
        manager.close();
    }
}
