package org.uhopkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the kernel features {@code Phi(R)} and {@code Phi(Y)} of every {@link HopfieldBlock} with a kernel
 * during one forward pass on the current thread, for the separation loss of Algorithm 2's inner steps. Open
 * on one thread only; other threads' forward passes are not affected. Package-private.
 */
final class FeatureCapture implements AutoCloseable {

    private static final ThreadLocal<FeatureCapture> CURRENT = new ThreadLocal<>();

    /**
     * The features of one block in one forward pass, views living in the capture's manager; {@code sameInput}
     * when R and Y were the same array (self-association), so the state tokens repeat the stored ones.
     */
    record Features(HopfieldBlock block, NDArray state, NDArray stored, boolean sameInput) {}

    private final NDManager manager;
    private final List<Features> features = new ArrayList<>();
    private final FeatureCapture previous;

    private FeatureCapture(NDManager manager) {
        this.manager = manager;
        this.previous = CURRENT.get();
    }

    /** Starts capturing on this thread; captured views are attached to {@code manager}. */
    static FeatureCapture open(NDManager manager) {
        FeatureCapture c = new FeatureCapture(manager);
        CURRENT.set(c);
        return c;
    }

    /** The capture open on this thread, or null. */
    static FeatureCapture current() {
        return CURRENT.get();
    }

    /** Records views of the features (the arrays themselves stay in the caller's scope). */
    void add(HopfieldBlock block, NDArray state, NDArray stored, boolean sameInput) {
        NDArray s = state.reshape(state.getShape());
        s.attach(manager);
        NDArray y = stored.reshape(stored.getShape());
        y.attach(manager);
        features.add(new Features(block, s, y, sameInput));
    }

    /** What was captured, in forward order. */
    List<Features> features() {
        return List.copyOf(features);
    }

    @Override
    public void close() {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
