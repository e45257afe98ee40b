package org.uhopkit.nn.stanhop;

import org.uhopkit.internal.Scope;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Coarse-graining between STanHop-Net's scale blocks: {@code (B, C, L, d)} to {@code (B, C, ceil(L / w), d)}.
 * When {@code L} is not a multiple of the window {@code w} the last segments are repeated; then each group of
 * {@code w} neighbouring segments is concatenated (segment {@code k w + i} in slot {@code i}), normalised
 * (LayerNorm over {@code w d}) and mapped to width {@code d} linearly. Package-private.
 */
final class CoarseGrain extends Part {

    private final Norm norm;
    private final Dense merge;

    CoarseGrain(StanHopConfig config, long seed) {
        super(config, seed);
        long wd = (long) config.window() * config.dModel();
        norm = new Norm("merge_norm", wd);
        merge = new Dense("merge", wd, config.dModel());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long w = config.window();
        return new Shape[] {new Shape(in.get(0), in.get(1), (in.get(2) + w - 1) / w, in.get(3))};
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.head();
        Shape sh = input.getShape();
        long b = sh.get(0);
        long c = sh.get(1);
        long l = sh.get(2);
        long d = sh.get(3);
        int w = config.window();
        NDManager owner = input.getManager();
        try (Scope s = Scope.near(input)) {
            NDArray x = s.use(input);
            long pad = (w - l % w) % w;
            if (pad > 0) {
                x = NDArrays.concat(new NDList(x, x.get(new NDIndex(":, :, {}:, :", l - pad))), 2);
            }
            long groups = (l + pad) / w;
            // (B, C, groups, w, d) -> (B, C, groups, w d): slot i of group k is segment k w + i
            NDArray merged = x.reshape(b, c, groups, w * d);
            NDArray out = merge.apply(ps, norm.apply(ps, merged, training), training);
            return new NDList(s.keep(out, owner));
        }
    }
}
