package org.uhopkit.nn.stanhop;

import org.uhopkit.internal.Scope;
import org.uhopkit.nn.HopfieldBlock;
import org.uhopkit.nn.HopfieldLookup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The STHM layer of STanHop-Net (sparse tandem Hopfield memory): on {@code (B, C, L, d)} (C series of L segment
 * tokens), first over time, per series,
 * <pre>
 *   a = LN(x + drop(GSH(x, x))),  a = LN(a + drop(MLP(a)))            on (B C, L, d)
 * </pre>
 * then over series, per segment, with Hopfield pooling against {@code factor} learned stored patterns
 * ({@link HopfieldLookup}: the series tokens are the queries),
 * <pre>
 *   e = LN(Pool(a) + drop(GSH(a, a))),  e = LN(e + drop(MLP(e)))     on (B L, C, d)
 * </pre>
 * Output {@code (B, C, L, d)}. Package-private: built by {@link StanHopNet}.
 */
final class SthmLayer extends Part {

    private final int segments;
    private final HopfieldBlock time;
    private final HopfieldLookup pool;
    private final HopfieldBlock across;
    private final Norm norm1;
    private final Norm norm2;
    private final Norm norm3;
    private final Norm norm4;
    private final Mlp mlp1;
    private final Mlp mlp2;

    SthmLayer(StanHopConfig config, long seed, int segments) {
        super(config, seed);
        this.segments = segments;
        int d = config.dModel();
        time = addChildBlock("time", gsh("time").build());
        pool = addChildBlock("pool", HopfieldLookup.builder().patterns(config.factor()).block(gsh("pool"))
                .seed(childSeed("pool")).build());
        across = addChildBlock("series", gsh("series").build());
        norm1 = new Norm("norm1", d);
        norm2 = new Norm("norm2", d);
        norm3 = new Norm("norm3", d);
        norm4 = new Norm("norm4", d);
        mlp1 = new Mlp("mlp1", d, config.dFf());
        mlp2 = new Mlp("mlp2", d, config.dFf());
    }

    /** The Hopfield blocks of this layer: over time, the pooling's, over series. */
    HopfieldBlock[] hopfieldBlocks() {
        return new HopfieldBlock[] {time, pool.hopfield(), across};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long d = config.dModel();
        time.initialize(manager, dataType, new Shape(1, segments, d), new Shape(1, segments, d));
        pool.initialize(manager, dataType, new Shape(1, config.series(), d));
        across.initialize(manager, dataType, new Shape(1, config.series(), d), new Shape(1, config.series(), d));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
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
        NDManager owner = input.getManager();
        try (Scope s = Scope.near(input)) {
            NDArray timeIn = s.use(input).reshape(b * c, l, d);
            NDArray t = time.forward(ps, new NDList(timeIn, timeIn), training, params).head();
            NDArray a = norm1.apply(ps, timeIn.add(drop(t, training)), training);
            a = norm2.apply(ps, a.add(drop(mlp1.apply(ps, a, training), training)), training);
            NDArray seriesIn = a.reshape(b, c, l, d).transpose(0, 2, 1, 3).reshape(b * l, c, d);
            NDArray pooled = pool.forward(ps, new NDList(seriesIn), training, params).head();
            NDArray g = across.forward(ps, new NDList(seriesIn, seriesIn), training, params).head();
            NDArray e = norm3.apply(ps, pooled.add(drop(g, training)), training);
            e = norm4.apply(ps, e.add(drop(mlp2.apply(ps, e, training), training)), training);
            NDArray out = e.reshape(b, l, c, d).transpose(0, 2, 1, 3);
            return new NDList(s.keep(out, owner));
        }
    }

    @Override
    public String toString() {
        return "STHM(segments=" + segments + ", time=" + time + ", pool=" + pool + ", series=" + across + ")";
    }
}
