package org.uhopkit.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;

/** The Plotly figures of the experiments, built from the summary tables (no native memory). */
final class Figures {

    private Figures() {}

    static List<Figure> of(Experiment e, ExperimentResult r, Config c) {
        String ds = c.dataset() == Dataset.MNIST ? "MNIST" : "CIFAR-10";
        Table s = r.summary();
        String prof = c.profile().name().toLowerCase(java.util.Locale.ROOT);
        return switch (e) {
            case CAPACITY -> List.of(lines(s, ExperimentResult.M, row -> row.getString(ExperimentResult.METHOD),
                    row -> false, "Memory capacity on " + ds + " (" + r.provenance().get("preset") + " preset, "
                            + prof + ", N = " + r.provenance().get("N") + ")", "memory set size M", true));
            case PRESETS -> List.of(lines(s, ExperimentResult.M,
                    row -> row.getString(ExperimentResult.METHOD) + " [" + row.getString(ExperimentResult.PRESET)
                            + "]",
                    row -> row.getString(ExperimentResult.PRESET).equals("official"),
                    "Paper (solid) vs authors' code (dashed): capacity on " + ds + " (" + prof + ")",
                    "memory set size M", true));
            case NOISE -> List.of(lines(s, ExperimentResult.SIGMA, row -> row.getString(ExperimentResult.METHOD),
                    row -> false, "Noise robustness on " + ds + " (" + r.provenance().get("preset") + " preset, "
                            + prof + ", M = " + r.provenance().get("M") + ")", "noise level sigma", false));
            case STAGE_ONE -> List.of(lines(s, ExperimentResult.N,
                    row -> row.getString(ExperimentResult.METHOD) + ", M=" + row.getInt(ExperimentResult.M),
                    row -> row.getString(ExperimentResult.METHOD).contains("Sparse"),
                    "Retrieval error vs Stage I iterations N on " + ds + " (" + r.provenance().get("preset")
                            + " preset, " + prof + ")", "Stage I iterations N", true));
            case LOSS_VS_ERROR -> List.of(scatter(r.runs(), "Separation loss vs retrieval error on " + ds + " ("
                    + r.provenance().get("preset") + " preset, " + r.runs().rowCount() + " runs, Pearson r = "
                    + fmt(r.provenance().get("pearson_r")) + ")"));
            case MAX_VS_AVERAGE -> List.of(
                    lines(s, ExperimentResult.N, row -> row.getString(ExperimentResult.SEPARATION_LOSS) + " loss, M="
                            + row.getInt(ExperimentResult.M),
                            row -> row.getString(ExperimentResult.SEPARATION_LOSS).equals("max"),
                            "Retrieval error vs N, average (solid) vs max (dashed) loss, " + ds + " ("
                                    + r.provenance().get("preset") + " preset)", "Stage I iterations N", true),
                    lossLines(s, "Separation loss (the one optimised) vs N, " + ds));
        };
    }

    interface Label {
        String of(Row row);
    }

    interface Dashed {
        boolean test(Row row);
    }

    /** One line per label: x = column {@code x}, y = mean error. */
    static Figure lines(Table summary, String x, Label label, Dashed dashed, String title, String xTitle,
            boolean logX) {
        return series(summary, x, ExperimentResult.ERROR_MEAN, label, dashed, title, xTitle,
                "retrieval error (sum of squares, mean over runs)", logX);
    }

    static Figure lossLines(Table summary, String title) {
        return series(summary, ExperimentResult.N, ExperimentResult.STAGE_ONE_LOSS,
                row -> row.getString(ExperimentResult.SEPARATION_LOSS) + " loss, M=" + row.getInt(ExperimentResult.M),
                row -> row.getString(ExperimentResult.SEPARATION_LOSS).equals("max"), title, "Stage I iterations N",
                "separation loss after Stage I", true);
    }

    private static Figure series(Table summary, String x, String y, Label label, Dashed dashed, String title,
            String xTitle, String yTitle, boolean logX) {
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        Map<String, Boolean> dash = new LinkedHashMap<>();
        for (Row row : summary) {
            String l = label.of(row);
            double xv = summary.column(x) instanceof tech.tablesaw.api.IntColumn ? row.getInt(x) : row.getDouble(x);
            points.computeIfAbsent(l, k -> new ArrayList<>()).add(new double[] {xv, row.getDouble(y)});
            dash.put(l, dashed.test(row));
        }
        List<ScatterTrace> traces = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> en : points.entrySet()) {
            List<double[]> p = en.getValue();
            p.sort((a, b) -> Double.compare(a[0], b[0]));
            double[] xs = p.stream().mapToDouble(v -> v[0]).toArray();
            double[] ys = p.stream().mapToDouble(v -> v[1]).toArray();
            ScatterTrace.ScatterBuilder b = ScatterTrace.builder(xs, ys).mode(ScatterTrace.Mode.LINE_AND_MARKERS)
                    .name(en.getKey());
            if (dash.get(en.getKey())) {
                b.line(Line.builder().dash(Line.Dash.DASH).build());
            }
            traces.add(b.build());
        }
        Axis.AxisBuilder xa = Axis.builder().title(xTitle);
        if (logX) {
            xa.type(Axis.Type.LOG);
        }
        Layout layout = Layout.builder(title).xAxis(xa.build()).yAxis(Axis.builder().title(yTitle).build())
                .height(520).width(900).build();
        return new Figure(layout, traces.toArray(new ScatterTrace[0]));
    }

    static Figure scatter(Table runs, String title) {
        double[] loss = runs.doubleColumn(ExperimentResult.STAGE_ONE_LOSS).asDoubleArray();
        double[] err = runs.doubleColumn(ExperimentResult.ERROR).asDoubleArray();
        String[] text = new String[loss.length];
        for (int i = 0; i < text.length; i++) {
            text[i] = "N=" + runs.intColumn(ExperimentResult.N).get(i) + ", lr="
                    + fmt(runs.doubleColumn(ExperimentResult.LEARNING_RATE).getDouble(i));
        }
        ScatterTrace t = ScatterTrace.builder(loss, err).mode(ScatterTrace.Mode.MARKERS).text(text)
                .marker(Marker.builder().size(7).opacity(0.7).build()).name("U-Hop + MHM runs").build();
        Layout layout = Layout.builder(title)
                .xAxis(Axis.builder().title("separation loss of the learned kernel (average loss, t = 2)").build())
                .yAxis(Axis.builder().title("retrieval error (sum of squares, mean over queries)").build())
                .height(520).width(900).build();
        return new Figure(layout, t);
    }

    static String fmt(Object v) {
        if (v instanceof Double d) {
            return String.format(java.util.Locale.ROOT, "%.3g", d);
        }
        return String.valueOf(v);
    }
}
