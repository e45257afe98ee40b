package org.uhopkit;

import org.uhopkit.report.Plots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetrievalTest {

    private static final double[] ALPHAS = {1.0, 1.25, 1.5, 1.75, 2.0};
    private static final double[] BETAS = {0.1, 1.0, 4.0, 20.0};

    private static List<Separation> energySeparations() {
        List<Separation> seps = new ArrayList<>();
        for (double a : ALPHAS) {
            seps.add(Separation.entmax(a));
        }
        seps.add(Separation.softmax());
        seps.add(Separation.sparsemax());
        seps.add(Separation.argmax());
        return seps;
    }

    @Test
    void energyNeverIncreasesUnderTheUpdateRule() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 12, 8, 21, DataType.FLOAT64).mul(0.6);
            NDArray q = Fixtures.gaussian(nd, 9, 8, 22, DataType.FLOAT64);
            NDArray wRandom = Fixtures.gaussian(nd, 10, 8, 23, DataType.FLOAT64).mul(0.4);
            try (TrainedMemory trained = UHop.memories(xi).kernel(Kernel.linear().seed(3)).stageOne(20)) {
                List<Similarity> sims = List.of(Similarity.dot(), Similarity.kernel(wRandom), trained.similarity());
                for (Similarity sim : sims) {
                    for (Separation sep : energySeparations()) {
                        for (double beta : BETAS) {
                            Retrieval r = UHop.memories(xi).similarity(sim).separation(sep).beta(beta).updateSteps(6)
                                    .retrieve(q);
                            double[][] e = r.energyTrace();
                            assertThat(e).hasNumberOfRows(7);
                            for (int t = 1; t < e.length; t++) {
                                for (int b = 0; b < e[t].length; b++) {
                                    double scale = 1 + Math.abs(e[t - 1][b]);
                                    assertThat(e[t][b]).as(sim + " " + sep + " beta " + beta + " step " + t + " query " + b)
                                            .isLessThanOrEqualTo(e[t - 1][b] + 1e-9 * scale);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void theEnergyCheckCatchesAnUpdateThatIsNotTheCccpStep() {
        // weights that favour the least similar memory (the sign error of the authors' L2 baseline) with
        // softmax's energy: the energy must go up for some query, so the monotonicity check can fail.
        Separation wrong = Fixtures.antiSoftmax();
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 12, 8, 21, DataType.FLOAT64);
            NDArray q = xi.add(Fixtures.gaussian(nd, 12, 8, 22, DataType.FLOAT64).mul(0.1));
            double[][] e = UHop.memories(xi).separation(wrong).beta(2).retrieve(q).energyTrace();
            boolean increased = false;
            for (int b = 0; b < e[0].length; b++) {
                increased |= e[1][b] > e[0][b] + 1e-6;
            }
            assertThat(increased).isTrue();
        }
    }

    @Test
    void aKernelNarrowerThanTheDataIsFlaggedAgainstAssumption21() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 6, 5, 81, DataType.FLOAT32);
            try (TrainedMemory narrow = UHop.memories(xi).kernel(Kernel.linear().dimension(3)).stageOne(2);
                    TrainedMemory wide = UHop.memories(xi).kernel(Kernel.linear().dimension(8)).stageOne(2)) {
                assertThat(narrow.assumptionWarnings()).singleElement().asString().contains("Assumption 2.1");
                assertThat(narrow.toString()).contains("WARNING");
                assertThat(wide.assumptionWarnings()).isEmpty();
                assertThat(narrow.w().getShape().get(0)).isEqualTo(3);
            }
        }
    }

    @Test
    void energyIsLogSumExpAtAlphaOneAndEquation23AtAlphaTwo() {
        try (NDManager nd = NDManager.newBaseManager()) {
            double[][] xi = Fixtures.gaussian(4, 3, 31);
            double[][] x = Fixtures.gaussian(1, 3, 32);
            NDArray memories = Fixtures.matrix(nd, xi, DataType.FLOAT64);
            NDArray state = Fixtures.matrix(nd, x, DataType.FLOAT64);
            double beta = 1.0;
            double[] z = new double[4];
            double xx = 0;
            for (int j = 0; j < 3; j++) {
                xx += x[0][j] * x[0][j];
            }
            double lse = 0;
            for (int mu = 0; mu < 4; mu++) {
                for (int j = 0; j < 3; j++) {
                    z[mu] += xi[mu][j] * x[0][j];
                }
                lse += Math.exp(beta * z[mu]);
            }
            double e1 = xx / 2 - Math.log(lse) / beta;
            assertThat(UHop.memories(memories).beta(beta).energy(state)[0]).isCloseTo(e1, within(1e-12));

            // eq. (2.3): Psi*_2 = |beta z|^2/2 - |z* - beta z|^2/2 + 1/2, z* = sparsemax(beta z), beta = 1
            double[] p = Fixtures.row(nd, Separation.sparsemax(), z);
            double zz = 0;
            double diff = 0;
            for (int mu = 0; mu < 4; mu++) {
                zz += z[mu] * z[mu];
                diff += (p[mu] - z[mu]) * (p[mu] - z[mu]);
            }
            double e2 = xx / 2 - (zz / 2 - diff / 2 + 0.5);
            assertThat(UHop.memories(memories).separation(Separation.sparsemax()).energy(state)[0])
                    .isCloseTo(e2, within(1e-12));
        }
    }

    @Test
    void orthonormalMemoriesWithLargeBetaAreRetrievedExactly() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = nd.eye(6, 6, 0, DataType.FLOAT64).mul(1.0);
            // queries: each memory plus a small perturbation
            NDArray q = xi.add(Fixtures.gaussian(nd, 6, 6, 41, DataType.FLOAT64).mul(0.1));
            for (Separation sep : List.of(Separation.softmax(), Separation.sparsemax(), Separation.entmax(1.5))) {
                Retrieval r = UHop.memories(xi).separation(sep).beta(200).retrieve(q);
                double[][] got = Fixtures.rows(r.states());
                for (int i = 0; i < 6; i++) {
                    for (int j = 0; j < 6; j++) {
                        assertThat(got[i][j]).as(sep.toString()).isCloseTo(i == j ? 1.0 : 0.0, within(1e-12));
                    }
                }
            }
        }
    }

    @Test
    void identityKernelWithoutStageOneIsThePlainModel() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 10, 7, 51, DataType.FLOAT32);
            NDArray q = Fixtures.gaussian(nd, 5, 7, 52, DataType.FLOAT32);
            for (Separation sep : List.of(Separation.softmax(), Separation.sparsemax(), Separation.entmax(1.3))) {
                MemorySpec plain = UHop.memories(xi).separation(sep).beta(2).updateSteps(3);
                try (TrainedMemory mem = plain.kernel(Kernel.identity()).stageOne(0)) {
                    Retrieval a = plain.retrieve(q);
                    Retrieval b = mem.retrieve(q);
                    double[][] sa = Fixtures.rows(a.states());
                    double[][] sb = Fixtures.rows(b.states());
                    for (int i = 0; i < sa.length; i++) {
                        assertThat(sb[i]).containsExactly(sa[i], within(1e-5));
                    }
                    assertThat(b.meanEnergy()).containsExactly(a.meanEnergy(), within(1e-4));
                }
            }
        }
    }

    @Test
    void theSameSeedGivesBitIdenticalResults() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 16, 12, 61, DataType.FLOAT32);
            NDArray q = Fixtures.gaussian(nd, 4, 12, 62, DataType.FLOAT32);
            UHopSpec spec = UHop.memories(xi).kernel(Kernel.linear().seed(7));
            float[] a;
            float[] b;
            float[] c;
            try (TrainedMemory m1 = spec.stageOne(30); TrainedMemory m2 = spec.stageOne(30);
                    TrainedMemory m3 = spec.kernel(Kernel.linear().seed(8)).stageOne(30)) {
                assertThat(m1.lossTrace()).containsExactly(m2.lossTrace());
                a = m1.retrieve(q).states().toFloatArray();
                b = m2.retrieve(q).states().toFloatArray();
                c = m3.retrieve(q).states().toFloatArray();
            }
            assertThat(a).containsExactly(b);
            assertThat(a).isNotEqualTo(c);
        }
    }

    @Test
    void toleranceStopsEarlyOnceTheStatesSettle() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = nd.eye(4, 4, 0, DataType.FLOAT64);
            Retrieval r = UHop.memories(xi).separation(Separation.sparsemax()).beta(10).updateSteps(50).tolerance(1e-9)
                    .retrieve(xi.add(0.01));
            assertThat(r.stepsTaken()).isLessThan(50);
            assertThat(r.moves()[r.stepsTaken() - 1]).isLessThanOrEqualTo(1e-9);
        }
    }

    @Test
    void arraysKeepTheMemoriesDataType() {
        try (NDManager nd = NDManager.newBaseManager()) {
            for (DataType type : List.of(DataType.FLOAT32, DataType.FLOAT64)) {
                NDArray xi = Fixtures.gaussian(nd, 6, 5, 71, type);
                try (TrainedMemory mem = UHop.memories(xi).kernel(Kernel.linear()).stageOne(3)) {
                    assertThat(mem.w().getDataType()).isEqualTo(type);
                    Retrieval r = mem.retrieve(Fixtures.gaussian(nd, 2, 5, 72, type));
                    assertThat(r.states().getDataType()).isEqualTo(type);
                    assertThat(r.weights().getDataType()).isEqualTo(type);
                    assertThat(r.states().getDevice()).isEqualTo(xi.getDevice());
                }
            }
        }
    }

    @Test
    void tablesAndFiguresDescribeTheResult() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = nd.eye(3, 3, 0, DataType.FLOAT32);
            Retrieval r = UHop.memories(xi).separation(Separation.sparsemax()).beta(10).updateSteps(2).retrieve(xi);
            var table = r.toTable();
            assertThat(table.rowCount()).isEqualTo(3);
            assertThat(table.intColumn(Retrieval.RETRIEVED).asList()).containsExactly(0, 1, 2);
            assertThat(table.intColumn(Retrieval.SUPPORT).asList()).containsExactly(1, 1, 1);
            assertThat(r.energyTable().rowCount()).isEqualTo(9);
            assertThat(Plots.standalone(r.energyFigure())).contains("class=\"uhop-figure\"").contains("Plotly.newPlot");
            try (TrainedMemory mem = UHop.memories(xi).kernel(Kernel.linear()).stageOne(4)) {
                assertThat(mem.lossTable().rowCount()).isEqualTo(5);
                assertThat(Plots.div(mem.lossFigure())).contains("Plotly.newPlot");
            }
        }
    }
}
