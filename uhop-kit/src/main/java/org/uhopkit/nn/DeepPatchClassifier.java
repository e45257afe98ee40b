package org.uhopkit.nn;

import org.uhopkit.internal.Checks;
import org.uhopkit.internal.Scope;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The deep vision Hopfield network of the paper's Tiny ImageNet runs (appendix F.4, Table 6; the authors'
 * {@code deep_ViH}): image patches {@code (B, P, C p^2)} ({@link ImagePatches}) are embedded linearly into
 * width {@code d} (the convolution with kernel = stride = p), a learned CLS token is prepended, and
 * {@code depth} pre-norm blocks follow, each
 * <pre>
 *   x = x + Hopfield(LN(x), LN(x))                   (self-association: every token is a state and a stored pattern)
 *   x = x + Dropout(W_2 Dropout(GELU(W_1 LN(x))))    (MLP d -> 4d -> d)
 * </pre>
 * then a LayerNorm and a linear map of the CLS token to the class scores {@code (B, classes)}. No positional
 * embedding (as the authors' one-layer model; their deep model's is not documented). The defaults are the
 * authors': 3 blocks, 4 heads, MLP {@code 512 -> 2048 -> 512}, dropout 0.3. With a {@link FeatureMap} kernel in
 * the Hopfield blocks, Algorithm 2 ({@link UHopTrainer}) learns each block's kernel on the separation loss of
 * its tokens ("we learn all kernels in different layers by passing a full forward pass", appendix F.4).
 *
 * <pre>
 * DeepPatchClassifier net = DeepPatchClassifier.builder().embedding(512).classes(200).depth(3)
 *         .block(HopfieldBlock.builder().heads(4).kernel(FeatureMap.linear())).build();
 * </pre>
 */
