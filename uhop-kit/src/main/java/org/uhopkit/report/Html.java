package org.uhopkit.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The kit's one HTML escaper and number formatter, used by tables ({@link Tables}), claim reports, image
 * strips and figure labels, so a number reads the same in a table, a sentence and a notebook's prose.
 *
 * <pre>
 * jshell&gt; Html.number(0.123456789)
 * $1 ==&gt; "0.1235"
 * jshell&gt; Html.number(3.0e-7, 3)
 * $2 ==&gt; "3e-07"
 * jshell&gt; Html.escape("a &lt; b &amp; c")
 * $3 ==&gt; "a &amp;lt; b &amp;amp; c"
 * </pre>
 */
public final class Html {

    private Html() {}

    /**
     * Escapes text for HTML text and attribute values.
     *
     * @param s any text, not null
     * @return {@code s} with {@code &}, {@code <}, {@code >}, {@code "} and {@code '} replaced by entities
     */
    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /**
     * A number for people, the same in every table and sentence of the kit:
     * <ul>
     *   <li>integers below {@code 1e12} in full ({@code 100}, {@code -3}), so counts read exactly;
     *   <li>magnitudes in {@code [1e-3, 1e7)}: rounded (half up) to {@code digits} significant digits, in
     *       plain notation without trailing zeros ({@code 0.1235}, {@code 9.4}, {@code 1235}), except where
     *       dropping them would make a non-integer look like an integer ({@code 0.99996} gives
     *       {@code 1.000}); a value with more integer digits than {@code digits} is rounded to an integer
     *       rather than padded with invented zeros ({@code 123456.7} gives {@code 123457});
     *   <li>other magnitudes in scientific notation with {@code digits} significant digits and no trailing
     *       zeros ({@code 1.235e-05}, {@code 2.5e+12}, {@code 0} stays {@code 0});
     *   <li>NaN and the infinities by name.
     * </ul>
     *
     * @param v the value
     * @param digits significant digits, 1 to 17
     * @return the formatted number
     * @throws IllegalArgumentException if {@code digits} is outside [1, 17]
     */
    public static String number(double v, int digits) {
        if (digits < 1 || digits > 17) {
            throw new IllegalArgumentException("digits must be in [1, 17], got " + digits);
        }
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        if (a < 1e-3 || a >= 1e7) {
            String e = String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
            return e.replaceAll("\\.?0+e", "e");
        }
        BigDecimal exact = new BigDecimal(v);
        BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_UP));
        if (rounded.precision() - rounded.scale() > digits) { // more integer digits than significant ones
            return exact.setScale(0, RoundingMode.HALF_UP).toPlainString();
        }
        BigDecimal stripped = rounded.stripTrailingZeros();
        // v is not an integer (those returned above): keep the zeros rather than let it pass for one
        return stripped.scale() <= 0 ? rounded.toPlainString() : stripped.toPlainString();
    }

    /**
     * {@link #number(double, int)} with 4 significant digits, the kit's default for tables and prose.
     *
     * @param v the value
     * @return the formatted number
     */
    public static String number(double v) {
        return number(v, 4);
    }
}
