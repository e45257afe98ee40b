package org.uhopkit;

import ai.djl.ndarray.NDArray;

/**
 * Anything that retrieves memories for a batch of queries: a plain {@link MemorySpec} or a
 * {@link TrainedMemory} after Stage I, so baselines and U-Hop feed the same tables.
 */
@FunctionalInterface
public interface Retriever {

    /**
     * Runs Stage II for all queries at once.
     *
     * @param queries {@code (B, d)}, same data type and device as the memories
     * @return the retrieval; its arrays live in the queries' manager
     */
    Retrieval retrieve(NDArray queries);
}
