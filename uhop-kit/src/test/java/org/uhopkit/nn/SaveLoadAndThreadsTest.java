package org.uhopkit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uhopkit.Fixtures;
import org.uhopkit.Separation;

/** Save, load, forward again: identical output; concurrent inference from several threads: identical output. */
class SaveLoadAndThreadsTest {

    @BeforeAll
    static void oneTorchThread() {
        org.uhopkit.experiments.TorchThreads.set(1); // small arrays: one thread is faster and leaves the other core free
    }

    private static HopfieldBlock.Builder rich(long seed) {
        return HopfieldBlock.builder().heads(2).kernel(FeatureMap.linear().bias(true).dimension(6))
                .separation(Separation.entmax(1.5)).normalizeState(true).normalizeStored(true).updateSteps(2)
                .returnAssociation(true).seed(seed);
    }

    private static float[] forward(Block block, NDManager nd, NDList in) {
        try (NDManager m = nd.newSubManager(); NDList out = block.forward(new ParameterStore(m, false), in, false)) {
            return out.head().toFloatArray();
        }
    }

    private static byte[] save(Block block) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        return bytes.toByteArray();
    }

    private static void load(Block block, NDManager nd, byte[] saved) throws Exception {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
            block.loadParameters(nd, in);
        }
    }

    @Test
    void savedParametersLoadIntoAFreshBlockAndGiveTheSameOutput() throws Exception {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray r = Fixtures.gaussian(nd, 6, 6, 1, DataType.FLOAT32).reshape(2, 3, 6);
            NDArray y = Fixtures.gaussian(nd, 8, 6, 2, DataType.FLOAT32).reshape(2, 4, 6);
            NDList in = new NDList(r, y);
            checkRoundTrip(nd, in, () -> rich(1).build(), () -> rich(2).build(), new Shape(2, 3, 6), new Shape(2, 4, 6));
            checkRoundTrip(nd, new NDList(y),
                    () -> HopfieldPooling.builder().queries(2).block(rich(0)).seed(1).build(),
                    () -> HopfieldPooling.builder().queries(2).block(rich(0)).seed(2).build(), new Shape(2, 4, 6));
            checkRoundTrip(nd, new NDList(r),
                    () -> HopfieldLookup.builder().patterns(5).separateValues(true).block(rich(0)).seed(1).build(),
                    () -> HopfieldLookup.builder().patterns(5).separateValues(true).block(rich(0)).seed(2).build(),
                    new Shape(2, 3, 6));
        }
    }

    private static void checkRoundTrip(NDManager nd, NDList in, Supplier<Block> first, Supplier<Block> second,
            Shape... shapes) throws Exception {
        Block a = first.get();
        a.initialize(nd, DataType.FLOAT32, shapes);
        float[] before = forward(a, nd, in);
        byte[] saved = save(a);
        Block b = second.get();
        b.initialize(nd, DataType.FLOAT32, shapes);
        assertThat(forward(b, nd, in)).as("another seed gives another block").isNotEqualTo(before);
        load(b, nd, saved);
        assertThat(forward(b, nd, in)).as(a.toString()).isEqualTo(before);
        // and into a block that was never initialised
        Block c = second.get();
        load(c, nd, saved);
        assertThat(forward(c, nd, in)).isEqualTo(before);
    }

    @Test
    void aModelSavedToDiskLoadsBack(@TempDir Path dir) throws Exception {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray r = Fixtures.gaussian(nd, 6, 6, 1, DataType.FLOAT32).reshape(2, 3, 6);
            NDList in = new NDList(r, r);
            float[] before;
            try (Model model = Model.newInstance("hopfield")) {
                HopfieldBlock block = rich(3).build();
                block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 3, 6), new Shape(2, 3, 6));
                model.setBlock(block);
                before = forward(block, nd, in);
                model.save(dir, "hopfield");
            }
            assertThat(Files.list(dir).map(p -> p.getFileName().toString())).contains("hopfield-0000.params");
            try (Model model = Model.newInstance("hopfield")) {
                HopfieldBlock block = rich(4).build();
                model.setBlock(block);
                model.load(dir, "hopfield");
                assertThat(forward(block, nd, in)).isEqualTo(before);
            }
        }
    }

    @Test
    void loadingIntoABlockWithOtherSettingsFailsNamingBoth() throws Exception {
        try (NDManager nd = NDManager.newBaseManager()) {
            HopfieldBlock a = rich(1).build();
            a.initialize(nd, DataType.FLOAT32, new Shape(2, 3, 6), new Shape(2, 4, 6));
            byte[] saved = save(a);
            HopfieldBlock b = rich(1).heads(3).build();
            assertThatThrownBy(() -> load(b, nd, saved)).isInstanceOf(MalformedModelException.class)
                    .hasMessageContaining("heads=2").hasMessageContaining("heads=3");
        }
    }

    @Test
    void concurrentInferenceFromSeveralThreadsGivesIdenticalOutputsAndLeavesNothingBehind() throws Exception {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray r = Fixtures.gaussian(nd, 6, 6, 1, DataType.FLOAT32).reshape(2, 3, 6);
            NDArray y = Fixtures.gaussian(nd, 8, 6, 2, DataType.FLOAT32).reshape(2, 4, 6);
            NDArray pad = nd.create(new boolean[] {false, false, true, false, false, false, false, false},
                    new Shape(2, 4));
            NDList in = HopfieldBlock.inputs(r, y).paddingMask(pad).toList();
            List<Block> blocks = List.of(rich(1).build(), rich(2).separation(Separation.sparsemax()).build());
            for (Block block : blocks) {
                block.initialize(nd, DataType.FLOAT32, new Shape(2, 3, 6), new Shape(2, 4, 6));
                float[] reference = forward(block, nd, in);
                int arrays = nd.getManagedArrays().size();
                ExecutorService pool = Executors.newFixedThreadPool(4);
                try {
                    List<Future<List<float[]>>> jobs = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        jobs.add(pool.submit(() -> {
                            List<float[]> outs = new ArrayList<>();
                            for (int i = 0; i < 10; i++) {
                                try (NDManager m = NDManager.newBaseManager();
                                        NDList out = block.forward(new ParameterStore(m, false), in, false)) {
                                    outs.add(out.head().toFloatArray());
                                }
                            }
                            return outs;
                        }));
                    }
                    for (Future<List<float[]>> job : jobs) {
                        for (float[] out : job.get()) {
                            assertThat(out).isEqualTo(reference);
                        }
                    }
                } finally {
                    pool.shutdownNow();
                }
                assertThat(nd.getManagedArrays()).as("nothing left in the inputs' manager").hasSize(arrays);
            }
        }
    }
}
