package org.uhopkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.uhopkit.Fixtures;
import org.uhopkit.Separation;

/** Gradients of the Hopfield blocks against central finite differences, float64. */
class BlockGradientTest {

    @BeforeAll
    static void oneTorchThread() {
        org.uhopkit.experiments.TorchThreads.set(1); // small arrays: one thread is faster and leaves the other core free
    }

    private static final double H = 1e-6;
    private static final double TOL = 1e-6;

    private static NDList inputs(NDManager nd) {
        NDArray r = Fixtures.gaussian(nd, 2 * 3, 4, 31, DataType.FLOAT64).reshape(2, 3, 4);
        NDArray y = Fixtures.gaussian(nd, 2 * 5, 4, 32, DataType.FLOAT64).reshape(2, 5, 4);
        return new NDList(r, y);
    }

    private static void checkAll(Block block, NDList in, String what) {
        checkAll(block, in, what, 3);
    }

    private static void checkAll(Block block, NDList in, String what, int entries) {
        Function<NDList, NDArray> f = GradientCheck.weightedSum(7);
        GradientCheck.backward(block, in, f);
        long seed = 1;
        for (Parameter p : block.getParameters().values()) {
            if (p.requiresGradient()) {
                GradientCheck.checkEntries(block, in, f, p.getArray(), what + " d/d" + p.getName(), entries, seed++, H, TOL);
            }
        }
        GradientCheck.checkEntries(block, in, f, in.get(0), what + " d/dR", entries, seed++, H, TOL);
        GradientCheck.checkEntries(block, in, f, in.get(1), what + " d/dY", entries, seed, H, TOL);
    }

    @Test
    void gradientsOfTheBlockWithKernelAndHeadsMatchFiniteDifferencesForEverySeparation() {
        for (Separation sep : List.of(Separation.softmax(), Separation.sparsemax(), Separation.entmax(1.5),
                Separation.entmax(1.3), Separation.learnableEntmax(1.6))) {
            try (NDManager nd = NDManager.newBaseManager()) {
                NDList in = inputs(nd);
                HopfieldBlock block = HopfieldBlock.builder().heads(2).kernel(FeatureMap.linear().bias(true))
                        .separation(sep).beta(0.9, 1.4).seed(3).build();
                block.initialize(nd, DataType.FLOAT64, new Shape(2, 3, 4), new Shape(2, 5, 4));
                checkAll(block, in, sep.toString(), 2);
            }
        }
    }

    @Test
    void gradientsThroughSeveralUpdateStepsNormsAndKeyValuesMatchFiniteDifferences() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDList in = inputs(nd);
            HopfieldBlock block = HopfieldBlock.builder().heads(1).kernel(FeatureMap.linear().identityInit())
                    .values(HopfieldBlock.Values.KEYS).updateSteps(3).normalizeState(true).normalizeStored(true)
                    .separation(Separation.entmax(1.5)).seed(4).build();
            block.initialize(nd, DataType.FLOAT64, new Shape(2, 3, 4), new Shape(2, 5, 4));
            checkAll(block, in, "T = 3, KEYS, norms");
        }
    }

    @Test
    void gradientsOfPoolingAndLookupMatchFiniteDifferences() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDList in = inputs(nd);
            HopfieldPooling pool = HopfieldPooling.builder().queries(2)
                    .block(HopfieldBlock.builder().heads(2).kernel(FeatureMap.linear()).separation(Separation.sparsemax()))
                    .seed(5).build();
            pool.initialize(nd, DataType.FLOAT64, new Shape(2, 5, 4));
            Function<NDList, NDArray> f = GradientCheck.weightedSum(8);
            NDList stored = new NDList(in.get(1));
            GradientCheck.backward(pool, stored, f);
            long seed = 10;
            for (Parameter p : pool.getParameters().values()) {
                GradientCheck.checkEntries(pool, stored, f, p.getArray(), "pooling d/d" + p.getName(), 3, seed++, H, TOL);
            }
            HopfieldLookup lookup = HopfieldLookup.builder().patterns(6).separateValues(true).valueWidth(3)
                    .block(HopfieldBlock.builder().separation(Separation.entmax(1.5))).seed(6).build();
            lookup.initialize(nd, DataType.FLOAT64, new Shape(2, 3, 4));
            NDList state = new NDList(in.get(0));
            GradientCheck.backward(lookup, state, f);
            for (Parameter p : lookup.getParameters().values()) {
                GradientCheck.checkEntries(lookup, state, f, p.getArray(), "lookup d/d" + p.getName(), 3, seed++, H,
                        TOL);
            }
        }
    }
}
