package org.uhopkit.nn;

import org.uhopkit.internal.Checks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

/**
 * A supervised data set held as arrays, one sample per index of the first axis: the model's inputs (one array
 * or several) and the labels. The arrays are not owned: keep them open while they are used.
 *
 * @param inputs the model's inputs, each {@code (n, ...)}
 * @param labels the labels {@code (n, ...)}
 */
public record TaskData(NDList inputs, NDArray labels) {

    /**
     * Checks that every array has the same number of samples, at least one.
     *
     * @param inputs the model's inputs, each {@code (n, ...)}, not null
     * @param labels the labels {@code (n, ...)}, not null
     */
    public TaskData {
        Checks.notNull("inputs", inputs);
        Checks.notNull("labels", labels);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("inputs must hold at least one array");
        }
        long n = labels.getShape().dimension() == 0 ? -1 : labels.getShape().get(0);
        if (n < 1) {
            throw new IllegalArgumentException("labels must have at least one sample, got shape " + labels.getShape());
        }
        for (int i = 0; i < inputs.size(); i++) {
            NDArray a = inputs.get(i);
            if (a.getShape().dimension() == 0 || a.getShape().get(0) != n) {
                throw new IllegalArgumentException("input " + i + " must have " + n + " samples like the labels, got "
                        + "shape " + a.getShape());
            }
        }
    }

    /**
     * One input array and the labels.
     *
     * @param inputs the model's input {@code (n, ...)}, not null
     * @param labels the labels {@code (n, ...)}, not null
     * @return the data set (the arrays are not owned)
     */
    public static TaskData of(NDArray inputs, NDArray labels) {
        return new TaskData(new NDList(Checks.notNull("inputs", inputs)), labels);
    }

    /**
     * The number of samples n.
     *
     * @return n, at least 1
     */
    public int size() {
        return Math.toIntExact(labels.getShape().get(0));
    }

    /** Throws naming the first non-finite input value (floating-point inputs only). */
    void requireFinite(String name) {
        for (int i = 0; i < inputs.size(); i++) {
            NDArray a = inputs.get(i);
            DataType t = a.getDataType();
            if (t.isFloating()) {
                Checks.requireFinite(name + " input " + i, a);
            }
        }
    }
}
