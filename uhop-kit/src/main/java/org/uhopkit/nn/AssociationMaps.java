package org.uhopkit.nn;

import org.uhopkit.internal.Checks;
import org.uhopkit.internal.Scope;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.HeatmapTrace;

/**
 * Association matrices of a {@link HopfieldBlock} ({@link HopfieldBlock.Builder#returnAssociation(boolean)}) as
 * host arrays, heat maps and summary numbers.
 */
public final class AssociationMaps {

    private AssociationMaps() {}

    /**
     * One {@code (L, S)} association matrix out of a block's {@code (B, H, L, S)} output, as doubles.
     *
     * @param association the block's second output
     * @param batch the batch index
     * @param head the head index
     * @return rows = state patterns (queries), columns = stored patterns
     */
    public static double[][] matrix(NDArray association, int batch, int head) {
        Checks.notNull("association", association);
        Shape s = association.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("association must have shape (B, H, L, S), got " + s);
        }
        if (batch < 0 || batch >= s.get(0) || head < 0 || head >= s.get(1)) {
            throw new IllegalArgumentException("batch " + batch + " and head " + head + " must index " + s);
        }
        int l = Math.toIntExact(s.get(2));
        int m = Math.toIntExact(s.get(3));
        double[] flat;
        try (NDArray one = association.get(new NDIndex(batch + ", " + head))) {
            flat = Scope.doubles(one);
        }
        double[][] out = new double[l][m];
        for (int i = 0; i < l; i++) {
            System.arraycopy(flat, i * m, out[i], 0, m);
        }
        return out;
    }

    /**
     * A heat map of an association matrix: row i (a query) over column j (a stored pattern), row 0 at the top.
     *
     * @param a the matrix, rows = queries
     * @param title the figure's title
     * @return the figure
     */
    public static Figure heatmap(double[][] a, String title) {
        return heatmap(a, title, "stored pattern", "query");
    }

    /**
     * A heat map of an association matrix with named axes, row 0 at the top.
     *
     * @param a the matrix
     * @param title the figure's title
     * @param columns what the columns are (x axis title)
     * @param rows what the rows are (y axis title)
     * @return the figure
     */
    public static Figure heatmap(double[][] a, String title, String columns, String rows) {
        Checks.notNull("association matrix", a);
        int l = a.length;
        int m = a[0].length;
        Object[] x = new Object[m];
        Object[] y = new Object[l];
        for (int j = 0; j < m; j++) {
            x[j] = j;
        }
        for (int i = 0; i < l; i++) {
            y[i] = i;
        }
        HeatmapTrace trace = HeatmapTrace.builder(x, y, a).build();
        Layout layout = Layout.builder(title)
                .xAxis(Axis.builder().title(columns).build())
                .yAxis(Axis.builder().title(rows).autoRange(Axis.AutoRange.REVERSED).build())
                .height(460).width(520).build();
        return new Figure(layout, trace);
    }

    /**
     * The mean over rows of the largest weight of each row.
     *
     * @param a the association weights {@code (L, S)}, one row per query, at least one row
     * @return the mean of the row maxima (in [0, 1] for rows of a separation's weights)
     */
    public static double meanLargest(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            double m = Double.NEGATIVE_INFINITY;
            for (double v : row) {
                m = Math.max(m, v);
            }
            s += m;
        }
        return s / a.length;
    }

    /**
     * The mean weight a query puts on the stored pattern with its own index, {@code mean_i a[i][i]}.
     *
     * @param a the association weights {@code (L, S)}, one row per query, at least one row and column
     * @return the mean of {@code a[i][i]} over {@code i < min(L, S)}
     */
    public static double meanDiagonal(double[][] a) {
        int n = Math.min(a.length, a[0].length);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[i][i];
        }
        return s / n;
    }

    /**
     * The fraction of queries whose largest weight is on the stored pattern with their own index.
     *
     * @param a the association weights {@code (L, S)}, one row per query, at least one row and column
     * @return the fraction over the first {@code min(L, S)} queries, in [0, 1]
     */
    public static double selfRetrieval(double[][] a) {
        int n = Math.min(a.length, a[0].length);
        int hits = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < a[i].length; j++) {
                if (a[i][j] > a[i][best]) {
                    best = j;
                }
            }
            hits += best == i ? 1 : 0;
        }
        return hits / (double) n;
    }

    /**
     * The mean number of stored patterns with a weight above {@code threshold} per query.
     *
     * @param a the association weights {@code (L, S)}, one row per query
     * @param threshold the weight a stored pattern must exceed to count
     * @return the mean count per query, in [0, S]
     */
    public static double meanSupport(double[][] a, double threshold) {
        double s = 0;
        for (double[] row : a) {
            for (double v : row) {
                s += v > threshold ? 1 : 0;
            }
        }
        return s / a.length;
    }
}
