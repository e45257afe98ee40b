package org.uhopkit.landscape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.uhopkit.Fixtures;
import org.uhopkit.Kernel;
import org.uhopkit.MemorySpec;
import org.uhopkit.Retrieval;
import org.uhopkit.Separation;
import org.uhopkit.Similarity;
import org.uhopkit.TrainedMemory;
import org.uhopkit.UHop;
import org.uhopkit.experiments.TorchThreads;

class EnergyLandscapeTest {

    private static int threads;

    /** One PyTorch thread: these are many tiny products (speed only; see TorchThreads). */
    @BeforeAll
    static void oneThread() {
        threads = TorchThreads.set(1);
    }

    @AfterAll
    static void restoreThreads() {
        if (threads > 0) {
            TorchThreads.set(threads);
        }
    }

    /** Five unit vectors on a 40-degree arc, one per row. */
    static double[][] arc() {
        double[][] xi = new double[5][];
        for (int i = 0; i < 5; i++) {
            double th = Math.toRadians(-20 + 10 * i);
            xi[i] = new double[] {Math.cos(th), Math.sin(th)};
        }
        return xi;
    }

    private static NDArray create(NDManager nd, double[][] rows) {
        return Fixtures.matrix(nd, rows, DataType.FLOAT64);
    }

    // ------------------------------------------------------------------------------------ energy on the grid

