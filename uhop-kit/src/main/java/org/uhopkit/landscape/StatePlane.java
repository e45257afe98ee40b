package org.uhopkit.landscape;

import org.uhopkit.internal.Checks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;

/**
 * A plane in the state space {@code R^d} on which an energy landscape is drawn: a point {@code o} (the
 * origin of the plane's coordinates) and two orthonormal directions {@code u, v}. The plane point with
 * coordinates {@code (a, b)} is the state {@code x = o + a u + b v}; a state's coordinates are
 * {@code (<x - o, u>, <x - o, v>)} and its distance from the plane is the length of what remains. Because
 * {@code u, v} are orthonormal, distances measured in the picture are true distances in {@code R^d}.
 * Immutable, plain Java (it holds no native memory).
 *
 * <ul>
 *   <li>{@link #identity()}: the state space itself when {@code d = 2} ({@code o = 0}, the unit axes);</li>
 *   <li>{@link #through(NDArray, int, int, int)}: the plane through three memories (for {@code d > 2});</li>
 *   <li>{@link #through(NDArray, int, int)}: the plane spanned by two memories (it contains {@code 0});</li>
 *   <li>{@link #of(double[], double[], double[])}: any plane (the directions are orthonormalised).</li>
 * </ul>
 *
 * <pre>
 * jshell&gt; var plane = StatePlane.through(xi, 0, 1, 2);   // xi (M, 784): the plane through three digits
 * plane ==&gt; StatePlane(d=784, through memories 0, 1, 2)
 * </pre>
 */
public final class StatePlane {

    private final double[] origin;
    private final double[] u;
    private final double[] v;
    private final int[] memories;
    private final String description;

    private StatePlane(double[] origin, double[] u, double[] v, int[] memories, String description) {
        this.origin = origin;
        this.u = u;
        this.v = v;
        this.memories = memories;
        this.description = description;
    }

    /**
     * The state space itself for {@code d = 2}: origin 0, directions {@code e_1, e_2}, so plane coordinates
     * are the states' own coordinates.
     *
     * @return the plane
     */
    public static StatePlane identity() {
        return new StatePlane(new double[] {0, 0}, new double[] {1, 0}, new double[] {0, 1}, new int[0],
                "StatePlane(d=2, the state space itself)");
    }

    /**
     * The plane through three memories {@code xi_a, xi_b, xi_c} (rows of {@code memories}, shape
     * {@code (M, d)}): origin at their centroid, {@code u} along {@code xi_b - xi_a}, {@code v} the part of
     * {@code xi_c - xi_a} orthogonal to {@code u}, normalised.
     *
     * @param memories the memories {@code (M, d)}, one per row
     * @param a the first memory's index
     * @param b the second memory's index
     * @param c the third memory's index
     * @return the plane
     * @throws IllegalArgumentException when an index is out of range, two indices are equal, or the three
     *     memories lie (numerically) on one line
     */
    public static StatePlane through(NDArray memories, int a, int b, int c) {
        double[][] xi = rowsOf(memories, a, b, c);
        int d = xi[0].length;
        double[] origin = new double[d];
        for (int j = 0; j < d; j++) {
            origin[j] = (xi[0][j] + xi[1][j] + xi[2][j]) / 3.0;
        }
        double[][] basis = orthonormal(sub(xi[1], xi[0]), sub(xi[2], xi[0]),
                "the memories " + a + ", " + b + ", " + c + " lie on one line: they span no plane");
        return new StatePlane(origin, basis[0], basis[1], new int[] {a, b, c},
                "StatePlane(d=" + d + ", through memories " + a + ", " + b + ", " + c + ")");
    }

    /**
     * The plane spanned by two memories {@code xi_a, xi_b} (it contains the origin {@code 0} of
     * {@code R^d}, so the dot product's geometry is kept): origin 0, {@code u = xi_a / |xi_a|}, {@code v}
     * the part of {@code xi_b} orthogonal to {@code u}, normalised.
     *
     * @param memories the memories {@code (M, d)}, one per row
     * @param a the first memory's index
     * @param b the second memory's index
     * @return the plane
     * @throws IllegalArgumentException when an index is out of range, the indices are equal, or the two
     *     memories are (numerically) parallel
     */
    public static StatePlane through(NDArray memories, int a, int b) {
        double[][] xi = rowsOf(memories, a, b);
        int d = xi[0].length;
        double[][] basis = orthonormal(xi[0], xi[1],
                "the memories " + a + " and " + b + " are parallel: with 0 they span no plane");
        return new StatePlane(new double[d], basis[0], basis[1], new int[] {a, b},
                "StatePlane(d=" + d + ", spanned by memories " + a + ", " + b + ")");
    }

