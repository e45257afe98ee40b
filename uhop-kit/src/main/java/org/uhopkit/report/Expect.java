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

    /** The checks as a table (columns {@code check}, {@code stated}, {@code computed}), for a notebook. */
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
