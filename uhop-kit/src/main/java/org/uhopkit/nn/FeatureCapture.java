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

    /**
     * Thrown by {@link #add} once the expected number of features is captured, to end the forward pass there:
     * nothing computed after the last kernel's features enters the separation loss. One shared instance, without
     * stack trace (immutable).
     */
    static final class Complete extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Complete() {
            super("every kernel's features are captured", null, false, false);
        }
    }

    private static final Complete COMPLETE = new Complete();

    private final NDManager manager;
    private final int stopAfter;
    private final List<Features> features = new ArrayList<>();
    private final FeatureCapture previous;

    private FeatureCapture(NDManager manager, int stopAfter) {
        this.manager = manager;
        this.stopAfter = stopAfter;
        this.previous = CURRENT.get();
    }

    /** Starts capturing on this thread; captured views are attached to {@code manager}. */
    static FeatureCapture open(NDManager manager) {
        return open(manager, 0);
    }

    /**
     * Starts capturing on this thread; after the {@code stopAfter}-th feature (if positive) {@link #add} throws
     * {@link Complete} to end the forward pass.
     */
    static FeatureCapture open(NDManager manager, int stopAfter) {
        FeatureCapture c = new FeatureCapture(manager, stopAfter);
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
        if (features.size() == stopAfter) {
            throw COMPLETE;
        }
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
