package org.uhopkit.theory;

import org.uhopkit.internal.Checks;
import org.uhopkit.report.Html;

import java.math.BigDecimal;

/**
 * Pins a number that a notebook's prose states to the number the notebook computes: each check returns the
 * computed value when it agrees and throws {@link IllegalStateException} when it does not, so a change in
 * the kit that moves a number fails the notebook instead of leaving its text wrong. Verdicts are pinned the
 * same way with {@link ClaimReport#expect(Verdict)}.
 *
 * <pre>
 * jshell&gt; Expect.rounds("mean error, modern Hopfield", 9.4237, "9.4")   // the prose says "about 9.4"
 * $1 ==&gt; 9.4237
 * jshell&gt; Expect.rounds("mean error, modern Hopfield", 9.52, "9.4")
 * |  Exception java.lang.IllegalStateException: mean error, modern Hopfield: the text states 9.4 (so a value
 * |  in [9.35, 9.45]), the notebook computed 9.52
 * jshell&gt; Expect.atMost("max |Softmax - P|", 3e-16, 1e-15)                // "to about 1e-16"
 * $3 ==&gt; 3.0E-16
 * </pre>
 *
 * <p>A NaN computed value never agrees.
 */
public final class Expect {

    private Expect() {}

    /**
     * Checks that {@code actual} is the number {@code asWritten} to the precision it is written with: within
     * half a unit of its last digit ({@code "9.4"} accepts {@code [9.35, 9.45]}, {@code "88"} accepts
     * {@code [87.5, 88.5]}, {@code "1.6e-16"} accepts {@code [1.55e-16, 1.65e-16]}), with a relative slack of
     * {@code 1e-12} for binary rounding at the ends.
     *
     * @param what what the number is, for the message
     * @param actual the computed value
     * @param asWritten the number exactly as the prose writes it (a decimal, optionally with an exponent)
     * @return {@code actual}
     * @throws IllegalStateException when the computed value does not round to the written one
     * @throws IllegalArgumentException when {@code asWritten} is not a decimal number
     */
    public static double rounds(String what, double actual, String asWritten) {
        Checks.notNull("the written number", asWritten);
        BigDecimal written;
        try {
            written = new BigDecimal(asWritten.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the written number must be a decimal like 9.4 or 1.6e-16, got '"
                    + asWritten + "'", e);
        }
        double value = written.doubleValue();
        double half = written.ulp().doubleValue() / 2;
        double slack = 1e-12 * Math.max(Math.abs(value), half);
        if (!(Math.abs(actual - value) <= half + slack)) {
            throw new IllegalStateException(what + ": the text states " + asWritten + " (so a value in ["
                    + Html.number(value - half, 6) + ", " + Html.number(value + half, 6) + "]), the notebook computed "
                    + Html.number(actual, 6));
        }
        return actual;
    }

    /**
     * Checks {@code |actual - expected| <= tolerance}.
     *
     * @param what what the number is, for the message
     * @param actual the computed value
     * @param expected the value the prose states
     * @param tolerance the largest accepted difference, non-negative and finite
     * @return {@code actual}
     * @throws IllegalStateException when the difference is larger (or {@code actual} is NaN)
     */
    public static double near(String what, double actual, double expected, double tolerance) {
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be non-negative and finite, got " + tolerance);
        }
        if (!(Math.abs(actual - expected) <= tolerance)) {
            throw new IllegalStateException(what + ": the text states " + Html.number(expected, 6) + " +- "
                    + Html.number(tolerance, 3) + ", the notebook computed " + Html.number(actual, 6));
        }
        return actual;
    }

    /**
     * Checks {@code actual <= bound}, for prose such as "below 1e-12" or "to about 1e-16".
     *
     * @param what what the number is, for the message
     * @param actual the computed value
     * @param bound the largest accepted value
     * @return {@code actual}
     * @throws IllegalStateException when {@code actual} is larger (or NaN)
     */
    public static double atMost(String what, double actual, double bound) {
        if (!(actual <= bound)) {
            throw new IllegalStateException(what + ": the text states at most " + Html.number(bound, 6)
                    + ", the notebook computed " + Html.number(actual, 6));
        }
        return actual;
    }

    /**
     * Checks {@code actual >= bound}, for prose such as "at least 0.9" or "close to 1".
     *
     * @param what what the number is, for the message
     * @param actual the computed value
     * @param bound the smallest accepted value
     * @return {@code actual}
     * @throws IllegalStateException when {@code actual} is smaller (or NaN)
     */
    public static double atLeast(String what, double actual, double bound) {
        if (!(actual >= bound)) {
            throw new IllegalStateException(what + ": the text states at least " + Html.number(bound, 6)
                    + ", the notebook computed " + Html.number(actual, 6));
        }
        return actual;
    }
}
