package org.uhopkit.report;

import org.uhopkit.internal.Checks;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Pins the numbers and claims a notebook states in its prose to what it computed: each check throws, naming
 * the number, the stated and the computed value, when they disagree, so a change that moves a number fails
 * the notebook instead of leaving the prose wrong (the numeric counterpart of
 * {@code ClaimReport.expect(Verdict)}). {@link #table} shows the checks that passed.
 *
 * <pre>
 * jshell&gt; Expect.near("U-Hop error at M = 100", 1.6093, 1.61, 0.005)     // passes
 * jshell&gt; Expect.near("U-Hop error at M = 100", 1.7, 1.61, 0.005)
 * |  Exception java.lang.IllegalStateException: U-Hop error at M = 100: the prose states 1.61 (± 0.005), the
 *    computation gives 1.7
 * </pre>
 */
public final class Expect {

    private Expect() {}

    /**
     * One passed check: what was checked, the value stated, the value computed (formatted with
     * {@link Html#number(double)}).
     *
     * @param name what was checked
     * @param stated the stated value, with its tolerance
     * @param computed the computed value
     */
    public record Check(String name, String stated, String computed) {}

    /**
     * Checks that {@code computed} is within {@code tolerance} of the {@code stated} number.
     *
     * @param name what the number is, e.g. {@code "U-Hop + MHM error at M = 100 (MNIST, paper profile)"}
     * @param computed the computed value
     * @param stated the stated value, finite
     * @param tolerance the largest allowed {@code |computed - stated|}, e.g. half a unit of the last stated digit
     * @return the check, for {@link #table}
     * @throws IllegalStateException when the computed value is NaN or farther than {@code tolerance}
     * @throws IllegalArgumentException for a non-finite stated value or a negative tolerance
     */
    public static Check near(String name, double computed, double stated, double tolerance) {
        Checks.notNull("name", name);
        if (!Double.isFinite(stated)) {
            throw new IllegalArgumentException("stated value of " + name + " must be finite, got " + stated);
        }
        Checks.nonNegativeFinite("tolerance", tolerance);
        String s = Html.number(stated) + " (± " + Html.number(tolerance) + ")";
        if (!(Math.abs(computed - stated) <= tolerance)) {
            throw new IllegalStateException(name + ": the prose states " + s + ", the computation gives "
                    + Html.number(computed) + "; update the prose or find what changed");
        }
        return new Check(name, s, Html.number(computed));
    }

    /**
     * Checks that {@code computed} is the number {@code asWritten} to the precision it is written with: within
     * half a unit of its last digit ({@code "9.4"} accepts {@code [9.35, 9.45]}, {@code "88"} accepts
     * {@code [87.5, 88.5]}, {@code "1.6e-16"} accepts {@code [1.55e-16, 1.65e-16]}), with a relative slack of
     * {@code 1e-12} for binary rounding at the ends. So the prose can be copied into the check as written.
     *
     * <pre>
     * jshell&gt; Expect.rounds("mean error, modern Hopfield", 9.4237, "9.4")   // the prose says "about 9.4"
     * </pre>
     *
     * @param name what the number is
     * @param computed the computed value
     * @param asWritten the number exactly as the prose writes it (a decimal, optionally with an exponent)
     * @return the check, for {@link #table}
     * @throws IllegalStateException when the computed value is NaN or does not round to the written one
     * @throws IllegalArgumentException when {@code asWritten} is not a decimal number
     */
    public static Check rounds(String name, double computed, String asWritten) {
        Checks.notNull("name", name);
        Checks.notNull("the written number", asWritten);
        java.math.BigDecimal written;
        try {
            written = new java.math.BigDecimal(asWritten.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the written number must be a decimal like 9.4 or 1.6e-16, got '"
                    + asWritten + "'", e);
        }
        double value = written.doubleValue();
        double half = written.ulp().doubleValue() / 2;
        double slack = 1e-12 * Math.max(Math.abs(value), half);
        String s = asWritten.trim() + " (so [" + Html.number(value - half, 6) + ", " + Html.number(value + half, 6)
                + "])";
        if (!(Math.abs(computed - value) <= half + slack)) {
            throw new IllegalStateException(name + ": the prose states " + s + ", the computation gives "
                    + Html.number(computed, 6) + "; update the prose or find what changed");
        }
        return new Check(name, s, Html.number(computed));
    }

    /**
     * Checks {@code computed <= bound}, for prose such as "below 1e-12" or "to about 1e-16".
     *
     * @param name what the number is
     * @param computed the computed value
     * @param bound the largest accepted value
     * @return the check, for {@link #table}
     * @throws IllegalStateException when {@code computed} is larger, or NaN
     */
    public static Check atMost(String name, double computed, double bound) {
        Checks.notNull("name", name);
        String s = "at most " + Html.number(bound);
        if (!(computed <= bound)) {
            throw new IllegalStateException(name + ": the prose states " + s + ", the computation gives "
                    + Html.number(computed) + "; update the prose or find what changed");
        }
        return new Check(name, s, Html.number(computed));
    }

    /**
     * Checks {@code computed >= bound}, for prose such as "at least 0.9" or "most of the 100".
     *
     * @param name what the number is
     * @param computed the computed value
     * @param bound the smallest accepted value
     * @return the check, for {@link #table}
     * @throws IllegalStateException when {@code computed} is smaller, or NaN
     */
    public static Check atLeast(String name, double computed, double bound) {
        Checks.notNull("name", name);
        String s = "at least " + Html.number(bound);
        if (!(computed >= bound)) {
            throw new IllegalStateException(name + ": the prose states " + s + ", the computation gives "
                    + Html.number(computed) + "; update the prose or find what changed");
        }
        return new Check(name, s, Html.number(computed));
    }

    /**
     * Checks a claim the prose makes in words, e.g. "U-Hop + MHM has the lowest error at every M".
     *
     * @param claim the claim
     * @param holds whether the computation confirms it
     * @return the check, for {@link #table}
     * @throws IllegalStateException when it does not hold
     */
    public static Check that(String claim, boolean holds) {
        Checks.notNull("claim", claim);
        if (!holds) {
            throw new IllegalStateException(claim + ": the prose states this, the computation does not confirm it; "
                    + "update the prose or find what changed");
        }
        return new Check(claim, "holds", "holds");
    }

    /**
     * The checks as a table (columns {@code check}, {@code stated}, {@code computed}), for a notebook.
     *
     * @param title the table's title, not null
     * @param checks the checks
     * @return a new table, one row per check
     */
    public static Table table(String title, Check... checks) {
        Checks.notNull("title", title);
        StringColumn name = StringColumn.create("check");
        StringColumn stated = StringColumn.create("stated");
        StringColumn computed = StringColumn.create("computed");
        for (Check c : checks) {
            name.append(c.name());
            stated.append(c.stated());
            computed.append(c.computed());
        }
        return Table.create(title, name, stated, computed);
    }
}
