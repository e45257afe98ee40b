package org.uhopkit.landscape;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * An energy landscape computed by {@link EnergyLandscape#compute()}: on a grid of {@code nb x na} points of
 * a {@link StatePlane}, the energy of eq. (2.2), and where the retrieval dynamics of eq. (2.4) takes each
 * point in at most T steps — its basin (the memory within {@code epsilon} of the end state, Definition 1.1's
 * epsilon-retrieval), the number of steps to converge, the largest energy rise on the way (never positive
 * beyond rounding when Theorem 2.1 applies), the first step as an arrow in the plane — plus the paths of
 * chosen starting points, the memories' own fate and the attractors the grid ends at.
 *
 * <p>Grids are indexed {@code [ib][ia]}: row {@code ib} has plane coordinate {@code b()[ib]}, column
 * {@code ia} has {@code a()[ia]} (the layout of a Plotly heat map's {@code z}). Everything is plain Java and
 * every accessor returns a copy, so a landscape holds no native memory and is safe to share.
 */
public final class Landscape {

    /** Basin label of a point that ends within {@code epsilon} of no memory (a metastable mixture). */
    public static final int NO_MEMORY = -1;
    /** Steps-to-converge label of a point whose move never fell to the tolerance within T steps. */
    public static final int NOT_CONVERGED = -1;

    /** Column names of {@link #basinTable()}. */
    public static final String BASIN = "basin";
    /** Number of grid points column. */
    public static final String POINTS = "grid points";
    /** Share of the grid column, in percent. */
    public static final String SHARE = "share of grid (%)";

    /**
     * The settings that produced a landscape (its provenance).
     *
     * @param model the model's description ({@code MemorySpec.toString()}: similarity, separation, beta,
     *     kernel and Stage I settings)
     * @param plane the plane's description
     * @param aMin smallest first coordinate of the grid
     * @param aMax largest first coordinate
     * @param bMin smallest second coordinate
     * @param bMax largest second coordinate
     * @param na grid points along the first coordinate
     * @param nb grid points along the second coordinate
     * @param updateSteps T, the most update steps run
     * @param epsilon the retrieval radius of Definition 1.1
     * @param tolerance the move (L2) at or below which a point counts as converged
     * @param trajectories the number of stored trajectories
     */
    public record Settings(String model, String plane, double aMin, double aMax, double bMin, double bMax, int na,
            int nb, int updateSteps, double epsilon, double tolerance, int trajectories) {}

    private final Settings settings;
    private final StatePlane plane;
    private final double[] as;
    private final double[] bs;
    private final double[][] energy;
    private final double[][] finalEnergy;
    private final double[][] energyRise;
    private final int[][] basin;
    private final int[][] nearest;
    private final double[][] nearestDistance;
    private final int[][] steps;
    private final double[][] stepA;
    private final double[][] stepB;
    private final List<Trajectory> trajectories;
    private final double[][] memoryCoordinates;
    private final double[] memoryOffPlane;
    private final double[] memoryEnergy;
    private final boolean[] memoryFixedPoint;
    private final int[] memoryBasin;
    private final List<Attractor> attractors;
    private final int unclustered;
    private final int stepsRun;

    Landscape(Settings settings, StatePlane plane, double[] as, double[] bs, double[][] energy,
            double[][] finalEnergy, double[][] energyRise, int[][] basin, int[][] nearest,
            double[][] nearestDistance, int[][] steps, double[][] stepA, double[][] stepB,
            List<Trajectory> trajectories, double[][] memoryCoordinates, double[] memoryOffPlane,
            double[] memoryEnergy, boolean[] memoryFixedPoint, int[] memoryBasin, List<Attractor> attractors, int unclustered,
            int stepsRun) {
        this.settings = settings;
        this.plane = plane;
        this.as = as;
        this.bs = bs;
        this.energy = energy;
        this.finalEnergy = finalEnergy;
        this.energyRise = energyRise;
        this.basin = basin;
        this.nearest = nearest;
        this.nearestDistance = nearestDistance;
        this.steps = steps;
        this.stepA = stepA;
        this.stepB = stepB;
        this.trajectories = List.copyOf(trajectories);
        this.memoryCoordinates = memoryCoordinates;
        this.memoryOffPlane = memoryOffPlane;
        this.memoryEnergy = memoryEnergy;
        this.memoryFixedPoint = memoryFixedPoint;
        this.memoryBasin = memoryBasin;
        this.attractors = List.copyOf(attractors);
        this.unclustered = unclustered;
        this.stepsRun = stepsRun;
    }

    /**
     * The settings that produced this landscape.
     *
     * @return the settings that produced this landscape
     */
    public Settings settings() {
        return settings;
    }

    /**
     * The plane the grid lies on.
     *
     * @return the plane the grid lies on
     */
    public StatePlane plane() {
        return plane;
    }

    /**
     * The grid's first plane coordinates, increasing (length na).
     *
     * @return the grid's first plane coordinates, increasing (length na)
     */
    public double[] a() {
        return as.clone();
    }

    /**
     * The grid's second plane coordinates, increasing (length nb).
     *
     * @return the grid's second plane coordinates, increasing (length nb)
     */
    public double[] b() {
        return bs.clone();
    }

    /**
     * M, the number of memories.
     *
     * @return M, the number of memories
     */
    public int memoryCount() {
        return memoryOffPlane.length;
    }

    /**
     * Whether the model has the energy of eq. (2.2) (inner-product similarity, entmax-family separation).
     *
     * @return whether the model has the energy of eq
     */
    public boolean hasEnergy() {
        return energy != null;
    }

    /**
     * The energy of eq. (2.2) at every grid point, {@code [ib][ia]}.
     *
     * @return the energy of eq
     * @throws IllegalStateException when the model has no energy
     */
    public double[][] energy() {
        return copy(requireEnergy(energy));
    }

    /**
     * The energy of every grid point's end state, {@code [ib][ia]}.
     *
     * @return the energy of every grid point's end state, {@code [ib][ia]}
     */
    public double[][] finalEnergy() {
        return copy(requireEnergy(finalEnergy));
    }

    /**
     * The largest increase of the energy between two consecutive steps along each grid point's path,
     * {@code [ib][ia]}: at most 0 (up to rounding) wherever the dynamics is the concave-convex descent of
     * Theorem 2.1.
     *
     * @return the largest increase of the energy between two consecutive steps along each grid point's path, {@code [ib][ia]}: at most 0 (up to rounding) wherever the dynamics is the concave-convex descent of Theorem 2.1
     */
    public double[][] largestEnergyRise() {
        return copy(requireEnergy(energyRise));
    }

    /**
     * The largest of {@link #largestEnergyRise()} over the grid, the trajectories and the memories.
     *
     * @return the largest of {@link #largestEnergyRise()} over the grid, the trajectories and the memories
     */
    public double largestEnergyRiseAnywhere() {
        double m = Double.NEGATIVE_INFINITY;
        for (double[] row : requireEnergy(energyRise)) {
            for (double v : row) {
                m = Math.max(m, v);
            }
        }
        for (Trajectory t : trajectories) {
            if (t.length() > 1) {
                m = Math.max(m, t.largestEnergyRise());
            }
        }
        return m;
    }

    /**
     * Each grid point's basin: the memory within epsilon of its end state, or {@link #NO_MEMORY}.
     *
     * @return each grid point's basin: the memory within epsilon of its end state, or {@link #NO_MEMORY}
     */
    public int[][] basins() {
        return copy(basin);
    }

    /**
     * The memory nearest to each grid point's end state (whether or not within epsilon).
     *
     * @return the memory nearest to each grid point's end state (whether or not within epsilon)
     */
    public int[][] nearestMemory() {
        return copy(nearest);
    }

    /**
     * The distance from each grid point's end state to its nearest memory.
     *
     * @return the distance from each grid point's end state to its nearest memory
     */
    public double[][] nearestDistance() {
        return copy(nearestDistance);
    }

    /**
     * The number of update steps after which each grid point stopped moving (every later step moved it by at
     * most the tolerance; 0 for a point that starts at a fixed point), or {@link #NOT_CONVERGED}.
     *
     * @return the number of update steps after which each grid point stopped moving (every later step moved it by at most the tolerance; 0 for a point that starts at a fixed point), or {@link #NOT_CONVERGED}
     */
    public int[][] stepsToConverge() {
        return copy(steps);
    }

    /**
     * The first update step {@code T(x) - x} of every grid point, its first plane coordinate.
     *
     * @return the first update step {@code T(x) - x} of every grid point, its first plane coordinate
     */
    public double[][] firstStepA() {
        return copy(stepA);
    }

    /**
     * The first update step {@code T(x) - x} of every grid point, its second plane coordinate.
     *
     * @return the first update step {@code T(x) - x} of every grid point, its second plane coordinate
     */
    public double[][] firstStepB() {
        return copy(stepB);
    }

    /**
     * The stored paths, in the order of their starting points.
     *
     * @return the stored paths, in the order of their starting points
     */
    public List<Trajectory> trajectories() {
        return trajectories;
    }

    /**
     * The plane coordinates of every memory, {@code [mu] = (a, b)} (its orthogonal projection).
     *
     * @return the plane coordinates of every memory, {@code [mu] = (a, b)} (its orthogonal projection)
     */
    public double[][] memoryCoordinates() {
        return copy(memoryCoordinates);
    }

    /**
     * Each memory's distance from the plane (0 up to rounding for the memories that define it).
     *
     * @return each memory's distance from the plane (0 up to rounding for the memories that define it)
     */
    public double[] memoryOffPlane() {
        return memoryOffPlane.clone();
    }

    /**
     * The energy of eq. (2.2) at each memory {@code xi_mu} itself (not at its projection onto the plane).
     *
     * @return the energy of eq
     * @throws IllegalStateException when the model has no energy
     */
    public double[] memoryEnergy() {
        if (memoryEnergy == null) {
            requireEnergy(null);
        }
        return memoryEnergy.clone();
    }

    /**
     * Whether each memory is a fixed point: one update step from it moved it by at most the tolerance.
     *
     * @return whether each memory is a fixed point: one update step from it moved it by at most the tolerance
     */
    public boolean[] memoryIsFixedPoint() {
        return memoryFixedPoint.clone();
    }

    /**
     * The basin the dynamics started at each memory ends in ({@link #NO_MEMORY} when none).
     *
     * @return the basin the dynamics started at each memory ends in ({@link #NO_MEMORY} when none)
     */
    public int[] memoryEndsIn() {
        return memoryBasin.clone();
    }

    /**
     * The attractors of the converged grid points, the most populated first.
     *
     * @return the attractors of the converged grid points, the most populated first
     */
    public List<Attractor> attractors() {
        return attractors;
    }

    /**
     * Converged grid points not assigned to an attractor because the list was full.
     *
     * @return converged grid points not assigned to an attractor because the list was full
     */
    public int unclusteredPoints() {
        return unclustered;
    }

    /**
     * The update steps run (T, or fewer when every point had converged).
     *
     * @return the update steps run (T, or fewer when every point had converged)
     */
    public int stepsRun() {
        return stepsRun;
    }

    /**
     * The number of grid points.
     *
     * @return the number of grid points
     */
    public int gridPoints() {
        return as.length * bs.length;
    }

    /**
     * The share of the grid whose basin is {@code memory}, or {@link #NO_MEMORY} for "no memory".
     *
     * @param memory a memory index, or {@link #NO_MEMORY}
     * @return the share, in [0, 1]
     */
    public double share(int memory) {
        if (memory != NO_MEMORY && (memory < 0 || memory >= memoryCount())) {
            throw new IllegalArgumentException(
                    "memory must be in [0, " + memoryCount() + ") or NO_MEMORY (-1), got " + memory);
        }
        int n = 0;
        for (int[] row : basin) {
            for (int v : row) {
                n += v == memory ? 1 : 0;
            }
        }
        return (double) n / gridPoints();
    }

    /**
     * The share of each memory's basin, {@code [mu]}, and the share of no memory at index M.
     *
     * @return the share of each memory's basin, {@code [mu]}, and the share of no memory at index M
     */
    public double[] shares() {
        int m = memoryCount();
        int[] counts = new int[m + 1];
        for (int[] row : basin) {
            for (int v : row) {
                counts[v == NO_MEMORY ? m : v]++;
            }
        }
        double[] out = new double[m + 1];
        for (int i = 0; i <= m; i++) {
            out[i] = (double) counts[i] / gridPoints();
        }
        return out;
    }

    /**
     * The local minima of the energy on the grid: interior grid points whose energy is below that of all eight
     * neighbours, as {@code {a, b, E}}, lowest first. They are minima of E restricted to the plane; for
     * {@code d > 2} a minimum on the plane need not be one in {@code R^d} (the dynamics may leave the plane
     * from there).
     *
     * @return the minima, lowest first
     * @throws IllegalStateException when the model has no energy
     */
    public List<double[]> localMinima() {
        double[][] e = requireEnergy(energy);
        List<double[]> out = new ArrayList<>();
        for (int ib = 1; ib + 1 < bs.length; ib++) {
            for (int ia = 1; ia + 1 < as.length; ia++) {
                boolean lowest = true;
                for (int db = -1; db <= 1 && lowest; db++) {
                    for (int da = -1; da <= 1 && lowest; da++) {
                        if ((da != 0 || db != 0) && !(e[ib][ia] < e[ib + db][ia + da])) {
                            lowest = false;
                        }
                    }
                }
                if (lowest) {
                    out.add(new double[] {as[ia], bs[ib], e[ib][ia]});
                }
            }
        }
        out.sort((p, q) -> Double.compare(p[2], q[2]));
        return out;
    }

    /**
     * The share of the grid that converged within T steps.
     *
     * @return the share of the grid that converged within T steps
     */
    public double convergedShare() {
        int n = 0;
        for (int[] row : steps) {
            for (int v : row) {
                n += v == NOT_CONVERGED ? 0 : 1;
            }
        }
        return (double) n / gridPoints();
    }

    /**
     * How many memories have a basin covering at least one grid point.
     *
     * @return how many memories have a basin covering at least one grid point
     */
    public int memoriesWithABasin() {
        double[] s = shares();
        int n = 0;
        for (int i = 0; i < memoryCount(); i++) {
            n += s[i] > 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * The basins as a table: one row per memory (all of them when M is at most 20, otherwise those with a
     * basin on the grid and those that define the plane) and a last row for "no memory within epsilon":
     * grid points, share (in percent), whether the memory is a fixed point, where the dynamics started at the
     * memory ends, and the memory's distance from the plane. Numbers are rounded to 4 significant digits for
     * reading; the accessors give them in full.
     *
     * @return the basins as a table: one row per memory (all of them when M is at most 20, otherwise those with a basin on the grid and those that define the plane) and a last row for "no memory within epsilon": grid points, share (in percent), whether the memory is a fixed point, where the dynamics started at the memory ends, and the memory's distance from the plane
     */
    public Table basinTable() {
        int m = memoryCount();
        double[] s = shares();
        StringColumn name = StringColumn.create(BASIN);
        IntColumn points = IntColumn.create(POINTS);
        DoubleColumn share = DoubleColumn.create(SHARE);
        StringColumn fixed = StringColumn.create("memory is a fixed point");
        StringColumn ends = StringColumn.create("started at the memory, ends in");
        DoubleColumn off = DoubleColumn.create("memory's distance from the plane");
        List<Integer> defining = new ArrayList<>();
        for (int i : plane.definingMemories()) {
            defining.add(i);
        }
        for (int i = 0; i < m; i++) {
            if (m > 20 && s[i] == 0 && !defining.contains(i)) {
                continue;
            }
            name.append("memory " + i);
            points.append((int) Math.round(s[i] * gridPoints()));
            share.append(round(100 * s[i]));
            fixed.append(memoryFixedPoint[i] ? "yes" : "no");
            ends.append(memoryBasin[i] == NO_MEMORY ? "no memory" : "memory " + memoryBasin[i]);
            off.append(round(memoryOffPlane[i]));
        }
        name.append("no memory within epsilon");
        points.append((int) Math.round(s[m] * gridPoints()));
        share.append(round(100 * s[m]));
        fixed.appendMissing();
        ends.appendMissing();
        off.appendMissing();
        return Table.create("basins (" + gridPoints() + " grid points, T = " + settings.updateSteps()
                + ", epsilon = " + org.uhopkit.report.Html.number(settings.epsilon()) + ")", name, points, share,
                fixed, ends, off);
    }

    /**
     * Several landscapes of the same memories side by side (e.g. before and after Stage I): per memory, the
     * share of each landscape's grid in its basin (in percent) and whether the dynamics started at the memory
     * ends within epsilon of it; a last row for "no memory within epsilon". Rows: every memory when M is at
     * most 20, otherwise the memories with a basin in any of the landscapes or defining a plane.
     *
     * @param names a column prefix for each landscape
     * @param landscapes the landscapes, all of the same M memories
     * @return the table, numbers rounded to 4 significant digits
     * @throws IllegalArgumentException when the lists differ in length, are empty, or M differs
     */
    public static Table compare(List<String> names, List<Landscape> landscapes) {
        org.uhopkit.internal.Checks.notNull("names", names);
        org.uhopkit.internal.Checks.notNull("landscapes", landscapes);
        if (names.isEmpty() || names.size() != landscapes.size()) {
            throw new IllegalArgumentException("names and landscapes must be non-empty lists of one length, got "
                    + names.size() + " and " + landscapes.size());
        }
        int m = landscapes.get(0).memoryCount();
        for (Landscape l : landscapes) {
            if (l.memoryCount() != m) {
                throw new IllegalArgumentException(
                        "landscapes must have the same memories, got M = " + m + " and M = " + l.memoryCount());
            }
        }
        List<double[]> shares = new ArrayList<>();
        for (Landscape l : landscapes) {
            shares.add(l.shares());
        }
        StringColumn name = StringColumn.create(BASIN);
        List<DoubleColumn> shareCols = new ArrayList<>();
        List<StringColumn> selfCols = new ArrayList<>();
        for (String n : names) {
            shareCols.add(DoubleColumn.create(n + ": " + SHARE));
            selfCols.add(StringColumn.create(n + ": memory retrieves itself"));
        }
        for (int i = 0; i < m; i++) {
            boolean keep = m <= 20;
            for (int k = 0; k < landscapes.size() && !keep; k++) {
                keep = shares.get(k)[i] > 0;
                for (int j : landscapes.get(k).plane().definingMemories()) {
                    keep |= j == i;
                }
            }
            if (!keep) {
                continue;
            }
            name.append("memory " + i);
            for (int k = 0; k < landscapes.size(); k++) {
                shareCols.get(k).append(round(100 * shares.get(k)[i]));
                selfCols.get(k).append(landscapes.get(k).memoryBasin[i] == i ? "yes" : "no");
            }
        }
        name.append("no memory within epsilon");
        for (int k = 0; k < landscapes.size(); k++) {
            shareCols.get(k).append(round(100 * shares.get(k)[m]));
            selfCols.get(k).appendMissing();
        }
        Table t = Table.create("basins compared (" + String.join(" vs ", names) + ")", name);
        for (int k = 0; k < landscapes.size(); k++) {
            t.addColumns(shareCols.get(k));
        }
        for (int k = 0; k < landscapes.size(); k++) {
            t.addColumns(selfCols.get(k));
        }
        return t;
    }

    /**
     * How many memories are fixed points (one update step moves them by at most the tolerance) and how many
     * retrieve themselves (the dynamics started at the memory ends within epsilon of it).
     *
     * @return {@code {fixed points, memories that retrieve themselves}}
     */
    public int[] memorySummary() {
        int fixed = 0;
        int self = 0;
        for (int i = 0; i < memoryCount(); i++) {
            fixed += memoryFixedPoint[i] ? 1 : 0;
            self += memoryBasin[i] == i ? 1 : 0;
        }
        return new int[] {fixed, self};
    }

    /**
     * The attractors as a table: where they are, the nearest memory and its distance, energy, share (in
     * percent); rounded to 4 significant digits ({@link #attractors()} has them in full).
     *
     * @return the attractors as a table: where they are, the nearest memory and its distance, energy, share (in percent); rounded to 4 significant digits ({@link #attractors()} has them in full)
     */
    public Table attractorTable() {
        IntColumn id = IntColumn.create("attractor");
        DoubleColumn a = DoubleColumn.create("a");
        DoubleColumn b = DoubleColumn.create("b");
        DoubleColumn off = DoubleColumn.create("distance from plane");
        IntColumn near = IntColumn.create("nearest memory");
        DoubleColumn dist = DoubleColumn.create("distance to it");
        StringColumn kind = StringColumn.create("kind");
        DoubleColumn e = DoubleColumn.create("energy");
        DoubleColumn share = DoubleColumn.create(SHARE);
        int k = 0;
        for (Attractor at : attractors) {
            id.append(k++);
            a.append(round(at.a()));
            b.append(round(at.b()));
            off.append(round(at.offPlane()));
            near.append(at.nearestMemory());
            dist.append(round(at.distance()));
            kind.append(at.isMemory(settings.epsilon()) ? "memory " + at.nearestMemory() : "mixture (no memory)");
            e.append(round(at.energy()));
            share.append(round(100 * at.share()));
        }
        return Table.create("attractors of the converged grid points (" + Math.round(convergedShare() * 100)
                + " % of the grid converged)", id, kind, a, b, off, near, dist, e, share);
    }

    /**
     * Every grid point in long form: a, b, energy (if any), basin, steps to converge, nearest distance.
     *
     * @return every grid point in long form: a, b, energy (if any), basin, steps to converge, nearest distance
     */
    public Table toTable() {
        DoubleColumn a = DoubleColumn.create("a");
        DoubleColumn b = DoubleColumn.create("b");
        DoubleColumn e = DoubleColumn.create("energy");
        IntColumn bas = IntColumn.create(BASIN);
        IntColumn st = IntColumn.create("steps to converge");
        DoubleColumn dist = DoubleColumn.create("distance to nearest memory");
        for (int ib = 0; ib < bs.length; ib++) {
            for (int ia = 0; ia < as.length; ia++) {
                a.append(as[ia]);
                b.append(bs[ib]);
                if (energy != null) {
                    e.append(energy[ib][ia]);
                }
                bas.append(basin[ib][ia]);
                st.append(steps[ib][ia]);
                dist.append(nearestDistance[ib][ia]);
            }
        }
        Table t = Table.create("landscape", a, b);
        if (energy != null) {
            t.addColumns(e);
        }
        return t.addColumns(bas, st, dist);
    }

    @Override
    public String toString() {
        double[] s = shares();
        return "Landscape(" + bs.length + "x" + as.length + " grid on " + plane + ", " + memoriesWithABasin() + " of "
                + memoryCount() + " memories have a basin, no-memory share " + s[memoryCount()] + ", converged "
                + convergedShare() + ", " + settings.model() + ")";
    }

    /** {@code v} rounded to 4 significant digits (NaN and infinities unchanged). */
    static double round(double v) {
        if (!Double.isFinite(v) || v == 0) {
            return v;
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
    }

    private double[][] requireEnergy(double[][] a) {
        if (a == null) {
            throw new IllegalStateException("this landscape has no energy: eq. (2.2) needs an inner-product "
                    + "similarity and an entmax-family separation (" + settings.model() + ")");
        }
        return a;
    }

    private static double[][] copy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }

    private static int[][] copy(int[][] a) {
        int[][] out = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
