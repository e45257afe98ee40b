package org.uhopkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** Shared scenario helpers for the tests (public so that the tests of sub-packages use them too). */
public final class Fixtures {

    private Fixtures() {}

    /** An {@code (rows, cols)} float64 matrix of N(0, 1) entries drawn from {@code seed}. */
    public static double[][] gaussian(int rows, int cols, long seed) {
        Random r = new Random(seed);
        double[][] out = new double[rows][cols];
        for (double[] row : out) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return out;
    }

    public static NDArray gaussian(NDManager nd, int rows, int cols, long seed, DataType type) {
        return matrix(nd, gaussian(rows, cols, seed), type);
    }

    public static NDArray matrix(NDManager nd, double[][] values, DataType type) {
        int rows = values.length;
        int cols = values[0].length;
        double[] flat = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(values[i], 0, flat, i * cols, cols);
        }
        NDArray a = nd.create(flat, new Shape(rows, cols));
        if (type == DataType.FLOAT64) {
            return a;
        }
        NDArray b = a.toType(type, true);
        a.close();
        return b;
    }

    public static double[][] rows(NDArray a) {
        long r = a.getShape().get(0);
        long c = a.getShape().get(1);
        double[] flat;
        try (NDArray d = a.toType(DataType.FLOAT64, true)) {
            flat = d.toDoubleArray();
        }
        double[][] out = new double[(int) r][(int) c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(flat, (int) (i * c), out[i], 0, (int) c);
        }
        return out;
    }

    public static double[] row(NDManager nd, Separation sep, double... scores) {
        try (NDArray s = nd.create(scores, new Shape(1, scores.length)); NDArray w = sep.weights(s)) {
            return w.toDoubleArray();
        }
    }

    /**
     * Softmax weights on the negated scores, with softmax's energy: dynamics that move away from the memories the
     * energy rewards (the sign error of a distance baseline), so that energy checks have a case that must fail.
     */
    public static Separation antiSoftmax() {
        return new Separation() {
            @Override
            public NDArray weights(NDArray scores) {
                return scores.neg().softmax(-1);
            }

            @Override
            public boolean hasEnergy() {
                return true;
            }

            @Override
            public NDArray conjugate(NDArray s) {
                return Separation.softmax().conjugate(s);
            }

            @Override
            public String toString() {
                return "AntiSoftmax";
            }
        };
    }
}
