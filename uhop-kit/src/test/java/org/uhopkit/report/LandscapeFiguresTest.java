package org.uhopkit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.uhopkit.Fixtures;
import org.uhopkit.Similarity;
import org.uhopkit.UHop;
import org.uhopkit.experiments.TorchThreads;
import org.uhopkit.landscape.EnergyLandscape;
import org.uhopkit.landscape.Landscape;
import org.uhopkit.landscape.StatePlane;
import tech.tablesaw.plotly.components.Figure;

class LandscapeFiguresTest {

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

    private static double[][] arc() {
        double[][] xi = new double[5][];
        for (int i = 0; i < 5; i++) {
            double th = Math.toRadians(-20 + 10 * i);
            xi[i] = new double[] {Math.cos(th), Math.sin(th)};
        }
        return xi;
    }

    @Test
    void jsonWritesNumbersStringsArraysAndNonFiniteAsNull() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", new double[] {1.0, 0.5, 1.0 / 3, 1.23456789e-7, Double.NaN, Double.POSITIVE_INFINITY, -2.5e21});
        m.put("b", List.of("x\"y", "</script>", "\u03be"));
        m.put("c", new int[] {3, -1});
        m.put("d", new double[][] {{1, 2}, {3, 4}});
        m.put("e", null);
        m.put("f", true);
        assertThat(LandscapeFigures.json(m)).isEqualTo("{\"a\":[1,0.5,0.333333,1.23457e-7,null,null,-2.5e21],"
                + "\"b\":[\"x\\\"y\",\"\\u003c/script\\u003e\",\"\\u03be\"],\"c\":[3,-1],\"d\":[[1,2],[3,4]],"
                + "\"e\":null,\"f\":true}");
        assertThatThrownBy(() -> LandscapeFigures.json(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot write a java.lang.Object as JSON");
    }

    @Test
    void everyFigureIsAPlotlyCallOnItsDivAndDeterministic() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.matrix(nd, arc(), DataType.FLOAT64);
            Landscape land = EnergyLandscape.of(UHop.memories(xi).beta(20)).resolution(9).trajectories(2)
                    .updateSteps(30).compute();
            Map<String, Figure> figures = Map.of("contour", LandscapeFigures.energy(land, "E"),
                    "heatmap", LandscapeFigures.basins(land, "basins"),
                    "\"heatmap\"", LandscapeFigures.convergence(land, "steps"),
                    "\"scatter\"", LandscapeFigures.trajectories(land, "paths"),
                    "\"fill\":\"toself\"", LandscapeFigures.surface(land, "surface"),
                    "\"type\":\"surface\"", LandscapeFigures.interactiveSurface(land, "surface"));
            for (Map.Entry<String, Figure> e : figures.entrySet()) {
                String js = e.getValue().asJavascript("DIV");
                assertThat(js).startsWith("<script>\nPlotly.newPlot('DIV', [").endsWith(");\n</script>")
                        .contains(e.getKey()).doesNotContain("NaN").doesNotContain("Infinity");
                assertThat(e.getValue().asJavascript("DIV")).isEqualTo(js);
                assertThat(Plots.div(e.getValue())).contains("class=\"uhop-figure\"");
            }
            assertThat(LandscapeFigures.energy(land, "E").asJavascript("D")).contains("\"ncontours\":30")
                    .contains("\\u03be2"); // the memories are labelled
        }
    }

    @Test
    void basinMapGivesEveryPointItsMemorysCategory() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.matrix(nd, arc(), DataType.FLOAT64);
            // beta 20 merges the arc into one state near memory 2: every point is in category 2 of 7
            Landscape merged = EnergyLandscape.of(UHop.memories(xi).beta(20)).resolution(4).updateSteps(400).compute();
            assertThat(merged.share(2)).isEqualTo(1.0);
            String js = LandscapeFigures.basins(merged, "b").asJavascript("D");
            assertThat(js).contains("\"z\":[[2,2,2,2],[2,2,2,2],[2,2,2,2],[2,2,2,2]]")
                    .contains("\"zmin\":-0.5,\"zmax\":6.5")
                    .contains("\"ticktext\":[\"\\u03be0\",\"\\u03be1\",\"\\u03be2\",\"\\u03be3\",\"\\u03be4\","
                            + "\"another memory\",\"no memory within \\u03b5\"]");
            // with a radius below the merged state's distance, every point is "no memory" (category 6)
            Landscape strict = EnergyLandscape.of(UHop.memories(xi).beta(20)).resolution(4).updateSteps(400)
                    .epsilon(1e-4).compute();
            assertThat(LandscapeFigures.basins(strict, "b").asJavascript("D"))
                    .contains("\"z\":[[6,6,6,6],[6,6,6,6],[6,6,6,6],[6,6,6,6]]");
            // only memory 4 coloured: the rest is "another memory" (category 1)
            assertThat(LandscapeFigures.basins(merged, "b", 4).asJavascript("D"))
                    .contains("\"z\":[[1,1,1,1],[1,1,1,1],[1,1,1,1],[1,1,1,1]]");
        }
    }

    @Test
    void pointsThatDidNotConvergeAreBlankInTheStepsMap() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.matrix(nd, arc(), DataType.FLOAT64);
            Landscape land = EnergyLandscape.of(UHop.memories(xi).beta(20)).resolution(3).updateSteps(2).compute();
            assertThat(land.convergedShare()).isLessThan(1.0);
            assertThat(LandscapeFigures.convergence(land, "s").asJavascript("D")).contains("null");
        }
    }

    @Test
    void highlightedMemoriesPutThePlanesMemoriesFirstThenTheLargestBasins() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.gaussian(nd, 14, 5, 7, DataType.FLOAT64);
            Landscape land = EnergyLandscape.of(UHop.memories(xi).beta(3)).plane(StatePlane.through(xi, 9, 2, 11))
                    .resolution(7).updateSteps(10).compute();
            int[] shown = LandscapeFigures.highlightedMemories(land);
            assertThat(shown).startsWith(9, 2, 11).doesNotHaveDuplicates();
            assertThat(shown.length).isLessThanOrEqualTo(10);
            double[] shares = land.shares();
            for (int i = 3; i < shown.length; i++) {
                assertThat(shares[shown[i]]).isPositive();
            }
            assertThatThrownBy(() -> LandscapeFigures.basins(land, "b", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("at most 10 memories can have their own colour, got 11");
            assertThatThrownBy(() -> LandscapeFigures.basins(land, "b", 3, 3)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("memory 3 is listed twice");
            assertThatThrownBy(() -> LandscapeFigures.basins(land, "b", 14)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("memory index must be in [0, 14), got 14");
        }
    }

    @Test
    void surfacesKeepTheGridsEndsAndAtMost41PointsPerSide() {
        assertThat(LandscapeFigures.every(81)).hasSize(41).startsWith(0, 2, 4).endsWith(78, 80);
        assertThat(LandscapeFigures.every(61)).hasSize(31).endsWith(58, 60);
        assertThat(LandscapeFigures.every(41)).hasSize(41).endsWith(39, 40);
        assertThat(LandscapeFigures.every(2)).containsExactly(0, 1);
        assertThat(LandscapeFigures.every(200)).hasSizeLessThanOrEqualTo(41).startsWith(0, 5).endsWith(199);
    }

    @Test
    void theStaticSurfacePaintsFarCellsFirstAndUsesTheEnergysColourScale() {
        LandscapeFigures.Projection view = new LandscapeFigures.Projection(0, 1, 0, 1, 0, 1);
        // at azimuth -55 degrees the corner (0, 1) is the farthest on the floor and (1, 0) the nearest
        double far = view.project(0, 1, 0)[2];
        double near = view.project(1, 0, 0)[2];
        assertThat(far).isGreaterThan(near);
        // higher points are nearer to an eye above the floor and drawn higher on the screen
        assertThat(view.project(0.5, 0.5, 1)[2]).isLessThan(view.project(0.5, 0.5, 0)[2]);
        assertThat(view.project(0.5, 0.5, 1)[1]).isGreaterThan(view.project(0.5, 0.5, 0)[1]);
        assertThat(LandscapeFigures.cells(81)).hasSize(28).startsWith(0, 3).endsWith(78, 80);
        assertThat(LandscapeFigures.cells(2)).containsExactly(0, 1);
        assertThat(LandscapeFigures.VIRIDIS).hasSize(17).startsWith("#440154").endsWith("#fde725");
    }

    @Test
    void energyFiguresNeedAnEnergy() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Fixtures.matrix(nd, arc(), DataType.FLOAT64);
            Landscape land = EnergyLandscape.of(UHop.memories(xi).similarity(Similarity.negativeManhattan()))
                    .resolution(3).updateSteps(2).compute();
            assertThatThrownBy(() -> LandscapeFigures.energy(land, "E")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has no energy");
            assertThatThrownBy(() -> LandscapeFigures.surface(land, "E")).isInstanceOf(IllegalStateException.class);
            assertThat(LandscapeFigures.basins(land, "b").asJavascript("D")).contains("heatmap");
            assertThat(LandscapeFigures.trajectories(land, "t").asJavascript("D")).doesNotContain("contour");
        }
    }
}
