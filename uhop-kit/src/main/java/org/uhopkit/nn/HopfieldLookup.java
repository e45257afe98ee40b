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
 * Hopfield lookup: a {@link HopfieldBlock} whose stored patterns are learned, {@code (1, S, e_k)} (optionally
 * with separately learned values {@code (1, S, e_v)}), and whose state patterns are the input {@code R}
 * {@code (B, L, e_q)}; each input row looks up the learned memory (hopfield-layers' {@code HopfieldLayer},
 * STanHop-Net's {@code GSHPooling} with its {@code factor} learned patterns).
 *
 * <p>Inputs: {@code R}, with an optional named association mask. Outputs as the inner block's:
 * {@code (B, L, e_out)}.
 */
public final class HopfieldLookup extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int count;
    private final int patternWidth;
    private final int valueWidth;
    private final boolean separateValues;
    private final Parameter patterns;
    private final Parameter values;
    private final HopfieldBlock hopfield;

    private HopfieldLookup(Builder b) {
        super(VERSION);
        this.count = b.count;
        this.patternWidth = b.patternWidth;
        this.valueWidth = b.valueWidth;
        this.separateValues = b.separateValues;
        this.patterns = addParameter(Parameter.builder().setName("lookup_patterns").setType(Parameter.Type.WEIGHT)
                .optInitializer(SeededInit.normal(SeededInit.seedFor(b.seed, "lookup_patterns"), 0)).build());
        this.values = separateValues ? addParameter(Parameter.builder().setName("lookup_values")
                .setType(Parameter.Type.WEIGHT)
                .optInitializer(SeededInit.normal(SeededInit.seedFor(b.seed, "lookup_values"), 0)).build()) : null;
        this.hopfield = addChildBlock("hopfield", b.block.copy().valueInput(separateValues).seed(b.seed).build());
    }

    /**
     * A builder: S = 10 learned patterns (STanHop-Net's factor), no separate values, seed 0.
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
     * The number of learned stored patterns S.
     *
     * @return S, at least 1
     */
    public int patternCount() {
        return count;
    }

    private Shape[] innerShapes(Shape[] inputShapes) {
        if (inputShapes == null || inputShapes.length < 1 || inputShapes[0].dimension() != 3) {
            throw new IllegalArgumentException("Hopfield lookup needs the state patterns (B, L, e), got "
                    + (inputShapes == null ? "none" : java.util.Arrays.toString(inputShapes)));
        }
        long e = inputShapes[0].get(2);
        Shape y = new Shape(1, count, patternWidth == 0 ? e : patternWidth);
        if (!separateValues) {
            return new Shape[] {inputShapes[0], y};
        }
        return new Shape[] {inputShapes[0], y, new Shape(1, count, valueWidth == 0 ? y.get(2) : valueWidth)};
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape[] inner = innerShapes(inputShapes);
        patterns.setShape(inner[1]);
        if (values != null) {
            values.setShape(inner[2]);
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        hopfield.initialize(manager, dataType, innerShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return hopfield.getOutputShapes(innerShapes(inputShapes));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        Checks.notNull("inputs", inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("Hopfield lookup needs the state patterns (B, L, e), got no input");
        }
        NDArray state = inputs.get(0);
        NDManager owner = state.getManager();
        try (Scope s = Scope.near(state)) {
            NDList inner = new NDList(s.use(state), s.use(ps.getValue(patterns, state.getDevice(), training)));
            if (values != null) {
                inner.add(s.use(ps.getValue(values, state.getDevice(), training)));
            }
            for (int i = 1; i < inputs.size(); i++) {
                inner.add(inputs.get(i));
            }
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
            throw new MalformedModelException("cannot load a HopfieldLookup saved with version " + loadVersion
                    + ", expected " + VERSION);
        }
        readInputShapes(is);
    }

    @Override
    public String toString() {
        return "HopfieldLookup(patterns=" + count + (patternWidth > 0 ? ", patternWidth=" + patternWidth : "")
                + (separateValues ? ", separateValues" + (valueWidth > 0 ? "(width=" + valueWidth + ")" : "") : "")
                + ", " + hopfield + ")";
    }

    /** Builds a {@link HopfieldLookup}; {@link #build()} checks the settings. */
    public static final class Builder {
        private int count = 10;
        private int patternWidth;
        private int valueWidth;
        private boolean separateValues;
        private HopfieldBlock.Builder block = HopfieldBlock.builder();
        private long seed;

        Builder() {}

        /**
         * The number of learned stored patterns S (default 10).
         *
         * @param s S, at least 1
         * @return this builder
         */
        public Builder patterns(int s) {
            count = s;
            return this;
        }

        /**
         * The width of the learned stored patterns (default: the state patterns' width).
         *
         * @param e the pattern width, at least 1, or 0 for the state width
         * @return this builder
         */
        public Builder patternWidth(int e) {
            patternWidth = e;
            return this;
        }

        /**
         * Learn the values separately from the stored patterns (default false: values from the patterns).
         *
         * @param separate true to learn separate values
         * @return this builder
         */
        public Builder separateValues(boolean separate) {
            separateValues = separate;
            return this;
        }

        /**
         * The width of separately learned values (default: the pattern width).
         *
         * @param e the value width, at least 1, or 0 for the pattern width (needs separate values)
         * @return this builder
         */
        public Builder valueWidth(int e) {
            valueWidth = e;
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
         * The seed of the learned patterns and of the inner block's parameters (default 0).
         *
         * @param s the seed
         * @return this builder
         */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /**
         * The lookup block.
         *
         * @return a new lookup block with these settings, not yet initialised
         * @throws IllegalArgumentException naming the first bad setting
         */
        public HopfieldLookup build() {
            Checks.atLeast("number of learned stored patterns", count, 1);
            if (patternWidth != 0) {
                Checks.atLeast("pattern width", patternWidth, 1);
            }
            if (valueWidth != 0) {
                Checks.atLeast("value width", valueWidth, 1);
                if (!separateValues) {
                    throw new IllegalArgumentException("valueWidth(...) needs separateValues(true)");
                }
            }
            Checks.notNull("block", block);
            if (block.hasValueInput()) {
                throw new IllegalArgumentException("the lookup sets the inner block's value input itself: use "
                        + "separateValues(true) instead of valueInput(true)");
            }
            return new HopfieldLookup(this);
        }
    }
}
