package org.uhopkit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.uhopkit.internal.Checks;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;

/**
 * The figures of the retrieval experiments (section 4.1, appendix G), drawn from tidy Tablesaw tables: one
 * line per series of a summary table (e.g. error vs M per model, Fig. 3), or a scatter of runs (Fig. 1).
 * Plotly through tablesaw-jsplot, 520 x 900 px; holds no native memory. Numbers in labels go through
 * {@link Html#number(double, int)}.
 */
public final class ExperimentFigures {

    /** The y-axis title of the error figures. */
    public static final String ERROR_AXIS = "retrieval error (sum of squares, mean over runs)";

    private ExperimentFigures() {}

    /**
     * One line with markers per series: the rows of {@code table} grouped by {@code series} (first-seen order),
     * x from column {@code x}, y from column {@code y}, points sorted by x.
     *
     * @param table a tidy table, e.g. an experiment's summary
     * @param x a numeric column
     * @param y a numeric column
     * @param series the legend label of a row's series
     * @param dashed whether a row's series is drawn dashed (the last row of a series decides)
     * @param title the figure title
     * @param xTitle the x-axis title
     * @param yTitle the y-axis title
     * @param logX a logarithmic x axis
     * @return a new figure, one line per series
     * @throws IllegalArgumentException when {@code x} or {@code y} is not a numeric column of the table
     */
    public static Figure meanLines(Table table, String x, String y, Function<Row, String> series,
            Predicate<Row> dashed, String title, String xTitle, String yTitle, boolean logX) {
        Checks.notNull("table", table);
        NumericColumn<?> xs = numeric(table, x);
        NumericColumn<?> ys = numeric(table, y);
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        Map<String, Boolean> dash = new LinkedHashMap<>();
        for (int i = 0; i < table.rowCount(); i++) {
            Row row = table.row(i);
            String label = series.apply(row);
            points.computeIfAbsent(label, k -> new ArrayList<>()).add(new double[] {xs.getDouble(i), ys.getDouble(i)});
            dash.put(label, dashed.test(row));
        }
        List<ScatterTrace> traces = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> en : points.entrySet()) {
            List<double[]> p = en.getValue();
            p.sort((a, b) -> Double.compare(a[0], b[0]));
            ScatterTrace.ScatterBuilder b = ScatterTrace.builder(p.stream().mapToDouble(v -> v[0]).toArray(),
                    p.stream().mapToDouble(v -> v[1]).toArray()).mode(ScatterTrace.Mode.LINE_AND_MARKERS)
                    .name(en.getKey());
            if (dash.get(en.getKey())) {
                b.line(Line.builder().dash(Line.Dash.DASH).build());
            }
            traces.add(b.build());
        }
        return figure(title, xTitle, yTitle, logX, traces.toArray(new ScatterTrace[0]));
    }

    /**
     * A scatter of points with a hover text each.
     *
     * @param x the x values
     * @param y the y values, as many as {@code x}
     * @param hover the hover texts, as many as {@code x}
     * @param name the trace name
     * @param title the figure title
     * @param xTitle the x-axis title
     * @param yTitle the y-axis title
     * @return a new figure
     * @throws IllegalArgumentException when the arrays differ in length
     */
    public static Figure scatter(double[] x, double[] y, String[] hover, String name, String title, String xTitle,
            String yTitle) {
        Checks.notNull("x", x);
        Checks.notNull("y", y);
        Checks.notNull("hover", hover);
        if (x.length != y.length || x.length != hover.length) {
            throw new IllegalArgumentException("x, y and hover must be equally long, got " + x.length + ", "
                    + y.length + " and " + hover.length);
        }
        ScatterTrace t = ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.MARKERS).text(hover)
                .marker(Marker.builder().size(7).opacity(0.7).build()).name(name).build();
        return figure(title, xTitle, yTitle, false, t);
    }

    private static Figure figure(String title, String xTitle, String yTitle, boolean logX, ScatterTrace... traces) {
        Axis.AxisBuilder xa = Axis.builder().title(xTitle);
        if (logX) {
            xa.type(Axis.Type.LOG);
        }
        Layout layout = Layout.builder(title).xAxis(xa.build()).yAxis(Axis.builder().title(yTitle).build())
                .height(520).width(900).build();
        return new Figure(layout, traces);
    }

    private static NumericColumn<?> numeric(Table table, String name) {
        if (!table.columnNames().contains(name) || !(table.column(name) instanceof NumericColumn<?> c)) {
            throw new IllegalArgumentException("'" + name + "' must be a numeric column of " + table.name()
                    + ", whose columns are " + table.columnNames());
        }
        return c;
    }
}
