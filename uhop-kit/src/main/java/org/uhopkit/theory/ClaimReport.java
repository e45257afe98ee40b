package org.uhopkit.theory;

import org.uhopkit.report.Expect;
import org.uhopkit.report.Html;
import org.uhopkit.report.Plots;
import org.uhopkit.report.Renderable;
import org.uhopkit.report.Tables;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.StringColumn;
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
 * jshell&gt; r.expect(Verdict.HOLDS).expectRounds("memories with (2.6)", "0");  // pin what the prose says
 * jshell&gt; r                                    // a notebook cell ending with it shows sentence, numbers, figure
 * jshell&gt; r.table()                            // the quantities behind it, as an HTML table
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
        Table table, Figure figure) implements Renderable {

    /**
     * Copies the numbers into an unmodifiable map.
     *
     * @param claim the claim checked
     * @param verdict the outcome
     * @param sentence the plain sentence
     * @param numbers headline numbers by name
     * @param table the quantities behind the verdict
     * @param figure a figure, or null
     */
    public ClaimReport {
        numbers = Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
    }

    /**
     * This report, after checking that its verdict is {@code expected}: notebooks state their conclusions in
     * prose and pin them with this, so a change that flips a verdict fails the notebook instead of leaving
     * the prose wrong.
     *
     * @param expected the verdict the notebook's prose states
     * @return this report
     * @throws IllegalStateException naming the claim, both verdicts and the report's sentence
     */
    public ClaimReport expect(Verdict expected) {
        if (verdict != expected) {
            throw new IllegalStateException(claim + ": expected " + expected + ", the check found " + verdict + ". "
                    + sentence);
        }
        return this;
    }

    /**
     * This report, after checking that its headline number {@code name} is the number {@code asWritten} to
     * the precision it is written with ({@link Expect#rounds}): {@code expectRounds("observed exact", "30")}.
     *
     * @param name a key of {@link #numbers()}
     * @param asWritten the number as the prose writes it, e.g. {@code "9.4"}
     * @return this report
     * @throws IllegalStateException naming the claim, the number, the stated and the computed value
     */
    public ClaimReport expectRounds(String name, String asWritten) {
        Expect.rounds(claim + ", " + name, number(name), asWritten);
        return this;
    }

    /**
     * This report, after checking {@code |number(name) - expected| <= tolerance} ({@link Expect#near}).
     *
     * @param name a key of {@link #numbers()}
     * @param expected the value the prose states
     * @param tolerance the largest accepted difference
     * @return this report
     * @throws IllegalStateException naming the claim, the number, the stated and the computed value
     */
    public ClaimReport expectNear(String name, double expected, double tolerance) {
        Expect.near(claim + ", " + name, number(name), expected, tolerance);
        return this;
    }

    /**
     * The verdicts of several reports as one table (columns {@code claim}, {@code verdict}, {@code sentence}),
     * in the order given: the summary a notebook ends with.
     *
     * @param reports the reports, none null
     * @return a new table named "Verdicts"
     */
    public static Table summary(List<ClaimReport> reports) {
        StringColumn claims = StringColumn.create("claim");
        StringColumn verdicts = StringColumn.create("verdict");
        StringColumn sentences = StringColumn.create("sentence");
        for (ClaimReport r : reports) {
            claims.append(r.claim());
            verdicts.append(r.verdict().toString());
            sentences.append(r.sentence());
        }
        return Table.create("Verdicts", claims, verdicts, sentences);
    }

    /**
     * Whether the claim holds as stated.
     *
     * @return true for {@link Verdict#HOLDS}
     */
    public boolean holds() {
        return verdict == Verdict.HOLDS;
    }

    /**
     * A headline number by name.
     *
     * @param name a key of {@link #numbers()}
     * @return its value
     * @throws IllegalArgumentException naming the keys there are, when there is no such number
     */
    public double number(String name) {
        Double v = numbers.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no number named '" + name + "' in this report; it has "
                    + numbers.keySet());
        }
        return v;
    }

    /**
     * Whether there is a figure.
     *
     * @return true when {@link #figure()} is not null
     */
    public boolean hasFigure() {
        return figure != null;
    }

    /**
     * HTML for a notebook: the claim, the verdict with its sentence, the numbers (4 significant digits,
     * {@link Html#number(double)}), and the figure (through {@link Plots#html}, so it carries the uhop-figure
     * div). The table is left to the caller ({@code report.table()} ending a cell, or
     * {@link Tables#html(Table, int)}) because it can be long.
     *
     * @return the HTML fragment
     */
    @Override
    public String html() {
        StringBuilder out = new StringBuilder("<div class=\"uhop-claim\"><p><b>").append(Html.escape(claim))
                .append("</b>: <b>").append(verdict).append("</b>. ").append(Html.escape(sentence)).append("</p>");
        if (!numbers.isEmpty()) {
            out.append("<table style=\"border-collapse:collapse\"><thead><tr>")
                    .append("<th style=\"padding:2px 8px;text-align:left;border-bottom:1px solid #999\">quantity</th>")
                    .append("<th style=\"padding:2px 8px;text-align:right;border-bottom:1px solid #999\">value</th>")
                    .append("</tr></thead><tbody>");
            numbers.forEach((k, v) -> out.append("<tr><td style=\"padding:2px 8px;text-align:left\">").append(Html.escape(k))
                    .append("</td><td style=\"padding:2px 8px;text-align:right\">").append(Html.number(v))
                    .append("</td></tr>"));
            out.append("</tbody></table>");
        }
        if (figure != null) {
            out.append(Plots.html(figure));
        }
        return out.append("</div>").toString();
    }

    /**
     * The claim, verdict, sentence and numbers as plain text.
     *
     * @return several lines of text
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(claim).append(": ").append(verdict).append(". ").append(sentence);
        numbers.forEach((k, v) -> out.append("\n  ").append(k).append(" = ").append(Html.number(v)));
        return out.toString();
    }
}
