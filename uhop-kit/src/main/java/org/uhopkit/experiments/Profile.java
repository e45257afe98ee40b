package org.uhopkit.experiments;

import java.util.Arrays;
import java.util.Locale;

/** How big a sweep is: the paper's full grid and run counts, or a quick reduced one (tests, CI, notebooks). */
public enum Profile {
    /** A few runs on a reduced grid: every experiment in well under a minute. */
    QUICK,
    /** The paper's grid and run counts (section 4.1, appendix F.2-F.3, G.1-G.3). */
    PAPER;

    /**
     * The command-line name: {@code quick}, {@code paper}.
     *
     * @return the lower-case name
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The profile with command-line name {@code s} (case-insensitive).
     *
     * @param s the command-line name, any case
     * @return the profile
     * @throws IllegalArgumentException naming the value and the valid names
     */
    public static Profile parse(String s) {
        for (Profile p : values()) {
            if (s != null && p.id().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown profile '" + s + "', expected one of "
                + String.join(", ", Arrays.stream(values()).map(Profile::id).toList()));
    }

    /** {@code paper} when this is the paper profile, else {@code quick}: picks a grid. */
    <T> T pick(T paper, T quick) {
        return this == PAPER ? paper : quick;
    }
}
