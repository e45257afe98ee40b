package org.uhopkit.internal;

import org.uhopkit.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDResource;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of Stage II, the retrieval dynamics of eq. (2.4):
 * {@code x <- Xi^T Sep(beta * sim(Xi, x))}, T times, for all queries at once.
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

    public StageTwo {
        Checks.notNull("similarity", similarity);
        Checks.notNull("separation", separation);
        Checks.positiveFinite("beta", beta);
        Checks.atLeast("T (update steps)", updateSteps, 1);
        Checks.nonNegativeFinite("tolerance", tolerance);
    }

    public static StageTwo defaults() {
        return new StageTwo(Similarity.dot(), Separation.softmax(), 1.0, 1, 0.0, true);
    }

    public boolean energyDefined() {
        return similarity.isInnerProduct() && separation.hasEnergy();
    }

    public StageTwo withSimilarity(Similarity v) {
        return new StageTwo(v, separation, beta, updateSteps, tolerance, trackEnergy);
    }

    public StageTwo withSeparation(Separation v) {
        return new StageTwo(similarity, v, beta, updateSteps, tolerance, trackEnergy);
    }

    public StageTwo withBeta(double v) {
        return new StageTwo(similarity, separation, v, updateSteps, tolerance, trackEnergy);
    }

    public StageTwo withUpdateSteps(int v) {
        return new StageTwo(similarity, separation, beta, v, tolerance, trackEnergy);
    }

    public StageTwo withTolerance(double v) {
        return new StageTwo(similarity, separation, beta, updateSteps, v, trackEnergy);
    }

    public StageTwo withTrackEnergy(boolean v) {
        return new StageTwo(similarity, separation, beta, updateSteps, tolerance, v);
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

    /** The energy of eq. (2.2) for scores {@code z = K(Xi, x)} and self scores {@code K(x, x)}. */
    public NDArray energy(NDArray z, NDArray self) {
        return self.div(2).sub(separation.conjugate(z.mul(beta)).div(beta));
    }

    private void requireEnergy() {
        if (!energyDefined()) {
            throw new UnsupportedOperationException("the energy of eq. (2.2) needs an inner-product similarity "
                    + "and an entmax-family separation, got " + similarity + " and " + separation);
        }
    }

    /** Energies {@code (B,)} of {@code states} as an array in the states' manager (differentiable). */
    public NDArray energyArray(NDArray memories, NDArray states) {
        requireEnergy();
        return Scratch.owned(states, () -> energy(similarity.scores(memories, states), similarity.selfScores(states)),
                memories);
    }

    /** Energies {@code (B,)} of {@code states}. */
    public double[] energyOf(NDArray memories, NDArray states, NDResource... hold) {
        requireEnergy();
        try (Scratch s = Scratch.of(states, concat(hold, memories, states))) {
            return Scratch.doubles(energy(similarity.scores(memories, states), similarity.selfScores(states)));
        }
    }

    /** Runs the dynamics for all queries; only the result survives, in the queries' manager. */
    public Outcome run(NDArray memories, NDArray queries, NDResource... hold) {
        boolean energy = trackEnergy && energyDefined();
        NDManager owner = queries.getManager();
        List<double[]> energies = new ArrayList<>();
        List<Double> moves = new ArrayList<>();
        try (Scratch s = Scratch.of(queries, concat(hold, memories, queries))) {
            NDArray x = queries;
            NDArray z = similarity.scores(memories, x);
            if (energy) {
                energies.add(Scratch.doubles(energy(z, similarity.selfScores(x))));
            }
            NDArray p = null;
            int taken = 0;
            for (int step = 1; step <= updateSteps; step++) {
                p = separation.weights(z.mul(beta));
                NDArray next = p.matMul(memories);
                double move = Scratch.scalar(next.sub(x).square().sum(new int[] {1}).max().sqrt());
                moves.add(move);
                x = next;
                taken = step;
                boolean last = step == updateSteps || (tolerance > 0 && move <= tolerance);
                if (energy || !last) {
                    z = similarity.scores(memories, x);
                }
                if (energy) {
                    energies.add(Scratch.doubles(energy(z, similarity.selfScores(x))));
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

    private static NDResource[] concat(NDResource[] hold, NDResource... more) {
        List<NDResource> all = new ArrayList<>();
        for (NDResource[] group : List.of(hold, more)) {
            for (NDResource r : group) {
                if (all.stream().noneMatch(a -> a == r)) { // identity: NDArray.equals compares content
                    all.add(r);
                }
            }
        }
        return all.toArray(new NDResource[0]);
    }

    @Override
    public String toString() {
        return "similarity=" + similarity + ", separation=" + separation + ", beta=" + beta
                + ", T=" + updateSteps + (tolerance > 0 ? ", tolerance=" + tolerance : "");
    }
}
