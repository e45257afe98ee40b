package org.uhopkit.landscape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;
import org.uhopkit.Fixtures;

class StatePlaneTest {

    private static double dot(double[] p, double[] q) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += p[i] * q[i];
        }
        return s;
    }

    @Test
    void thePlaneThroughThreeMemoriesHoldsThemAtTheirCoordinates() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 6, 9, 1, DataType.FLOAT64);
            double[][] rows = Fixtures.rows(xi);
            StatePlane plane = StatePlane.through(xi, 4, 1, 3);
            assertThat(plane.dimension()).isEqualTo(9);
            assertThat(plane.definingMemories()).containsExactly(4, 1, 3);
            assertThat(dot(plane.u(), plane.u())).isCloseTo(1, within(1e-12));
            assertThat(dot(plane.v(), plane.v())).isCloseTo(1, within(1e-12));
            assertThat(dot(plane.u(), plane.v())).isCloseTo(0, within(1e-12));
            for (int mu : new int[] {4, 1, 3}) {
                assertThat(plane.distance(rows[mu])).isCloseTo(0, within(1e-12));
                double[] ab = plane.coordinates(rows[mu]);
                assertThat(plane.point(ab[0], ab[1])).containsExactly(rows[mu], within(1e-12));
            }
            // the origin is the centroid: the three coordinates sum to zero
            double sa = 0;
            for (int mu : new int[] {4, 1, 3}) {
                sa += plane.coordinates(rows[mu])[0];
            }
            assertThat(sa).isCloseTo(0, within(1e-12));
            // a memory off the plane: its distance is the norm of what its projection leaves
            double[] ab = plane.coordinates(rows[0]);
            double[] back = plane.point(ab[0], ab[1]);
            double s = 0;
            for (int j = 0; j < 9; j++) {
                s += (rows[0][j] - back[j]) * (rows[0][j] - back[j]);
            }
            assertThat(plane.distance(rows[0])).isCloseTo(Math.sqrt(s), within(1e-12)).isGreaterThan(0.1);
        }
    }

    @Test
    void thePlaneSpannedByTwoMemoriesContainsTheOrigin() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 3, 5, 2, DataType.FLOAT64);
            double[][] rows = Fixtures.rows(xi);
            StatePlane plane = StatePlane.through(xi, 2, 0);
            assertThat(plane.distance(new double[5])).isZero();
            assertThat(plane.distance(rows[2])).isCloseTo(0, within(1e-12));
            assertThat(plane.distance(rows[0])).isCloseTo(0, within(1e-12));
            assertThat(plane.coordinates(rows[2])[1]).isCloseTo(0, within(1e-12)); // u along xi_2
        }
    }

    @Test
    void identityPlaneCoordinatesAreTheStatesThemselves() {
        StatePlane plane = StatePlane.identity();
        assertThat(plane.coordinates(new double[] {0.3, -2})).containsExactly(0.3, -2.0);
        assertThat(plane.point(0.3, -2)).containsExactly(0.3, -2.0);
    }

    @Test
    void aCustomPlaneIsOrthonormalised() {
        StatePlane plane = StatePlane.of(new double[] {1, 1, 1}, new double[] {2, 0, 0}, new double[] {1, 3, 0});
        assertThat(plane.u()).containsExactly(1.0, 0.0, 0.0);
        assertThat(plane.v()).containsExactly(new double[] {0, 1, 0}, within(1e-15));
        assertThat(plane.coordinates(new double[] {2, 3, 5})).containsExactly(1.0, 2.0);
        assertThat(plane.distance(new double[] {2, 3, 5})).isCloseTo(4, within(1e-15));
    }

    @Test
    void closestTripleIsTheTightestGroup() {
        try (NDManager nd = NDManager.newBaseManager()) {
            double[][] rows = {{0, 0}, {10, 0}, {10.5, 0.2}, {5, 5}, {10.2, 0.6}, {-3, 4}};
            NDArray xi = Fixtures.matrix(nd, rows, DataType.FLOAT64);
            assertThat(StatePlane.closestTriple(xi)).containsExactly(1, 2, 4);
        }
    }

    @Test
    void badPlanesAreRejected() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray line = Fixtures.matrix(nd, new double[][] {{0, 0, 0}, {1, 1, 1}, {2, 2, 2}, {0, 1, 0}},
                    DataType.FLOAT64);
            assertThatThrownBy(() -> StatePlane.through(line, 0, 1, 2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the memories 0, 1, 2 lie on one line: they span no plane");
            assertThatThrownBy(() -> StatePlane.through(line, 1, 2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the memories 1 and 2 are parallel: with 0 they span no plane");
            assertThatThrownBy(() -> StatePlane.through(line, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the memories that define a plane must differ, got [0, 1, 1]");
            assertThatThrownBy(() -> StatePlane.through(line, 0, 1, 4)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("memory index must be in [0, 4), got 4");
            assertThatThrownBy(() -> StatePlane.of(new double[] {0, 0}, new double[] {1, 0}, new double[] {2, 0}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("u and v are parallel (or zero): they span no plane");
            assertThatThrownBy(() -> StatePlane.of(new double[] {0, 0}, new double[] {1, 0, 0}, new double[] {0, 1}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("origin, u and v must have one length d >= 2, got 2, 3, 2");
            assertThatThrownBy(() -> StatePlane.of(new double[] {0, Double.NaN}, new double[] {1, 0}, new double[] {0, 1}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("origin must be finite, got NaN at index 1");
            assertThatThrownBy(() -> StatePlane.identity().coordinates(new double[3]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("state must have length d = 2 like the plane, got 3");
            NDArray two = Fixtures.matrix(nd, new double[][] {{0, 0}, {1, 1}}, DataType.FLOAT64);
            assertThatThrownBy(() -> StatePlane.closestTriple(two)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("memories must have between 3 and 1000 rows to search for the closest triple, got shape (2, 2)");
        }
    }
}
