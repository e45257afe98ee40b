package org.uhopkit.theory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** Small dense linear algebra in plain Java doubles, for the checks' bookkeeping. Package-private. */
final class Dense {

    private Dense() {}

    /** The rows of a matrix as doubles (copied). */
    static double[][] rows(NDArray a) {
        long r = a.getShape().get(0);
        long c = a.getShape().dimension() > 1 ? a.getShape().get(1) : 1;
        double[] flat;
        try (NDArray d = a.toType(DataType.FLOAT64, true)) {
            flat = d.toDoubleArray();
        }
        double[][] out = new double[(int) r][(int) c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(flat, (int) (i * c), out[i], 0, (int) c);
        }
        return out;
    }

    /** A float64 array in {@code nd}. */
    static NDArray array(NDManager nd, double[][] values) {
        int r = values.length;
        int c = values[0].length;
        double[] flat = new double[r * c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(values[i], 0, flat, i * c, c);
        }
        return nd.create(flat, new Shape(r, c));
    }

    /**
     * A copy of {@code a} owned by {@code scratch}: the copy is made (in a's manager) and then moved, so the
     * caller's array is never attached to another manager, and everything computed from the copy lands in
     * {@code scratch}.
     */
    static NDArray copy(NDManager scratch, NDArray a) {
        return copy(scratch, a, a.getDataType());
    }

    /** {@link #copy(NDManager, NDArray)} converted to {@code type}. */
    static NDArray copy(NDManager scratch, NDArray a, DataType type) {
        // a same-type toType() is an alias of a's storage in DJL 0.35.1, not a copy: duplicate() is one
        NDArray c = a.getDataType() == type ? a.duplicate() : a.toType(type, true);
        c.attach(scratch);
        return c;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    static double[][] mul(double[][] a, double[][] b) {
        int n = a.length;
        int k = b.length;
        int m = b[0].length;
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            double[] oi = out[i];
            for (int p = 0; p < k; p++) {
                double v = a[i][p];
                if (v == 0) {
                    continue;
                }
                double[] bp = b[p];
                for (int j = 0; j < m; j++) {
                    oi[j] += v * bp[j];
                }
            }
        }
        return out;
    }

    /** {@code a b^T}. */
    static double[][] mulT(double[][] a, double[][] b) {
        double[][] out = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                out[i][j] = dot(a[i], b[j]);
            }
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** Squared distances between rows, from a Gram matrix. */
    static double[][] squaredDistances(double[][] gram) {
        int m = gram.length;
        double[][] d = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                d[i][j] = i == j ? 0 : Math.max(0, gram[i][i] + gram[j][j] - 2 * gram[i][j]);
            }
        }
        return d;
    }

    /** The inverse of a square matrix by Gauss-Jordan with partial pivoting; null when (numerically) singular. */
    static double[][] inverse(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        double scale = 0;
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
            for (int j = 0; j < n; j++) {
                scale = Math.max(scale, Math.abs(a[i][j]));
            }
        }
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) {
                    piv = r;
                }
            }
            if (Math.abs(m[piv][col]) <= 1e-13 * Math.max(scale, Double.MIN_NORMAL)) {
                return null;
            }
            double[] tmp = m[col];
            m[col] = m[piv];
            m[piv] = tmp;
            double p = m[col][col];
            for (int j = 0; j < 2 * n; j++) {
                m[col][j] /= p;
            }
            for (int r = 0; r < n; r++) {
                if (r != col && m[r][col] != 0) {
                    double f = m[r][col];
                    for (int j = 0; j < 2 * n; j++) {
                        m[r][j] -= f * m[col][j];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inv[i], 0, n);
        }
        return inv;
    }

    /**
     * The largest and smallest singular values of {@code w} {@code (D, d)}: power iteration on {@code W^T W} and
     * on its inverse (computed with DJL in float64). The smallest is 0 when {@code W^T W} is singular.
     */
    static double[] singularRange(NDArray w) {
        try (NDManager s = w.getManager().newSubManager(w.getDevice())) {
            NDArray w64 = copy(s, w, DataType.FLOAT64);
            NDArray a = w64.transpose().matMul(w64);
            double[][] am = rows(a);
            double lmax = powerIteration(am, 7);
            double lmin = 0;
            double[][] inv = am.length <= 64 ? inverse(am) : null;
            if (inv == null && am.length > 64) {
                NDArray ai = a.inverse();
                boolean finite = !ai.isNaN().logicalOr(ai.isInfinite()).any().getBoolean();
                inv = finite ? rows(ai) : null;
            }
            if (inv != null) {
                double mu = powerIteration(inv, 11);
                lmin = mu > 0 && Double.isFinite(mu) ? 1 / mu : 0;
                if (lmin < 1e-12 * lmax) {
                    lmin = 0;
                }
            }
            return new double[] {Math.sqrt(lmax), Math.sqrt(Math.max(lmin, 0))};
        }
    }

    /** The largest eigenvalue of a symmetric positive semi-definite matrix. */
    static double powerIteration(double[][] a, long seed) {
        int n = a.length;
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        double lambda = 0;
        for (int it = 0; it < 2000; it++) {
            double nv = norm(v);
            for (int i = 0; i < n; i++) {
                v[i] /= nv;
            }
            double[] av = new double[n];
            for (int i = 0; i < n; i++) {
                av[i] = dot(a[i], v);
            }
            double next = dot(v, av);
            v = av;
            if (it > 10 && Math.abs(next - lambda) <= 1e-13 * Math.abs(next)) {
                return next;
            }
            lambda = next;
        }
        return lambda;
    }

    static double[] column(double[][] a, int j) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i][j];
        }
        return c;
    }
}
