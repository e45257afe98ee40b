package org.uhopkit.data;

import org.uhopkit.internal.Checks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A {@link TimeSeries} split for forecasting as in Informer and STanHop-Net (the data of Table 8): fixed row
 * borders ({@link SeriesBorders}), every series scaled by a {@link SeriesScaler} fitted on the training rows
 * only, and stride-1 windows of {@code inputLength} input steps followed by {@code horizon} target steps.
 * The training windows lie inside the training rows; the validation and test windows start
 * {@code inputLength} rows before their border, so that their targets cover their own rows:
 * <pre>
 *   part rows [s, e), windows = (e - s) - inputLength - horizon + 1,  s = border - inputLength (val, test)
 * </pre>
 * (ETTh1, input 168, horizon 96: 8377 training and 2785 validation and test windows). Immutable; the scaled
 * values live in host memory; arrays handed to DJL are created in the caller's manager.
 */
public final class SeriesSplit {

    /** The three parts of a split. */
    public enum Part {
        /** The training rows. */
        TRAIN,
        /** The validation rows (early stopping). */
        VALIDATION,
        /** The test rows (the reported metrics). */
        TEST
    }

    private final TimeSeries series;
    private final SeriesBorders borders;
    private final int inputLength;
    private final int horizon;
    private final SeriesScaler scaler;
    private final float[] scaled;

