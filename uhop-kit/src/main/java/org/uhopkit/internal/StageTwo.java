package org.uhopkit.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.uhopkit.Separation;
import org.uhopkit.Similarity;

/**
 * The engine of Stage II, the retrieval dynamics of eq. (2.4):
 * {@code x <- Xi^T Sep(beta * sim(Xi, x))}, T times, for all queries at once. Immutable; every run works in a
 * scope of its own on views of the memories and queries, so one instance may run on the same arrays from many
 * threads at once.
 *
 * @param similarity the overlap (dot product, distances, or a kernel)
 * @param separation Sep
 * @param beta the inverse temperature, inside Sep
 * @param updateSteps T, at least 1
 * @param tolerance stop early once every query moved by at most this (L2); 0 = always T steps
 * @param trackEnergy whether to compute the energy (eq. 2.2) at the start and after every step
 */
public record StageTwo(Similarity similarity, Separation separation, double beta, int updateSteps,
        double tolerance, boolean trackEnergy) {

    /**
     * Validates the settings.
     *
     * @param similarity the overlap, not null
     * @param separation Sep, not null
     * @param beta the inverse temperature, positive and finite
     * @param updateSteps T, at least 1
     * @param tolerance the L2 tolerance, non-negative and finite (0: always T steps)
     * @param trackEnergy whether to compute the energy of eq. (2.2)
     */
    public StageTwo {
        Checks.notNull("similarity", similarity);
        Checks.notNull("separation", separation);
        Checks.positiveFinite("beta", beta);
        Checks.atLeast("T (update steps)", updateSteps, 1);
        Checks.nonNegativeFinite("tolerance", tolerance);
    }

    /**
     * What the dynamics produced.
     *
     * @param states the final states {@code (B, d)}, in the queries' manager
     * @param weights the last step's weights {@code (B, M)}, in the queries' manager
     * @param energies the energy of every query before the first and after every step (empty when not tracked)
     * @param moves the largest L2 move of a query in each step
     * @param steps the steps taken
     */
    public record Outcome(NDArray states, NDArray weights, double[][] energies, double[] moves, int steps) {}

    /**
     * The modern Hopfield defaults: dot product, softmax, beta = 1, T = 1, energy tracked.
     *
     * @return the default settings
     */
    public static StageTwo defaults() {
        return new StageTwo(Similarity.dot(), Separation.softmax(), 1.0, 1, 0.0, true);
    }

    /**
     * True where the energy of eq. (2.2) is defined: an inner-product similarity and an entmax-family separation.
     *
     * @return true when the energy of eq. (2.2) can be computed
     */
    public boolean energyDefined() {
        return similarity.isInnerProduct() && separation.hasEnergy();
    }

    /**
     * A copy with another similarity.
     *
     * @param v the similarity, not null
     * @return a copy with the similarity replaced
     */
    public StageTwo withSimilarity(Similarity v) {
        return new StageTwo(v, separation, beta, updateSteps, tolerance, trackEnergy);
    }

    /**
     * A copy with another separation.
     *
     * @param v the separation, not null
     * @return a copy with the separation replaced
     */
    public StageTwo withSeparation(Separation v) {
        return new StageTwo(similarity, v, beta, updateSteps, tolerance, trackEnergy);
    }

    /**
     * A copy with another beta.
     *
     * @param v beta, positive and finite
     * @return a copy with beta replaced
     */
    public StageTwo withBeta(double v) {
        return new StageTwo(similarity, separation, v, updateSteps, tolerance, trackEnergy);
    }

    /**
     * A copy with another T.
     *
     * @param v T, at least 1
     * @return a copy with T replaced
     */
    public StageTwo withUpdateSteps(int v) {
        return new StageTwo(similarity, separation, beta, v, tolerance, trackEnergy);
    }

    /**
     * A copy with another tolerance.
     *
     * @param v the L2 tolerance, non-negative and finite
     * @return a copy with the tolerance replaced
     */
    public StageTwo withTolerance(double v) {
        return new StageTwo(similarity, separation, beta, updateSteps, v, trackEnergy);
    }

    /**
     * A copy that does or does not track the energy.
     *
     * @param v true to track the energy
     * @return a copy with the setting replaced
     */
    public StageTwo withTrackEnergy(boolean v) {
        return new StageTwo(similarity, separation, beta, updateSteps, tolerance, v);
    }

    /** The energy of eq. (2.2), {@code K(x,x)/2 - Psi*(beta z)/beta}, for scores {@code z = K(Xi, x)} and {@code K(x, x)}. */
    private NDArray energy(NDArray z, NDArray self) {
        // Scalars: differentiated (theory checks); DJL's div/mul(Number) operands may be freed before backward
        return Scalars.over(self, 2).sub(Scalars.over(separation.conjugate(Scalars.times(z, beta)), beta));
    }

    private void requireEnergy() {
        if (!energyDefined()) {
            throw new UnsupportedOperationException("the energy of eq. (2.2) needs an inner-product similarity "
                    + "and an entmax-family separation, got " + similarity + " and " + separation);
        }
    }

    /**
     * Energies {@code (B,)} of {@code states} as an array in the states' manager, differentiable.
     *
     * @param memories {@code (M, d)}, not moved or freed
     * @param states {@code (B, d)}, not moved or freed
     * @return {@code (B,)} in the states' manager
     */
    public NDArray energyArray(NDArray memories, NDArray states) {
        requireEnergy();
        // the similarity gets the memories themselves (a trained kernel recognises its own and uses its cache)
        return Scope.compute(v -> energy(similarity.scores(memories, v[0]), similarity.selfScores(v[0])), states);
    }

    /**
     * Energies of {@code states}, checked finite.
     *
     * @param memories {@code (M, d)}, not moved or freed
     * @param states {@code (B, d)}, not moved or freed
     * @return one energy per state
     */
    public double[] energyOf(NDArray memories, NDArray states) {
        requireEnergy();
        try (Scope s = Scope.near(states)) {
            NDArray x = s.use(states);
            NDArray z = similarity.scores(memories, x);
            requireScaledFinite(z);
            return Scope.doubles(energy(z, similarity.selfScores(x)));
        }
    }

    /**
     * Runs the dynamics for all queries; only the result survives, in the queries' manager. Safe to call from
     * several threads on the same memories and queries: neither is moved, changed or freed.
     *
     * @param memories {@code (M, d)}
     * @param queries {@code (B, d)}
     * @return the final states, weights and traces
     * @throws IllegalArgumentException when {@code beta * scores} overflows the data type (naming beta and the
     *     largest score)
     * @throws IllegalStateException when the states come out NaN or infinite anyway
     */
    public Outcome run(NDArray memories, NDArray queries) {
        boolean energy = trackEnergy && energyDefined();
        NDManager owner = queries.getManager();
        List<double[]> energies = new ArrayList<>();
        List<Double> moves = new ArrayList<>();
        try (Scope s = Scope.near(queries)) {
            NDArray xi = s.use(memories);
            NDArray x = s.use(queries);
            NDArray z = similarity.scores(memories, x); // the memories themselves: a trained kernel uses its cache
            requireScaledFinite(z);
            if (energy) {
                energies.add(Scope.doubles(energy(z, similarity.selfScores(x))));
            }
            NDArray p = null;
            int taken = 0;
            for (int step = 1; step <= updateSteps; step++) {
                p = separation.weights(z.mul(beta));
                NDArray next = p.matMul(xi);
                // the move in float64: finite float32 states far apart (e.g. a rectified power of large scores)
                // would overflow a float32 squared distance and raise a false alarm
                NDArray dx = next.toType(DataType.FLOAT64, false).sub(x.toType(DataType.FLOAT64, false));
                double move = Scope.scalar(dx.square().sum(new int[] {1}).max().sqrt());
                if (!Double.isFinite(move)) {
                    throw new IllegalStateException("Stage II produced non-finite states at step " + step
                            + " (" + separation + ", beta = " + beta + ", " + similarity
                            + "): the weights are not finite; check the separation and the scale of the patterns");
                }
                moves.add(move);
                x = next;
                taken = step;
                boolean last = step == updateSteps || (tolerance > 0 && move <= tolerance);
                if (energy || !last) {
                    z = similarity.scores(memories, x);
                }
                if (energy) {
                    energies.add(Scope.doubles(energy(z, similarity.selfScores(x))));
                }
                if (last) {
                    break;
                }
            }
            NDArray states = s.keep(x, owner);
            NDArray weights = s.keep(p, owner);
            return new Outcome(states, weights, energies.toArray(new double[0][]),
                    moves.stream().mapToDouble(Double::doubleValue).toArray(), taken);
        }
    }

    /**
     * Runs the dynamics for R independent memories at once, each with its own queries: memories
     * {@code (R, M, d)}, queries {@code (R, B, d)}, scores {@code (R, B, M)}; slice r of every result is what
     * {@link #run} gives for slice r of the inputs (the same operations; the matrix products one per run, see
     * {@link #slicewiseProduct}, the rest batched). The similarity must accept a leading batch axis. Needs {@code tolerance = 0}: with
     * early stopping the runs would stop at different steps (run them one by one instead).
     *
     * @param memories {@code (R, M, d)}, not moved or freed (passed to the similarity as they are)
     * @param queries {@code (R, B, d)}, not moved or freed
     * @return one outcome per run; its arrays are in the queries' manager
     * @throws IllegalArgumentException for a tolerance above 0, or scores that overflow as in {@link #run}
     * @throws IllegalStateException when the states come out NaN or infinite
     */
    public List<Outcome> runBatch(NDArray memories, NDArray queries) {
        if (tolerance > 0) {
            throw new IllegalArgumentException("a batched Stage II needs tolerance 0 (the runs would stop at "
                    + "different steps), got " + tolerance);
        }
        int runs = Math.toIntExact(queries.getShape().get(0));
        boolean energy = trackEnergy && energyDefined();
        NDManager owner = queries.getManager();
        List<List<double[]>> energies = new ArrayList<>();
        List<List<Double>> moves = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            energies.add(new ArrayList<>());
            moves.add(new ArrayList<>());
        }
        try (Scope s = Scope.near(queries)) {
            NDArray xi = s.use(memories);
            NDArray x = s.use(queries);
            NDArray z = similarity.scores(memories, x);
            requireScaledFinite(z);
            if (energy) {
                addPerRun(energies, energy(z, similarity.selfScores(x)));
            }
            NDArray p = null;
            for (int step = 1; step <= updateSteps; step++) {
                p = separation.weights(z.mul(beta));
                NDArray next = slicewiseProduct(p, xi);
                NDArray dx = next.toType(DataType.FLOAT64, false).sub(x.toType(DataType.FLOAT64, false));
                double[] move = Scope.doubles(dx.square().sum(new int[] {-1}).max(new int[] {-1}).sqrt()); // (R,)
                for (int r = 0; r < runs; r++) {
                    if (!Double.isFinite(move[r])) {
                        throw new IllegalStateException("Stage II produced non-finite states at step " + step
                                + " in run " + r + " of the batch (" + separation + ", beta = " + beta + ", "
                                + similarity + "): the weights are not finite; check the separation and the scale "
                                + "of the patterns");
                    }
                    moves.get(r).add(move[r]);
                }
                x = next;
                boolean last = step == updateSteps;
                if (energy || !last) {
                    z = similarity.scores(memories, x);
                }
                if (energy) {
                    addPerRun(energies, energy(z, similarity.selfScores(x)));
                }
            }
            List<Outcome> out = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                NDArray states = s.keep(x.get(r).duplicate(), owner);
                NDArray weights = s.keep(p.get(r).duplicate(), owner);
                out.add(new Outcome(states, weights, energies.get(r).toArray(new double[0][]),
                        moves.get(r).stream().mapToDouble(Double::doubleValue).toArray(), updateSteps));
            }
            return out;
        }
    }

    /**
     * {@code a[r] b[r]} for every r, stacked: one 2-D product per run, so that each run's product is the very
     * one {@link #run} computes for it (a batched matrix product rounds differently from a 2-D one in float32;
     * everything else of a batched run is computed on the whole batch at once).
     *
     * @param a {@code (R, B, K)}
     * @param b {@code (R, K, N)}
     * @return {@code (R, B, N)} in a's manager
     */
    public static NDArray slicewiseProduct(NDArray a, NDArray b) {
        long runs = a.getShape().get(0);
        ai.djl.ndarray.NDList out = new ai.djl.ndarray.NDList();
        for (long r = 0; r < runs; r++) {
            out.add(a.get(r).matMul(b.get(r)));
        }
        return ai.djl.ndarray.NDArrays.stack(out);
    }

    /** Appends row r of {@code values} {@code (R, B)} to run r's list. */
    private static void addPerRun(List<List<double[]>> perRun, NDArray values) {
        double[] all = Scope.doubles(values);
        int runs = perRun.size();
        int b = all.length / runs;
        for (int r = 0; r < runs; r++) {
            perRun.get(r).add(java.util.Arrays.copyOfRange(all, r * b, (r + 1) * b));
        }
    }

    /**
     * Refuses scores that are not finite or that {@code beta} scales beyond the data type's range, naming the
     * value: a NaN or infinite state would follow silently otherwise.
     */
    private void requireScaledFinite(NDArray z) {
        double largest = Scope.scalar(z.abs().max());
        DataType type = z.getDataType();
        double limit = type == DataType.FLOAT64 ? Double.MAX_VALUE : Float.MAX_VALUE;
        if (!Double.isFinite(largest)) {
            throw new IllegalArgumentException("the scores " + similarity + " are not finite in " + type
                    + " (largest |score| = " + largest + "): the patterns are too large for this data type; "
                    + "scale them down or use float64");
        }
        if (largest * beta > limit) {
            throw new IllegalArgumentException("beta * scores overflows " + type + ": beta = " + beta
                    + ", largest |score| = " + largest + " (their product must stay below " + limit
                    + "); lower beta");
        }
    }

    @Override
    public String toString() {
        return "similarity=" + similarity + ", separation=" + separation + ", beta=" + beta
                + ", T=" + updateSteps + (tolerance > 0 ? ", tolerance=" + tolerance : "");
    }
}