public final class DeepPatchClassifier extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int width;
    private final int classes;
    private final int hidden;
    private final double dropout;
    private final Parameter embedWeight;
    private final Parameter embedBias;
    private final Parameter cls;
    private final Parameter finalGamma;
    private final Parameter finalBeta;
    private final Parameter headWeight;
    private final Parameter headBias;
    private final List<Layer> layers = new ArrayList<>();

    /** The parameters and Hopfield block of one pre-norm block. */
    private record Layer(HopfieldBlock hopfield, Parameter norm1Gamma, Parameter norm1Beta, Parameter norm2Gamma,
            Parameter norm2Beta, Parameter w1, Parameter b1, Parameter w2, Parameter b2) {}

    private DeepPatchClassifier(Builder b) {
        super(VERSION);
        this.width = b.width;
        this.classes = b.classes;
        this.hidden = b.hidden == 0 ? 4 * b.width : b.hidden;
        this.dropout = b.dropout;
        long seed = b.seed;
        embedWeight = param("embedding_weight", Parameter.Type.WEIGHT,
                SeededInit.xavier(SeededInit.seedFor(seed, "embedding_weight")));
        embedBias = param("embedding_bias", Parameter.Type.BIAS, Initializer.ZEROS);
        cls = param("cls_token", Parameter.Type.WEIGHT, SeededInit.normal(SeededInit.seedFor(seed, "cls_token"), 0));
        for (int i = 0; i < b.depth; i++) {
            String p = "block" + i + "_";
            HopfieldBlock h = addChildBlock(p + "hopfield", b.block.copy().returnAssociation(false)
                    .seed(SeededInit.seedFor(seed, p + "hopfield")).build());
            layers.add(new Layer(h,
                    param(p + "norm1_gamma", Parameter.Type.GAMMA, Initializer.ONES),
                    param(p + "norm1_beta", Parameter.Type.BETA, Initializer.ZEROS),
                    param(p + "norm2_gamma", Parameter.Type.GAMMA, Initializer.ONES),
                    param(p + "norm2_beta", Parameter.Type.BETA, Initializer.ZEROS),
                    param(p + "mlp1_weight", Parameter.Type.WEIGHT, SeededInit.xavier(SeededInit.seedFor(seed,
                            p + "mlp1_weight"))),
                    param(p + "mlp1_bias", Parameter.Type.BIAS, Initializer.ZEROS),
                    param(p + "mlp2_weight", Parameter.Type.WEIGHT, SeededInit.xavier(SeededInit.seedFor(seed,
                            p + "mlp2_weight"))),
                    param(p + "mlp2_bias", Parameter.Type.BIAS, Initializer.ZEROS)));
        }
        finalGamma = param("norm_gamma", Parameter.Type.GAMMA, Initializer.ONES);
        finalBeta = param("norm_beta", Parameter.Type.BETA, Initializer.ZEROS);
        headWeight = param("head_weight", Parameter.Type.WEIGHT,
                SeededInit.xavier(SeededInit.seedFor(seed, "head_weight")));
        headBias = param("head_bias", Parameter.Type.BIAS, Initializer.ZEROS);
    }

    private Parameter param(String name, Parameter.Type type, Initializer init) {
        return addParameter(Parameter.builder().setName(name).setType(type).optInitializer(init).build());
    }

    /**
     * A builder with the authors' {@code deep_ViH}: width 512, 200 classes, 3 blocks, MLP 4d, dropout 0.3.
     *
     * @return a new builder with the {@code deep_ViH} defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The Hopfield blocks, first to last.
     *
     * @return the Hopfield blocks, an unmodifiable list, first to last
     */
    public List<HopfieldBlock> hopfields() {
        return layers.stream().map(Layer::hopfield).toList();
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape in = requirePatches(inputShapes);
        embedWeight.setShape(new Shape(width, in.get(2)));
        embedBias.setShape(new Shape(width));
        cls.setShape(new Shape(1, 1, width));
        for (Layer l : layers) {
            l.norm1Gamma().setShape(new Shape(width));
            l.norm1Beta().setShape(new Shape(width));
            l.norm2Gamma().setShape(new Shape(width));
            l.norm2Beta().setShape(new Shape(width));
            l.w1().setShape(new Shape(hidden, width));
            l.b1().setShape(new Shape(hidden));
            l.w2().setShape(new Shape(width, hidden));
            l.b2().setShape(new Shape(width));
        }
        finalGamma.setShape(new Shape(width));
        finalBeta.setShape(new Shape(width));
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
        Shape tokens = new Shape(in.get(0), in.get(1) + 1, width);
        for (Layer l : layers) {
            l.hopfield().initialize(manager, dataType, tokens, tokens);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(requirePatches(inputShapes).get(0), classes)};
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray patches = inputs.head();
        NDManager owner = patches.getManager();
        Device device = patches.getDevice();
        try (Scope s = Scope.near(patches)) {
            NDArray x = s.use(patches);
            NDArray tokens = x.getNDArrayInternal().linear(x, ps.getValue(embedWeight, device, training),
                    ps.getValue(embedBias, device, training)).singletonOrThrow();
            long b = tokens.getShape().get(0);
            NDArray c = s.use(ps.getValue(cls, device, training)).broadcast(b, 1, width);
            NDArray h = NDArrays.concat(new NDList(c, tokens), 1); // (B, 1 + P, d)
            Shape norm = new Shape(width);
            for (Layer l : layers) {
                NDArray n1 = LayerNorm.layerNorm(h, norm, ps.getValue(l.norm1Gamma(), device, training),
                        ps.getValue(l.norm1Beta(), device, training), 1e-5f).singletonOrThrow();
                NDArray a = l.hopfield().forward(ps, new NDList(n1, n1), training, params).head(); // in the scope
                h = h.add(a);
                NDArray n2 = LayerNorm.layerNorm(h, norm, ps.getValue(l.norm2Gamma(), device, training),
                        ps.getValue(l.norm2Beta(), device, training), 1e-5f).singletonOrThrow();
                NDArray m = n2.getNDArrayInternal().linear(n2, ps.getValue(l.w1(), device, training),
                        ps.getValue(l.b1(), device, training)).singletonOrThrow();
                m = drop(Activation.gelu(m), training);
                m = m.getNDArrayInternal().linear(m, ps.getValue(l.w2(), device, training),
                        ps.getValue(l.b2(), device, training)).singletonOrThrow();
                h = h.add(drop(m, training));
            }
            NDArray first = h.get(":, 0, :"); // the CLS token (B, d)
            NDArray f = LayerNorm.layerNorm(first, norm, ps.getValue(finalGamma, device, training),
                    ps.getValue(finalBeta, device, training), 1e-5f).singletonOrThrow();
            NDArray logits = f.getNDArrayInternal().linear(f, ps.getValue(headWeight, device, training),
                    ps.getValue(headBias, device, training)).singletonOrThrow();
            return new NDList(s.keep(logits, owner));
        }
    }

    private NDArray drop(NDArray x, boolean training) {
        return training && dropout > 0 ? Dropout.dropout(x, (float) dropout, true).singletonOrThrow() : x;
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("cannot load a DeepPatchClassifier saved with version " + loadVersion
                    + ", expected " + VERSION);
        }
        readInputShapes(is);
    }

    @Override
    public String toString() {
        return "DeepPatchClassifier(width=" + width + ", classes=" + classes + ", depth=" + layers.size()
                + ", hidden=" + hidden + ", dropout=" + dropout + ", "
                + (layers.isEmpty() ? "" : layers.get(0).hopfield().toString()) + ")";
    }

    /** Builds a {@link DeepPatchClassifier}; {@link #build()} checks the settings. */
    public static final class Builder {
        private int width = 512;
        private int classes = 200;
        private int depth = 3;
        private int hidden;
        private double dropout = 0.3;
        private HopfieldBlock.Builder block = HopfieldBlock.builder().heads(4);
        private long seed;

        Builder() {}

        /**
         * The token width d (default 512).
         *
         * @param d the token width d, at least 1
         * @return this builder
         */
        public Builder embedding(int d) {
            width = d;
            return this;
        }

        /**
         * The number of classes (default 200).
         *
         * @param n the number of classes, at least 2
         * @return this builder
         */
        public Builder classes(int n) {
            classes = n;
            return this;
        }

        /**
         * The number of pre-norm blocks (default 3).
         *
         * @param n the number of blocks, at least 1
         * @return this builder
         */
        public Builder depth(int n) {
            depth = n;
            return this;
        }

        /**
         * The MLP's hidden width (default 4d: 2048 at d = 512).
         *
         * @param h the MLP's hidden width, at least 1, or 0 for 4d
         * @return this builder
         */
        public Builder hidden(int h) {
            hidden = h;
            return this;
        }

        /**
         * The MLP's dropout rate in training (default 0.3).
         *
         * @param rate the dropout rate, in [0, 1)
         * @return this builder
         */
        public Builder dropout(double rate) {
            dropout = rate;
            return this;
        }

        /**
         * The Hopfield blocks' settings (copied at {@link #build()}; default 4 heads, softmax, no kernel).
         *
         * @param b the Hopfield block builder, not null
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
        public DeepPatchClassifier build() {
            Checks.atLeast("embedding width", width, 1);
            Checks.atLeast("classes", classes, 2);
            Checks.atLeast("depth", depth, 1);
            Checks.atLeast("MLP hidden width", hidden, 0);
            Checks.inRange("dropout", dropout, 0, 1);
            if (dropout >= 1) {
                throw new IllegalArgumentException("dropout must be below 1, got " + dropout);
            }
            Checks.notNull("block", block);
            if (block.hasValueInput()) {
                throw new IllegalArgumentException("the classifier's Hopfield blocks take no value input");
            }
            return new DeepPatchClassifier(this);
        }
    }
}