    @Test
    void energyOnTheGridEqualsSpecEnergyPointByPoint() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = create(nd, arc());
            MemorySpec spec = UHop.memories(xi).beta(7.0);
            Landscape land = EnergyLandscape.of(spec).window(-0.5, 1.5, -1.0, 0.8).resolution(7, 5).updateSteps(3)
                    .compute();
            double[] a = land.a();
            double[] b = land.b();
            assertThat(a).hasSize(7).startsWith(-0.5).endsWith(1.5);
            assertThat(b).hasSize(5).startsWith(-1.0).endsWith(0.8);
            double[][] points = new double[35][];
            for (int j = 0; j < 5; j++) {
                for (int i = 0; i < 7; i++) {
                    points[j * 7 + i] = new double[] {a[i], b[j]}; // the identity plane: coordinates are states
                }
            }
            double[] expected = spec.energy(create(nd, points));
            double[][] e = land.energy();
            for (int j = 0; j < 5; j++) {
                for (int i = 0; i < 7; i++) {
                    assertThat(e[j][i]).as("(%d, %d)", j, i).isCloseTo(expected[j * 7 + i], within(1e-12));
                }
            }
        }
    }

    @Test
    void energyOnTheGridIsTheClosedFormOfTheModernHopfieldEnergy() {
        try (NDManager nd = NDManager.newBaseManager()) {
            double[][] xi = arc();
            double beta = 3.0;
            Landscape land = EnergyLandscape.of(UHop.memories(create(nd, xi)).beta(beta)).window(0, 2, -1, 1)
                    .resolution(5).updateSteps(1).compute();
            double[][] e = land.energy();
            for (int j = 0; j < 5; j++) {
                for (int i = 0; i < 5; i++) {
                    double x = land.a()[i];
                    double y = land.b()[j];
                    double sum = 0; // E(x) = |x|^2 / 2 - (1/beta) log sum_mu exp(beta <xi_mu, x>), eq. (1.1)
                    for (double[] m : xi) {
                        sum += Math.exp(beta * (m[0] * x + m[1] * y));
                    }
                    assertThat(e[j][i]).isCloseTo((x * x + y * y) / 2 - Math.log(sum) / beta, within(1e-12));
                }
            }
        }
    }

    @Test
    void energyOnAPlaneInHigherDimensionEqualsSpecEnergyAtThePlanesPoints() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 6, 5, 11, DataType.FLOAT64);
            try (TrainedMemory mem = UHop.memories(xi).beta(0.5).kernel(Kernel.linear()).stageOne(5)) {
                StatePlane plane = StatePlane.through(xi, 1, 3, 4);
                Landscape land = EnergyLandscape.of(mem).plane(plane).resolution(4, 6).updateSteps(2).compute();
                double[][] points = new double[24][];
                for (int j = 0; j < 6; j++) {
                    for (int i = 0; i < 4; i++) {
                        points[j * 4 + i] = plane.point(land.a()[i], land.b()[j]);
                    }
                }
                double[] expected = mem.energy(create(nd, points)); // E_K of eq. (2.2), learned kernel
                double[][] e = land.energy();
                for (int j = 0; j < 6; j++) {
                    for (int i = 0; i < 4; i++) {
                        assertThat(e[j][i]).isCloseTo(expected[j * 4 + i], within(1e-10 * (1 + Math.abs(expected[j * 4 + i]))));
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ basins

    @Test
    void eachMemoryThatIsAFixedPointLiesInItsOwnBasin() {
        try (NDManager nd = NDManager.newBaseManager()) {
            // memories of equal norm on grid nodes (the grid has step 1 over [-6, 6]); two of them close together
            double[][] rows = {{5, 0}, {0, 5}, {-5, 0}, {0, -5}, {3, 4}, {4, 3}};
            NDArray xi = create(nd, rows);
            for (Separation sep : List.of(Separation.sparsemax(), Separation.entmax(1.5), Separation.softmax())) {
                for (double beta : new double[] {0.01, 0.3, 20.0}) {
                    MemorySpec spec = UHop.memories(xi).separation(sep).beta(beta);
                    double[][] once;
                    try (Retrieval r = spec.trackEnergy(false).retrieve(xi)) { // T(xi_mu), independently
                        once = Fixtures.rows(r.states());
                    }
                    Landscape land = EnergyLandscape.of(spec).window(-6, 6, -6, 6).resolution(13).updateSteps(30)
                            .compute();
                    int[][] basins = land.basins();
                    for (int mu = 0; mu < rows.length; mu++) {
                        double move = Math.hypot(once[mu][0] - rows[mu][0], once[mu][1] - rows[mu][1]);
                        boolean fixed = move <= land.settings().tolerance();
                        assertThat(land.memoryIsFixedPoint()[mu]).as("%s beta %s memory %d", sep, beta, mu)
                                .isEqualTo(fixed);
                        if (fixed) {
                            int i = (int) Math.round(rows[mu][0] + 6);
                            int j = (int) Math.round(rows[mu][1] + 6);
                            assertThat(land.a()[i]).isEqualTo(rows[mu][0]);
                            assertThat(land.b()[j]).isEqualTo(rows[mu][1]);
                            assertThat(basins[j][i]).as("%s beta %s memory %d", sep, beta, mu).isEqualTo(mu);
                            assertThat(land.memoryEndsIn()[mu]).isEqualTo(mu);
                            assertThat(land.stepsToConverge()[j][i]).isZero();
                        }
                    }
                }
            }
            // the check is not vacuous: sparsemax at beta = 20 makes every memory a fixed point (margins >= 1/beta,
            // eq. 2.6), at beta = 0.3 only the four far apart, at beta = 0.01 none
            MemorySpec sparse = UHop.memories(xi).separation(Separation.sparsemax());
            Landscape sharp = EnergyLandscape.of(sparse.beta(20)).window(-6, 6, -6, 6).resolution(13).compute();
            assertThat(sharp.memoryIsFixedPoint()).containsOnly(true);
            assertThat(sharp.memoriesWithABasin()).isEqualTo(6);
            Landscape middle = EnergyLandscape.of(sparse.beta(0.3)).window(-6, 6, -6, 6).resolution(13).compute();
            assertThat(middle.memoryIsFixedPoint()).containsExactly(true, true, true, true, false, false);
            Landscape blurred = EnergyLandscape.of(sparse.beta(0.01)).window(-6, 6, -6, 6).resolution(13).compute();
            assertThat(blurred.memoryIsFixedPoint()).containsOnly(false);
        }
    }

    @Test
    void oneMemoryGivesOneBasinCoveringTheGrid() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray one = create(nd, new double[][] {{0.3, -0.7}});
            for (Separation sep : List.of(Separation.softmax(), Separation.sparsemax(), Separation.entmax(1.5))) {
                Landscape land = EnergyLandscape.of(UHop.memories(one).separation(sep)).resolution(11).compute();
                for (int[] row : land.basins()) {
                    assertThat(row).containsOnly(0);
                }
                assertThat(land.share(0)).isEqualTo(1.0);
                assertThat(land.share(Landscape.NO_MEMORY)).isEqualTo(0.0);
                assertThat(land.attractors()).hasSize(1);
                assertThat(land.attractors().get(0).points()).isEqualTo(121);
                // T(x) = xi for every x: one step reaches it, the next certifies it; the grid's centre node is
                // the memory itself (the default window is centred on it), which never moves
                int[][] steps = land.stepsToConverge();
                for (int j = 0; j < 11; j++) {
                    for (int i = 0; i < 11; i++) {
                        assertThat(steps[j][i]).isEqualTo(i == 5 && j == 5 ? 0 : 1);
                    }
                }
                assertThat(land.a()[5]).isEqualTo(0.3);
                assertThat(land.b()[5]).isEqualTo(-0.7);
                assertThat(land.stepsRun()).isEqualTo(2);
            }
            // in higher dimension, on a plane spanned by the memory and another direction
            NDArray high = Fixtures.gaussian(nd, 1, 6, 3, DataType.FLOAT64);
            double[] m = Fixtures.rows(high)[0];
            StatePlane plane = StatePlane.of(new double[6], m, new double[] {1, 0, 0, 0, 0, 0});
            Landscape land = EnergyLandscape.of(UHop.memories(high)).plane(plane).resolution(6).compute();
            assertThat(land.share(0)).isEqualTo(1.0);
        }
    }

    @Test
    void basinsAreTheNearestMemoryWithinEpsilonOfTheEndState() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = create(nd, arc());
            // beta 20: plain modern Hopfield merges the arc into one state near the middle memory
            Landscape merged = EnergyLandscape.of(UHop.memories(xi).beta(20)).resolution(15).updateSteps(400)
                    .compute();
            assertThat(merged.attractors()).hasSize(1);
            Attractor a = merged.attractors().get(0);
            assertThat(a.nearestMemory()).isEqualTo(2);
            // with epsilon = R (half of 2 sin 5 degrees) the merged state counts as memory 2 ...
            assertThat(merged.settings().epsilon()).isCloseTo(Math.sin(Math.toRadians(5)), within(1e-12));
            assertThat(merged.share(2)).isEqualTo(1.0);
            // ... with an epsilon below its distance it is a mixture of no memory
            Landscape strict = EnergyLandscape.of(UHop.memories(xi).beta(20)).resolution(15).updateSteps(400)
                    .epsilon(a.distance() / 2).compute();
            assertThat(strict.share(Landscape.NO_MEMORY)).isEqualTo(1.0);
            assertThat(strict.memoriesWithABasin()).isZero();
            int[][] nearest = strict.nearestMemory();
            assertThat(nearest[7]).containsOnly(2);
        }
    }

    // --------------------------------------------------------------------------------- energy descent

    @Test
    void energyNeverIncreasesAlongAnyStoredTrajectoryForTheEntmaxFamily() {
        // Theorem 2.1: for an inner-product similarity (dot product or kernel K(u, v) = <Wu, Wv>) and a separation
        // of the entmax family, T is the concave-convex step of E; the argument needs A = W^T W only positive
        // semi-definite, so a rank-deficient W (D_Phi < d, Assumption 2.1 broken) is checked too
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 7, 4, 21, DataType.FLOAT64);
            NDArray w = Fixtures.gaussian(nd, 6, 4, 22, DataType.FLOAT64);
            NDArray thin = Fixtures.gaussian(nd, 2, 4, 23, DataType.FLOAT64);
            StatePlane plane = StatePlane.through(xi, 0, 2, 5);
            try (TrainedMemory mem = UHop.memories(xi).kernel(Kernel.linear()).stageOne(10)) {
                List<MemorySpec> models = List.of(UHop.memories(xi), UHop.memories(xi).similarity(Similarity.kernel(w)),
                        UHop.memories(xi).similarity(Similarity.kernel(thin)), mem.stageTwo());
                List<Separation> seps = List.of(Separation.softmax(), Separation.entmax(1.3), Separation.entmax(1.5),
                        Separation.sparsemax(), Separation.argmax());
                int checked = 0;
                for (int mi = 0; mi < models.size(); mi++) {
                    for (int si = 0; si < seps.size(); si++) {
                        double beta = (mi + si) % 2 == 0 ? 0.1 : 1.0;
                        MemorySpec spec = models.get(mi).separation(seps.get(si)).beta(beta);
                        Landscape land = EnergyLandscape.of(spec).plane(plane).resolution(5).trajectories(2)
                                .updateSteps(15).compute();
                        assertThat(land.trajectories()).hasSize(4);
                        for (Trajectory t : land.trajectories()) {
                            double[] e = t.energy();
                            assertThat(e).hasSize(t.length());
                            for (int s = 1; s < e.length; s++) {
                                assertThat(e[s] - e[s - 1]).as("%s step %d", spec, s)
                                        .isLessThanOrEqualTo(1e-10 * (1 + Math.abs(e[s - 1])));
                                checked++;
                            }
                        }
                        double[][] rise = land.largestEnergyRise();
                        double[][] start = land.energy();
                        double[][] end = land.finalEnergy();
                        for (int j = 0; j < rise.length; j++) {
                            for (int i = 0; i < rise[j].length; i++) {
                                double slack = 1e-10 * (1 + Math.abs(start[j][i]));
                                assertThat(rise[j][i]).as("%s", spec).isLessThanOrEqualTo(slack);
                                assertThat(end[j][i]).isLessThanOrEqualTo(start[j][i] + slack);
                            }
                        }
                    }
                }
                assertThat(checked).isGreaterThan(200);
            }
        }
    }

    @Test
    void energyRiseIsRecordedForDynamicsThatAreNotTheEnergysDescent() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 8, 4, 3, DataType.FLOAT64);
            Landscape land = EnergyLandscape.of(UHop.memories(xi).separation(Fixtures.antiSoftmax()).beta(1))
                    .plane(StatePlane.through(xi, 0, 1, 2)).resolution(6).trajectories(2).updateSteps(5).compute();
            assertThat(land.largestEnergyRiseAnywhere()).isGreaterThan(1e-3);
            assertThat(land.trajectories().stream().mapToDouble(Trajectory::largestEnergyRise).max().orElseThrow())
                    .isGreaterThan(1e-3);
        }
    }

    @Test
    void modelsWithoutEnergyStillHaveBasinsButNoEnergy() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = create(nd, arc());
            Landscape land = EnergyLandscape.of(UHop.memories(xi).similarity(Similarity.negativeEuclidean()).beta(200))
                    .resolution(6).trajectories(1).compute();
            assertThat(land.hasEnergy()).isFalse();
            assertThat(land.trajectories().get(0).energy()).isEmpty();
            assertThatThrownBy(land::energy).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has no energy");
            assertThat(land.shares()).hasSize(6);
        }
    }

    // ------------------------------------------------------------------------------------ trajectories

    @Test
    void trajectoryStatesAreTheModelsOwnIteratesFromTheStart() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = create(nd, arc());
            MemorySpec spec = UHop.memories(xi).separation(Separation.entmax(1.5)).beta(30);
            double[] start = {0.4, 0.55};
            Landscape land = EnergyLandscape.of(spec).trajectoriesFrom(start).resolution(3).updateSteps(6)
                    .compute();
            Trajectory t = land.trajectories().get(0);
            assertThat(t.a()[0]).isEqualTo(0.4);
            assertThat(t.b()[0]).isEqualTo(0.55);
            NDArray q = create(nd, new double[][] {start});
            for (int s = 1; s < t.length(); s++) {
                try (Retrieval r = spec.updateSteps(s).trackEnergy(false).retrieve(q)) {
                    double[] x = Fixtures.rows(r.states())[0];
                    assertThat(t.a()[s]).as("step %d", s).isCloseTo(x[0], within(1e-12));
                    assertThat(t.b()[s]).isCloseTo(x[1], within(1e-12));
                    assertThat(t.offPlane()[s]).isCloseTo(0, within(1e-12));
                }
            }
            assertThat(t.energy()[0]).isCloseTo(spec.energy(q)[0], within(1e-12));
        }
    }

    @Test
    void trajectoriesOffThePlaneRecordTheirDistanceFromIt() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 5, 6, 31, DataType.FLOAT64);
            StatePlane plane = StatePlane.through(xi, 0, 1, 2);
            MemorySpec spec = UHop.memories(xi).beta(0.4);
            Landscape land = EnergyLandscape.of(spec).plane(plane).trajectoriesFrom(new double[] {0.2, -0.1})
                    .resolution(3).updateSteps(4).compute();
            Trajectory t = land.trajectories().get(0);
            NDArray q = create(nd, new double[][] {plane.point(0.2, -0.1)});
            try (Retrieval r = spec.updateSteps(4).trackEnergy(false).retrieve(q)) {
                double[] x = Fixtures.rows(r.states())[0];
                assertThat(t.offPlane()[4]).isCloseTo(plane.distance(x), within(1e-10));
                assertThat(t.a()[4]).isCloseTo(plane.coordinates(x)[0], within(1e-10));
                assertThat(t.offPlane()[4]).isGreaterThan(1e-3); // the dynamics left the plane
            }
        }
    }

    @Test
    void trajectoryGridStartsAtTheCentresOfAPartitionOfTheWindow() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = create(nd, arc());
            Landscape land = EnergyLandscape.of(UHop.memories(xi)).window(0, 4, -2, 2).resolution(3).trajectories(2)
                    .updateSteps(1).compute();
            assertThat(land.trajectories()).hasSize(4);
            assertThat(land.trajectories().get(0).a()[0]).isEqualTo(1.0);
            assertThat(land.trajectories().get(0).b()[0]).isEqualTo(-1.0);
            assertThat(land.trajectories().get(3).a()[0]).isEqualTo(3.0);
            assertThat(land.trajectories().get(3).b()[0]).isEqualTo(1.0);
        }
    }

    @Test
    void firstStepArrowsAreTheInPlaneUpdate() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = create(nd, arc());
            MemorySpec spec = UHop.memories(xi).beta(4);
            Landscape land = EnergyLandscape.of(spec).window(0, 1, 0, 1).resolution(2).updateSteps(1).compute();
            NDArray q = create(nd, new double[][] {{1, 0}}); // grid point [0][1]
            try (Retrieval r = spec.trackEnergy(false).retrieve(q)) {
                double[] x = Fixtures.rows(r.states())[0];
                assertThat(land.firstStepA()[0][1]).isCloseTo(x[0] - 1, within(1e-12));
                assertThat(land.firstStepB()[0][1]).isCloseTo(x[1], within(1e-12));
            }
        }
    }

    // --------------------------------------------------------------------------- resources and errors

    @Test
    void computeLeavesNoArrayBehind() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 6, 5, 41, DataType.FLOAT32);
            try (TrainedMemory mem = UHop.memories(xi).kernel(Kernel.linear()).stageOne(3)) {
                int before = nd.getManagedArrays().size();
                EnergyLandscape.of(mem).plane(StatePlane.through(xi, 0, 1, 2)).resolution(5).trajectories(2)
                        .updateSteps(5).compute();
                EnergyLandscape.of(UHop.memories(xi)).plane(StatePlane.through(xi, 3, 4)).resolution(5).compute();
                StatePlane.closestTriple(xi);
                assertThat(nd.getManagedArrays()).hasSize(before);
            }
        }
    }

    @Test
    void float32MemoriesGiveTheSameBasinsAsFloat64() {
        try (NDManager nd = NDManager.newBaseManager()) {
            double[][] rows = {{0, 0}, {2, 0}, {0, 2}, {2, 2}};
            MemorySpec s64 = UHop.memories(create(nd, rows)).separation(Separation.sparsemax()).beta(5);
            MemorySpec s32 = UHop.memories(Fixtures.matrix(nd, rows, DataType.FLOAT32)).separation(Separation.sparsemax())
                    .beta(5);
            int[][] b64 = EnergyLandscape.of(s64).resolution(12).compute().basins();
            int[][] b32 = EnergyLandscape.of(s32).resolution(12).compute().basins();
            assertThat(b32).isDeepEqualTo(b64);
        }
    }

    @Test
    void badSettingsAreRejectedWhereTheyEnter() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 4, 3, 51, DataType.FLOAT64);
            EnergyLandscape base = EnergyLandscape.of(UHop.memories(xi));
            assertThatThrownBy(base::compute).isInstanceOf(IllegalStateException.class)
                    .hasMessage("memories have d = 3: choose the plane to draw, e.g. "
                            + "plane(StatePlane.through(xi, 0, 1, 2))");
            assertThatThrownBy(() -> base.plane(StatePlane.identity())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("plane must lie in R^d with d = 3");
            assertThatThrownBy(() -> base.window(1, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("window must have aMin < aMax and bMin < bMax, got [1.0, 0.0] x [0.0, 1.0]");
            assertThatThrownBy(() -> base.window(0, Double.NaN, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("window bounds must be finite, got NaN");
            assertThatThrownBy(() -> base.resolution(1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("grid points along a must be at least 2, got 1");
            assertThatThrownBy(() -> base.updateSteps(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("T (update steps) must be at least 1, got 0");
            assertThatThrownBy(() -> base.epsilon(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("epsilon must be positive and finite, got NaN");
            assertThatThrownBy(() -> base.tolerance(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("tolerance must be positive and finite, got -1.0");
            assertThatThrownBy(() -> base.trajectoriesFrom(new double[] {0, Double.POSITIVE_INFINITY}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a starting point must be two finite plane coordinates (a, b), got [0.0, Infinity] at index 0");
            assertThatThrownBy(() -> base.trajectories(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("trajectory grid size must be at least 0, got -1");
            NDArray twins = create(nd, new double[][] {{1, 2}, {0, 1}, {1, 2}});
            assertThatThrownBy(() -> EnergyLandscape.of(UHop.memories(twins)).compute())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("memories 0 and 2 coincide, so R = 0 and no default epsilon exists: set epsilon(...) explicitly");
            assertThat(EnergyLandscape.of(UHop.memories(twins)).epsilon(0.1).resolution(3).compute().share(0))
                    .isGreaterThanOrEqualTo(0.0);
        }
    }

    @Test
    void aClosedTrainedMemoryCannotBeDrawn() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = create(nd, arc());
            TrainedMemory mem = UHop.memories(xi).kernel(Kernel.linear()).stageOne(2);
            EnergyLandscape land = EnergyLandscape.of(mem);
            mem.close();
            assertThatThrownBy(land::compute).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            assertThatThrownBy(() -> EnergyLandscape.of(mem)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void landscapeTablesListBasinsAttractorsAndEveryGridPoint() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = create(nd, arc());
            Landscape land = EnergyLandscape.of(UHop.memories(xi).beta(20)).resolution(4).updateSteps(400).compute();
            var basins = land.basinTable();
            assertThat(basins.rowCount()).isEqualTo(6);
            assertThat(basins.stringColumn(Landscape.BASIN).get(5)).isEqualTo("no memory within epsilon");
            assertThat(basins.doubleColumn(Landscape.SHARE).get(2)).isEqualTo(100.0);
            assertThat(land.attractorTable().rowCount()).isEqualTo(1);
            assertThat(land.toTable().rowCount()).isEqualTo(16);
            assertThat(Landscape.round(0.123456789)).isEqualTo(0.1235);
            assertThat(Landscape.round(-98765.4)).isEqualTo(-98770.0);
        }
    }

    @Test
    void compareListsEachLandscapesSharesAndWhetherEachMemoryRetrievesItself() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = create(nd, arc());
            Landscape merged = EnergyLandscape.of(UHop.memories(xi).beta(20)).resolution(6).updateSteps(400).compute();
            Landscape sharp = EnergyLandscape.of(UHop.memories(xi).separation(Separation.sparsemax()).beta(2000))
                    .resolution(6).updateSteps(50).compute();
            var t = Landscape.compare(List.of("blurred", "sharp"), List.of(merged, sharp));
            assertThat(t.columnNames()).containsExactly(Landscape.BASIN, "blurred: " + Landscape.SHARE,
                    "sharp: " + Landscape.SHARE, "blurred: memory retrieves itself", "sharp: memory retrieves itself");
            assertThat(t.rowCount()).isEqualTo(6);
            double[] s = sharp.shares();
            for (int mu = 0; mu < 5; mu++) {
                assertThat(t.doubleColumn(1).get(mu)).isEqualTo(mu == 2 ? 100.0 : 0.0);
                assertThat(t.doubleColumn(2).get(mu)).isEqualTo(Landscape.round(100 * s[mu]));
                assertThat(t.stringColumn(3).get(mu)).isEqualTo(merged.memoryEndsIn()[mu] == mu ? "yes" : "no");
            }
            // sparsemax at beta = 2000 makes every arc memory a fixed point (margins 2000 * 0.0152 >= 1, eq. 2.6)
            assertThat(sharp.memorySummary()).containsExactly(5, 5);
            assertThat(merged.memorySummary()).containsExactly(0, 1);
            assertThatThrownBy(() -> Landscape.compare(List.of("one"), List.of(merged, sharp)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("names and landscapes must be non-empty lists of one length, got 1 and 2");
            Landscape other = EnergyLandscape.of(UHop.memories(create(nd, new double[][] {{1, 0}, {0, 1}})))
                    .resolution(2).updateSteps(1).compute();
            assertThatThrownBy(() -> Landscape.compare(List.of("a", "b"), List.of(merged, other)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("landscapes must have the same memories, got M = 5 and M = 2");
        }
    }

    @Test
    void stageOneIsReproducibleSoLandscapesAfterItAre() {
        // Stage I's pair mask once aliased a freed buffer (DJL's toType to the same type is not a copy): about 3 in
        // 1000 runs of N = 3 on these memories then gave other W, some with garbage losses
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = create(nd, arc());
            double[] first = null;
            for (int run = 0; run < 1000; run++) {
                try (TrainedMemory mem = UHop.memories(xi).kernel(Kernel.linear()).stageOne(3)) {
                    double[] trace = mem.lossTrace();
                    if (first == null) {
                        first = trace;
                    }
                    assertThat(trace).as("run %d", run).containsExactly(first);
                }
            }
        }
    }

    @Test
    void localMinimaOfOneMemorysEnergyIsTheMemory() {
        // M = 1: E(x) = |x|^2 / 2 - <xi, x> (lse of one score is the score), minimised at x = xi only
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray one = create(nd, new double[][] {{0.5, -1.0}});
            Landscape land = EnergyLandscape.of(UHop.memories(one).beta(3)).window(-1, 2, -2.5, 0.5).resolution(13)
                    .updateSteps(1).compute();
            assertThat(land.localMinima()).hasSize(1);
            assertThat(land.localMinima().get(0)).containsExactly(new double[] {0.5, -1.0, -0.625}, within(1e-12));
            // two far-apart memories with a sharp softmax: one minimum next to each
            NDArray two = create(nd, new double[][] {{2, 0}, {-2, 0}});
            Landscape pair = EnergyLandscape.of(UHop.memories(two).beta(5)).window(-3, 3, -1, 1).resolution(13, 5)
                    .updateSteps(1).compute();
            assertThat(pair.localMinima()).hasSize(2);
            assertThat(pair.localMinima().stream().mapToDouble(m -> Math.abs(m[0])).toArray()).containsOnly(2.0);
            Landscape none = EnergyLandscape.of(UHop.memories(one).similarity(Similarity.negativeEuclidean()))
                    .resolution(3).updateSteps(1).compute();
            assertThatThrownBy(none::localMinima).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void computingTwiceGivesIdenticalResults() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 8, 4, 61, DataType.FLOAT64);
            EnergyLandscape spec = EnergyLandscape.of(UHop.memories(xi).beta(2)).plane(StatePlane.through(xi, 0, 1, 2))
                    .resolution(9).trajectories(2).updateSteps(20);
            Landscape one = spec.compute();
            Landscape two = spec.compute();
            assertThat(two.energy()).isDeepEqualTo(one.energy());
            assertThat(two.basins()).isDeepEqualTo(one.basins());
            assertThat(two.stepsToConverge()).isDeepEqualTo(one.stepsToConverge());
            assertThat(two.trajectories().get(3).a()).isEqualTo(one.trajectories().get(3).a());
        }
    }
}
