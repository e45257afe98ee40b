package org.uhopkit.nn;

import org.uhopkit.internal.Checks;
import org.uhopkit.internal.Scope;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * Hopfield pooling: a {@link HopfieldBlock} whose state patterns (queries) are learned, {@code (1, n, e_q)},
 * and whose stored patterns are the input {@code Y} {@code (B, S, e_k)}; the output {@code (B, n, e_out)}
 * pools the S stored patterns into n vectors (hopfield-layers' {@code HopfieldPooling}; STanHop-Net's pooling
 * reads it the other way round, see {@link HopfieldLookup}).
 *
 * <p>Inputs: {@code Y} (and the value source when the inner block has {@code valueInput(true)}), with named
 * masks as for {@link HopfieldBlock}. Outputs as the inner block's.
 *
 * <pre>
 * HopfieldPooling pool = HopfieldPooling.builder().queries(1)
 *         .block(HopfieldBlock.builder().heads(4).kernel(FeatureMap.linear())).build();
 * </pre>
 */
public final class HopfieldPooling extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int count;
    private final int queryWidth;
    private final Parameter queries;
    private final HopfieldBlock hopfield;

    private HopfieldPooling(Builder b) {
        super(VERSION);
        this.count = b.count;
        this.queryWidth = b.queryWidth;
        this.queries = addParameter(Parameter.builder().setName("pooling_queries").setType(Parameter.Type.WEIGHT)
                .optInitializer(SeededInit.normal(SeededInit.seedFor(b.seed, "pooling_queries"), 0)).build());
        this.hopfield = addChildBlock("hopfield", b.block.copy().seed(b.seed).build());
    }

    /**
     * A builder: one learned query, the default {@link HopfieldBlock}, seed 0.
     *
     * @return a new builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The inner Hopfield block.
     *
     * @return the inner block
     */
    public HopfieldBlock hopfield() {
        return hopfield;
    }

    /**
     * The number of learned queries n.
     *
     * @return n, at least 1
     */
    public int queryCount() {
        return count;
    }

    private long widthFor(Shape stored) {
        return queryWidth == 0 ? stored.get(stored.dimension() - 1) : queryWidth;
    }

    private Shape[] innerShapes(Shape[] inputShapes) {
        if (inputShapes == null || inputShapes.length < 1 || inputShapes[0].dimension() != 3) {
            throw new IllegalArgumentException("Hopfield pooling needs the stored patterns (B, S, e), got "
                    + (inputShapes == null ? "none" : java.util.Arrays.toString(inputShapes)));
        }
        Shape q = new Shape(1, count, widthFor(inputShapes[0]));
        return hopfield.settings().valueInput() && inputShapes.length > 1
                ? new Shape[] {q, inputShapes[0], inputShapes[1]} : new Shape[] {q, inputShapes[0]};
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        queries.setShape(innerShapes(inputShapes)[0]);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        hopfield.initialize(manager, dataType, innerShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = hopfield.getOutputShapes(innerShapes(inputShapes));
        long b = inputShapes[0].get(0);
        Shape[] fixed = new Shape[out.length];
        for (int i = 0; i < out.length; i++) {
            long[] s = out[i].getShape().clone();
            s[0] = b;
            fixed[i] = new Shape(s);
        }
        return fixed;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        Checks.notNull("inputs", inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("Hopfield pooling needs the stored patterns (B, S, e), got no input");
        }
        NDArray stored = inputs.get(0);
        NDManager owner = stored.getManager();
        try (Scope s = Scope.near(stored)) {
            NDArray q = s.use(ps.getValue(queries, stored.getDevice(), training));
            NDList inner = new NDList(q);
            inner.addAll(inputs);
            NDList out = hopfield.forward(ps, inner, training, params);
            NDList kept = new NDList();
            for (NDArray a : out) {
                kept.add(s.keep(a, owner));
            }
            return kept;
        }
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("cannot load a HopfieldPooling saved with version " + loadVersion
                    + ", expected " + VERSION);
        }
        readInputShapes(is);
    }

    @Override
    public String toString() {
        return "HopfieldPooling(queries=" + count + (queryWidth > 0 ? ", queryWidth=" + queryWidth : "") + ", "
                + hopfield + ")";
    }

    /** Builds a {@link HopfieldPooling}; {@link #build()} checks the settings. */
    public static final class Builder {
        private int count = 1;
        private int queryWidth;
        private HopfieldBlock.Builder block = HopfieldBlock.builder();
        private long seed;

        Builder() {}

        /**
         * The number of learned queries n (default 1).
         *
         * @param n the number of learned queries, at least 1
         * @return this builder
         */
        public Builder queries(int n) {
            count = n;
            return this;
        }

        /**
         * The width of the learned queries (default: the stored patterns' width).
         *
         * @param e the query width, at least 1, or 0 for the stored patterns' width
         * @return this builder
         */
        public Builder queryWidth(int e) {
            queryWidth = e;
            return this;
        }

        /**
         * The settings of the inner Hopfield block (copied at {@link #build()}).
         *
         * @param b the inner block's builder, not null
         * @return this builder
         */
        public Builder block(HopfieldBlock.Builder b) {
            block = b;
            return this;
        }

        /**
         * The seed of the learned queries and of the inner block's parameters (default 0).
         *
         * @param s the seed
         * @return this builder
         */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /**
         * The pooling block.
         *
         * @return a new pooling block with these settings, not yet initialised
         * @throws IllegalArgumentException naming the first bad setting
         */
        public HopfieldPooling build() {
            Checks.atLeast("number of pooling queries", count, 1);
            if (queryWidth != 0) {
                Checks.atLeast("query width", queryWidth, 1);
            }
            Checks.notNull("block", block);
            return new HopfieldPooling(this);
        }
    }
}
