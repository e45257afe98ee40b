package org.uhopkit.data;

import org.uhopkit.internal.Checks;

/**
 * Fixed row borders of a train / validation / test split of a {@link TimeSeries} (the Informer splits that
 * STanHop-Net and the paper's Table 8 use): the first {@code train} rows train, the next {@code validation}
 * rows validate, the next {@code test} rows test; rows after them are unused. Validation and test windows start
 * one input length before their border, so their first target is the first row of their part
 * ({@link SeriesSplit}).
 *
 * @param train training rows
 * @param validation validation rows
 * @param test test rows
 */
public record SeriesBorders(int train, int validation, int test) {

    /** ETTh1 (hourly): 12, 4 and 4 months of 30 days, 8640 / 2880 / 2880 rows. */
    public static final SeriesBorders ETTH1 = new SeriesBorders(12 * 30 * 24, 4 * 30 * 24, 4 * 30 * 24);
    /** ETTm1 (15 minutes): 12, 4 and 4 months, 34560 / 11520 / 11520 rows. */
    public static final SeriesBorders ETTM1 = new SeriesBorders(12 * 30 * 96, 4 * 30 * 96, 4 * 30 * 96);
    /** WTH (hourly): 28, 10 and 10 months, 20160 / 7200 / 7200 rows. */
    public static final SeriesBorders WTH = new SeriesBorders(28 * 30 * 24, 10 * 30 * 24, 10 * 30 * 24);

    /**
     * Checks that every part has at least one row.
     *
     * @param train training rows, at least 1
     * @param validation validation rows, at least 1
     * @param test test rows, at least 1
     */
    public SeriesBorders {
        Checks.atLeast("training rows", train, 1);
        Checks.atLeast("validation rows", validation, 1);
        Checks.atLeast("test rows", test, 1);
    }

    /**
     * The rows the three parts cover, {@code train + validation + test}.
     *
     * @return the rows covered
     */
    public int total() {
        return train + validation + test;
    }

    /**
     * The first row of {@code part}'s own rows (its border).
     *
     * @param part the part, not null
     * @return the part's first row
     */
    public int start(SeriesSplit.Part part) {
        return switch (part) {
            case TRAIN -> 0;
            case VALIDATION -> train;
            case TEST -> train + validation;
        };
    }

    /**
     * One past the last row of {@code part}.
     *
     * @param part the part, not null
     * @return the row after the part's last
     */
    public int end(SeriesSplit.Part part) {
        return start(part) + rows(part);
    }

    /**
     * The number of {@code part}'s own rows.
     *
     * @param part the part, not null
     * @return the part's row count
     */
    public int rows(SeriesSplit.Part part) {
        return switch (part) {
            case TRAIN -> train;
            case VALIDATION -> validation;
            case TEST -> test;
        };
    }

    /**
     * The Informer borders of a shipped series by name ({@code ETTh1}, {@code ETTm1}, {@code WTH}).
     *
     * @param seriesName {@code ETTh1}, {@code ETTm1} or {@code WTH}
     * @return the borders of that series
     */
    public static SeriesBorders informer(String seriesName) {
        return switch (Checks.notNull("series name", seriesName)) {
            case "ETTh1" -> ETTH1;
            case "ETTm1" -> ETTM1;
            case "WTH" -> WTH;
            default -> throw new IllegalArgumentException("no Informer borders for series '" + seriesName
                    + "', expected ETTh1, ETTm1 or WTH");
        };
    }
}