    /**
     * The plane through {@code origin} spanned by {@code u} and {@code v} (all of length d, finite); the
     * directions are orthonormalised (Gram-Schmidt: {@code u} keeps its direction).
     *
     * @param origin the origin of the plane coordinates (length d)
     * @param u the first direction (length d)
     * @param v the second direction (length d, not parallel to {@code u})
     * @return the plane
     * @throws IllegalArgumentException for lengths that differ, non-finite entries or parallel directions
     */
    public static StatePlane of(double[] origin, double[] u, double[] v) {
        Checks.notNull("origin", origin);
        Checks.notNull("u", u);
        Checks.notNull("v", v);
        if (origin.length < 2 || u.length != origin.length || v.length != origin.length) {
            throw new IllegalArgumentException("origin, u and v must have one length d >= 2, got "
                    + origin.length + ", " + u.length + ", " + v.length);
        }
        finite("origin", origin);
        finite("u", u);
        finite("v", v);
        double[][] basis = orthonormal(u, v, "u and v are parallel (or zero): they span no plane");
        return new StatePlane(origin.clone(), basis[0], basis[1], new int[0],
                "StatePlane(d=" + origin.length + ", custom)");
    }

    /**
     * The three memories closest together: the triple with the smallest sum of pairwise distances (ties go
     * to the smallest indices), in increasing index order. These are the memories the paper's Figure 2 is
     * about — "the memories stay close to each other" — so their plane is where confusion shows first.
     *
     * @param memories {@code (M, d)} with {@code 3 <= M <= 1000}
     * @return the three indices
     */
    public static int[] closestTriple(NDArray memories) {
        Checks.finiteMatrix("memories", memories);
        long m = memories.getShape().get(0);
        if (m < 3 || m > 1000) {
            throw new IllegalArgumentException("memories must have between 3 and 1000 rows to search for the "
                    + "closest triple, got shape " + memories.getShape());
        }
        int n = (int) m;
        double[] flat; // pairwise distances, from the Gram matrix in float64 (one product)
        try (NDManager work = memories.getManager().newSubManager(memories.getDevice())) {
            NDArray mine = memories.duplicate(); // our copy: the input is never moved or freed
            mine.attach(work);
            NDArray x = mine.getDataType() == DataType.FLOAT64 ? mine : mine.toType(DataType.FLOAT64, false);
            NDArray sq = x.square().sum(new int[] {1});
            NDArray d2 = sq.expandDims(1).add(sq.expandDims(0)).sub(x.matMul(x.transpose()).mul(2));
            NDArray dist = d2.maximum(0).sqrt();
            flat = dist.toDoubleArray();
        }
        double[][] dist = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * n, dist[i], 0, n);
        }
        int[] best = {0, 1, 2};
        double bestSum = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                for (int k = j + 1; k < n; k++) {
                    double s = dist[i][j] + dist[i][k] + dist[j][k];
                    if (s < bestSum) {
                        bestSum = s;
                        best = new int[] {i, j, k};
                    }
                }
            }
        }
        return best;
    }

    /**
     * d, the dimension of the state space.
     *
     * @return d, the dimension of the state space
     */
    public int dimension() {
        return origin.length;
    }

    /**
     * The origin {@code o} of the plane's coordinates (a copy).
     *
     * @return the origin {@code o} of the plane's coordinates (a copy)
     */
    public double[] origin() {
        return origin.clone();
    }

    /**
     * The first direction {@code u} (unit length; a copy).
     *
     * @return the first direction {@code u} (unit length; a copy)
     */
    public double[] u() {
        return u.clone();
    }

    /**
     * The second direction {@code v} (unit length, orthogonal to {@code u}; a copy).
     *
     * @return the second direction {@code v} (unit length, orthogonal to {@code u}; a copy)
     */
    public double[] v() {
        return v.clone();
    }

    /**
     * The indices of the memories that define the plane (empty for {@link #identity()} and {@link #of}).
     *
     * @return the indices of the memories that define the plane (empty for {@link #identity()} and {@link #of})
     */
    public int[] definingMemories() {
        return memories.clone();
    }

    /**
     * The state {@code o + a u + b v} of plane coordinates {@code (a, b)}.
     *
     * @param a the first plane coordinate
     * @param b the second plane coordinate
     * @return the state, length d
     */
    public double[] point(double a, double b) {
        double[] x = new double[origin.length];
        for (int j = 0; j < x.length; j++) {
            x[j] = origin[j] + a * u[j] + b * v[j];
        }
        return x;
    }

    /**
     * The plane coordinates {@code (<x - o, u>, <x - o, v>)} of a state of length d.
     *
     * @param state a state of length d
     * @return {@code (a, b)}
     */
    public double[] coordinates(double[] state) {
        requireLength(state);
        double a = 0;
        double b = 0;
        for (int j = 0; j < origin.length; j++) {
            double r = state[j] - origin[j];
            a += r * u[j];
            b += r * v[j];
        }
        return new double[] {a, b};
    }

    /**
     * The distance of a state from the plane, {@code |x - o - a u - b v|} with its own coordinates.
     *
     * @param state a state of length d
     * @return the distance, 0 for a state on the plane
     */
    public double distance(double[] state) {
        double[] ab = coordinates(state);
        double s = 0;
        for (int j = 0; j < origin.length; j++) {
            double r = state[j] - origin[j] - ab[0] * u[j] - ab[1] * v[j];
            s += r * r;
        }
        return Math.sqrt(s);
    }

    @Override
    public String toString() {
        return description;
    }

    private void requireLength(double[] state) {
        Checks.notNull("state", state);
        if (state.length != origin.length) {
            throw new IllegalArgumentException(
                    "state must have length d = " + origin.length + " like the plane, got " + state.length);
        }
    }

    /** The named rows of a memory matrix as doubles, with the indices checked. */
    private static double[][] rowsOf(NDArray memories, int... indices) {
        Checks.finiteMatrix("memories", memories);
        long m = memories.getShape().get(0);
        long d = memories.getShape().get(1);
        if (d < 2) {
            throw new IllegalArgumentException("memories must have d >= 2 columns to hold a plane, got shape "
                    + memories.getShape());
        }
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= m) {
                throw new IllegalArgumentException(
                        "memory index must be in [0, " + m + "), got " + indices[i]);
            }
            for (int k = 0; k < i; k++) {
                if (indices[k] == indices[i]) {
                    throw new IllegalArgumentException(
                            "the memories that define a plane must differ, got " + Arrays.toString(indices));
                }
            }
        }
        double[][] out = new double[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            try (NDArray row = memories.get(indices[i]); NDArray f = row.toType(DataType.FLOAT64, true)) {
                out[i] = f.toDoubleArray();
            }
        }
        return out;
    }

    /** Gram-Schmidt on two vectors; fails when the second has (relatively) nothing orthogonal to the first. */
    private static double[][] orthonormal(double[] p, double[] q, String parallel) {
        double np = norm(p);
        double nq = norm(q);
        if (!(np > 0) || !(nq > 0)) {
            throw new IllegalArgumentException(parallel);
        }
        double[] e1 = new double[p.length];
        for (int j = 0; j < p.length; j++) {
            e1[j] = p[j] / np;
        }
        double dot = 0;
        for (int j = 0; j < q.length; j++) {
            dot += q[j] * e1[j];
        }
        double[] r = new double[q.length];
        for (int j = 0; j < q.length; j++) {
            r[j] = q[j] - dot * e1[j];
        }
        double nr = norm(r);
        if (!(nr > 1e-10 * nq)) {
            throw new IllegalArgumentException(parallel);
        }
        for (int j = 0; j < r.length; j++) {
            r[j] /= nr;
        }
        return new double[][] {e1, r};
    }

    private static double[] sub(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            out[j] = a[j] - b[j];
        }
        return out;
    }

    private static double norm(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static void finite(String name, double[] a) {
        for (int j = 0; j < a.length; j++) {
            if (!Double.isFinite(a[j])) {
                throw new IllegalArgumentException(name + " must be finite, got " + a[j] + " at index " + j);
            }
        }
    }
}
