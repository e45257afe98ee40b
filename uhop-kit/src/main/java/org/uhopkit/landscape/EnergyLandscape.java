package org.uhopkit.landscape;

import org.uhopkit.MemorySpec;
import org.uhopkit.Retrieval;
import org.uhopkit.TrainedMemory;
import org.uhopkit.internal.Checks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable spec of an energy landscape (the computed counterpart of the paper's Figure 2): a grid on
 * a {@link StatePlane} of the state space, the model whose energy (eq. 2.2) and retrieval dynamics
 * (eq. 2.4) are evaluated there, and how long the dynamics runs. Every setter returns a copy;
 * {@link #compute()} evaluates everything in one batch — the grid points, the trajectories' starting
 * points and the memories themselves are the rows of one query matrix, and each update step is one
 * batched call of the model — and returns a {@link Landscape} of plain Java arrays.
 *
 * <p>Defaults: the plane {@link StatePlane#identity()} when {@code d = 2} (for {@code d > 2} a plane must
 * be chosen), a square window around the memories that define the plane (all memories for the identity
 * plane) twice as wide as their spread, 81 x 81 points, T = 100 update steps, {@code epsilon} = R, the
 * radius of Definition 1.1 (half the smallest distance between two memories), and a convergence tolerance
 * of {@code 1e-6 m} (float64) or {@code 1e-5 m} (float32), m the largest memory norm.
 *
 * <pre>
 * jshell&gt; var spec = UHop.memories(xi).beta(50);                  // xi (5, 2)
 * jshell&gt; Landscape plain = EnergyLandscape.of(spec).trajectories(4).compute();
 * jshell&gt; try (TrainedMemory mem = UHop.memories(xi).beta(50).kernel(Kernel.linear()).stageOne(100)) {
 *    ...&gt;     Landscape uhop = EnergyLandscape.of(mem).trajectories(4).compute();
 *    ...&gt; }
 * jshell&gt; var xi784 = Mnist.train().sample(nd, 100, 0L, DataType.FLOAT64);
 * jshell&gt; EnergyLandscape.of(UHop.memories(xi784)).plane(StatePlane.through(xi784, 0, 1, 2)).compute();
 * </pre>
 */
public final class EnergyLandscape {

    /** The most attractors a landscape lists; further converged points are counted as unclustered. */
    public static final int MAX_ATTRACTORS = 32;

    private final MemorySpec spec;
    private final StatePlane plane;
    private final double[] window;
    private final int na;
    private final int nb;
    private final int updateSteps;
    private final double epsilon;
    private final double tolerance;
    private final double[][] starts;
    private final int startGrid;

    private EnergyLandscape(MemorySpec spec, StatePlane plane, double[] window, int na, int nb, int updateSteps,
            double epsilon, double tolerance, double[][] starts, int startGrid) {
        this.spec = spec;
        this.plane = plane;
        this.window = window;
        this.na = na;
        this.nb = nb;
        this.updateSteps = updateSteps;
        this.epsilon = epsilon;
        this.tolerance = tolerance;
        this.starts = starts;
        this.startGrid = startGrid;
    }

    /**
     * The landscape of a memory spec: its similarity, separation and beta define the energy (eq. 2.2) and
     * the dynamics (eq. 2.4); its own T and tolerance are not used (see {@link #updateSteps(int)}).
     *
     * @param spec the model: memories, similarity, separation and beta
     * @return a landscape spec with the defaults
     */
    public static EnergyLandscape of(MemorySpec spec) {
        Checks.notNull("spec", spec);
        return new EnergyLandscape(spec, null, null, 81, 81, 100, Double.NaN, Double.NaN, new double[0][], 0);
    }

    /**
     * The landscape of a memory after Stage I, under its learned kernel {@code K(u, v) = <Wu, Wv>} (the
     * energy {@code E_K} of eq. 2.2): {@code of(memory.stageTwo())}. Valid while the memory is open.
     *
     * @param memory the trained memory (kept open while the landscape is computed)
     * @return a landscape spec with the defaults
     */
    public static EnergyLandscape of(TrainedMemory memory) {
        Checks.notNull("memory", memory);
        return of(memory.stageTwo());
    }

    private EnergyLandscape with(StatePlane p, double[] w, int a, int b, int t, double eps, double tol,
            double[][] s, int g) {
        return new EnergyLandscape(spec, p, w, a, b, t, eps, tol, s, g);
    }

    /**
     * The model.
     *
     * @return the memory spec whose energy and dynamics are evaluated
     */
    public MemorySpec spec() {
        return spec;
    }

    /**
     * A copy on another plane (needed for {@code d > 2}).
     *
     * @param newPlane the plane, in R^d like the memories
     * @return a copy
     */
    public EnergyLandscape plane(StatePlane newPlane) {
        Checks.notNull("plane", newPlane);
        long d = spec.dimension();
        if (newPlane.dimension() != d) {
            throw new IllegalArgumentException(
                    "plane must lie in R^d with d = " + d + " like the memories, got " + newPlane);
        }
        return with(newPlane, window, na, nb, updateSteps, epsilon, tolerance, starts, startGrid);
    }

    /**
     * A copy whose grid covers {@code [aMin, aMax] x [bMin, bMax]} in plane coordinates.
     *
     * @param aMin smallest first plane coordinate
     * @param aMax largest first plane coordinate
     * @param bMin smallest second plane coordinate
     * @param bMax largest second plane coordinate
     * @return a copy
     */
    public EnergyLandscape window(double aMin, double aMax, double bMin, double bMax) {
        for (double v : new double[] {aMin, aMax, bMin, bMax}) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("window bounds must be finite, got " + v);
            }
        }
        if (!(aMax > aMin) || !(bMax > bMin)) {
            throw new IllegalArgumentException("window must have aMin < aMax and bMin < bMax, got [" + aMin + ", "
                    + aMax + "] x [" + bMin + ", " + bMax + "]");
        }
        return with(plane, new double[] {aMin, aMax, bMin, bMax}, na, nb, updateSteps, epsilon, tolerance, starts,
                startGrid);
    }

    /**
     * A copy with an {@code n x n} grid (n at least 2).
     *
     * @param n grid points along each coordinate
     * @return a copy
     */
    public EnergyLandscape resolution(int n) {
        return resolution(n, n);
    }

    /**
     * A copy with {@code na} points along the first and {@code nb} along the second coordinate (each >= 2).
     *
     * @param pointsA grid points along the first coordinate
     * @param pointsB grid points along the second coordinate
     * @return a copy
     */
    public EnergyLandscape resolution(int pointsA, int pointsB) {
        Checks.atLeast("grid points along a", pointsA, 2);
        Checks.atLeast("grid points along b", pointsB, 2);
        if ((long) pointsA * pointsB > 4_000_000) {
            throw new IllegalArgumentException(
                    "grid must have at most 4,000,000 points, got " + pointsA + " x " + pointsB);
        }
        return with(plane, window, pointsA, pointsB, updateSteps, epsilon, tolerance, starts, startGrid);
    }

    /**
     * A copy that runs at most T update steps of eq. (2.4) (at least 1; default 100).
     *
     * @param steps T, the most update steps
     * @return a copy
     */
    public EnergyLandscape updateSteps(int steps) {
        Checks.atLeast("T (update steps)", steps, 1);
        return with(plane, window, na, nb, steps, epsilon, tolerance, starts, startGrid);
    }

    /**
     * A copy with the retrieval radius: an end state within {@code epsilon} (L2) of a memory retrieves it
     * (Definition 1.1); farther from every memory it is "no memory". Default: R, half the smallest distance
     * between two memories, so no state is within epsilon of two memories.
     *
     * @param radius epsilon, positive and finite
     * @return a copy
     */
    public EnergyLandscape epsilon(double radius) {
        Checks.positiveFinite("epsilon", radius);
        return with(plane, window, na, nb, updateSteps, radius, tolerance, starts, startGrid);
    }

    /**
     * A copy with the convergence tolerance: a point has converged after {@code s} steps when every later
     * step moves it by at most this (L2); the run stops early once no point moves more in one step (so T
     * steps certify convergence after at most T - 1 steps).
     *
     * @param tol the tolerance, positive and finite
     * @return a copy
     */
    public EnergyLandscape tolerance(double tol) {
        Checks.positiveFinite("tolerance", tol);
        return with(plane, window, na, nb, updateSteps, epsilon, tol, starts, startGrid);
    }

    /**
     * A copy that also stores the paths from these starting points, each {@code (a, b)} in plane coordinates.
     *
     * @param points starting points, each {@code (a, b)} in plane coordinates
     * @return a copy
     */
    public EnergyLandscape trajectoriesFrom(double[]... points) {
        Checks.notNull("points", points);
        double[][] copy = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            if (points[i] == null || points[i].length != 2 || !Double.isFinite(points[i][0])
                    || !Double.isFinite(points[i][1])) {
                throw new IllegalArgumentException("a starting point must be two finite plane coordinates (a, b), got "
                        + (points[i] == null ? "null" : Arrays.toString(points[i])) + " at index " + i);
            }
            copy[i] = points[i].clone();
        }
        return with(plane, window, na, nb, updateSteps, epsilon, tolerance, copy, startGrid);
    }

    /**
     * A copy that also stores the paths from a {@code k x k} set of starting points spread evenly over the
     * window (the centres of a {@code k x k} partition), after any given by {@link #trajectoriesFrom}; 0 = none.
     *
     * @param k the size of the starting grid (0 to 64)
     * @return a copy
     */
    public EnergyLandscape trajectories(int k) {
        Checks.atLeast("trajectory grid size", k, 0);
        if (k > 64) {
            throw new IllegalArgumentException("trajectory grid size must be at most 64, got " + k);
        }
        return with(plane, window, na, nb, updateSteps, epsilon, tolerance, starts, k);
    }

    /**
     * Evaluates the landscape: the energy of every grid point, then T update steps of the whole batch (grid,
     * trajectory starts, memories) with {@code spec.updateSteps(1)}, recording each point's move, energy and
     * path, then the nearest memory of every end state. All arrays it creates live in a manager below the
     * memories' manager and are freed before it returns.
     *
     * @return the landscape, plain Java values
     * @throws IllegalStateException when {@code d > 2} and no plane was chosen, or the model's memory is closed
     * @throws IllegalArgumentException when the default epsilon is 0 (two memories coincide)
     */
    public Landscape compute() {
        NDArray xi = spec.memories();
        int m = Math.toIntExact(spec.size());
        int d = Math.toIntExact(spec.dimension());
        StatePlane p = plane;
        if (p == null) {
            if (d != 2) {
                throw new IllegalStateException("memories have d = " + d + ": choose the plane to draw, e.g. "
                        + "plane(StatePlane.through(xi, 0, 1, 2))");
            }
            p = StatePlane.identity();
        }
        double[] memCoordsFlat;
        double[] memOff;
        double largestNorm;
        double eps;
        double tol;
        double[] win;
        double[] as;
        double[] bs;
        double[][] trajStarts;
        int g;
        int k;
        int batch;
        boolean hasEnergy = spec.similarity().isInnerProduct() && spec.separation().hasEnergy();
        MemorySpec one = spec.updateSteps(1).tolerance(0).trackEnergy(false);
        double[] startEnergy = null;
        double[] energy = null;
        double[] rise = null;
        int[] converged;
        double[] firstA;
        double[] firstB;
        boolean[] fixed = new boolean[m];
        List<double[]> trajA = new ArrayList<>();
        List<double[]> trajB = new ArrayList<>();
        List<double[]> trajOff = new ArrayList<>();
        List<double[]> trajE = new ArrayList<>();
        int run = 0;
        double[] finalFlat;
        double[] finalCoords;
        int[] nearestIndex;
        double[] nearestDist;
        double[][] memCoords = new double[m][];
        try (NDManager work = xi.getManager().newSubManager(xi.getDevice())) {
            DataType type = xi.getDataType();
            NDArray mine = xi.duplicate(); // our copy of the memories (the input is never moved or freed)
            mine.attach(work);
            NDArray xi64 = type == DataType.FLOAT64 ? mine : mine.toType(DataType.FLOAT64, false);
            double[] basisFlat = new double[2 * d];
            System.arraycopy(p.u(), 0, basisFlat, 0, d);
            System.arraycopy(p.v(), 0, basisFlat, d, d);
            NDArray basis64 = work.create(basisFlat, new Shape(2, d));
            NDArray origin64 = work.create(p.origin(), new Shape(1, d));
            // the memories on the plane: coordinates, distance from it, norms (all memories at once)
            NDArray rel = xi64.sub(origin64);
            NDArray mc = rel.matMul(basis64.transpose()); // (M, 2)
            memCoordsFlat = doubles(mc);
            memOff = rowLengths(rel.sub(mc.matMul(basis64)));
            largestNorm = Arrays.stream(rowLengths(xi64)).max().orElse(0);
            for (int i = 0; i < m; i++) {
                memCoords[i] = new double[] {memCoordsFlat[2 * i], memCoordsFlat[2 * i + 1]};
            }
            eps = Double.isNaN(epsilon) ? defaultEpsilon(xi64, m, largestNorm) : epsilon;
            tol = Double.isNaN(tolerance) ? (type == DataType.FLOAT64 ? 1e-6 : 1e-5) * Math.max(largestNorm, 1e-12)
                    : tolerance;
            win = window != null ? window : defaultWindow(p, memCoords, largestNorm);
            as = axis(win[0], win[1], na);
            bs = axis(win[2], win[3], nb);
            trajStarts = trajectoryStarts(win);
            g = na * nb;
            k = trajStarts.length;
            batch = g + k + m;
            converged = new int[batch];
            Arrays.fill(converged, Landscape.NOT_CONVERGED);
            firstA = new double[g];
            firstB = new double[g];
            NDArray basis = cast(basis64.duplicate(), type); // (2, d) in the memories' type
            NDArray basisT = basis.transpose(); // (d, 2)
            NDArray origin = cast(origin64.duplicate(), type);
            double[] coords = new double[2 * (g + k)];
            for (int ib = 0; ib < nb; ib++) {
                for (int ia = 0; ia < na; ia++) {
                    int r = ib * na + ia;
                    coords[2 * r] = as[ia];
                    coords[2 * r + 1] = bs[ib];
                }
            }
            for (int i = 0; i < k; i++) {
                coords[2 * (g + i)] = trajStarts[i][0];
                coords[2 * (g + i) + 1] = trajStarts[i][1];
            }
            NDArray x;
            try (NDArray c = cast(work.create(coords, new Shape(g + k, 2)), type);
                    NDArray onPlane = c.matMul(basis);
                    NDArray points = onPlane.add(origin)) {
                x = NDArrays.concat(new NDList(points, mine), 0); // (B, d): grid, trajectory starts, memories
            }
            if (hasEnergy) {
                startEnergy = spec.energy(x);
                energy = startEnergy;
                rise = new double[batch];
                Arrays.fill(rise, Double.NEGATIVE_INFINITY);
            }
            recordTrajectories(x, g, k, origin, basis, basisT, energy, trajA, trajB, trajOff, trajE);
            for (int t = 1; t <= updateSteps; t++) {
                Retrieval r = one.retrieve(x);
                NDArray next = r.states();
                r.weights().close();
                double[] moves;
                try (NDArray step = next.sub(x)) {
                    moves = rowLengths(step);
                    if (t == 1) {
                        double[] ab = project(step, basisT);
                        for (int i = 0; i < g; i++) {
                            firstA[i] = ab[2 * i];
                            firstB[i] = ab[2 * i + 1];
                        }
                    }
                }
                x.close();
                x = next;
                if (hasEnergy) {
                    double[] e = spec.energy(x);
                    for (int i = 0; i < batch; i++) {
                        rise[i] = Math.max(rise[i], e[i] - energy[i]);
                    }
                    energy = e;
                }
                boolean all = true;
                for (int i = 0; i < batch; i++) {
                    if (!Double.isFinite(moves[i])) {
                        throw new IllegalStateException("the dynamics produced a non-finite state at step " + t
                                + " from batch row " + i + " (" + spec + ")");
                    }
                    if (moves[i] <= tol) {
                        if (converged[i] == Landscape.NOT_CONVERGED) {
                            converged[i] = t - 1; // it stopped moving after t - 1 steps
                        }
                    } else {
                        converged[i] = Landscape.NOT_CONVERGED;
                        all = false;
                    }
                }
                if (t == 1) {
                    for (int i = 0; i < m; i++) {
                        fixed[i] = moves[g + k + i] <= tol;
                    }
                }
                recordTrajectories(x, g, k, origin, basis, basisT, energy, trajA, trajB, trajOff, trajE);
                run = t;
                if (all) {
                    break;
                }
            }
            // nearest memory of every end state, in float64: argmin of the expanded squared distance, then the
            // exact distance to that memory (no cancellation near a memory)
            // (toType to the same type is an alias in DJL 0.35.1, not a copy: x stays open until work closes)
            NDArray x64 = x.getDataType() == DataType.FLOAT64 ? x : x.toType(DataType.FLOAT64, false);
            NDArray sq = x64.square().sum(new int[] {1}, true); // (B, 1)
            NDArray memSq = xi64.square().sum(new int[] {1}).expandDims(0); // (1, M)
            NDArray d2 = sq.add(memSq).sub(x64.matMul(xi64.transpose()).mul(2));
            NDArray arg = d2.neg().argMax(1); // (B,) int64
            NDArray nearestRows = arg.oneHot(m).toType(DataType.FLOAT64, false).matMul(xi64);
            nearestDist = rowLengths(x64.sub(nearestRows));
            nearestIndex = arg.toType(DataType.INT32, false).toIntArray();
            finalCoords = project(x64.sub(origin64), basis64.transpose());
            finalFlat = x64.get(new NDIndex("0:" + g)).toDoubleArray();
        }

        int[][] basin = new int[nb][na];
        int[][] nearest = new int[nb][na];
        double[][] nearestD = new double[nb][na];
        int[][] steps = new int[nb][na];
        for (int ib = 0; ib < nb; ib++) {
            for (int ia = 0; ia < na; ia++) {
                int r = ib * na + ia;
                nearest[ib][ia] = nearestIndex[r];
                nearestD[ib][ia] = nearestDist[r];
                basin[ib][ia] = nearestDist[r] <= eps ? nearestIndex[r] : Landscape.NO_MEMORY;
                steps[ib][ia] = converged[r];
            }
        }
        int[] memEnds = new int[m];
        for (int i = 0; i < m; i++) {
            int r = g + k + i;
            memEnds[i] = nearestDist[r] <= eps ? nearestIndex[r] : Landscape.NO_MEMORY;
        }
        List<Trajectory> trajectories = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int r = g + i;
            int len = trajA.size();
            double[] ta = new double[len];
            double[] tb = new double[len];
            double[] to = new double[len];
            double[] te = new double[hasEnergy ? len : 0];
            for (int t = 0; t < len; t++) {
                ta[t] = trajA.get(t)[i];
                tb[t] = trajB.get(t)[i];
                to[t] = trajOff.get(t)[i];
                if (hasEnergy) {
                    te[t] = trajE.get(t)[i];
                }
            }
            trajectories.add(new Trajectory(ta, tb, to, te,
                    nearestDist[r] <= eps ? nearestIndex[r] : Landscape.NO_MEMORY, converged[r]));
        }
        int[] unclustered = new int[1];
        List<Attractor> attractors = attractors(p, finalFlat, finalCoords, converged, nearestIndex, nearestDist,
                energy, g, d, eps, unclustered);
        Landscape.Settings settings = new Landscape.Settings(spec.toString(), p.toString(), win[0], win[1], win[2],
                win[3], na, nb, updateSteps, eps, tol, k);
        return new Landscape(settings, p, as, bs, hasEnergy ? grid(startEnergy, na, nb) : null,
                hasEnergy ? grid(energy, na, nb) : null, hasEnergy ? grid(rise, na, nb) : null, basin, nearest,
                nearestD, steps, grid(firstA, na, nb), grid(firstB, na, nb), trajectories, memCoords, memOff,
                hasEnergy ? Arrays.copyOfRange(startEnergy, g + k, batch) : null, fixed,
                memEnds, attractors, unclustered[0], run);
    }

    @Override
    public String toString() {
        return "EnergyLandscape(" + (plane == null ? "identity plane" : plane) + ", " + na + "x" + nb + ", T="
                + updateSteps + (Double.isNaN(epsilon) ? "" : ", epsilon=" + epsilon)
                + (Double.isNaN(tolerance) ? "" : ", tolerance=" + tolerance) + ", " + spec + ")";
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private double[][] trajectoryStarts(double[] win) {
        double[][] out = new double[starts.length + startGrid * startGrid][];
        System.arraycopy(starts, 0, out, 0, starts.length);
        int n = starts.length;
        for (int j = 0; j < startGrid; j++) {
            for (int i = 0; i < startGrid; i++) {
                out[n++] = new double[] {win[0] + (i + 0.5) * (win[1] - win[0]) / startGrid,
                        win[2] + (j + 0.5) * (win[3] - win[2]) / startGrid};
            }
        }
        return out;
    }

    /** Plane coordinates, distance from the plane and energy of the trajectory rows {@code [g, g + k)}. */
    private static void recordTrajectories(NDArray x, int g, int k, NDArray origin, NDArray basis, NDArray basisT,
            double[] energy, List<double[]> ta, List<double[]> tb, List<double[]> toff, List<double[]> te) {
        if (k == 0) {
            return;
        }
        double[] ab;
        double[] off;
        try (NDArray rows = x.get(new NDIndex(g + ":" + (g + k)));
                NDArray rel = rows.sub(origin);
                NDArray c = rel.matMul(basisT);
                NDArray back = c.matMul(basis);
                NDArray residual = rel.sub(back)) {
            ab = doubles(c);
            off = rowLengths(residual);
        }
        double[] a = new double[k];
        double[] b = new double[k];
        for (int i = 0; i < k; i++) {
            a[i] = ab[2 * i];
            b[i] = ab[2 * i + 1];
        }
        ta.add(a);
        tb.add(b);
        toff.add(off);
        if (energy != null) {
            te.add(Arrays.copyOfRange(energy, g, g + k));
        }
    }

    /** Greedy grouping of the converged grid points' end states (row-major order, deterministic). */
    private static List<Attractor> attractors(StatePlane p, double[] finalFlat, double[] finalCoords, int[] converged,
            int[] nearestIndex, double[] nearestDist, double[] energy, int g, int d, double eps, int[] unclustered) {
        List<Integer> reps = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        double eps2 = eps * eps;
        for (int r = 0; r < g; r++) {
            if (converged[r] == Landscape.NOT_CONVERGED) {
                continue;
            }
            int found = -1;
            for (int c = 0; c < reps.size() && found < 0; c++) {
                int q = reps.get(c);
                double s = 0;
                for (int j = 0; j < d && s <= eps2; j++) {
                    double diff = finalFlat[r * d + j] - finalFlat[q * d + j];
                    s += diff * diff;
                }
                if (s <= eps2) {
                    found = c;
                }
            }
            if (found >= 0) {
                counts.get(found)[0]++;
            } else if (reps.size() < MAX_ATTRACTORS) {
                reps.add(r);
                counts.add(new int[] {1});
            } else {
                unclustered[0]++;
            }
        }
        List<Attractor> out = new ArrayList<>();
        for (int c = 0; c < reps.size(); c++) {
            int q = reps.get(c);
            double[] state = Arrays.copyOfRange(finalFlat, q * d, (q + 1) * d);
            out.add(new Attractor(finalCoords[2 * q], finalCoords[2 * q + 1], p.distance(state), nearestIndex[q],
                    nearestDist[q], energy == null ? Double.NaN : energy[q], counts.get(c)[0],
                    (double) counts.get(c)[0] / g));
        }
        out.sort(Comparator.comparingInt(Attractor::points).reversed()); // stable: first found first on ties
        return out;
    }

    /**
     * R of Definition 1.1, half the smallest distance between two memories: the closest pair is found from the
     * Gram matrix (one product), its distance then computed exactly; for M = 1, a tenth of |xi|.
     */
    private static double defaultEpsilon(NDArray xi64, int m, double largestNorm) {
        if (m == 1) {
            return largestNorm > 0 ? 0.1 * largestNorm : 0.1;
        }
        NDArray sq = xi64.square().sum(new int[] {1}); // (M,)
        NDArray d2 = sq.expandDims(1).add(sq.expandDims(0)).sub(xi64.matMul(xi64.transpose()).mul(2));
        NDArray masked = d2.add(xi64.getManager().eye(m, m, 0, DataType.FLOAT64).mul(Double.MAX_VALUE));
        long flat = masked.argMin().getLong(); // the first closest pair in row-major order: i < j
        int i = (int) (flat / m);
        int j = (int) (flat % m);
        double dist = rowLengths(xi64.get(new NDIndex(i + ":" + (i + 1))).sub(xi64.get(new NDIndex(j + ":" + (j + 1)))))[0];
        if (!(dist > 0)) {
            throw new IllegalArgumentException("memories " + Math.min(i, j) + " and " + Math.max(i, j) + " coincide, "
                    + "so R = 0 and no default epsilon exists: set epsilon(...) explicitly");
        }
        return 0.5 * dist;
    }

    /** A square window centred on the defining memories (all for a plane without them), twice their spread. */
    private static double[] defaultWindow(StatePlane p, double[][] memCoords, double largestNorm) {
        int[] anchors = p.definingMemories();
        if (anchors.length == 0) {
            anchors = new int[memCoords.length];
            for (int i = 0; i < anchors.length; i++) {
                anchors[i] = i;
            }
        }
        double aMin = Double.POSITIVE_INFINITY;
        double aMax = Double.NEGATIVE_INFINITY;
        double bMin = Double.POSITIVE_INFINITY;
        double bMax = Double.NEGATIVE_INFINITY;
        for (int i : anchors) {
            aMin = Math.min(aMin, memCoords[i][0]);
            aMax = Math.max(aMax, memCoords[i][0]);
            bMin = Math.min(bMin, memCoords[i][1]);
            bMax = Math.max(bMax, memCoords[i][1]);
        }
        double half = Math.max(aMax - aMin, bMax - bMin);
        if (!(half > 0)) {
            half = largestNorm > 0 ? 0.5 * largestNorm : 1.0;
        }
        double ca = (aMin + aMax) / 2;
        double cb = (bMin + bMax) / 2;
        return new double[] {ca - half, ca + half, cb - half, cb + half};
    }

    private static double[] axis(double lo, double hi, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = i == n - 1 ? hi : lo + i * (hi - lo) / (n - 1);
        }
        return out;
    }

    private static double[][] grid(double[] flat, int na, int nb) {
        double[][] out = new double[nb][na];
        for (int ib = 0; ib < nb; ib++) {
            System.arraycopy(flat, ib * na, out[ib], 0, na);
        }
        return out;
    }

    private static NDArray cast(NDArray a, DataType type) {
        if (a.getDataType() == type) {
            return a;
        }
        NDArray b = a.toType(type, true);
        a.close();
        return b;
    }

    private static double[] rowLengths(NDArray a) {
        try (NDArray sq = a.square(); NDArray s = sq.sum(new int[] {1}); NDArray r = s.sqrt()) {
            return doubles(r);
        }
    }

    private static double[] project(NDArray rows, NDArray basisT) {
        try (NDArray c = rows.matMul(basisT)) {
            return doubles(c);
        }
    }

    private static double[] doubles(NDArray a) {
        try (NDArray f = a.toType(DataType.FLOAT64, true)) {
            return f.toDoubleArray();
        }
    }
}
