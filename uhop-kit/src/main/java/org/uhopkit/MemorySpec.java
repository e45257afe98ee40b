package org.uhopkit;

import org.uhopkit.internal.Checks;
import org.uhopkit.internal.StageTwo;

import ai.djl.ndarray.NDArray;

/**
 * An immutable spec of a (modern) Hopfield memory: the stored memories {@code Xi} {@code (M, d)}, one
 * pattern per row, and the Stage II settings. Every setter returns a copy, so notebook cells can branch
 * from one base without sharing state. It owns no native memory.
 *
 * <p><b>Thread safety.</b> A spec may be shared: {@link #retrieve}, {@link #energy} and {@link #energyArray} may
 * run from many threads at once, on the same or on different queries. Each call works in a scope of its own on
 * views of the memories and queries; it never moves, changes or frees them, and its result belongs to the
 * queries' manager. Keep the memories' manager open while the spec is in use.
 *
 * <pre>
 * jshell&gt; var spec = UHop.memories(xi).separation(Separation.sparsemax()).beta(8.0);
 * jshell&gt; Retrieval r = spec.retrieve(queries);          // x &lt;- Xi^T Sep(beta Xi x), eq. (2.4)
 * jshell&gt; try (TrainedMemory mem = spec.kernel(Kernel.linear()).stageOne(100)) { mem.retrieve(queries); }
 * </pre>
 */
public final class MemorySpec implements Retriever {

    private final NDArray memories;
    private final StageTwo stageTwo;
    private final String origin;

    MemorySpec(NDArray memories, StageTwo stageTwo, String origin) {
        this.memories = memories;
        this.stageTwo = stageTwo;
        this.origin = origin;
    }

    /**
     * The memories {@code Xi}, {@code (M, d)} (not owned by the spec).
     *
     * @return {@code Xi}, {@code (M, d)}, owned by the caller
     */
    public NDArray memories() {
        return memories;
    }

    /**
     * M, the number of memories.
     *
     * @return M
     */
    public long size() {
        return memories.getShape().get(0);
    }

    /**
     * d, the pattern dimension.
     *
     * @return d
     */
    public long dimension() {
        return memories.getShape().get(1);
    }

    /**
     * The similarity.
     *
     * @return the similarity {@code K} of Stage II
     */
    public Similarity similarity() {
        return stageTwo.similarity();
    }

    /**
     * The separation.
     *
     * @return the separation {@code Sep} of eq. (2.4)
     */
    public Separation separation() {
        return stageTwo.separation();
    }

    /**
     * beta.
     *
     * @return beta, positive and finite
     */
    public double beta() {
        return stageTwo.beta();
    }

    /**
     * T.
     *
     * @return T, at least 1
     */
    public int updateSteps() {
        return stageTwo.updateSteps();
    }

    /**
     * The early-stopping tolerance (0 = none).
     *
     * @return the L2 tolerance, non-negative (0: always T steps)
     */
    public double tolerance() {
        return stageTwo.tolerance();
    }

    /**
     * A copy with another similarity (dot product by default).
     *
     * @param similarity the similarity, not null (a fixed kernel must fit the memories' width)
     * @return a copy with the similarity replaced
     */
    public MemorySpec similarity(Similarity similarity) {
        Checks.notNull("similarity", similarity);
        if (similarity instanceof Similarity.FixedKernel k) {
            k.requireWidth(memories);
        }
        return new MemorySpec(memories, stageTwo.withSimilarity(similarity), origin);
    }

    /**
     * A copy with another separation (softmax by default).
     *
     * @param separation the separation, not null
     * @return a copy with the separation replaced
     */
    public MemorySpec separation(Separation separation) {
        return new MemorySpec(memories, stageTwo.withSeparation(Checks.notNull("separation", separation)), origin);
    }

    /**
     * A copy with inverse temperature {@code beta} (positive and finite; default 1), used as Sep(beta * sim).
     *
     * @param beta beta, positive and finite
     * @return a copy with beta replaced
     */
    public MemorySpec beta(double beta) {
        return new MemorySpec(memories, stageTwo.withBeta(beta), origin);
    }

    /**
     * A copy with T update steps (at least 1; default 1).
     *
     * @param steps T, at least 1
     * @return a copy with T replaced
     */
    public MemorySpec updateSteps(int steps) {
        return new MemorySpec(memories, stageTwo.withUpdateSteps(steps), origin);
    }

    /**
     * A copy that stops once no query moves more than {@code tolerance} (L2) in a step; 0 = never early.
     *
     * @param tolerance the L2 tolerance, non-negative and finite
     * @return a copy with the tolerance replaced
     */
    public MemorySpec tolerance(double tolerance) {
        return new MemorySpec(memories, stageTwo.withTolerance(tolerance), origin);
    }

    /**
     * A copy that does (default) or does not compute the energy after every step.
     *
     * @param track true to compute the energy of eq. (2.2) after every step
     * @return a copy with the setting replaced
     */
    public MemorySpec trackEnergy(boolean track) {
        return new MemorySpec(memories, stageTwo.withTrackEnergy(track), origin);
    }

    /**
     * U-Hop: a spec of Stage I with the feature map {@code Phi(x) = W x} of {@code kernel}, carrying over
     * this spec's separation, beta, T and tolerance to Stage II.
     *
     * @param kernel the kernel spec, not null, fitting the memories' width d
     * @return a Stage I spec (Algorithm 1) on these memories
     */
    public UHopSpec kernel(Kernel kernel) {
        return UHopSpec.of(memories, Checks.notNull("kernel", kernel), stageTwo);
    }

    @Override
    public Retrieval retrieve(NDArray queries) {
        Checks.compatible("query", queries, memories);
        StageTwo.Outcome o = stageTwo.run(memories, queries);
        return new Retrieval(o.states(), o.weights(), o.energies(), o.moves(), o.steps(), toString());
    }

    /**
     * The energy of eq. (2.2), {@code E(x) = K(x, x)/2 - Psi*_alpha(beta, K(Xi, x))}, of each row of
     * {@code states} {@code (B, d)}. Defined for inner-product similarities and entmax-family separations.
     *
     * @param states the states {@code (B, d)}, on the memories' device and type
     * @return a new array of B energies
     */
    public double[] energy(NDArray states) {
        Checks.compatible("states", states, memories);
        return stageTwo.energyOf(memories, states);
    }

    /**
     * The same energies as {@link #energy(NDArray)}, as an array {@code (B,)} in the states' manager, built
     * from NDArray operations so that DJL's autograd can differentiate it (e.g. to check that a limit of
     * the dynamics is a stationary point).
     *
     * @param states the states {@code (B, d)}, on the memories' device and type
     * @return the {@code (B,)} energies, owned by the states' manager
     */
    public NDArray energyArray(NDArray states) {
        Checks.compatible("states", states, memories);
        return stageTwo.energyArray(memories, states);
    }

    StageTwo stageTwo() {
        return stageTwo;
    }

    @Override
    public String toString() {
        return "MemorySpec(memories=" + memories.getShape() + ", " + origin + stageTwo + ")";
    }
}
