package org.uhopkit.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDResource;
import ai.djl.ndarray.types.DataType;
import java.util.function.Function;

/**
 * A scratch scope for one computation, safe to use from many threads on the same inputs: every
 * intermediate lands in the scope's own manager and is freed when it closes; only what {@link #keep}
 * hands out survives.
 *
 * <p>Inputs are never moved: {@link #use(NDArray)} gives a view of an input (same storage, no copy) that
 * belongs to the scope, so operations on the view put their results in the scope. The input itself keeps
 * its manager; closing the scope frees the view's handle, not the input's data. (The kit once attached its
 * inputs to a temporary manager for the duration of a call; two threads doing that on the same memories
 * moved them under each other, freed them, and crashed libtorch.) Views are differentiable: gradients flow
 * back to the input.
 */
public final class Scope implements AutoCloseable {

    private final NDManager manager;

    private Scope(NDManager manager) {
        this.manager = manager;
    }

    /**
     * Opens a scope below {@code anchor}'s manager, on its device.
     *
     * @param anchor an array whose manager and device the scope takes
     * @return the scope; close it
     */
    public static Scope near(NDArray anchor) {
        return new Scope(anchor.getManager().newSubManager(anchor.getDevice()));
    }

    /**
     * Runs {@code computation} on views of {@code inputs} in a new scope and hands its result to the
     * manager of the first input: every intermediate is freed, the inputs are untouched.
     *
     * @param computation receives the views, in the order of {@code inputs}
     * @param inputs at least one array
     * @return the result, owned by {@code inputs[0]}'s manager
     */
    public static NDArray compute(Function<NDArray[], NDArray> computation, NDArray... inputs) {
        NDManager owner = inputs[0].getManager();
        try (Scope s = near(inputs[0])) {
            NDArray[] views = new NDArray[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                views[i] = s.use(inputs[i]);
            }
            return s.keep(computation.apply(views), owner);
        }
    }

    /**
     * A view of {@code input} owned by this scope (no copy): operations on it create their results here.
     *
     * @param input any array; it is not moved, closed or changed
     * @return the view, freed with the scope
     */
    public NDArray use(NDArray input) {
        NDArray view = input.reshape(input.getShape()); // a new handle on the same storage, in input's manager
        view.attach(manager); // the handle we just made is ours to move; the input stays where it was
        return view;
    }

    /**
     * The scope's manager (for creating constants inside the scope).
     *
     * @return the scope's manager
     */
    public NDManager manager() {
        return manager;
    }

    /**
     * Hands {@code result}, created in this scope, to {@code owner}, so it survives the scope.
     *
     * @param result an array or list this scope created
     * @param owner the manager that owns it from now on
     * @param <T> the resource type
     * @return {@code result}
     */
    public <T extends NDResource> T keep(T result, NDManager owner) {
        result.attach(owner);
        return result;
    }

    /**
     * The value of a one-element array of any floating type, as a double (a host sync).
     *
     * @param a a one-element floating-point array
     * @return its value
     */
    public static double scalar(NDArray a) {
        try (NDArray d = a.toType(DataType.FLOAT64, true)) {
            return d.getDouble();
        }
    }

    /**
     * The values of an array of any floating type, as doubles (a host sync).
     *
     * @param a a floating-point array
     * @return a new array of its values, in row-major order
     */
    public static double[] doubles(NDArray a) {
        try (NDArray d = a.toType(DataType.FLOAT64, true)) {
            return d.toDoubleArray();
        }
    }

    /** Frees every array made in the scope. */
    @Override
    public void close() {
        manager.close();
    }
}
