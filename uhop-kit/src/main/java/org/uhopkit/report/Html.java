package org.uhopkit.report;

import java.util.Locale;

/**
 * The kit's one HTML escaper and number formatter, used by tables, claim reports and figure labels.
 */
public final class Html {

    private Html() {}

    /** {@code s} with {@code &}, {@code <}, {@code >} and {@code "} escaped for HTML text and attributes. */
    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * A number for people: integers in full (below 1e12), otherwise {@code digits} significant digits
     * without trailing zeros, in scientific notation below 1e-3 or from 1e7 on; NaN and infinities by name.
     *
     * @param v the value
     * @param digits significant digits, 1 to 17
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
            String e = String.format(Locale.ROOT, "%." + Math.max(0, digits - 1) + "e", v);
            return e.replaceAll("\\.?0+e", "e");
        }
        String g = String.format(Locale.ROOT, "%." + digits + "g", v);
        return g.contains(".") ? g.replaceAll("0+$", "").replaceAll("\\.$", "") : g;
    }

    /** {@link #number(double, int)} with 4 significant digits, the kit's default for tables and prose. */
    public static String number(double v) {
        return number(v, 4);
    }
}
