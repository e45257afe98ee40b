package org.uhopkit.theory;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;

/** Builds the checks' Plotly figures from plain arrays. Package-private. */
final class Charts {

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

    static Charts of(String title, String xTitle, String yTitle) {
        return new Charts(title, xTitle, yTitle);
    }

    Charts logX() {
        logX = true;
        return this;
    }

    Charts logY() {
        logY = true;
        return this;
    }

    Charts points(String name, double[] x, double[] y) {
        if (x.length > 0) {
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.MARKERS).name(name)
                    .marker(Marker.builder().size(7).opacity(0.75).build()).build());
        }
        return this;
    }

    Charts line(String name, double[] x, double[] y) {
        if (x.length > 0) {
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE).name(name).build());
        }
        return this;
    }

    Charts lineMarkers(String name, double[] x, double[] y) {
        if (x.length > 0) {
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(name).build());
        }
        return this;
    }

    Figure build() {
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

    static double[] seq(int from, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = from + i;
        }
        return x;
    }

    static double[] toArray(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
