package org.uhopkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The scratch scope of one forward call: every array the call creates is attached here at once (only arrays
 * the call created, never an input or a parameter), so that closing the scope frees every intermediate and
 * only what the call hands back survives. Autograd is not affected: PyTorch keeps what the backward pass
 * needs alive by itself. Package-private.
 */
final class Scope implements AutoCloseable {

    private final NDManager manager;

    Scope(NDArray anchor) {
        this.manager = anchor.getManager().newSubManager(anchor.getDevice());
    }

    NDManager manager() {
        return manager;
    }

    /** Attaches {@code created} (an array this call created) to the scope and returns it. */
    NDArray own(NDArray created) {
        created.attach(manager);
        return created;
    }

    /**
     * A view of {@code input} (an array of the caller, a parameter, ...) that lives in this scope, so that
     * the operations on it create their results here; the input itself is left where it is.
     */
    NDArray alias(NDArray input) {
        return own(input.reshape(input.getShape()));
    }

    /** {@code x W^T + b} (b may be null), in this scope. */
    NDArray linear(NDArray x, NDArray w, NDArray b) {
        return own(x.getNDArrayInternal().linear(x, w, b).singletonOrThrow());
    }

    /** Hands {@code result} to {@code owner}; it survives the scope. */
    NDArray keep(NDArray result, NDManager owner) {
        result.attach(owner);
        return result;
    }

    @Override
    public void close() {
        manager.close();
    }
}
