package org.uhopkit.experiments;

/** How big a sweep is: the paper's full grid and run counts, or a quick reduced one (tests, CI). */
public enum Profile {
    /** A few runs on a reduced grid: every experiment in well under a minute. */
    QUICK,
    /** The paper's grid and run counts (section 4.1, appendix F.2-F.3, G.1-G.3). */
    PAPER;

    /** Parses {@code quick} / {@code paper}. */
    public static Profile parse(String s) {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
