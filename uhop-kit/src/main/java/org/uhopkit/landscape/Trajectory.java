package org.uhopkit.landscape;

/**
 * The path of one starting state under the retrieval dynamics {@code x <- T(x)} of eq. (2.4), seen on a
 * {@link StatePlane}: entry {@code t} is the state after {@code t} update steps (entry 0 the start).
 * Plain Java arrays (copies on every call), so tables and figures hold no native memory.
 *
 * @param a the first plane coordinate at every step (length = steps run + 1)
 * @param b the second plane coordinate at every step
 * @param offPlane the distance of the state from the plane at every step (for {@code d > 2} the dynamics
 *     leaves the plane; 0 up to rounding for {@code d = 2})
 * @param energy the energy of eq. (2.2) at every step; empty when the model has no energy
 * @param basin the memory whose {@code epsilon}-ball holds the last state, or {@link Landscape#NO_MEMORY}
 * @param stepsToConverge the number of steps after which the state stopped moving (as in
 *     {@link Landscape#stepsToConverge()}), or {@link Landscape#NOT_CONVERGED}
 */
public record Trajectory(double[] a, double[] b, double[] offPlane, double[] energy, int basin,
        int stepsToConverge) {

    /**
     * Copies the arrays in.
     *
     * @param a the first plane coordinate at every step
     * @param b the second plane coordinate at every step
     * @param offPlane the distance from the plane at every step
     * @param energy the energy at every step (empty when the model has no energy)
     * @param basin the memory the last state retrieves, or {@link Landscape#NO_MEMORY}
     * @param stepsToConverge the steps after which the state stopped moving, or {@link Landscape#NOT_CONVERGED}
     */
    public Trajectory {
        a = a.clone();
        b = b.clone();
        offPlane = offPlane.clone();
        energy = energy.clone();
    }

    /**
     * The first plane coordinate at every step (a copy).
     *
     * @return the first plane coordinate at every step (a copy)
     */
    @Override
    public double[] a() {
        return a.clone();
    }

    /**
     * The second plane coordinate at every step (a copy).
     *
     * @return the second plane coordinate at every step (a copy)
     */
    @Override
    public double[] b() {
        return b.clone();
    }

    /**
     * The distance from the plane at every step (a copy).
     *
     * @return the distance from the plane at every step (a copy)
     */
    @Override
    public double[] offPlane() {
        return offPlane.clone();
    }

    /**
     * The energy at every step (a copy; empty when the model has no energy).
     *
     * @return the energy at every step (a copy; empty when the model has no energy)
     */
    @Override
    public double[] energy() {
        return energy.clone();
    }

    /**
     * The number of states recorded, steps run + 1.
     *
     * @return the number of states recorded, steps run + 1
     */
    public int length() {
        return a.length;
    }

    /**
     * The largest increase of the energy between two consecutive steps (negative or zero when the energy
     * never rises, as Theorem 2.1 states for the entmax family); NaN when there is no energy or no step.
     *
     * @return the largest increase of the energy between two consecutive steps (negative or zero when the energy never rises, as Theorem 2.1 states for the entmax family); NaN when there is no energy or no step
     */
    public double largestEnergyRise() {
        double rise = Double.NEGATIVE_INFINITY;
        for (int t = 1; t < energy.length; t++) {
            rise = Math.max(rise, energy[t] - energy[t - 1]);
        }
        return energy.length < 2 ? Double.NaN : rise;
    }

    @Override
    public String toString() {
        int n = a.length - 1;
        return "Trajectory((" + a[0] + ", " + b[0] + ") -> (" + a[n] + ", " + b[n] + ") in " + n + " steps, basin "
                + (basin == Landscape.NO_MEMORY ? "none" : basin) + ")";
    }
}
