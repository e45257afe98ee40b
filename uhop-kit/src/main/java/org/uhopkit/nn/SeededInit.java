package org.uhopkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.Random;

/**
 * Initialisers drawn from {@code java.util.Random} seeded per parameter (the block's seed mixed with the
 * parameter's name), so that a block's initial parameters are the same on every machine and in every
 * thread, whatever else used the engine's random generator. Public for the models built from the kit's blocks
 * ({@code org.uhopkit.nn.stanhop}); not part of the stable API.
 */
public final class SeededInit {

    private SeededInit() {}

    /**
     * A seed for one parameter: the block seed mixed with the parameter name (FNV-1a).
     *
     * @param blockSeed the block's seed
     * @param name the parameter's name, not null
     * @return the parameter's seed
     */
    public static long seedFor(long blockSeed, String name) {
        long h = 0xcbf29ce484222325L ^ blockSeed;
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /**
     * i.i.d. {@code N(0, std^2)}; {@code std <= 0} means {@code 1/sqrt(fan_in)}, fan_in the last axis.
     *
     * @param seed the seed of the draw
     * @param std the standard deviation, or at most 0 for {@code 1/sqrt(fan_in)}
     * @return a seeded initializer
     */
    public static Initializer normal(long seed, double std) {
        return (m, shape, type) -> {
            double s = std > 0 ? std : 1 / Math.sqrt(fanIn(shape));
            Random r = new Random(seed);
            double[] v = new double[Math.toIntExact(shape.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = s * r.nextGaussian();
            }
            return create(m, v, shape, type);
        };
    }

    /** i.i.d. uniform on {@code [-bound, bound]}. */
    static Initializer uniform(long seed, double bound) {
        return (m, shape, type) -> {
            Random r = new Random(seed);
            double[] v = new double[Math.toIntExact(shape.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = bound * (2 * r.nextDouble() - 1);
            }
            return create(m, v, shape, type);
        };
    }

    /**
     * Xavier/Glorot uniform for a weight {@code (fan_out, fan_in)}: bound {@code sqrt(6 / (fan_in + fan_out))}.
     *
     * @param seed the seed of the draw
     * @return a seeded initializer
     */
    public static Initializer xavier(long seed) {
        return (m, shape, type) -> {
            double bound = Math.sqrt(6.0 / (fanIn(shape) + shape.get(0)));
            return uniform(seed, bound).initialize(m, shape, type);
        };
    }

    /** The identity matrix (square shapes only; checked where the shape is decided). */
    static Initializer identity() {
        return (m, shape, type) -> m.eye(Math.toIntExact(shape.get(0)), Math.toIntExact(shape.get(1)), 0, type);
    }

    /** A constant. */
    static Initializer constant(double value) {
        return (m, shape, type) -> {
            double[] v = new double[Math.toIntExact(shape.size())];
            java.util.Arrays.fill(v, value);
            return create(m, v, shape, type);
        };
    }

    /** Given values (row-major), copied into a new array. */
    static Initializer values(double[] values) {
        double[] copy = values.clone();
        return (m, shape, type) -> {
            if (shape.size() != copy.length) {
                throw new IllegalArgumentException(
                        "the given values have " + copy.length + " entries, the parameter has shape " + shape);
            }
            return create(m, copy, shape, type);
        };
    }

    static long fanIn(Shape shape) {
        return shape.dimension() == 0 ? 1 : shape.get(shape.dimension() - 1);
    }

    static NDArray create(NDManager m, double[] v, Shape shape, DataType type) {
        if (type == DataType.FLOAT64) {
            return m.create(v, shape);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        NDArray a = m.create(f, shape);
        if (type == DataType.FLOAT32) {
            return a;
        }
        NDArray t = a.toType(type, false);
        a.close();
        return t;
    }
}
