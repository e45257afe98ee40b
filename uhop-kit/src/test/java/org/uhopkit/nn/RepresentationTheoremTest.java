package org.uhopkit.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.DoubleBuffer;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Theorem 3.1 with the block: for M <= d patterns whose kernel features Phi(x_i) are orthonormal, appendix E.4's
 * construction W_K = E F, W_Q = E (log P / beta) F (F the features as rows, E = [I_M; 0]) makes the block's
 * association matrix equal to a given positive column-stochastic P (transposed: the block's rows are queries).
 */
class RepresentationTheoremTest {

    @BeforeAll
    static void oneTorchThread() {
        org.uhopkit.experiments.TorchThreads.set(1); // small arrays: one thread is faster and leaves the other core free
    }

    @Test
    void theConstructionOfAppendixE4GivesAnyColumnStochasticAssociation() {
        for (int[] size : new int[][] {{5, 8, 6}, {8, 8, 8}}) {
            int m = size[0];
            int d = size[1];
            int h = size[2];
            check(m, d, h, 100 + m);
        }
    }

    @Test
    void theSameConstructionMissesPWhenTheFeaturesAreNotOrthonormal() {
        // a control: the test above can fail — with correlated features the same weights do not give P
        double err = check(5, 8, 6, 7, 0.3);
        assertThat(err).isGreaterThan(1e-3);
    }

    private static double check(int m, int d, int h, long seed) {
        double err = check(m, d, h, seed, 0);
        assertThat(err).as("M = " + m + ", d = " + d).isLessThan(1e-10);
        return err;
    }

    /**
     * Builds the construction for orthonormal features, then (when {@code correlate > 0}) feeds patterns whose
     * features are correlated instead; returns max |association - P^T|.
     */
    private static double check(int m, int d, int h, long seed, double correlate) {
        Random r = new Random(seed);
        double[][] f = orthonormalRows(m, d, r); // (M, D = d) the features
        double[][] w = randomInvertible(d, r); // the kernel W (D, d)
        double[][] wInv = inverse(w);
        double[][] p = columnStochastic(m, r);
        double[][] feats = f;
        if (correlate > 0) {
            feats = new double[m][];
            for (int i = 0; i < m; i++) {
                feats[i] = f[i].clone();
                for (int j = 0; j < d; j++) {
                    feats[i][j] += correlate * f[0][j];
                }
            }
        }
        double[][] x = new double[m][d]; // x_i = W^{-1} f_i, so Phi(x_i) = f_i
        for (int i = 0; i < m; i++) {
            x[i] = mulVec(wInv, feats[i]);
        }
        HopfieldBlock block = HopfieldBlock.builder().kernel(FeatureMap.linear()).headSize(h).projectionBias(false)
                .returnAssociation(true).build();
        double beta = 1 / Math.sqrt(h); // the block's default
        double[][] wk = new double[h][d]; // E F
        double[][] wq = new double[h][d]; // E (log P / beta) F
        for (int a = 0; a < m; a++) {
            wk[a] = f[a].clone();
            for (int b = 0; b < m; b++) {
                for (int j = 0; j < d; j++) {
                    wq[a][j] += Math.log(p[a][b]) / beta * f[b][j];
                }
            }
        }
        try (NDManager nd = NDManager.newBaseManager()) {
            block.initialize(nd, DataType.FLOAT64, new Shape(1, m, d), new Shape(1, m, d));
            set(block, "kernel_weight", w);
            set(block, "query_weight", wq);
            set(block, "key_weight", wk);
            NDArray xs = nd.create(flat(x), new Shape(1, m, d));
            NDList out = block.forward(new ParameterStore(nd, false), new NDList(xs, xs), false);
            double[] assoc = out.get(1).toDoubleArray(); // (1, 1, M, M): row i = query i
            double err = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    err = Math.max(err, Math.abs(assoc[i * m + j] - p[j][i]));
                }
            }
            return err;
        }
    }

    private static void set(HopfieldBlock block, String name, double[][] v) {
        NDArray a = GradientCheck.parameter(block, name).getArray();
        a.setRequiresGradient(false);
        a.set(DoubleBuffer.wrap(flat(v)));
    }

    static double[] flat(double[][] v) {
        double[] out = new double[v.length * v[0].length];
        for (int i = 0; i < v.length; i++) {
            System.arraycopy(v[i], 0, out, i * v[0].length, v[0].length);
        }
        return out;
    }

    /** m orthonormal rows in R^d (Gram-Schmidt on Gaussian rows). */
    static double[][] orthonormalRows(int m, int d, Random r) {
        double[][] q = new double[m][d];
        for (int i = 0; i < m; i++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = r.nextGaussian();
            }
            for (int k = 0; k < i; k++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += v[j] * q[k][j];
                }
                for (int j = 0; j < d; j++) {
                    v[j] -= dot * q[k][j];
                }
            }
            double n = 0;
            for (double x : v) {
                n += x * x;
            }
            n = Math.sqrt(n);
            for (int j = 0; j < d; j++) {
                q[i][j] = v[j] / n;
            }
        }
        return q;
    }

    static double[][] randomInvertible(int d, Random r) {
        double[][] w = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                w[i][j] = (i == j ? 2 : 0) + 0.3 * r.nextGaussian();
            }
        }
        return w;
    }

    /** Gauss-Jordan with partial pivoting. */
    static double[][] inverse(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int i = c + 1; i < n; i++) {
                if (Math.abs(m[i][c]) > Math.abs(m[piv][c])) {
                    piv = i;
                }
            }
            double[] t = m[c];
            m[c] = m[piv];
            m[piv] = t;
            double div = m[c][c];
            for (int j = 0; j < 2 * n; j++) {
                m[c][j] /= div;
            }
            for (int i = 0; i < n; i++) {
                if (i != c) {
                    double k = m[i][c];
                    for (int j = 0; j < 2 * n; j++) {
                        m[i][j] -= k * m[c][j];
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

    static double[] mulVec(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < x.length; j++) {
                y[i] += a[i][j] * x[j];
            }
        }
        return y;
    }

    /** A random positive column-stochastic matrix with a wide spread of entries. */
    static double[][] columnStochastic(int m, Random r) {
        double[][] p = new double[m][m];
        for (int j = 0; j < m; j++) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                p[i][j] = 0.01 + Math.exp(2 * r.nextGaussian());
                s += p[i][j];
            }
            for (int i = 0; i < m; i++) {
                p[i][j] /= s;
            }
        }
        return p;
    }
}
