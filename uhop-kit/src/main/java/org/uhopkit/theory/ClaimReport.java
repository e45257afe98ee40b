package org.uhopkit.theory;

import org.uhopkit.report.Plots;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * The result of checking one claim: what was claimed (in the paper's words), the {@link Verdict}, a plain
 * sentence that explains it (with the correction where there is one), the headline numbers, the quantities
 * behind it as a table and, where a picture helps, a figure. Immutable; holds no native memory.
 *
 * <pre>
 * jshell&gt; ClaimReport r = Theorems.exactRetrieval(spec);
 * jshell&gt; r.verdict()
 * $2 ==&gt; HOLDS
 * jshell&gt; display("text/html", r.html());   // in a notebook: sentence, numbers, figure
 * </pre>
 *
 * @param claim the claim checked, e.g. "Theorem 2.2 (margin condition for exact retrieval)"
 * @param verdict the outcome
 * @param sentence one plain sentence: what was found, and the correction if any
 * @param numbers headline numbers by name, in insertion order
 * @param table the quantities behind the verdict (one row per memory, query, setting ...)
 * @param figure a figure, or null when none helps
 */
public record ClaimReport(String claim, Verdict verdict, String sentence, Map<String, Double> numbers,
        Table table, Figure figure) {

    /** Copies the numbers into an unmodifiable map. */
    public ClaimReport {
        numbers = Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
    }

    /**
     * This report, after checking that its verdict is {@code expected}: notebooks state their conclusions in
     * prose and pin them with this, so a change that flips a verdict fails the notebook instead of leaving
     * the prose wrong.
     *
     * @throws IllegalStateException naming the claim, both verdicts and the report's sentence
     */
    public ClaimReport expect(Verdict expected) {
        if (verdict != expected) {
            throw new IllegalStateException(claim + ": expected " + expected + ", the check found " + verdict + ". "
                    + sentence);
        }
        return this;
    }

    /** True for {@link Verdict#HOLDS}. */
    public boolean holds() {
        return verdict == Verdict.HOLDS;
    }

    /** A headline number by name. */
    public double number(String name) {
        Double v = numbers.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no number named '" + name + "' in this report; it has "
                    + numbers.keySet());
        }
        return v;
    }

    /** The figure, if there is one. */
    public boolean hasFigure() {
        return figure != null;
    }

    /**
     * HTML for a notebook: the claim, the verdict with its sentence, the numbers, and the figure (through
     * {@link Plots#html}, so it carries the uhop-figure div). The table is left to the caller
     * ({@code report.table().printAll()}) because it can be long.
     */
    public String html() {
        StringBuilder out = new StringBuilder("<div class=\"uhop-claim\"><p><b>").append(escape(claim))
                .append("</b>: <b>").append(verdict).append("</b>. ").append(escape(sentence)).append("</p>");
        if (!numbers.isEmpty()) {
            out.append("<table><tr><th>quantity</th><th>value</th></tr>");
            numbers.forEach((k, v) -> out.append("<tr><td>").append(escape(k)).append("</td><td>")
                    .append(format(v)).append("</td></tr>"));
            out.append("</table>");
        }
        if (figure != null) {
            out.append(Plots.html(figure));
        }
        return out.append("</div>").toString();
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return Long.toString((long) v);
        }
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(claim).append(": ").append(verdict).append(". ").append(sentence);
        numbers.forEach((k, v) -> out.append("\n  ").append(k).append(" = ").append(format(v)));
        return out.toString();
    }
}
