package org.uhopkit.nn.stanhop;

import org.uhopkit.Separation;
import org.uhopkit.nn.FeatureMap;
import org.uhopkit.nn.HopfieldBlock;
import org.uhopkit.nn.SeededInit;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * The common ground of STanHop-Net's blocks: seeded affine maps, LayerNorms over the last axis, two-layer GELU
 * MLPs and the settings of a generalized sparse Hopfield (GSH) block. Every parameter's shape is known when the
 * block is built. Package-private.
 */
abstract class Part extends AbstractBlock {

    private static final byte VERSION = 1;

    /** The configuration. */
    final StanHopConfig config;
    /** This block's seed (its path in the model mixed into the model seed). */
    final long seed;

    Part(StanHopConfig config, long seed) {
        super(VERSION);
        this.config = config;
        this.seed = seed;
    }

    /** {@code x W^T + b}, {@code W (out, in)} Xavier-uniform from the seed, {@code b} zero. */
    final class Dense {
        private final Parameter w;
        private final Parameter b;

        Dense(String name, long in, long out) {
            w = addParameter(Parameter.builder().setName(name + "_weight").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(out, in)).optInitializer(SeededInit.xavier(SeededInit.seedFor(seed, name)))
                    .build());
            b = addParameter(Parameter.builder().setName(name + "_bias").setType(Parameter.Type.BIAS)
                    .optShape(new Shape(out)).optInitializer(Initializer.ZEROS).build());
        }

        NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            return x.getNDArrayInternal().linear(x, ps.getValue(w, x.getDevice(), training),
                    ps.getValue(b, x.getDevice(), training)).singletonOrThrow();
        }
    }

    /** LayerNorm over the last axis (width {@code d}), learned scale and shift, epsilon 1e-5. */
    final class Norm {
        private final Parameter gamma;
        private final Parameter beta;
        private final long width;

        Norm(String name, long width) {
            this.width = width;
            gamma = addParameter(Parameter.builder().setName(name + "_gamma").setType(Parameter.Type.GAMMA)
                    .optShape(new Shape(width)).optInitializer(Initializer.ONES).build());
            beta = addParameter(Parameter.builder().setName(name + "_beta").setType(Parameter.Type.BETA)
                    .optShape(new Shape(width)).optInitializer(Initializer.ZEROS).build());
        }

        NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            return LayerNorm.layerNorm(x, new Shape(width), ps.getValue(gamma, x.getDevice(), training),
                    ps.getValue(beta, x.getDevice(), training), 1e-5f).singletonOrThrow();
        }
    }

    /** {@code Linear(d -> hidden), GELU, Linear(hidden -> d)}. */
    final class Mlp {
        private final Dense first;
        private final Dense second;

        Mlp(String name, long width, long hidden) {
            first = new Dense(name + "_1", width, hidden);
            second = new Dense(name + "_2", hidden, width);
        }

        NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            return second.apply(ps, Activation.gelu(first.apply(ps, x, training)), training);
        }
    }

    /** A learned parameter of the given shape, i.i.d. {@code N(0, 1)} from the seed (learned positions). */
    Parameter gaussian(String name, Shape shape) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(SeededInit.normal(SeededInit.seedFor(seed, name), 1.0)).build());
    }

    /** Dropout in training with the configuration's rate; the identity otherwise. */
    NDArray drop(NDArray x, boolean training) {
        return training && config.dropout() > 0 ? Dropout.dropout(x, (float) config.dropout(), true)
                .singletonOrThrow() : x;
    }

    /**
     * The settings of one GSH block of STanHop-Net: {@code H} heads, values {@code W_V W_K Y}, the learnable-alpha
     * entmax ({@code alpha = 1 + sigmoid(a)}), dropout on the association, {@code beta = 1/sqrt(d_head)}; with
     * U-Hop a learnable kernel {@code Phi(x) = W x} before the projections (section 3), folded into the
     * projections outside Algorithm 2's separation-loss steps ({@link HopfieldBlock.Builder#composedKernel}: the same
     * function up to rounding, cheaper).
     */
    HopfieldBlock.Builder gsh(String name) {
        return HopfieldBlock.builder().heads(config.heads()).values(HopfieldBlock.Values.KEYS)
                .separation(Separation.learnableEntmax(config.initialAlpha())).dropout(config.dropout())
                .kernel(config.uhop() ? FeatureMap.linear() : FeatureMap.none()).composedKernel(config.uhop())
                .seed(SeededInit.seedFor(seed, name));
    }

    /** The seed of a child block. */
    long childSeed(String name) {
        return SeededInit.seedFor(seed, name);
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("cannot load a " + getClass().getSimpleName() + " saved with version "
                    + loadVersion + ", expected " + VERSION);
        }
        readInputShapes(is);
    }
}
