package org.uhopkit.nn;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.uhopkit.Separation;

/** Bad settings and inputs are refused where they enter, naming the value. */
class BuilderChecksTest {

    @Test
    void buildRefusesBadSettingsNamingThem() {
        assertThatThrownBy(() -> HopfieldBlock.builder().heads(0).build())
                .hasMessage("heads must be at least 1, got 0");
        assertThatThrownBy(() -> HopfieldBlock.builder().beta(Double.NaN).build())
                .hasMessage("beta must be positive and finite, got NaN");
        assertThatThrownBy(() -> HopfieldBlock.builder().heads(2).beta(1, 2, 3).build())
                .hasMessage("beta must have one value or one per head (2), got 3");
        assertThatThrownBy(() -> HopfieldBlock.builder().dropout(1.0).build())
                .hasMessage("dropout must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> HopfieldBlock.builder().updateSteps(0).build())
                .hasMessage("update steps T must be at least 1, got 0");
        assertThatThrownBy(() -> HopfieldBlock.builder().tolerance(-1).build())
                .hasMessage("tolerance must be non-negative and finite, got -1.0");
        assertThatThrownBy(() -> HopfieldBlock.builder().heads(2).withoutProjections().build())
                .hasMessage("withoutProjections() needs 1 head, got 2");
        assertThatThrownBy(() -> HopfieldBlock.builder().separation(null).build())
                .hasMessage("separation must not be null");
        assertThatThrownBy(() -> HopfieldBlock.builder().separation(Separation.learnableEntmax(2.0)).build())
                .hasMessageContaining("initial alpha of a learnable entmax must be in (1, 2)");
        assertThatThrownBy(() -> FeatureMap.none().bias(true))
                .hasMessage("bias(...) needs a kernel, got FeatureMap.none()");
        assertThatThrownBy(() -> FeatureMap.linear().gaussian(0))
                .hasMessage("standard deviation of W must be positive and finite, got 0.0");
        assertThatThrownBy(() -> HopfieldPooling.builder().queries(0).build())
                .hasMessage("number of pooling queries must be at least 1, got 0");
        assertThatThrownBy(() -> HopfieldLookup.builder().valueWidth(3).build())
                .hasMessage("valueWidth(...) needs separateValues(true)");
    }

    @Test
    void initialiseAndForwardRefuseShapesThatDoNotFit() {
        try (NDManager nd = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> HopfieldBlock.builder().heads(3).build()
                    .initialize(nd, DataType.FLOAT32, new Shape(1, 2, 8), new Shape(1, 4, 8)))
                    .hasMessage("the association width D_Phi = 8 is not divisible by heads = 3: set headSize(...)");
            assertThatThrownBy(() -> HopfieldBlock.builder().kernel(FeatureMap.linear()).build()
                    .initialize(nd, DataType.FLOAT32, new Shape(1, 2, 8), new Shape(1, 4, 6)))
                    .hasMessage("the kernel Phi is shared by state and stored patterns, so R and Y need the same width, "
                            + "got R (1, 2, 8) and Y (1, 4, 6)");
            assertThatThrownBy(() -> HopfieldBlock.builder().kernel(FeatureMap.linear().identityInit().dimension(5))
                    .build().initialize(nd, DataType.FLOAT32, new Shape(1, 2, 8), new Shape(1, 4, 8)))
                    .hasMessage("an identity-initialised kernel needs D_Phi = e = 8, got D_Phi = 5");
            assertThatThrownBy(() -> HopfieldBlock.builder().build()
                    .initialize(nd, DataType.FLOAT32, new Shape(2, 8), new Shape(1, 4, 8)))
                    .hasMessage("R (state patterns) must have shape (batch, patterns, width), got (2, 8)");
            HopfieldBlock block = HopfieldBlock.builder().build();
            block.initialize(nd, DataType.FLOAT32, new Shape(1, 2, 8), new Shape(1, 4, 8));
            NDArray r = nd.zeros(new Shape(3, 2, 8));
            NDArray y = nd.zeros(new Shape(2, 4, 8));
            assertThatThrownBy(() -> block.forward(new ParameterStore(nd, false), new NDList(r, y), false))
                    .hasMessage("the batch sizes must agree (or one be 1), got (3, 2, 8) and (2, 4, 8)");
            NDArray wide = nd.zeros(new Shape(1, 4, 9));
            assertThatThrownBy(() -> block.forward(new ParameterStore(nd, false), new NDList(r, wide), false))
                    .hasMessage("Y (stored patterns) must have shape (batch, patterns, 8), got (1, 4, 9)");
            assertThatThrownBy(() -> block.forward(new ParameterStore(nd, false), new NDList(r, y, y), false))
                    .hasMessageStartingWith("a Hopfield block takes R, Y and named masks; got 3 unnamed input(s)");
            HopfieldBlock fresh = HopfieldBlock.builder().build();
            assertThatThrownBy(() -> fresh.forward(new ParameterStore(nd, false), new NDList(r, y), false))
                    .hasMessageStartingWith("the Hopfield block is not initialised");
        }
    }
}
