package org.uhopkit.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.DoubleBuffer;
import java.util.Random;
import java.util.function.Function;

/**
 * Autograd gradients of a scalar function of a block against central finite differences, in float64. The
 * function is {@code sum(out * G)} with a fixed random {@code G}, so every output entry matters.
 */
final class GradientCheck {

    private GradientCheck() {}

    /** A scalar of the block's first output: {@code sum(out * G)}, G drawn from {@code seed}. */
    static Function<NDList, NDArray> weightedSum(long seed) {
        return out -> {
            NDArray o = out.head();
            double[] g = new double[Math.toIntExact(o.size())];
            Random r = new Random(seed);
            for (int i = 0; i < g.length; i++) {
                g[i] = r.nextGaussian();
            }
            NDArray gArr = o.getManager().create(g, o.getShape());
            return o.mul(gArr).sum();
        };
    }

    /** The value of {@code f(block(inputs))} in inference mode. */
    static double value(Block block, NDList inputs, Function<NDList, NDArray> f) {
        try (NDManager m = NDManager.newBaseManager(inputs.head().getDevice())) {
            NDList out = block.forward(new ParameterStore(m, false), inputs, false);
            for (NDArray a : out) {
                a.attach(m);
            }
            return f.apply(out).getDouble();
        }
    }

    /** The autograd gradient of {@code f} with respect to every parameter and to the given inputs. */
    static void backward(Block block, NDList inputs, Function<NDList, NDArray> f) {
        for (NDArray in : inputs) {
            in.setRequiresGradient(true);
        }
        try (NDManager m = NDManager.newBaseManager(inputs.head().getDevice());
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList out = block.forward(new ParameterStore(m, false), inputs, true);
            for (NDArray a : out) {
                a.attach(m);
            }
            NDArray y = f.apply(out);
            gc.backward(y);
        }
    }

    /**
     * Checks {@code count} entries (drawn from {@code seed}) of the gradient of {@code f} with respect to
     * {@code target} (a parameter's array or an input) against central differences with step {@code h}.
     *
     * @return the largest absolute difference seen
     */
    static double checkEntries(Block block, NDList inputs, Function<NDList, NDArray> f, NDArray target,
            String what, int count, long seed, double h, double tol) {
        assertThat(target.getDataType()).isEqualTo(DataType.FLOAT64);
        double[] grad = target.getGradient().toDoubleArray();
        double[] base = target.toDoubleArray();
        Random r = new Random(seed);
        double worst = 0;
        boolean requires = target.hasGradient();
        for (int n = 0; n < Math.min(count, base.length); n++) {
            int i = count >= base.length ? n : r.nextInt(base.length);
            double[] v = base.clone();
            v[i] = base[i] + h;
            set(target, v, requires);
            double plus = value(block, inputs, f);
            v[i] = base[i] - h;
            set(target, v, requires);
            double minus = value(block, inputs, f);
            set(target, base, requires);
            double fd = (plus - minus) / (2 * h);
            double diff = Math.abs(fd - grad[i]);
            worst = Math.max(worst, diff / Math.max(1, Math.abs(fd)));
            assertThat(grad[i]).as(what + " entry " + i + " (finite difference " + fd + ")")
                    .isCloseTo(fd, org.assertj.core.data.Offset.offset(tol * Math.max(1, Math.abs(fd))));
        }
        return worst;
    }

    private static void set(NDArray target, double[] values, boolean requires) {
        if (requires) {
            target.setRequiresGradient(false);
        }
        target.set(DoubleBuffer.wrap(values));
        if (requires) {
            target.setRequiresGradient(true);
        }
    }

    /** The parameter of {@code block} (or its children) whose name ends with {@code suffix}. */
    static Parameter parameter(Block block, String suffix) {
        return block.getParameters().values().stream().filter(p -> p.getName().endsWith(suffix)).findFirst()
                .orElseThrow(() -> new AssertionError("no parameter " + suffix + " in " + block.getParameters().keys()));
    }
}
