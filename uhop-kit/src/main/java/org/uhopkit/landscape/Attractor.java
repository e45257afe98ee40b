package org.uhopkit.landscape;

/**
 * A state where grid points end up: the final states of converged grid points, grouped so that points
 * ending within {@code epsilon} of a group's first state share it. An attractor near no memory is a
 * metastable mixture (Ramsauer et al. 2020; the "fuzzy retrieval" of the paper's introduction).
 *
 * @param a its first plane coordinate
 * @param b its second plane coordinate
 * @param offPlane its distance from the plane
 * @param nearestMemory the index of the memory nearest to it
 * @param distance its distance to that memory
 * @param energy its energy (eq. 2.2); NaN when the model has no energy
 * @param points how many grid points end at it
 * @param share {@code points} over the number of grid points
 */
public record Attractor(double a, double b, double offPlane, int nearestMemory, double distance, double energy,
        int points, double share) {

    /**
     * Whether a memory lies within {@code epsilon} of this state, so that it retrieves that memory
     * (Definition 1.1).
     *
     * @param epsilon the retrieval radius
     * @return {@code distance <= epsilon}
     */
    public boolean isMemory(double epsilon) {
        return distance <= epsilon;
    }
}
