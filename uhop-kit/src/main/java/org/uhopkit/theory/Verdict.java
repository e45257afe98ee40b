package org.uhopkit.theory;

/** The outcome of a numerical check of one claim of the paper. */
public enum Verdict {
    /** The claim holds as stated on the data checked. */
    HOLDS,
    /** The claim holds once its statement is corrected (the report says how). */
    HOLDS_WITH_CORRECTION,
    /** The data contain a counterexample to the claim as stated (the report shows it). */
    DOES_NOT_HOLD
}