    private SeriesSplit(TimeSeries series, SeriesBorders borders, int inputLength, int horizon) {
        this.series = series;
        this.borders = borders;
        this.inputLength = inputLength;
        this.horizon = horizon;
        this.scaler = SeriesScaler.fit(series, 0, borders.train());
        int c = series.seriesCount();
        int n = borders.total();
        float[] z = new float[n * c];
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < c; j++) {
                z[t * c + j] = (float) scaler.scale(series.value(t, j), j);
            }
        }
        this.scaled = z;
    }

    /**
     * The split of {@code series} at {@code borders} into windows of {@code inputLength} and {@code horizon}.
     *
     * @param series the series, not null
     * @param borders the row borders, not null, within the series' rows
     * @param inputLength the input steps of a window, at least 1
     * @param horizon the target steps of a window, at least 1
     * @return the split, its scaler fitted on the training rows
     * @throws IllegalArgumentException when the borders need more rows than the series has, or a window
     *     ({@code inputLength + horizon} rows) is longer than a part's rows, naming the part and the lengths
     */
    public static SeriesSplit of(TimeSeries series, SeriesBorders borders, int inputLength, int horizon) {
        Checks.notNull("series", series);
        Checks.notNull("borders", borders);
        Checks.atLeast("input length", inputLength, 1);
        Checks.atLeast("horizon", horizon, 1);
        if (borders.total() > series.rows()) {
            throw new IllegalArgumentException("the borders " + borders + " need " + borders.total() + " rows, "
                    + series.name() + " has " + series.rows());
        }
        if (borders.train() < inputLength + horizon) {
            throw new IllegalArgumentException("a window of input length " + inputLength + " + horizon " + horizon
                    + " = " + (inputLength + horizon) + " rows is longer than the TRAIN part of " + series.name()
                    + " (" + borders.train() + " rows)");
        }
        for (Part p : new Part[] {Part.VALIDATION, Part.TEST}) {
            if (borders.rows(p) < horizon) {
                throw new IllegalArgumentException("a horizon of " + horizon + " rows is longer than the " + p
                        + " part of " + series.name() + " (" + borders.rows(p) + " rows)");
            }
            if (borders.start(p) < inputLength) {
                throw new IllegalArgumentException("an input length of " + inputLength + " rows reaches before the "
                        + "first row from the " + p + " border at row " + borders.start(p) + " of " + series.name());
            }
        }
        return new SeriesSplit(series, borders, inputLength, horizon);
    }

    /**
     * The Informer split of ETTh1, ETTm1 or WTH ({@link SeriesBorders#informer(String)}).
     *
     * @param series ETTh1, ETTm1 or WTH, not null
     * @param inputLength the input steps of a window, at least 1
     * @param horizon the target steps of a window, at least 1
     * @return the split at the Informer borders
     */
    public static SeriesSplit informer(TimeSeries series, int inputLength, int horizon) {
        return of(series, SeriesBorders.informer(Checks.notNull("series", series).name()), inputLength, horizon);
    }

    /**
     * The series.
     *
     * @return the unscaled series, not null
     */
    public TimeSeries series() {
        return series;
    }

    /**
     * The borders.
     *
     * @return the row borders, not null
     */
    public SeriesBorders borders() {
        return borders;
    }

    /**
     * The input length (steps the model sees).
     *
     * @return the input length, at least 1
     */
    public int inputLength() {
        return inputLength;
    }

    /**
     * The horizon (steps the model predicts).
     *
     * @return the horizon, at least 1
     */
    public int horizon() {
        return horizon;
    }

    /**
     * C, the number of series.
     *
     * @return C, at least 1
     */
    public int seriesCount() {
        return series.seriesCount();
    }

    /**
     * The scaler, fitted on the training rows only.
     *
     * @return the scaler (per-series mean and standard deviation of the training rows)
     */
    public SeriesScaler scaler() {
        return scaler;
    }

    /**
     * The first row of {@code part}'s first window (its border minus the input length for val and test).
     *
     * @param part the part, not null
     * @return the row index, at least 0
     */
    public int firstRow(Part part) {
        return part == Part.TRAIN ? 0 : borders.start(part) - inputLength;
    }

    /**
     * One past the last row any window of {@code part} reaches (its border end).
     *
     * @param part the part, not null
     * @return the row index (exclusive)
     */
    public int endRow(Part part) {
        return borders.end(part);
    }

    /**
     * The number of stride-1 windows of {@code part}.
     *
     * @param part the part, not null
     * @return {@code (e - s) - inputLength - horizon + 1}, at least 1
     */
    public int windowCount(Part part) {
        Checks.notNull("part", part);
        return endRow(part) - firstRow(part) - inputLength - horizon + 1;
    }

    /**
     * The first row of the input of window {@code i} of {@code part}.
     *
     * @param part the part, not null
     * @param i the window index, in {@code [0, windowCount(part))}
     * @return {@code firstRow(part) + i}
     */
    public int windowStart(Part part, int i) {
        int n = windowCount(part);
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("window " + i + " outside the " + n + " windows of " + part);
        }
        return firstRow(part) + i;
    }

    /**
     * The scaled value of series {@code c} at row {@code t} (rows inside the borders).
     *
     * @param t the row, in {@code [0, borders().total())}
     * @param c the series, in {@code [0, C)}
     * @return the scaled value
     */
    public double scaled(int t, int c) {
        if (t < 0 || t >= borders.total() || c < 0 || c >= seriesCount()) {
            throw new IndexOutOfBoundsException("row " + t + ", series " + c + " outside " + borders.total() + " x "
                    + seriesCount());
        }
        return scaled[t * seriesCount() + c];
    }

    /**
     * Windows {@code [from, to)} of {@code part} as two float32 arrays in {@code manager}: the inputs
     * {@code (n, inputLength, C)} and the targets {@code (n, horizon, C)}, scaled.
     *
     * @param manager the manager the arrays are created in, not null
     * @param part the part, not null
     * @param from the first window, at least 0
     * @param to one past the last window, at most {@code windowCount(part)}, above {@code from}
     * @return {@code {inputs, targets}}, owned by {@code manager}
     */
    public NDArray[] arrays(NDManager manager, Part part, int from, int to) {
        Checks.notNull("manager", manager);
        int n = windowCount(part);
        if (from < 0 || to > n || from >= to) {
            throw new IndexOutOfBoundsException("windows [" + from + ", " + to + ") outside the " + n + " windows of "
                    + part);
        }
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return arrays(manager, part, idx);
    }

    /**
     * The windows {@code indices} of {@code part}, in that order, as {@code {inputs (k, inputLength, C), targets
     * (k, horizon, C)}} float32 arrays in {@code manager}.
     *
     * @param manager the manager the arrays are created in, not null
     * @param part the part, not null
     * @param indices the window indices, at least one, each in {@code [0, windowCount(part))}
     * @return {@code {inputs, targets}}, owned by {@code manager}
     * @throws IndexOutOfBoundsException naming an index outside the part's windows
     */
    public NDArray[] arrays(NDManager manager, Part part, int[] indices) {
        Checks.notNull("manager", manager);
        Checks.notNull("indices", indices);
        int n = windowCount(part);
        if (indices.length == 0) {
            throw new IllegalArgumentException("at least one window index is needed");
        }
        int c = seriesCount();
        int k = indices.length;
        float[] x = new float[k * inputLength * c];
        float[] y = new float[k * horizon * c];
        for (int i = 0; i < k; i++) {
            if (indices[i] < 0 || indices[i] >= n) {
                throw new IndexOutOfBoundsException("window " + indices[i] + " outside the " + n + " windows of "
                        + part);
            }
            int s = firstRow(part) + indices[i];
            System.arraycopy(scaled, s * c, x, i * inputLength * c, inputLength * c);
            System.arraycopy(scaled, (s + inputLength) * c, y, i * horizon * c, horizon * c);
        }
        NDArray xs = manager.create(x, new Shape(k, inputLength, c));
        NDArray ys = manager.create(y, new Shape(k, horizon, c));
        return new NDArray[] {xs, ys};
    }

    /**
     * Every window of {@code part}: {@code {inputs (n, inputLength, C), targets (n, horizon, C)}}.
     *
     * @param manager the manager the arrays are created in, not null
     * @param part the part, not null
     * @return {@code {inputs, targets}}, owned by {@code manager}
     */
    public NDArray[] arrays(NDManager manager, Part part) {
        return arrays(manager, part, 0, windowCount(part));
    }

    @Override
    public String toString() {
        return "SeriesSplit(" + series.name() + ", borders " + borders.train() + "/" + borders.validation() + "/"
                + borders.test() + ", input " + inputLength + ", horizon " + horizon + ", windows "
                + windowCount(Part.TRAIN) + "/" + windowCount(Part.VALIDATION) + "/" + windowCount(Part.TEST) + ")";
    }
}
