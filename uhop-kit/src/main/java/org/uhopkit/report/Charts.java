package org.uhopkit.report;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;

/**
 * A small builder of line and scatter figures (Plotly, through tablesaw-jsplot) from plain arrays: the
 * one way the kit draws a chart. Every trace is optional (an empty series adds nothing).
 *
 * <pre>
 * Figure f = Charts.of("energy vs step", "step", "E(x)").line("U-Hop", steps, energy).logY().build();
 * </pre>
 */
public final class Charts {

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private boolean logX;
    private boolean logY;
    private final List<ScatterTrace> traces = new ArrayList<>();

    private Charts(String title, String xTitle, String yTitle) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
    }

    /**
     * A new chart with a title and axis titles.
     *
     * @param title the title
     * @param xTitle the x axis title
     * @param yTitle the y axis title
     * @return a new chart
     */
    public static Charts of(String title, String xTitle, String yTitle) {
        return new Charts(title, xTitle, yTitle);
    }

    /**
     * A logarithmic x axis.
     *
     * @return this chart
     */
    public Charts logX() {
        logX = true;
        return this;
    }

    /**
     * A logarithmic y axis.
     *
     * @return this chart
     */
    public Charts logY() {
        logY = true;
        return this;
    }

    /**
     * A scatter series (markers only).
     *
     * @param name what the value is, as the message names it
     * @param x the x values
     * @param y the y values
     * @return this chart
     */
    public Charts points(String name, double[] x, double[] y) {
        if (x.length > 0) {
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.MARKERS).name(name)
                    .marker(Marker.builder().size(7).opacity(0.75).build()).build());
        }
        return this;
    }

    /**
     * A line series.
     *
     * @param name what the value is, as the message names it
     * @param x the x values
     * @param y the y values
     * @return this chart
     */
    public Charts line(String name, double[] x, double[] y) {
        if (x.length > 0) {
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE).name(name).build());
        }
        return this;
    }

    /**
     * A line series with markers.
     *
     * @param name what the value is, as the message names it
     * @param x the x values
     * @param y the y values
     * @return this chart
     */
    public Charts lineMarkers(String name, double[] x, double[] y) {
        if (x.length > 0) {
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(name).build());
        }
        return this;
    }

    /**
     * The figure (440 x 780 px).
     *
     * @return the figure
     */
    public Figure build() {
        Axis.AxisBuilder xa = Axis.builder().title(xTitle);
        Axis.AxisBuilder ya = Axis.builder().title(yTitle);
        if (logX) {
            xa.type(Axis.Type.LOG);
        }
        if (logY) {
            ya.type(Axis.Type.LOG);
        }
        Layout layout = Layout.builder(title).xAxis(xa.build()).yAxis(ya.build()).height(440).width(780).build();
        return new Figure(layout, traces.toArray(new ScatterTrace[0]));
    }

    /**
     * {@code from, from + 1, ..., from + n - 1} as doubles.
     *
     * @param from the first value
     * @param n how many
     * @return the sequence
     */
    public static double[] seq(int from, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = from + i;
        }
        return x;
    }

    /**
     * The values as a {@code double[]}.
     *
     * @param v the values
     * @return the values
     */
    public static double[] toArray(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
