package org.uhopkit.nn.stanhop;

import org.uhopkit.internal.Checks;
import org.uhopkit.internal.Scope;
import org.uhopkit.nn.HopfieldBlock;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * STanHop-Net (Wu et al., ICLR 2024), the test-bed of the paper's time-series experiment (section 4.2, appendix
 * F.5, Table 8), built from the kit's Hopfield blocks; with {@link StanHopConfig#uhop()} every Hopfield block
 * has a learnable kernel {@code Phi(x) = W x} (section 3), trained by Algorithm 2 ({@link org.uhopkit.nn.UHopTrainer}).
 *
 * <p>Input {@code (B, T, C)}: T steps of C series (scaled). Output {@code (B, horizon, C)}.
 * <ol>
 *   <li>Segment embedding: T is left-padded to a multiple of the segment length by repeating the first step;
 *       each series is cut into {@code L = ceil(T / seg)} segments, each mapped linearly to width d, plus a
 *       learned position {@code (1, C, L, d)}, then a LayerNorm.
 *   <li>Encoder: {@code layers} scale blocks, each an {@link SthmLayer}; every block after the first first
 *       coarse-grains (merges {@code window} neighbouring segments, {@link CoarseGrain}). Its outputs are the
 *       embedding and every block's output ({@code layers + 1} memories).
 *   <li>Decoder: a learned position {@code (1, C, L_out, d)}, {@code L_out = ceil(horizon / seg)}, through
 *       {@code layers + 1} {@link DecoderLayer}s, layer {@code i} reading encoder output {@code i}; the layers'
 *       predictions {@code (B, C, L_out, seg)} are summed, laid out as {@code (B, L_out seg, C)} and cut to the
 *       horizon.
 * </ol>
 * Every Hopfield block is a generalized sparse Hopfield (GSH) layer: values {@code W_V W_K Y}, the
 * learnable-alpha entmax, {@code beta = 1/sqrt(d_head)}, dropout on the association. Parameters are
 * initialised from the configuration's seed (the same on every machine).
 *
 * <pre>
 * StanHopNet net = StanHopNet.of(StanHopConfig.paper(7, 96, 96, true, 0));
 * net.initialize(nd, DataType.FLOAT32, new Shape(16, 96, 7));
 * NDArray y = net.forward(new ParameterStore(nd, false), new NDList(x), false).head();   // (16, 96, 7)
 * </pre>
 */
public final class StanHopNet extends Part {

    private final Dense embed;
    private final Parameter encoderPosition;
    private final Norm preNorm;
    private final List<CoarseGrain> merges = new ArrayList<>();
    private final List<SthmLayer> encoder = new ArrayList<>();
    private final Parameter decoderPosition;
    private final List<DecoderLayer> decoder = new ArrayList<>();

    private StanHopNet(StanHopConfig config) {
        super(config, config.seed());
        int d = config.dModel();
        embed = new Dense("segment_embedding", config.segmentLength(), d);
        encoderPosition = gaussian("encoder_position", new Shape(1, config.series(), config.inputSegments(), d));
        preNorm = new Norm("pre_norm", d);
        for (int i = 0; i < config.layers(); i++) {
            if (i > 0) {
                merges.add(addChildBlock("merge" + i, new CoarseGrain(config, childSeed("merge" + i))));
            } else {
                merges.add(null);
            }
            encoder.add(addChildBlock("encoder" + i, new SthmLayer(config, childSeed("encoder" + i),
                    config.segmentsAt(i))));
        }
        decoderPosition = gaussian("decoder_position", new Shape(1, config.series(), config.outputSegments(), d));
        for (int i = 0; i <= config.layers(); i++) {
            int memories = config.segmentsAt(Math.max(0, i - 1));
            decoder.add(addChildBlock("decoder" + i, new DecoderLayer(config, childSeed("decoder" + i), memories)));
        }
    }

    /**
     * The network for {@code config}; initialise it with {@code initialize(manager, type, new Shape(B, T, C))}.
     *
     * @param config the configuration, not null
     * @return a new network, not yet initialised
     */
    public static StanHopNet of(StanHopConfig config) {
        return new StanHopNet(Checks.notNull("config", config));
    }

    /**
     * The configuration.
     *
     * @return the configuration, not null
     */
    public StanHopConfig config() {
        return config;
    }

