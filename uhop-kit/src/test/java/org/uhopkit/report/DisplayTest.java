package org.uhopkit.report;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

class DisplayTest {

    private static Figure figure(String title) {
        return Charts.of(title, "x", "y").line("line", new double[] {0, 1}, new double[] {1, 2}).build();
    }

    @Test
    void aTableShowsAsTheKitsHtmlTable() {
        Table t = Table.create("t", DoubleColumn.create("v", 0.123456789));
        assertThat(Display.html(t)).isEqualTo(Tables.html(t)).contains(">0.1235<");
    }

    @Test
    void aFigureAndAnArrayOfFiguresShowAsPlotlyDivs() {
        String one = Display.html(figure("one"));
        assertThat(one).contains("class=\"" + Plots.FIGURE_CLASS + "\"").contains("Plotly.newPlot");
        String two = Display.html(new Figure[] {figure("a"), figure("b")});
        assertThat(two.split("class=\"" + Plots.FIGURE_CLASS + "\"", -1)).hasSize(3);
    }

    @Test
    void aRenderableShowsItsOwnHtml() {
        Renderable r = () -> "<p>mine</p>";
        assertThat(Display.html(r)).isEqualTo("<p>mine</p>");
        try (NDManager nd = NDManager.newBaseManager()) {
            ImageStrip strip = Images.strip(nd.zeros(new Shape(2, 4)), 2, 2, 1);
            assertThat(Display.html(strip)).isEqualTo(strip.html()).contains("uhop-image");
        }
    }

    @Test
    void aListOfDisplayableThingsShowsThemInOrder() {
        Renderable a = () -> "<p>a</p>";
        Renderable b = () -> "<p>b</p>";
        Table t = Table.create("t", DoubleColumn.create("v", 1.5));
        assertThat(Display.html(List.of(a, t, b))).isEqualTo("<p>a</p>" + Tables.html(t) + "<p>b</p>");
        assertThat(Display.html(new Renderable[] {b, a})).isEqualTo("<p>b</p><p>a</p>");
    }

    @Test
    void everythingElseHasNoHtmlForm() {
        assertThat(Display.html(null)).isNull();
        assertThat(Display.html("text")).isNull();
        assertThat(Display.html(42)).isNull();
        assertThat(Display.html(new double[] {1, 2})).isNull();
        assertThat(Display.html(List.of())).isNull();
        assertThat(Display.html(new Figure[0])).isNull();
        Renderable a = () -> "<p>a</p>";
        assertThat(Display.html(List.of(a, "not displayable"))).as("all or nothing").isNull();
    }
}
