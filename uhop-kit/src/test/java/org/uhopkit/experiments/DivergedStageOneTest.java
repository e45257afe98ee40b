package org.uhopkit.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.uhopkit.LearningRate;
import org.uhopkit.SeparationLoss;
import org.uhopkit.StageOneDivergedException;
import org.uhopkit.data.Corruption;
import org.uhopkit.data.ImageSet;

class DivergedStageOneTest {

    /** Eight 2 x 2 grey images, distinct. */
    private static ImageSet tiny() {
        byte[] pixels = new byte[8 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) ((i * 37) % 251);
        }
        return new ImageSet("tiny", pixels, new int[8], 2, 2, 1, Map.of());
    }

    /** A trial whose Stage I fails with {@code failure}. */
    private static Trial failing(NDManager nd, RuntimeException failure) {
        return new Trial(nd, tiny(), 4, 1) {
            @Override
            List<Map<Method, Outcome>> uhop(Preset preset, SeparationLoss loss, boolean masked, int n, LearningRate rate,
                    List<NDArray> queries, List<Method> methods) {
                throw failure;
            }
        };
    }

    @Test
    void aDivergedStageOneIsRecordedAsNaNForTheUHopMethodsOnly() {
        try (NDManager nd = NDManager.newBaseManager(); Trial t = failing(nd,
                new StageOneDivergedException("Stage I loss became NaN at step 3", 3, 50.0))) {
            List<String> seen = new ArrayList<>();
            List<Double> errors = new ArrayList<>();
            Sweep.evaluate(t, Preset.PAPER, List.of(Method.MHM, Method.UHOP_MHM, Method.UHOP_SPARSE_MHM),
                    SeparationLoss.average(), true, 3, null, List.of(t.queries(Corruption.mask(0.5))),
                    (meth, o, qi) -> {
                        seen.add(meth.label());
                        errors.add(o.errors()[0]);
                        if (meth.isUHop()) {
                            assertThat(o.stageOneLoss()).isNaN();
                        }
                    });
            assertThat(seen).containsExactly("MHM", "U-Hop + MHM", "U-Hop + Sparse MHM");
            assertThat(errors.get(0)).isFinite();
            assertThat(errors.subList(1, 3)).allMatch(e -> e.isNaN());
        }
    }

    @Test
    void anyOtherFailureOfStageOnePropagates() {
        try (NDManager nd = NDManager.newBaseManager(); Trial t = failing(nd,
                new IllegalStateException("this trained memory is closed"))) {
            assertThatThrownBy(() -> Sweep.evaluate(t, Preset.PAPER, List.of(Method.UHOP_MHM), SeparationLoss.average(),
                    true, 3, null, List.of(t.queries(Corruption.mask(0.5))), (meth, o, qi) -> { }))
                    .isInstanceOf(IllegalStateException.class).hasMessage("this trained memory is closed");
        }
    }
}
