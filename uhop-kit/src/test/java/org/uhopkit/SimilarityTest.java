package org.uhopkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

/** Scores against a plain-Java computation of each formula. */
class SimilarityTest {

    private static double[][] expected(double[][] xi, double[][] q, String kind) {
        double[][] out = new double[q.length][xi.length];
        for (int b = 0; b < q.length; b++) {
            for (int m = 0; m < xi.length; m++) {
                double dot = 0;
                double l2 = 0;
                double l1 = 0;
                for (int j = 0; j < q[b].length; j++) {
                    dot += q[b][j] * xi[m][j];
                    l2 += (q[b][j] - xi[m][j]) * (q[b][j] - xi[m][j]);
                    l1 += Math.abs(q[b][j] - xi[m][j]);
                }
                out[b][m] = switch (kind) {
                    case "dot" -> dot;
                    case "l2" -> -Math.sqrt(l2);
                    default -> -l1;
                };
            }
        }
        return out;
    }

    private static void assertScores(Similarity sim, String kind, int m, int b, int d) {
        try (NDManager nd = NDManager.newBaseManager()) {
            double[][] xi = Fixtures.gaussian(m, d, 1);
            double[][] q = Fixtures.gaussian(b, d, 2);
            NDArray xiArray = Fixtures.matrix(nd, xi, DataType.FLOAT64);
            NDArray qArray = Fixtures.matrix(nd, q, DataType.FLOAT64);
            int before = nd.getManagedArrays().size();
            NDArray s = sim.scores(xiArray, qArray);
            assertThat(nd.getManagedArrays()).as("only the scores are left behind").hasSize(before + 1);
            assertThat(s.getShape().getShape()).containsExactly(b, m);
            double[][] got = Fixtures.rows(s);
            double[][] want = expected(xi, q, kind);
            for (int i = 0; i < b; i++) {
                for (int k = 0; k < m; k++) {
                    assertThat(got[i][k]).as("%s score (%d, %d)", kind, i, k)
                            .isCloseTo(want[i][k], within(1e-9 * (1 + Math.abs(want[i][k]))));
                }
            }
        }
    }

    @Test
    void dotProductAndEuclideanMatchTheirFormulas() {
        assertScores(Similarity.dot(), "dot", 7, 5, 11);
        assertScores(Similarity.negativeEuclidean(), "l2", 7, 5, 11);
    }

    @Test
    void manhattanMatchesItsFormulaInOneBlockAndAcrossBlocks() {
        assertScores(Similarity.negativeManhattan(), "l1", 7, 5, 11); // one block
        // M d = 10 000: blocks of 104 queries, so 250 queries make three blocks, the last one short
        assertScores(Similarity.negativeManhattan(), "l1", 10, 250, 1000);
        // M d > the block budget: one query per block
        long big = Similarity.NegativeManhattan.BLOCK_ELEMENTS + 1;
        assertScores(Similarity.negativeManhattan(), "l1", 3, 4, (int) (big / 3 + 1));
    }

    @Test
    void kernelScoresAreInnerProductsOfFeaturesAndLeaveOnlyTheirResult() {
        try (NDManager nd = NDManager.newBaseManager()) {
            double[][] w = Fixtures.gaussian(4, 6, 3);
            double[][] xi = Fixtures.gaussian(5, 6, 4);
            double[][] q = Fixtures.gaussian(3, 6, 5);
            NDArray wArray = Fixtures.matrix(nd, w, DataType.FLOAT64);
            NDArray xiArray = Fixtures.matrix(nd, xi, DataType.FLOAT64);
            NDArray qArray = Fixtures.matrix(nd, q, DataType.FLOAT64);
            Similarity k = Similarity.kernel(wArray);
            int before = nd.getManagedArrays().size();
            NDArray s = k.scores(xiArray, qArray);
            NDArray self = k.selfScores(qArray);
            assertThat(nd.getManagedArrays()).hasSize(before + 2);
            double[][] got = Fixtures.rows(s);
            double[] gotSelf = self.toDoubleArray();
            for (int b = 0; b < q.length; b++) {
                double[] fq = times(w, q[b]);
                assertThat(gotSelf[b]).isCloseTo(dot(fq, fq), within(1e-9));
                for (int m = 0; m < xi.length; m++) {
                    assertThat(got[b][m]).isCloseTo(dot(fq, times(w, xi[m])), within(1e-9));
                }
            }
            // the trained kernel, for its own memories (cached) and for other patterns
            try (TrainedMemory mem = UHop.memories(xiArray).kernel(Kernel.linear().dimension(4).seed(7)).stageOne(3)) {
                Similarity learned = mem.similarity();
                before = nd.getManagedArrays().size();
                learned.scores(xiArray, qArray);
                learned.scores(qArray, qArray);
                learned.selfScores(qArray);
                assertThat(nd.getManagedArrays()).hasSize(before + 3);
            }
        }
    }

    private static double[] times(double[][] w, double[] x) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = dot(w[i], x);
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void leadingDimensionsGiveEachSlicesOwnScores() {
        // memories (2, 3, M, d) and queries (2, 3, B, d): every (batch, head) slice against the plain formula
        try (NDManager nd = NDManager.newBaseManager()) {
            int m = 5;
            int b = 4;
            int d = 3;
            double[][][] xi = new double[6][][];
            double[][][] q = new double[6][][];
            java.util.List<NDArray> xs = new java.util.ArrayList<>();
            java.util.List<NDArray> qs = new java.util.ArrayList<>();
            for (int k = 0; k < 6; k++) {
                xi[k] = Fixtures.gaussian(m, d, 10 + k);
                q[k] = Fixtures.gaussian(b, d, 20 + k);
                xs.add(Fixtures.matrix(nd, xi[k], DataType.FLOAT64));
                qs.add(Fixtures.matrix(nd, q[k], DataType.FLOAT64));
            }
            NDArray xiAll = ai.djl.ndarray.NDArrays.stack(new ai.djl.ndarray.NDList(xs)).reshape(2, 3, m, d);
            NDArray qAll = ai.djl.ndarray.NDArrays.stack(new ai.djl.ndarray.NDList(qs)).reshape(2, 3, b, d);
            String[] kinds = {"dot", "l2", "l1"};
            Similarity[] sims = {Similarity.dot(), Similarity.negativeEuclidean(), Similarity.negativeManhattan()};
            for (int s = 0; s < sims.length; s++) {
                NDArray scores = sims[s].scores(xiAll, qAll);
                assertThat(scores.getShape()).isEqualTo(new ai.djl.ndarray.types.Shape(2, 3, b, m));
                double[] got = scores.toDoubleArray();
                for (int k = 0; k < 6; k++) {
                    double[][] want = expected(xi[k], q[k], kinds[s]);
                    for (int i = 0; i < b; i++) {
                        for (int j = 0; j < m; j++) {
                            assertThat(got[(k * b + i) * m + j]).as("%s slice %d", kinds[s], k)
                                    .isCloseTo(want[i][j], within(1e-10));
                        }
                    }
                }
            }
        }
    }
}
