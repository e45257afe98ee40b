package org.uhopkit.nn;

import org.uhopkit.Separation;
import org.uhopkit.internal.Checks;
import org.uhopkit.internal.Scalars;
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
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Hopfield layer for deep learning (section 3 and the {@code Hopfield(X)} layer of section 4.2): the
 * association of state patterns (queries) {@code R} {@code (B, L, e_q)} with stored patterns {@code Y}
 * {@code (B, S, e_k)},
 * <pre>
 *   out = W_O · ( Sep( beta · (W_Q Phi(R)) (W_K Phi(Y))^T ) · V ),   V = W_V Y  (or W_V W_K Y)
 * </pre>
 * per head, with the kernel {@code Phi} of eq. (2.1) ({@link FeatureMap}), every separation of the kit
 * (softmax, sparsemax, alpha-entmax, and a learnable alpha), several update steps, dropout on the
 * association, padding and association masks and optional LayerNorms of the state and stored patterns.
 * Without projections ({@link Builder#withoutProjections()}) one update step is exactly one retrieval step
 * of eq. (2.4), {@code x <- Sep(beta K(Xi, x)) Xi}, with {@code K(u, v) = <Phi(u), Phi(v)>}.
 *
 * <p><b>Inputs</b> (an {@link NDList}): {@code R} {@code (B, L, e_q)}, {@code Y} {@code (B, S, e_k)} and,
 * when the block was built with {@link Builder#valueInput(boolean) valueInput(true)}, the value source
 * {@code (B, S, e_v)}; a batch size of 1 on either side is broadcast. Masks are recognised by name (see
 * {@link #inputs(NDArray, NDArray)}): {@link #PADDING_MASK} {@code (B, S)} and {@link #ASSOCIATION_MASK}
 * {@code (L, S)}, {@code (B, L, S)} or {@code (B, H, L, S)}, boolean, {@code true} where a stored pattern must
 * be ignored (the convention of PyTorch and hopfield-layers). <b>Outputs</b>: {@code (B, L, e_out)} and,
 * with {@link Builder#returnAssociation(boolean)}, the association matrix {@code (B, H, L, S)} (the
 * separation's output of the last step, before dropout).
 *
 * <p><b>Update steps</b>: the state is iterated in the association (key) space,
 * {@code q <- Sep(beta q k^T) k} (as hopfield-layers does), {@code T} separations in all, the last one
 * giving the output; {@link Builder#tolerance(double)} stops early once no state moves more than it (L2).
 * Without projections and with a linear or affine {@code Phi}, {@code Phi(P Y) = P Phi(Y)}, so this is the
 * retrieval dynamics of eq. (2.4) in pattern space.
 *
 * <p>The block is a DJL citizen: parameters are initialised from the builder's seed (the same on every
 * machine), it runs where its inputs are (no device is assumed), its parameters save and load with
 * {@link #saveParameters}/{@link #loadParameters}, and a forward pass in inference mode may run from several
 * threads at once. Each forward call frees its intermediates and leaves only its outputs, in the manager of
 * the first input.
 *
 * <pre>
 * HopfieldBlock block = HopfieldBlock.builder().heads(4).kernel(FeatureMap.linear())
 *         .separation(Separation.entmax(1.5)).build();
 * block.initialize(nd, DataType.FLOAT32, new Shape(1, 65, 128), new Shape(1, 65, 128));
 * NDArray out = block.forward(new ParameterStore(nd, false), new NDList(x, x), false).head();
 * </pre>
 */
public final class HopfieldBlock extends AbstractBlock {

    /** The name of a padding mask in the inputs: {@code (B, S)}, {@code true} = padding, ignored. */
    public static final String PADDING_MASK = "padding_mask";
    /** The name of an association mask in the inputs: {@code true} = this association is not allowed. */
    public static final String ASSOCIATION_MASK = "association_mask";

    private static final byte VERSION = 1;
    /** How far below a row's smallest score a masked score is put (more than any separation resolves). */
    private static final double MASK_GAP = 1e4;

    /** Where the values {@code V} come from. */
    public enum Values {
        /** {@code V = W_V Y}: the stored patterns (or the value input), projected. */
        STORED,
        /** {@code V = W_V W_K Y}: the stored patterns through the key projection, then W_V (STanHop-Net's GSH). */
        KEYS
    }

    /** Named sets of choices. */
    public enum Preset {
        /**
         * The paper: kernel {@code Phi(x) = W x} (no bias, Gaussian) before both projections, values
         * {@code W_V Y}, the separation as asked, no dropout.
         */
        PAPER,
        /**
         * The authors' code (MAGICS-LAB/UHop, {@code LearnableHopfield}): a kernel with bias ({@code Linear(e,
         * e)}, PyTorch's default initialisation) applied before both projections, values from the raw stored
         * patterns ({@code W_V Y}), dropout 0.1 on the association, and softmax whatever separation is asked
         * for (their "sparse" runs were softmax: the mode is ignored by their core).
         */
        AUTHORS
    }

    /**
     * Every setting of a block (its provenance). {@code beta} empty means {@code 1/sqrt(d_head)}; sizes 0
     * mean "from the input": {@code headSize = D_Phi / heads}, {@code valueHeadSize = headSize},
     * {@code outputSize = e_q}.
     *
     * @param separation the separation asked for
     * @param softmaxOnly true when softmax runs whatever was asked for ({@link Preset#AUTHORS})
     * @param beta the inverse temperature, one value for all heads or one per head (empty: default)
     * @param heads H
     * @param headSize the association width per head {@code d_head} (0: {@code D_Phi / H})
     * @param valueHeadSize the value width per head (0: {@code headSize})
     * @param outputSize {@code e_out} (0: {@code e_q})
     * @param projections whether {@code W_Q, W_K, W_V, W_O} exist
     * @param projectionBias whether the projections have biases
     * @param values where V comes from
     * @param valueInput whether the third input is the value source
     * @param kernel the kernel {@code Phi}
     * @param updateSteps the most update steps {@code T}
     * @param tolerance stop once no state moves more than this (0: always T)
     * @param dropout dropout on the association in training
     * @param normalizeState a LayerNorm on the state patterns {@code R}
     * @param normalizeStored a LayerNorm on the stored patterns {@code Y} (and the value input)
     * @param returnAssociation whether the association matrix is a second output
     * @param seed the seed of the parameters' initial values
     * @param preset the last preset applied (null: none)
     * @param composedKernel whether, outside Algorithm 2's separation-loss steps, the kernel is folded into the
     *     projections ({@link Builder#composedKernel(boolean)})
     */
    public record Settings(Separation separation, boolean softmaxOnly, List<Double> beta, int heads, int headSize,
            int valueHeadSize, int outputSize, boolean projections, boolean projectionBias, Values values,
            boolean valueInput, FeatureMap kernel, int updateSteps, double tolerance, double dropout,
            boolean normalizeState, boolean normalizeStored, boolean returnAssociation, long seed, Preset preset,
            boolean composedKernel) {

        /**
         * Copies the beta list.
         *
         * @param separation the separation asked for
         * @param softmaxOnly true when softmax runs whatever was asked for
         * @param beta the inverse temperature, one value or one per head (empty: default); copied
         * @param heads H
         * @param headSize {@code d_head} (0: {@code D_Phi / H})
         * @param valueHeadSize the value width per head (0: {@code headSize})
         * @param outputSize {@code e_out} (0: {@code e_q})
         * @param projections whether {@code W_Q, W_K, W_V, W_O} exist
         * @param projectionBias whether the projections have biases
         * @param values where V comes from
         * @param valueInput whether the third input is the value source
         * @param kernel the kernel {@code Phi}
         * @param updateSteps the most update steps {@code T}
         * @param tolerance the L2 stopping tolerance (0: always T)
         * @param dropout dropout on the association in training
         * @param normalizeState a LayerNorm on {@code R}
         * @param normalizeStored a LayerNorm on {@code Y}
         * @param returnAssociation whether the association matrix is a second output
         * @param seed the seed of the initial parameter values
         * @param preset the last preset applied (null: none)
         * @param composedKernel whether the kernel is folded into the projections
         */
        public Settings {
            beta = List.copyOf(beta);
        }

        /**
         * The separation that runs.
         *
         * @return {@code separation}, or softmax when {@code softmaxOnly}
         */
        public Separation runSeparation() {
            return softmaxOnly ? Separation.softmax() : separation;
        }

        @Override
        public String toString() {
            return "heads=" + heads + (headSize > 0 ? ", headSize=" + headSize : "")
                    + (valueHeadSize > 0 ? ", valueHeadSize=" + valueHeadSize : "")
                    + (outputSize > 0 ? ", outputSize=" + outputSize : "")
                    + ", projections=" + projections + (projections ? ", projectionBias=" + projectionBias
                            + ", values=" + values : "")
                    + (valueInput ? ", valueInput" : "") + ", kernel=" + kernel + ", separation=" + separation
                    + (softmaxOnly ? " (run as softmax, as in the authors' code)" : "")
                    + ", beta=" + (beta.isEmpty() ? "1/sqrt(d_head)" : beta.size() == 1 ? beta.get(0) : beta)
                    + ", T=" + updateSteps + (tolerance > 0 ? ", tolerance=" + tolerance : "")
                    + ", dropout=" + dropout + (normalizeState ? ", normalizeState" : "")
                    + (normalizeStored ? ", normalizeStored" : "") + (returnAssociation ? ", returnAssociation" : "")
                    + ", seed=" + seed + (preset != null ? ", preset=" + preset : "")
                    + (composedKernel ? ", composedKernel" : "");
        }
    }

    /** The widths, fixed when the block is initialised (or loaded). */
    record Sizes(long stateWidth, long storedWidth, long valueWidth, long featureWidth, int heads, long headSize,
            long valueHeadSize, long outputWidth) {}

    private final Settings settings;
    private final Parameter kernelWeight;
    private final Parameter kernelBias;
    private final Parameter queryWeight;
    private final Parameter queryBias;
    private final Parameter keyWeight;
    private final Parameter keyBias;
    private final Parameter valueWeight;
    private final Parameter valueBias;
    private final Parameter outputWeight;
    private final Parameter outputBias;
    private final Parameter alphaLogit;
    private final Parameter stateGamma;
    private final Parameter stateBeta;
    private final Parameter storedGamma;
    private final Parameter storedBeta;
    private volatile Sizes sizes;

    private HopfieldBlock(Settings s) {
        super(VERSION);
        this.settings = s;
        FeatureMap k = s.kernel();
        long seed = s.seed();
        if (k.isKernel()) {
            Initializer wInit = switch (k.kind()) {
                case GIVEN -> SeededInit.values(k.givenValues());
                default -> switch (k.init()) {
                    case IDENTITY -> SeededInit.identity();
                    case TORCH_DEFAULT -> torchDefault(seed, "kernel_weight");
                    case GAUSSIAN -> SeededInit.normal(SeededInit.seedFor(seed, "kernel_weight"), k.std());
                };
            };
            kernelWeight = param("kernel_weight", Parameter.Type.WEIGHT, wInit, k.isTrainable());
            kernelBias = k.hasBias() ? param("kernel_bias", Parameter.Type.BIAS,
                    k.init() == FeatureMap.Init.TORCH_DEFAULT && k.kind() != FeatureMap.Kind.GIVEN
                            ? torchDefaultBias(seed, "kernel_bias") : Initializer.ZEROS, k.isTrainable()) : null;
        } else {
            kernelWeight = null;
            kernelBias = null;
        }
        if (s.projections()) {
            queryWeight = param("query_weight", Parameter.Type.WEIGHT, xavier(seed, "query_weight"), true);
            keyWeight = param("key_weight", Parameter.Type.WEIGHT, xavier(seed, "key_weight"), true);
            valueWeight = param("value_weight", Parameter.Type.WEIGHT, xavier(seed, "value_weight"), true);
            outputWeight = param("output_weight", Parameter.Type.WEIGHT, xavier(seed, "output_weight"), true);
            boolean b = s.projectionBias();
            queryBias = b ? param("query_bias", Parameter.Type.BIAS, Initializer.ZEROS, true) : null;
            keyBias = b ? param("key_bias", Parameter.Type.BIAS, Initializer.ZEROS, true) : null;
            valueBias = b ? param("value_bias", Parameter.Type.BIAS, Initializer.ZEROS, true) : null;
            outputBias = b ? param("output_bias", Parameter.Type.BIAS, Initializer.ZEROS, true) : null;
        } else {
            queryWeight = keyWeight = valueWeight = outputWeight = null;
            queryBias = keyBias = valueBias = outputBias = null;
        }
        Separation sep = s.runSeparation();
        if (LearnableAlpha.isLearnable(sep)) {
            alphaLogit = param("alpha_logit", Parameter.Type.OTHER,
                    SeededInit.constant(LearnableAlpha.initialLogit(sep)), true);
        } else {
            alphaLogit = null;
        }
        stateGamma = s.normalizeState() ? param("state_norm_gamma", Parameter.Type.GAMMA, Initializer.ONES, true) : null;
        stateBeta = s.normalizeState() ? param("state_norm_beta", Parameter.Type.BETA, Initializer.ZEROS, true) : null;
        storedGamma = s.normalizeStored()
                ? param("stored_norm_gamma", Parameter.Type.GAMMA, Initializer.ONES, true) : null;
        storedBeta = s.normalizeStored()
                ? param("stored_norm_beta", Parameter.Type.BETA, Initializer.ZEROS, true) : null;
    }

    private Parameter param(String name, Parameter.Type type, Initializer init, boolean trainable) {
        return addParameter(Parameter.builder().setName(name).setType(type).optInitializer(init)
                .optRequiresGrad(trainable).build());
    }

    private static Initializer xavier(long seed, String name) {
        return SeededInit.xavier(SeededInit.seedFor(seed, name));
    }

    private static Initializer torchDefault(long seed, String name) {
        long s = SeededInit.seedFor(seed, name);
        return (m, shape, type) -> SeededInit.uniform(s, 1 / Math.sqrt(SeededInit.fanIn(shape)))
                .initialize(m, shape, type);
    }

    private Initializer torchDefaultBias(long seed, String name) {
        long s = SeededInit.seedFor(seed, name);
        // PyTorch bounds the bias by 1/sqrt(fan_in of the weight); the input width is known once prepared
        return (m, shape, type) -> SeededInit.uniform(s, 1 / Math.sqrt(requireSizes().stateWidth()))
                .initialize(m, shape, type);
    }

    /**
     * A builder with the defaults: softmax, one head, projections with bias, no kernel, T = 1.
     *
     * @return a new builder with the default settings
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The settings this block was built with (its provenance).
     *
     * @return the settings record (immutable)
     */
    public Settings settings() {
        return settings;
    }

    /**
     * The kernel {@code Phi}.
     *
     * @return the kernel {@code Phi} of section 3 ({@link FeatureMap#none()} without one)
     */
    public FeatureMap kernel() {
        return settings.kernel();
    }

    /**
     * The parameters of the kernel {@code Phi} ({@code W} and, if any, {@code b}); empty without a kernel.
     *
     * @return a new list of the kernel's parameters, {@code W} then {@code b} (empty without a kernel)
     */
    public List<Parameter> kernelParameters() {
        List<Parameter> out = new ArrayList<>();
        if (kernelWeight != null) {
            out.add(kernelWeight);
        }
        if (kernelBias != null) {
            out.add(kernelBias);
        }
        return out;
    }

    /**
     * The learnable-alpha parameter {@code a} ({@code alpha = 1 + sigmoid(a)}, one per head), or null.
     *
     * @return the parameter {@code a}, one value per head, or null without a learnable-alpha separation
     */
    public Parameter alphaParameter() {
        return alphaLogit;
    }

    /**
     * The current alpha of each head of a learnable-alpha entmax, {@code 1 + sigmoid(a)}.
     *
     * @return a new array, one alpha per head (H values), each between 1 and 2
     * @throws IllegalStateException when the separation has no learnable alpha or the block is not initialised
     */
    public double[] alpha() {
        if (alphaLogit == null) {
            throw new IllegalStateException("this block's separation " + settings.runSeparation()
                    + " has no learnable alpha");
        }
        requireSizes();
        double[] a = Scope.doubles(alphaLogit.getArray());
        for (int i = 0; i < a.length; i++) {
            a[i] = 1 + 1 / (1 + Math.exp(-a[i]));
        }
        return a;
    }

    /**
     * Sets {@code W_Q, W_K, W_V, W_O} and their biases to the projections of DJL's scaled dot-product attention
     * block (copies, in this block's parameters' managers): a block without kernel, with softmax and the default
     * {@code beta = 1/sqrt(d_head)} then computes exactly what the attention block computes (without dropout).
     *
     * @param attention an initialised {@code ScaledDotProductAttentionBlock} of the same width and heads
     * @throws IllegalArgumentException when this block has no projections or biases, or the shapes differ
     * @throws IllegalStateException when either block is not initialised
     */
    public void copyProjectionsFrom(ai.djl.nn.transformer.ScaledDotProductAttentionBlock attention) {
        Checks.notNull("attention block", attention);
        requireSizes();
        if (!settings.projections() || !settings.projectionBias()) {
            throw new IllegalArgumentException("copying an attention block's projections needs projections with "
                    + "biases, got " + settings);
        }
        String[][] pairs = {{"queryProjection", "query"}, {"keyProjection", "key"}, {"valueProjection", "value"},
                {"resultProjection", "output"}};
        for (String[] pair : pairs) {
            for (String kind : new String[] {"weight", "bias"}) {
                Parameter from = attention.getParameters().stream()
                        .filter(p -> p.getKey().contains(pair[0]) && p.getKey().endsWith("_" + kind))
                        .map(ai.djl.util.Pair::getValue).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("the attention block has no " + pair[0]
                                + " " + kind));
                Parameter to = parameters.get(pair[1] + "_" + kind);
                if (!from.isInitialized() || !to.isInitialized()) {
                    throw new IllegalStateException("both blocks must be initialised before copying");
                }
                NDArray src = from.getArray();
                NDArray dst = to.getArray();
                if (!src.getShape().equals(dst.getShape())) {
                    throw new IllegalArgumentException(pair[0] + " " + kind + " has shape " + src.getShape()
                            + ", this block's " + pair[1] + " " + kind + " has " + dst.getShape());
                }
                NDArray typed = src.toType(dst.getDataType(), true);
                NDArray moved = typed.toDevice(dst.getDevice(), false);
                boolean grad = dst.hasGradient();
                if (grad) {
                    dst.setRequiresGradient(false);
                }
                moved.copyTo(dst);
                if (grad) {
                    dst.setRequiresGradient(true);
                }
                if (moved != typed) {
                    moved.close();
                }
                typed.close();
            }
        }
    }

    /** The widths decided at initialisation; throws if the block is not initialised. */
    Sizes requireSizes() {
        Sizes z = sizes;
        if (z == null) {
            throw new IllegalStateException("the Hopfield block is not initialised: call initialize(manager, type, "
                    + "shapeOfR, shapeOfY) first (or load its parameters)");
        }
        return z;
    }

    /**
     * The inputs of a forward call: state patterns {@code R} {@code (B, L, e_q)} and stored patterns {@code Y}
     * {@code (B, S, e_k)}; add the value source and masks with the returned builder.
     *
     * @param state the state patterns {@code R}, {@code (B, L, e_q)}, not null
     * @param stored the stored patterns {@code Y}, {@code (B, S, e_k)}, not null
     * @return inputs without value source or masks (the caller keeps ownership of the arrays)
     */
    public static Inputs inputs(NDArray state, NDArray stored) {
        return new Inputs(Checks.notNull("state patterns", state), Checks.notNull("stored patterns", stored),
                null, null, null);
    }

    /**
     * The inputs of a forward pass, with named masks. Immutable; {@link #toList()} makes the {@link NDList}.
     *
     * @param state R {@code (B, L, e_q)}
     * @param stored Y {@code (B, S, e_k)}
     * @param values the value source {@code (B, S, e_v)} or null
     * @param paddingMask {@code (B, S)} boolean or null
     * @param associationMask {@code (L, S)}, {@code (B, L, S)} or {@code (B, H, L, S)} boolean, or null
     */
    public record Inputs(NDArray state, NDArray stored, NDArray values, NDArray paddingMask,
            NDArray associationMask) {

        /**
         * A copy with the value source (for a block built with {@code valueInput(true)}).
         *
         * @param v the value source {@code (B, S, e_v)}, not null
         * @return a new {@code Inputs} with the value source set
         */
        public Inputs values(NDArray v) {
            return new Inputs(state, stored, Checks.notNull("values", v), paddingMask, associationMask);
        }

        /**
         * A copy with a padding mask {@code (B, S)}, {@code true} where a stored pattern is padding.
         *
         * @param mask boolean {@code (B, S)}, not null
         * @return a new {@code Inputs} with the padding mask set
         */
        public Inputs paddingMask(NDArray mask) {
            return new Inputs(state, stored, values, Checks.notNull("padding mask", mask), associationMask);
        }

        /**
         * A copy with an association mask, {@code true} where an association is not allowed.
         *
         * @param mask boolean {@code (L, S)}, {@code (B, L, S)} or {@code (B, H, L, S)}, not null
         * @return a new {@code Inputs} with the association mask set
         */
        public Inputs associationMask(NDArray mask) {
            return new Inputs(state, stored, values, paddingMask, Checks.notNull("association mask", mask));
        }

        /**
         * The list for {@code forward}. Masks enter as named views ({@link #PADDING_MASK},
         * {@link #ASSOCIATION_MASK}) created in the masks' managers; the caller's arrays are not renamed.
         *
         * @return a new list: R, Y, then the value source, padding mask and association mask that are set
         */
        public NDList toList() {
            NDList list = new NDList(state, stored);
            if (values != null) {
                list.add(values);
            }
            if (paddingMask != null) {
                list.add(named(paddingMask, PADDING_MASK));
            }
            if (associationMask != null) {
                list.add(named(associationMask, ASSOCIATION_MASK));
            }
            return list;
        }

        private static NDArray named(NDArray mask, String name) {
            NDArray view = mask.reshape(mask.getShape());
            view.setName(name);
            return view;
        }
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        Sizes z = computeSizes(inputShapes);
        Sizes before = sizes;
        if (before != null && !before.equals(z)) {
            throw new IllegalArgumentException("this block was initialised for " + before + "; inputs of shapes "
                    + java.util.Arrays.toString(inputShapes) + " need " + z);
        }
        super.beforeInitialize(inputShapes);
        sizes = z;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Sizes z = requireSizes();
        if (kernelWeight != null) {
            kernelWeight.setShape(new Shape(z.featureWidth(), z.storedWidth()));
            if (kernelBias != null) {
                kernelBias.setShape(new Shape(z.featureWidth()));
            }
        }
        if (settings.projections()) {
            long hk = z.heads() * z.headSize();
            long hv = z.heads() * z.valueHeadSize();
            queryWeight.setShape(new Shape(hk, z.featureWidth()));
            keyWeight.setShape(new Shape(hk, z.featureWidth()));
            long valueIn = settings.values() == Values.KEYS ? hk : z.valueWidth();
            valueWeight.setShape(new Shape(hv, valueIn));
            outputWeight.setShape(new Shape(z.outputWidth(), hv));
            if (settings.projectionBias()) {
                queryBias.setShape(new Shape(hk));
                keyBias.setShape(new Shape(hk));
                valueBias.setShape(new Shape(hv));
                outputBias.setShape(new Shape(z.outputWidth()));
            }
        }
        if (alphaLogit != null) {
            alphaLogit.setShape(new Shape(1, z.heads(), 1, 1));
        }
        if (stateGamma != null) {
            stateGamma.setShape(new Shape(z.stateWidth()));
            stateBeta.setShape(new Shape(z.stateWidth()));
        }
        if (storedGamma != null) {
            storedGamma.setShape(new Shape(z.storedWidth()));
            storedBeta.setShape(new Shape(z.storedWidth()));
        }
    }

    /** The widths for inputs of these shapes; throws naming a shape that does not fit the settings. */
    private Sizes computeSizes(Shape[] shapes) {
        int need = settings.valueInput() ? 3 : 2;
        if (shapes == null || shapes.length < need) {
            throw new IllegalArgumentException("a Hopfield block needs the shapes of R and Y"
                    + (settings.valueInput() ? " and of the value input" : "") + ", got "
                    + (shapes == null ? "none" : java.util.Arrays.toString(shapes)));
        }
        Shape r = shapes[0];
        Shape y = shapes[1];
        requireThreeAxes("R (state patterns)", r);
        requireThreeAxes("Y (stored patterns)", y);
        long eq = r.get(2);
        long ek = y.get(2);
        long ev = ek;
        if (settings.valueInput()) {
            requireThreeAxes("the value input", shapes[2]);
            ev = shapes[2].get(2);
        }
        FeatureMap k = settings.kernel();
        if (k.isKernel() && eq != ek) {
            throw new IllegalArgumentException("the kernel Phi is shared by state and stored patterns, so R and Y "
                    + "need the same width, got R " + r + " and Y " + y);
        }
        k.check(ek);
        long dPhi = k.dimensionFor(ek);
        int h = settings.heads();
        if (!settings.projections()) {
            if (eq != ek && !k.isKernel()) {
                throw new IllegalArgumentException("without projections R and Y are compared directly, so they need "
                        + "the same width, got R " + r + " and Y " + y);
            }
            return new Sizes(eq, ek, ev, dPhi, 1, dPhi, ev, ev);
        }
        long dk = settings.headSize();
        if (dk == 0) {
            if (dPhi % h != 0) {
                throw new IllegalArgumentException("the association width D_Phi = " + dPhi + " is not divisible by "
                        + "heads = " + h + ": set headSize(...)");
            }
            dk = dPhi / h;
        }
        long dv = settings.valueHeadSize() == 0 ? dk : settings.valueHeadSize();
        long eo = settings.outputSize() == 0 ? eq : settings.outputSize();
        if (settings.values() == Values.KEYS && (k.isKernel() || settings.valueInput()) && ev != dPhi) {
            throw new IllegalArgumentException("values W_V W_K Y apply W_K (input width D_Phi = " + dPhi
                    + ") to the raw value source, which has width " + ev);
        }
        return new Sizes(eq, ek, ev, dPhi, h, dk, dv, eo);
    }

    private static void requireThreeAxes(String name, Shape s) {
        if (s.dimension() != 3) {
            throw new IllegalArgumentException(name + " must have shape (batch, patterns, width), got " + s);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Sizes z = sizes != null ? sizes : computeSizes(inputShapes);
        long b = Math.max(inputShapes[0].get(0), inputShapes[1].get(0));
        long l = inputShapes[0].get(1);
        Shape out = new Shape(b, l, z.outputWidth());
        if (settings.returnAssociation()) {
            return new Shape[] {out, new Shape(b, z.heads(), l, inputShapes[1].get(1))};
        }
        return new Shape[] {out};
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        Sizes z = requireSizes();
        Parsed in = parse(inputs, z);
        NDArray first = in.state();
        NDManager owner = first.getManager();
        Device device = first.getDevice();
        try (Scope s = Scope.near(first)) {
            NDArray r = s.use(in.state());
            NDArray y = s.use(in.stored());
            NDArray vsrc = in.values() == null ? null : s.use(in.values());
            if (stateGamma != null) {
                r = own(s, LayerNorm.layerNorm(r, new Shape(z.stateWidth()), value(ps, stateGamma, device, training),
                        value(ps, stateBeta, device, training), 1e-5f).singletonOrThrow());
            }
            if (storedGamma != null) {
                NDArray g = value(ps, storedGamma, device, training);
                NDArray b = value(ps, storedBeta, device, training);
                y = own(s, LayerNorm.layerNorm(y, new Shape(z.storedWidth()), g, b, 1e-5f).singletonOrThrow());
                if (vsrc != null) {
                    vsrc = own(s, LayerNorm.layerNorm(vsrc, new Shape(z.valueWidth()), g, b, 1e-5f)
                            .singletonOrThrow());
                }
            }
            NDArray values = vsrc == null ? y : vsrc;
            NDArray phiR = r;
            NDArray phiY = y;
            NDArray kw = null;
            NDArray kb = null;
            boolean composeR = false; // Q from R through W_Q W (composedKernel), Phi(R) not formed
            boolean composeY = false; // K from Y through W_K W, Phi(Y) not formed
            boolean composeV = false; // KEYS values through W_V W_K
            if (kernelWeight != null) {
                kw = value(ps, kernelWeight, device, training);
                kb = kernelBias == null ? null : value(ps, kernelBias, device, training);
                FeatureCapture capture = FeatureCapture.current();
                boolean capturing = capture != null && training;
                if (settings.composedKernel() && settings.projections() && !capturing) {
                    long width = kw.getShape().get(0);
                    composeR = rows(r) >= width;
                    composeY = rows(y) >= width;
                    composeV = settings.values() == Values.KEYS && rows(values) >= width;
                }
                boolean same = in.state() == in.stored() && stateGamma == null && storedGamma == null;
                phiR = composeR ? null : linear(s, r, kw, kb);
                // self-association without LayerNorms: R and Y are the same tokens, so Phi(Y) = Phi(R)
                phiY = composeY ? null : same && !composeR ? phiR : linear(s, y, kw, kb);
                if (capturing) {
                    if (in.padding() != null || in.association() != null) {
                        throw new IllegalStateException("the separation loss of Algorithm 2 does not support masked "
                                + "inputs: padded stored patterns would count as memories");
                    }
                    capture.add(this, phiR, phiY, in.state() == in.stored());
                }
            }
            NDArray q;
            NDArray k;
            NDArray v;
            if (settings.projections()) {
                int h = z.heads();
                NDArray wq = value(ps, queryWeight, device, training);
                NDArray bq = value(ps, queryBias, device, training);
                q = heads(composeR ? linear(s, r, own(s, wq.matMul(kw)), fold(s, wq, kb, bq))
                        : linear(s, phiR, wq, bq), h, z.headSize());
                NDArray wk = value(ps, keyWeight, device, training);
                NDArray bk = value(ps, keyBias, device, training);
                NDArray keysFlat = composeY ? linear(s, y, own(s, wk.matMul(kw)), fold(s, wk, kb, bk))
                        : linear(s, phiY, wk, bk);
                k = heads(keysFlat, h, z.headSize());
                NDArray wv = value(ps, valueWeight, device, training);
                NDArray bv = value(ps, valueBias, device, training);
                NDArray vFlat;
                if (composeV) {
                    // V = W_V (W_K values + b_K) + b_V with the product of weights first
                    vFlat = linear(s, values, own(s, wv.matMul(wk)), fold(s, wv, bk, bv));
                } else if (settings.values() == Values.KEYS) {
                    vFlat = linear(s, kernelWeight == null && vsrc == null ? keysFlat : linear(s, values, wk, bk),
                            wv, bv);
                } else {
                    vFlat = linear(s, values, wv, bv);
                }
                v = heads(vFlat, h, z.valueHeadSize());
            } else {
                q = phiR.expandDims(1);
                k = phiY.expandDims(1);
                v = values.expandDims(1);
            }
            NDArray mask = combinedMask(s, in, z);
            NDArray beta = betaArray(s, z, q.getDataType());
            NDArray alpha = alphaLogit == null ? null
                    : own(s, value(ps, alphaLogit, device, training).getNDArrayInternal().sigmoid()).add(1);
            NDArray kT = k.transpose(0, 1, 3, 2);
            NDArray p = associate(q, kT, beta, mask, alpha);
            for (int step = 2; step <= settings.updateSteps(); step++) {
                NDArray next = p.matMul(k);
                if (settings.tolerance() > 0) {
                    double move = next.sub(q).square().sum(new int[] {-1}).max().sqrt()
                            .toType(DataType.FLOAT64, false).getDouble();
                    if (move <= settings.tolerance()) {
                        break;
                    }
                }
                q = next;
                p = associate(q, kT, beta, mask, alpha);
            }
            NDArray dropped = settings.dropout() > 0 && training
                    ? Dropout.dropout(p, (float) settings.dropout(), true).singletonOrThrow() : p;
            NDArray o = dropped.matMul(v); // (B, H, L, dv)
            NDArray out;
            if (settings.projections()) {
                long b = o.getShape().get(0);
                long l = o.getShape().get(2);
                NDArray merged = o.transpose(0, 2, 1, 3).reshape(b, l, z.heads() * z.valueHeadSize());
                out = linear(s, merged, value(ps, outputWeight, device, training),
                        value(ps, outputBias, device, training));
            } else {
                out = o.squeeze(1);
            }
            NDList result = new NDList(s.keep(out, owner));
            if (settings.returnAssociation()) {
                result.add(s.keep(p, owner));
            }
            return result;
        }
    }

    /** The tokens of {@code (..., n, width)}: the product of all axes but the last. */
    private static long rows(NDArray x) {
        Shape shape = x.getShape();
        return shape.size() / shape.get(shape.dimension() - 1);
    }

    /** The bias {@code w b1 + b2} of a composed projection (either bias may be null; null when both are). */
    private static NDArray fold(Scope s, NDArray w, NDArray b1, NDArray b2) {
        if (b1 == null) {
            return b2;
        }
        NDArray wb = own(s, w.matMul(b1.reshape(b1.getShape().get(0), 1)).reshape(w.getShape().get(0)));
        return b2 == null ? wb : wb.add(b2);
    }

    /** Hands an array this call created to the scope, so it is freed with it. */
    private static NDArray own(Scope s, NDArray created) {
        return s.keep(created, s.manager());
    }

    /** {@code x W^T + b} (b may be null), created in the scope. */
    private static NDArray linear(Scope s, NDArray x, NDArray w, NDArray b) {
        return own(s, x.getNDArrayInternal().linear(x, w, b).singletonOrThrow());
    }

    private static NDArray value(ParameterStore ps, Parameter p, Device device, boolean training) {
        return p == null ? null : ps.getValue(p, device, training);
    }

    /** {@code (B, L, H d)} to {@code (B, H, L, d)}. */
    private static NDArray heads(NDArray x, int h, long d) {
        Shape shape = x.getShape();
        return x.reshape(shape.get(0), shape.get(1), h, d).transpose(0, 2, 1, 3);
    }

    /** One separation: {@code Sep(beta q k^T)} with masked scores pushed out of reach. */
    private NDArray associate(NDArray q, NDArray kT, NDArray beta, NDArray mask, NDArray alpha) {
        NDArray scores = q.matMul(kT);
        scores = beta == null ? Scalars.times(scores, betaScalar()) : scores.mul(beta);
        if (mask != null) {
            NDArray min = scores.stopGradient().min(new int[] {-1}, true);
            NDArray fill = min.sub(min.abs()).sub(MASK_GAP);
            Shape shape = scores.getShape();
            NDArray m = mask.getShape().equals(shape) ? mask : mask.broadcast(shape);
            scores = NDArrays.where(m, fill.broadcast(shape), scores);
        }
        if (alpha != null) {
            return LearnableAlpha.weights(scores, alpha);
        }
        return settings.runSeparation().weights(scores);
    }

    private double betaScalar() {
        List<Double> b = settings.beta();
        return b.isEmpty() ? 1 / Math.sqrt(requireSizes().headSize()) : b.get(0);
    }

    /** beta as a {@code (1, H, 1, 1)} array when it differs between heads, else null (a scalar is used). */
    private NDArray betaArray(Scope s, Sizes z, DataType type) {
        List<Double> b = settings.beta();
        if (b.size() <= 1) {
            return null;
        }
        double[] v = b.stream().mapToDouble(Double::doubleValue).toArray();
        // created from Java memory; the copy (PyTorch's storage) is what the graph may save for backward
        NDArray a = s.manager().create(v, new Shape(1, z.heads(), 1, 1));
        return type == DataType.FLOAT64 ? Scalars.owned(a) : a.toType(type, false);
    }

    /** The inputs sorted out: R, Y, the value source and the masks. */
    private record Parsed(NDArray state, NDArray stored, NDArray values, NDArray padding, NDArray association) {}

    private Parsed parse(NDList inputs, Sizes z) {
        List<NDArray> positional = new ArrayList<>();
        NDArray padding = null;
        NDArray association = null;
        for (NDArray a : inputs) {
            String name = a.getName();
            if (PADDING_MASK.equals(name)) {
                padding = a;
            } else if (ASSOCIATION_MASK.equals(name)) {
                association = a;
            } else {
                positional.add(a);
            }
        }
        int need = settings.valueInput() ? 3 : 2;
        if (positional.size() != need) {
            throw new IllegalArgumentException("a Hopfield block takes R, Y" + (settings.valueInput() ? ", V" : "")
                    + " and named masks; got " + positional.size() + " unnamed input(s) " + inputs.getShapes()
                    + (positional.size() > need ? " (name masks with HopfieldBlock.inputs(...).paddingMask(...))" : ""));
        }
        NDArray r = positional.get(0);
        NDArray y = positional.get(1);
        NDArray v = settings.valueInput() ? positional.get(2) : null;
        check("R (state patterns)", r, z.stateWidth());
        check("Y (stored patterns)", y, z.storedWidth());
        long b = batchOf(r, y);
        if (v != null) {
            check("the value input", v, z.valueWidth());
            if (v.getShape().get(1) != y.getShape().get(1)) {
                throw new IllegalArgumentException("the value input must have one row per stored pattern, S = "
                        + y.getShape().get(1) + ", got shape " + v.getShape());
            }
            batchOf(y, v);
        }
        long l = r.getShape().get(1);
        long sCount = y.getShape().get(1);
        if (padding != null) {
            requireBoolean("padding mask", padding);
            Shape ps = padding.getShape();
            if (ps.dimension() != 2 || ps.get(1) != sCount || (ps.get(0) != b && ps.get(0) != 1)) {
                throw new IllegalArgumentException("padding mask must have shape (B, S) = (" + b + ", " + sCount
                        + "), got " + ps);
            }
        }
        if (association != null) {
            requireBoolean("association mask", association);
            Shape as = association.getShape();
            int n = as.dimension();
            boolean ok = n >= 2 && n <= 4 && as.get(n - 1) == sCount && as.get(n - 2) == l
                    && (n < 3 || as.get(0) == b || as.get(0) == 1)
                    && (n < 4 || as.get(1) == z.heads() || as.get(1) == 1);
            if (!ok) {
                throw new IllegalArgumentException("association mask must have shape (L, S), (B, L, S) or (B, H, L, S)"
                        + " with B = " + b + ", H = " + z.heads() + ", L = " + l + ", S = " + sCount + ", got " + as);
            }
        }
        return new Parsed(r, y, v, padding, association);
    }

    private static void check(String name, NDArray a, long width) {
        Shape s = a.getShape();
        if (s.dimension() != 3 || s.get(2) != width) {
            throw new IllegalArgumentException(name + " must have shape (batch, patterns, " + width + "), got " + s);
        }
        if (s.get(1) < 1) {
            throw new IllegalArgumentException(name + " must have at least one pattern, got shape " + s);
        }
        DataType t = a.getDataType();
        if (t != DataType.FLOAT32 && t != DataType.FLOAT64 && t != DataType.FLOAT16 && t != DataType.BFLOAT16) {
            throw new IllegalArgumentException(name + " must be a floating-point array, got " + t);
        }
    }

    private static long batchOf(NDArray a, NDArray b) {
        long x = a.getShape().get(0);
        long y = b.getShape().get(0);
        if (x != y && x != 1 && y != 1) {
            throw new IllegalArgumentException("the batch sizes must agree (or one be 1), got " + a.getShape()
                    + " and " + b.getShape());
        }
        return Math.max(x, y);
    }

    private static void requireBoolean(String name, NDArray mask) {
        if (mask.getDataType() != DataType.BOOLEAN) {
            throw new IllegalArgumentException(name + " must be boolean (true = ignore), got " + mask.getDataType());
        }
    }

    /** The masks as one boolean array broadcastable to {@code (B, H, L, S)}, or null; refuses empty rows. */
    private static NDArray combinedMask(Scope s, Parsed in, Sizes z) {
        NDArray m = null;
        if (in.padding() != null) {
            Shape ps = in.padding().getShape();
            m = own(s, in.padding().reshape(ps.get(0), 1, 1, ps.get(1)));
        }
        if (in.association() != null) {
            NDArray a = in.association();
            Shape as = a.getShape();
            NDArray a4 = switch (as.dimension()) {
                case 2 -> own(s, a.reshape(1, 1, as.get(0), as.get(1)));
                case 3 -> own(s, a.reshape(as.get(0), 1, as.get(1), as.get(2)));
                default -> s.use(a);
            };
            m = m == null ? a4 : m.logicalOr(a4);
        }
        if (m != null) {
            NDArray allMasked = m.toType(DataType.INT32, false).min(new int[] {-1});
            if (allMasked.max().getInt() == 1) {
                long[] shape = allMasked.getShape().getShape().clone();
                long flat = allMasked.flatten().argMax().getLong();
                long[] at = new long[shape.length];
                for (int i = shape.length - 1; i >= 0; i--) {
                    at[i] = flat % shape[i];
                    flat /= shape[i];
                }
                throw new IllegalArgumentException("every stored pattern is masked for a query (batch " + at[0]
                        + ", head " + at[1] + ", query " + at[2] + "): the separation of an empty row is undefined");
            }
        }
        return m;
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        os.writeUTF(describe());
        saveInputShapes(os);
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("cannot load a HopfieldBlock saved with version " + loadVersion
                    + ", expected " + VERSION);
        }
        String saved = is.readUTF();
        if (!saved.equals(describe())) {
            throw new MalformedModelException("the saved parameters belong to a block built with [" + saved
                    + "], this block is [" + describe() + "]");
        }
        readInputShapes(is);
        sizes = computeSizes(inputShapes);
    }

    /** The settings that decide the parameters' shapes and meaning (the seed only decides initial values). */
    private String describe() {
        Settings s = settings;
        return "HopfieldBlock v" + VERSION + ": heads=" + s.heads() + ", headSize=" + s.headSize() + ", valueHeadSize="
                + s.valueHeadSize() + ", outputSize=" + s.outputSize() + ", projections=" + s.projections()
                + ", projectionBias=" + s.projectionBias() + ", values=" + s.values() + ", valueInput="
                + s.valueInput() + ", kernel=" + s.kernel().kind() + "/bias=" + s.kernel().hasBias() + "/D="
                + s.kernel().dimensionFor(0) + ", learnableAlpha=" + (alphaLogit != null) + ", normalizeState="
                + s.normalizeState() + ", normalizeStored=" + s.normalizeStored();
    }

    @Override
    public String toString() {
        return "HopfieldBlock(" + settings + (sizes == null ? "" : ", sizes=" + sizes) + ")";
    }

    /**
     * Builds a {@link HopfieldBlock} in DJL's manner; {@link #build()} checks the settings and throws naming a
     * bad one. Every setter returns this builder.
     */
    public static final class Builder {
        private Separation separation = Separation.softmax();
        private boolean softmaxOnly;
        private List<Double> beta = List.of();
        private int heads = 1;
        private int headSize;
        private int valueHeadSize;
        private int outputSize;
        private boolean projections = true;
        private boolean projectionBias = true;
        private Values values = Values.STORED;
        private boolean valueInput;
        private FeatureMap kernel = FeatureMap.none();
        private int updateSteps = 1;
        private double tolerance;
        private double dropout;
        private boolean normalizeState;
        private boolean normalizeStored;
        private boolean returnAssociation;
        private long seed;
        private Preset preset;
        private boolean composedKernel;

        Builder() {}

        /** A copy of this builder (used by the pooling and lookup blocks, which adjust a few settings). */
        Builder copy() {
            Builder b = new Builder();
            b.separation = separation;
            b.softmaxOnly = softmaxOnly;
            b.beta = beta;
            b.heads = heads;
            b.headSize = headSize;
            b.valueHeadSize = valueHeadSize;
            b.outputSize = outputSize;
            b.projections = projections;
            b.projectionBias = projectionBias;
            b.values = values;
            b.valueInput = valueInput;
            b.kernel = kernel;
            b.updateSteps = updateSteps;
            b.tolerance = tolerance;
            b.dropout = dropout;
            b.normalizeState = normalizeState;
            b.normalizeStored = normalizeStored;
            b.returnAssociation = returnAssociation;
            b.seed = seed;
            b.preset = preset;
            b.composedKernel = composedKernel;
            return b;
        }

        boolean hasValueInput() {
            return valueInput;
        }

        /**
         * Applies a preset: {@link Preset#PAPER} (kernel {@code W x}, values {@code W_V Y}, no dropout, the
         * separation as asked) or {@link Preset#AUTHORS} (kernel with bias, values {@code W_V Y}, dropout 0.1,
         * softmax whatever is asked). Later setters change single settings.
         *
         * @param p the preset, not null
         * @return this builder
         */
        public Builder preset(Preset p) {
            Checks.notNull("preset", p);
            preset = p;
            projections = true;
            values = Values.STORED;
            if (p == Preset.PAPER) {
                kernel = FeatureMap.linear();
                dropout = 0;
                softmaxOnly = false;
            } else {
                kernel = FeatureMap.authors();
                dropout = 0.1;
                softmaxOnly = true;
            }
            return this;
        }

        /**
         * The separation {@code Sep} (softmax by default); {@code Separation.learnableEntmax(a0)} learns alpha.
         *
         * @param sep the separation {@code Sep} of eq. (2.4)
         * @return this builder
         */
        public Builder separation(Separation sep) {
            separation = sep;
            return this;
        }

        /**
         * One inverse temperature beta for every head (default {@code 1/sqrt(d_head)}); inside Sep.
         *
         * @param b beta, positive and finite (checked by {@link #build()})
         * @return this builder
         */
        public Builder beta(double b) {
            beta = List.of(b);
            return this;
        }

        /**
         * One beta per head.
         *
         * @param perHead one positive finite beta per head (H values, checked by {@link #build()})
         * @return this builder
         */
        public Builder beta(double... perHead) {
            List<Double> list = new ArrayList<>();
            if (perHead != null) {
                for (double b : perHead) {
                    list.add(b);
                }
            }
            beta = list;
            return this;
        }

        /**
         * The number of heads H (default 1).
         *
         * @param h the number of heads, at least 1
         * @return this builder
         */
        public Builder heads(int h) {
            heads = h;
            return this;
        }

        /**
         * The association width per head {@code d_head} (default {@code D_Phi / H}).
         *
         * @param d {@code d_head}, positive, or 0 for the default
         * @return this builder
         */
        public Builder headSize(int d) {
            headSize = d;
            return this;
        }

        /**
         * The value width per head (default {@code headSize}).
         *
         * @param d the value width per head, positive, or 0 for the default
         * @return this builder
         */
        public Builder valueHeadSize(int d) {
            valueHeadSize = d;
            return this;
        }

        /**
         * The output width {@code e_out} (default the state width {@code e_q}).
         *
         * @param e {@code e_out}, positive, or 0 for the default
         * @return this builder
         */
        public Builder outputSize(int e) {
            outputSize = e;
            return this;
        }

        /**
         * No projections {@code W_Q, W_K, W_V, W_O}: {@code out = Sep(beta Phi(R) Phi(Y)^T) Y}, one step of
         * eq. (2.4) per update step. One head only.
         *
         * @return this builder
         */
        public Builder withoutProjections() {
            projections = false;
            return this;
        }

        /**
         * Whether the projections have biases (default true).
         *
         * @param b true for biases on the projections
         * @return this builder
         */
        public Builder projectionBias(boolean b) {
            projectionBias = b;
            return this;
        }

        /**
         * Where the values come from (default {@link Values#STORED}).
         *
         * @param v the value source, not null
         * @return this builder
         */
        public Builder values(Values v) {
            values = v;
            return this;
        }

        /**
         * Whether the third input is the value source (hopfield-layers' pattern projection); default false.
         *
         * @param v true when the third input is the value source
         * @return this builder
         */
        public Builder valueInput(boolean v) {
            valueInput = v;
            return this;
        }

        /**
         * The kernel {@code Phi} (default {@link FeatureMap#none()}).
         *
         * @param k the kernel {@code Phi}, not null
         * @return this builder
         */
        public Builder kernel(FeatureMap k) {
            kernel = k;
            return this;
        }

        /**
         * The most update steps T (default 1).
         *
         * @param t T, at least 1
         * @return this builder
         */
        public Builder updateSteps(int t) {
            updateSteps = t;
            return this;
        }

        /**
         * Stop the update steps once no state moves more than this (L2); 0 = always T (default).
         *
         * @param eps the L2 tolerance, non-negative; 0 runs all T steps
         * @return this builder
         */
        public Builder tolerance(double eps) {
            tolerance = eps;
            return this;
        }

        /**
         * Dropout on the association matrix in training (default 0).
         *
         * @param rate the dropout probability, in [0, 1)
         * @return this builder
         */
        public Builder dropout(double rate) {
            dropout = rate;
            return this;
        }

        /**
         * A LayerNorm (learned scale and shift) on the state patterns R.
         *
         * @param n true for a LayerNorm on R
         * @return this builder
         */
        public Builder normalizeState(boolean n) {
            normalizeState = n;
            return this;
        }

        /**
         * A LayerNorm (learned scale and shift) on the stored patterns Y (and the value input).
         *
         * @param n true for a LayerNorm on Y (and the value input)
         * @return this builder
         */
        public Builder normalizeStored(boolean n) {
            normalizeStored = n;
            return this;
        }

        /**
         * Whether the association matrix {@code (B, H, L, S)} is a second output.
         *
         * @param r true to return the association matrix as a second output
         * @return this builder
         */
        public Builder returnAssociation(boolean r) {
            returnAssociation = r;
            return this;
        }

        /**
         * Whether the kernel {@code Phi(x) = W x + b} is folded into the projections when no separation-loss step
         * of Algorithm 2 is capturing the kernel features (every task-loss step and inference): then
         * {@code Q = R (W_Q W)^T + (W_Q b + b_Q)}, {@code K = Y (W_K W)^T + (W_K b + b_K)} and, with
         * {@link Values#KEYS}, {@code V = Y (W_V W_K)^T + (W_V b_K + b_V)} (section 3: {@code Q = W_Q Phi(R)},
         * {@code K = W_K Phi(Y)}), the same function up to float rounding, with two token-wise matrix products
         * fewer per block for three products of weights. Each side is folded only when it has at least as many
         * tokens as the kernel's width (where it saves work). Needs projections; off by default. STanHop-Net
         * turns it on (at the paper's d_model 256 the kernel otherwise adds about a quarter to a task step).
         *
         * @param c true to fold the kernel into the projections
         * @return this builder
         */
        public Builder composedKernel(boolean c) {
            composedKernel = c;
            return this;
        }

        /**
         * The seed of the initial parameter values (default 0).
         *
         * @param s the seed
         * @return this builder
         */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /**
         * The block.
         *
         * @return a new block with these settings, not yet initialised
         * @throws IllegalArgumentException naming the first bad setting
         */
        public HopfieldBlock build() {
            Checks.notNull("separation", separation);
            Checks.notNull("kernel", kernel);
            Checks.notNull("values", values);
            Checks.atLeast("heads", heads, 1);
            for (double b : beta) {
                Checks.positiveFinite("beta", b);
            }
            if (beta.size() > 1 && beta.size() != heads) {
                throw new IllegalArgumentException("beta must have one value or one per head (" + heads + "), got "
                        + beta.size());
            }
            if (headSize != 0) {
                Checks.atLeast("headSize", headSize, 1);
            }
            if (valueHeadSize != 0) {
                Checks.atLeast("valueHeadSize", valueHeadSize, 1);
            }
            if (outputSize != 0) {
                Checks.atLeast("outputSize", outputSize, 1);
            }
            Checks.atLeast("update steps T", updateSteps, 1);
            Checks.nonNegativeFinite("tolerance", tolerance);
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
            if (!projections) {
                if (heads != 1) {
                    throw new IllegalArgumentException("withoutProjections() needs 1 head, got " + heads);
                }
                if (values != Values.STORED) {
                    throw new IllegalArgumentException("values " + values + " need projections; without them the "
                            + "values are the stored patterns");
                }
                if (headSize != 0 || valueHeadSize != 0 || outputSize != 0) {
                    throw new IllegalArgumentException("withoutProjections() fixes the widths; headSize, valueHeadSize"
                            + " and outputSize need projections");
                }
            }
            return new HopfieldBlock(new Settings(separation, softmaxOnly, beta, heads, headSize, valueHeadSize,
                    outputSize, projections, projectionBias, values, valueInput, kernel, updateSteps, tolerance,
                    dropout, normalizeState, normalizeStored, returnAssociation, seed, preset, composedKernel));
        }
    }
}
