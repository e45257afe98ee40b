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
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * A one-layer vision Hopfield classifier, the authors' {@code ViH} (appendix F.4): image patches
 * {@code (B, P, C p^2)} ({@link ImagePatches}) are embedded linearly into width {@code d} (the authors'
 * convolution with kernel = stride = patch size), a learned CLS token is the state pattern (query) and the
 * embedded patches are the stored patterns of one {@link HopfieldBlock}; its output goes through ReLU, a
 * LayerNorm and a linear map to the class scores {@code (B, classes)}. No positional embedding (as theirs).
 *
 * <pre>
 * PatchClassifier net = PatchClassifier.builder().embedding(128).classes(10)
 *         .block(HopfieldBlock.builder().kernel(FeatureMap.linear())).build();
 * </pre>
 */
public final class PatchClassifier extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int width;
    private final int classes;
    private final Parameter embedWeight;
    private final Parameter embedBias;
    private final Parameter cls;
    private final Parameter normGamma;
    private final Parameter normBeta;
    private final Parameter headWeight;
    private final Parameter headBias;
    private final HopfieldBlock hopfield;

    private PatchClassifier(Builder b) {
        super(VERSION);
        this.width = b.width;
        this.classes = b.classes;
        long seed = b.seed;
        embedWeight = param("embedding_weight", Parameter.Type.WEIGHT, SeededInit.xavier(SeededInit.seedFor(seed,
                "embedding_weight")));
        embedBias = param("embedding_bias", Parameter.Type.BIAS, Initializer.ZEROS);
        cls = param("cls_token", Parameter.Type.WEIGHT, SeededInit.normal(SeededInit.seedFor(seed, "cls_token"), 0));
        normGamma = param("norm_gamma", Parameter.Type.GAMMA, Initializer.ONES);
        normBeta = param("norm_beta", Parameter.Type.BETA, Initializer.ZEROS);
        headWeight = param("head_weight", Parameter.Type.WEIGHT, SeededInit.xavier(SeededInit.seedFor(seed,
                "head_weight")));
        headBias = param("head_bias", Parameter.Type.BIAS, Initializer.ZEROS);
        hopfield = addChildBlock("hopfield", b.block.copy().returnAssociation(true).seed(seed).build());
    }

    private Parameter param(String name, Parameter.Type type, Initializer init) {
        return addParameter(Parameter.builder().setName(name).setType(type).optInitializer(init).build());
    }

    /**
     * A builder: width 128, 10 classes, the default Hopfield block, seed 0.
     *
     * @return a new builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The Hopfield block between the CLS token and the patches.
     *
     * @return the Hopfield block
     */
    public HopfieldBlock hopfield() {
        return hopfield;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape in = requirePatches(inputShapes);
        embedWeight.setShape(new Shape(width, in.get(2)));
        embedBias.setShape(new Shape(width));
        cls.setShape(new Shape(1, 1, width));
        normGamma.setShape(new Shape(width));
        normBeta.setShape(new Shape(width));
        headWeight.setShape(new Shape(classes, width));
        headBias.setShape(new Shape(classes));
    }

    private static Shape requirePatches(Shape[] inputShapes) {
        if (inputShapes == null || inputShapes.length < 1 || inputShapes[0].dimension() != 3) {
            throw new IllegalArgumentException("a patch classifier takes patches (B, P, C p^2), got "
                    + (inputShapes == null ? "none" : java.util.Arrays.toString(inputShapes)));
        }
        return inputShapes[0];
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = requirePatches(inputShapes);
        hopfield.initialize(manager, dataType, new Shape(1, 1, width), new Shape(in.get(0), in.get(1), width));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(requirePatches(inputShapes).get(0), classes)};
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return run(ps, inputs.head(), training, params, false);
    }

    /**
     * The association of the CLS token with the patches in inference mode, {@code (B, H, 1, P)} (see
     * {@link AssociationMaps}).
     *
     * @param ps the parameter store
     * @param patches {@code (B, P, C p^2)}
     * @return the association, in the patches' manager
     */
    public NDArray association(ParameterStore ps, NDArray patches) {
        Checks.notNull("patches", patches);
        return run(ps, patches, false, null, true).head();
    }

    /**
     * The patch embedding alone: {@code tokens = patches W_E^T + b_E}, {@code (B, P, d)} (inference values of the
     * parameters). On patches from {@link ImagePatches} this is the authors' convolution with kernel = stride = p
     * and {@code W_E} the convolution's kernel {@code (d, C, p, p)} flattened to {@code (d, C p^2)}.
     *
     * @param ps the parameter store
     * @param patches {@code (B, P, C p^2)}
     * @return the tokens, in the patches' manager
     */
    public NDArray embed(ParameterStore ps, NDArray patches) {
        Checks.notNull("patches", patches);
        NDManager owner = patches.getManager();
        ai.djl.Device device = patches.getDevice();
        try (Scope s = Scope.near(patches)) {
            NDArray x = s.use(patches);
            NDArray tokens = x.getNDArrayInternal().linear(x, ps.getValue(embedWeight, device, false),
                    ps.getValue(embedBias, device, false)).singletonOrThrow();
            return s.keep(tokens, owner);
        }
    }

    private NDList run(ParameterStore ps, NDArray patches, boolean training, PairList<String, Object> params,
            boolean association) {
        NDManager owner = patches.getManager();
        ai.djl.Device device = patches.getDevice();
        try (Scope s = Scope.near(patches)) {
            NDArray x = s.use(patches);
            NDArray tokens = x.getNDArrayInternal().linear(x, ps.getValue(embedWeight, device, training),
                    ps.getValue(embedBias, device, training)).singletonOrThrow();
            NDArray query = s.use(ps.getValue(cls, device, training));
            NDList both = hopfield.forward(ps, new NDList(query, tokens), training, params);
            if (association) {
                return new NDList(s.keep(both.get(1), owner));
            }
            NDArray out = both.head(); // (B, 1, d)
            NDArray h = out.squeeze(1).getNDArrayInternal().relu();
            h = LayerNorm.layerNorm(h, new Shape(width), ps.getValue(normGamma, device, training),
                    ps.getValue(normBeta, device, training), 1e-5f).singletonOrThrow();
            NDArray logits = h.getNDArrayInternal().linear(h, ps.getValue(headWeight, device, training),
                    ps.getValue(headBias, device, training)).singletonOrThrow();
            return new NDList(s.keep(logits, owner));
        }
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("cannot load a PatchClassifier saved with version " + loadVersion
                    + ", expected " + VERSION);
        }
        readInputShapes(is);
    }

    @Override
    public String toString() {
        return "PatchClassifier(width=" + width + ", classes=" + classes + ", " + hopfield + ")";
    }

    /** Builds a {@link PatchClassifier}; {@link #build()} checks the settings. */
    public static final class Builder {
        private int width = 128;
        private int classes = 10;
        private HopfieldBlock.Builder block = HopfieldBlock.builder();
        private long seed;

        Builder() {}

        /**
         * The token width d (default 128).
         *
         * @param d the token width d, at least 1
         * @return this builder
         */
        public Builder embedding(int d) {
            width = d;
            return this;
        }

        /**
         * The number of classes (default 10).
         *
         * @param n the number of classes, at least 2
         * @return this builder
         */
        public Builder classes(int n) {
            classes = n;
            return this;
        }

        /**
         * The Hopfield block's settings (copied at {@link #build()}).
         *
         * @param b the Hopfield block's builder, not null, without a value input
         * @return this builder
         */
        public Builder block(HopfieldBlock.Builder b) {
            block = b;
            return this;
        }

        /**
         * The seed of every initial parameter (default 0).
         *
         * @param s the seed
         * @return this builder
         */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /**
         * The classifier.
         *
         * @return a new classifier with these settings, not yet initialised
         * @throws IllegalArgumentException naming the first bad setting
         */
        public PatchClassifier build() {
            Checks.atLeast("embedding width", width, 1);
            Checks.atLeast("classes", classes, 2);
            Checks.notNull("block", block);
            if (block.hasValueInput()) {
                throw new IllegalArgumentException("the classifier's Hopfield block takes no value input");
            }
            return new PatchClassifier(this);
        }
    }
}