    /**
     * Every Hopfield block of the network, encoder first, in forward order.
     *
     * @return a new list of the Hopfield blocks, in forward order
     */
    public List<HopfieldBlock> hopfieldBlocks() {
        List<HopfieldBlock> out = new ArrayList<>();
        for (SthmLayer l : encoder) {
            out.addAll(List.of(l.hopfieldBlocks()));
        }
        for (DecoderLayer l : decoder) {
            out.addAll(List.of(l.sthm().hopfieldBlocks()));
            out.add(l.cross());
        }
        return out;
    }

    /**
     * The current alpha of every learnable-alpha entmax, one row per Hopfield block, one entry per head.
     *
     * @return a new array, one row per Hopfield block, one alpha per head
     */
    public double[][] alphas() {
        List<HopfieldBlock> blocks = hopfieldBlocks();
        double[][] out = new double[blocks.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = blocks.get(i).alpha();
        }
        return out;
    }

    /**
     * The number of scalar parameters (after initialisation).
     *
     * @return the number of scalar parameters
     */
    public long parameterCount() {
        long n = 0;
        for (var p : getParameters().values()) {
            n += p.getArray().getShape().size();
        }
        return n;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        requireInput(inputShapes);
        long d = config.dModel();
        long c = config.series();
        for (int i = 0; i < config.layers(); i++) {
            if (merges.get(i) != null) {
                merges.get(i).initialize(manager, dataType, new Shape(1, c, config.segmentsAt(i - 1), d));
            }
            encoder.get(i).initialize(manager, dataType, new Shape(1, c, config.segmentsAt(i), d));
        }
        for (int i = 0; i <= config.layers(); i++) {
            decoder.get(i).initialize(manager, dataType, new Shape(1, c, config.outputSegments(), d),
                    new Shape(1, c, config.segmentsAt(Math.max(0, i - 1)), d));
        }
    }

    private void requireInput(Shape[] shapes) {
        if (shapes == null || shapes.length < 1 || shapes[0].dimension() != 3
                || shapes[0].get(1) != config.inputLength() || shapes[0].get(2) != config.series()) {
            throw new IllegalArgumentException("STanHop-Net takes (batch, " + config.inputLength() + ", "
                    + config.series() + ") inputs (batch, input length, series), got "
                    + (shapes == null || shapes.length == 0 ? "none" : shapes[0]));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        requireInput(inputShapes);
        return new Shape[] {new Shape(inputShapes[0].get(0), config.horizon(), config.series())};
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        Checks.notNull("inputs", inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("STanHop-Net needs an input (batch, input length, series)");
        }
        NDArray input = inputs.head();
        requireInput(new Shape[] {input.getShape()});
        long b = input.getShape().get(0);
        long c = config.series();
        int seg = config.segmentLength();
        int lin = config.inputSegments();
        long d = config.dModel();
        NDManager owner = input.getManager();
        try (Scope s = Scope.near(input)) {
            NDArray x = s.use(input);
            int pad = lin * seg - config.inputLength();
            if (pad > 0) {
                NDArray first = x.get(new NDIndex(":, :1, :")).broadcast(b, pad, c);
                x = NDArrays.concat(new NDList(first, x), 1);
            }
            NDArray segments = x.transpose(0, 2, 1).reshape(b, c, lin, seg);
            NDArray h = embed.apply(ps, segments, training)
                    .add(s.use(ps.getValue(encoderPosition, input.getDevice(), training)));
            h = preNorm.apply(ps, h, training);
            List<NDArray> memories = new ArrayList<>();
            memories.add(h);
            for (int i = 0; i < config.layers(); i++) {
                if (merges.get(i) != null) {
                    h = merges.get(i).forward(ps, new NDList(h), training, params).head();
                }
                h = encoder.get(i).forward(ps, new NDList(h), training, params).head();
                memories.add(h);
            }
            int lout = config.outputSegments();
            NDArray dec = s.use(ps.getValue(decoderPosition, input.getDevice(), training)).broadcast(b, c, lout, d);
            NDArray sum = null;
            for (int i = 0; i <= config.layers(); i++) {
                NDList out = decoder.get(i).forward(ps, new NDList(dec, memories.get(i)), training, params);
                dec = out.get(0);
                sum = sum == null ? out.get(1) : sum.add(out.get(1));
            }
            NDArray y = sum.reshape(b, c, (long) lout * seg).transpose(0, 2, 1);
            if ((long) lout * seg != config.horizon()) {
                y = y.get(new NDIndex(":, :{}, :", config.horizon()));
            }
            return new NDList(s.keep(y, owner));
        }
    }

    @Override
    public String toString() {
        return "StanHopNet(" + config + ")";
    }
}
