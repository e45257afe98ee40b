package org.uhopkit;

import java.util.List;

/**
 * One run of a batched or checkpointed Stage I ({@link UHopSpec#stageOneBatch}): the trained memory at every
 * requested N, or why the run diverged. Closing it closes every memory it holds.
 *
 * @param spec the spec this run trained
 * @param atCheckpoints one trained memory per requested N, in the order asked (empty when the run diverged)
 * @param failure the divergence, or null
 */
public record StageOneRun(UHopSpec spec, List<TrainedMemory> atCheckpoints, StageOneDivergedException failure)
        implements AutoCloseable {

    /**
     * Copies the list.
     *
     * @param spec the spec this run trained
     * @param atCheckpoints one trained memory per requested N (copied)
     * @param failure the divergence, or null
     */
    public StageOneRun {
        atCheckpoints = List.copyOf(atCheckpoints);
    }

    /**
     * True when Stage I diverged for this run (see {@link #failure()}).
     *
     * @return whether it diverged
     */
    public boolean diverged() {
        return failure != null;
    }

    /**
     * The memory after N steps.
     *
     * @param n one of the requested N
     * @return the memory trained for N steps
     * @throws IllegalArgumentException when N was not requested
     * @throws StageOneDivergedException when this run diverged
     */
    public TrainedMemory at(int n) {
        if (failure != null) {
            throw failure;
        }
        for (TrainedMemory m : atCheckpoints) {
            if (m.stageOneSteps() == n) {
                return m;
            }
        }
        throw new IllegalArgumentException("N = " + n + " was not one of this run's checkpoints");
    }

    /** Closes every memory of this run. */
    @Override
    public void close() {
        atCheckpoints.forEach(TrainedMemory::close);
    }
}
