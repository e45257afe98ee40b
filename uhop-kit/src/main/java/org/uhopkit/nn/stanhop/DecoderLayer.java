package org.uhopkit.nn.stanhop;

import org.uhopkit.internal.Scope;
import org.uhopkit.nn.HopfieldBlock;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One decoder layer of STanHop-Net: an {@link SthmLayer} on the decoder tokens {@code (B, C, L_out, d)}, then a
 * GSH block from them (queries) to one encoder output {@code (B, C, L_i, d)} (stored patterns), per series,
 * {@code x = LN(x + drop(GSH(x, enc)))}, {@code x = LN(x + MLP(x))} (MLP {@code d -> d -> d}), and its
 * prediction {@code Linear(d -> seg)}: outputs the new tokens and the prediction {@code (B, C, L_out, seg)}.
 * Package-private.
 */
final class DecoderLayer extends Part {

    private final SthmLayer sthm;
    private final HopfieldBlock cross;
    private final int encoderSegments;
    private final Norm norm1;
    private final Norm norm2;
    private final Mlp mlp;
    private final Dense predict;

    DecoderLayer(StanHopConfig config, long seed, int encoderSegments) {
        super(config, seed);
        this.encoderSegments = encoderSegments;
        int d = config.dModel();
        sthm = addChildBlock("sthm", new SthmLayer(config, childSeed("sthm"), config.outputSegments()));
        cross = addChildBlock("cross", gsh("cross").build());
        norm1 = new Norm("norm1", d);
        norm2 = new Norm("norm2", d);
        mlp = new Mlp("mlp", d, d);
        predict = new Dense("predict", d, config.segmentLength());
    }

    SthmLayer sthm() {
        return sthm;
    }

    HopfieldBlock cross() {
        return cross;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long d = config.dModel();
        sthm.initialize(manager, dataType, new Shape(1, config.series(), config.outputSegments(), d));
        cross.initialize(manager, dataType, new Shape(1, config.outputSegments(), d),
                new Shape(1, encoderSegments, d));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {x, new Shape(x.get(0), x.get(1), x.get(2), config.segmentLength())};
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.get(0);
        NDArray encoded = inputs.get(1);
        Shape sh = input.getShape();
        long b = sh.get(0);
        long c = sh.get(1);
        long l = sh.get(2);
        long d = sh.get(3);
        NDManager owner = input.getManager();
        try (Scope s = Scope.near(input)) {
            NDArray x = sthm.forward(ps, new NDList(s.use(input)), training, params).head().reshape(b * c, l, d);
            NDArray enc = s.use(encoded);
            enc = enc.reshape(b * c, enc.getShape().get(2), d);
            NDArray t = cross.forward(ps, new NDList(x, enc), training, params).head();
            x = norm1.apply(ps, x.add(drop(t, training)), training);
            NDArray out = norm2.apply(ps, x.add(mlp.apply(ps, x, training)), training);
            NDArray pred = predict.apply(ps, out, training).reshape(b, c, l, config.segmentLength());
            return new NDList(s.keep(out.reshape(b, c, l, d), owner), s.keep(pred, owner));
        }
    }

    @Override
    public String toString() {
        return "DecoderLayer(" + sthm + ", cross=" + cross + ")";
    }
}
