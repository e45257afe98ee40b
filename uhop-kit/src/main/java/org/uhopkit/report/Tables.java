package org.uhopkit.report;

import org.uhopkit.internal.Checks;

import java.util.List;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Tablesaw tables as HTML for notebooks: {@code display("text/html", Tables.html(table))}. The notebook
 * kernel set up by {@code environment/setup.sh} does this by itself for a table that ends a cell (through
 * {@link Display#html(Object)}).
 */
public final class Tables {

    /** Rows shown by {@link #html(Table)} before the rest is elided. */
    public static final int DEFAULT_MAX_ROWS = 40;

    private Tables() {}

    /**
     * The table as an HTML table with at most {@link #DEFAULT_MAX_ROWS} rows; see {@link #html(Table, int)}.
     *
     * @param table any Tablesaw table
     * @return the HTML
     */
    public static String html(Table table) {
        return html(table, DEFAULT_MAX_ROWS);
    }

    /**
     * The table as an HTML table with at most {@code maxRows} rows (the first and last ones, with a
     * marker between). Floating-point cells go through {@link Html#number(double, int)} with 4 significant
     * digits (integers in full), text is escaped with {@link Html#escape(String)}; missing cells are empty.
     * Numeric columns are right-aligned.
     *
     * <pre>
     * jshell&gt; display("text/html", Tables.html(report.table(), 10));
     * </pre>
     *
     * @param table any Tablesaw table
     * @param maxRows the most rows shown, at least 1
     * @return the HTML
     */
    public static String html(Table table, int maxRows) {
        Checks.notNull("table", table);
        Checks.atLeast("maxRows", maxRows, 1);
        List<Column<?>> columns = table.columns();
        String[] align = new String[columns.size()];
        for (int j = 0; j < align.length; j++) {
            align[j] = columns.get(j) instanceof NumericColumn ? "right" : "left";
        }
        StringBuilder out = new StringBuilder("<div class=\"uhop-table\"><table style=\"border-collapse:collapse\">");
        out.append("<caption style=\"text-align:left;font-weight:bold\">").append(Html.escape(table.name()))
                .append(" <span style=\"font-weight:normal;color:#666\">(").append(table.rowCount()).append(" rows × ")
                .append(table.columnCount()).append(" columns)</span></caption><thead><tr>");
        for (int j = 0; j < align.length; j++) { // headers aligned like their column
            out.append("<th style=\"padding:2px 8px;border-bottom:1px solid #999;text-align:").append(align[j])
                    .append("\">").append(Html.escape(columns.get(j).name())).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        int n = table.rowCount();
        int head = n <= maxRows ? n : (maxRows + 1) / 2;
        int tailStart = n <= maxRows ? n : n - maxRows / 2;
        for (int r = 0; r < n; r++) {
            if (r == head && head < tailStart) {
                out.append("<tr><td colspan=\"").append(table.columnCount())
                        .append("\" style=\"text-align:center;color:#666\">… ").append(tailStart - head)
                        .append(" rows …</td></tr>");
                r = tailStart - 1;
                continue;
            }
            out.append("<tr>");
            for (int j = 0; j < align.length; j++) {
                out.append("<td style=\"padding:2px 8px;text-align:").append(align[j]).append("\">")
                        .append(Html.escape(format(columns.get(j), r))).append("</td>");
            }
            out.append("</tr>");
        }
        return out.append("</tbody></table></div>").toString();
    }

    private static String format(Column<?> c, int row) {
        if (c.isMissing(row)) {
            return "";
        }
        Object v = c.get(row);
        if (v instanceof Double || v instanceof Float) {
            return Html.number(((Number) v).doubleValue(), 4);
        }
        return String.valueOf(v);
    }
}
