package org.uhopkit.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The experiment contract: cells are computed independently into plain, serializable parts, and a result
 * assembled from parts that went through Java serialization (as Spark tasks' results do) writes the same
 * bytes as the local run; parts out of order, a foreign cell or a data set of another kind are refused by name.
 */
class CellContractTest {

    @TempDir
    Path tmp;

    private static Config tiny() {
        return Config.of(Dataset.MNIST).profile(Profile.QUICK).memorySizes(10).runs(2).seed(7);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void partsThatWentThroughSerializationAssembleToTheSameFiles() throws Exception {
        RetrievalExperiment e = Experiment.CAPACITY;
        Config c = tiny();
        ExperimentResult local = e.run(c);
        List<RetrievalPart> shipped = new ArrayList<>();
        for (Cell cell : e.cells(c)) {
            shipped.add(roundTrip(e.runCell(c, cell)));
        }
        ExperimentResult remote = e.assemble(c, shipped, RunClock.start());
        List<Path> a = local.write(tmp.resolve("local"));
        List<Path> b = remote.write(tmp.resolve("remote"));
        assertThat(a).hasSameSizeAs(b);
        int compared = 0;
        for (int i = 0; i < a.size(); i++) {
            String name = a.get(i).getFileName().toString();
            if (!name.startsWith("timings")) {
                assertThat(Files.readAllBytes(b.get(i))).as(name).isEqualTo(Files.readAllBytes(a.get(i)));
                compared++;
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(4);
        assertThat(local.runs().rowCount()).isEqualTo(2 * c.methods().size());
    }

    @Test
    void partsOutOfOrderOrMissingOrForeignCellsAreRefused() {
        RetrievalExperiment e = Experiment.NOISE;
        Config c = tiny().noiseLevels(0.1);
        assertThatThrownBy(() -> e.assemble(c, List.of(), RunClock.start()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no parts");
        RetrievalPart p = e.runCell(c, e.cells(c).get(0));
        RetrievalPart wrong = new RetrievalPart(new Cell(3, "M=10 runs 0-1"), p.rows(), p.settings());
        assertThatThrownBy(() -> e.assemble(c, List.of(wrong), RunClock.start()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("part 0 is of cell 3 (M=10 runs 0-1); parts must come in cell order");
        assertThatThrownBy(() -> e.runCell(c, new Cell(99, "bogus")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("noise has no cell");
        assertThatThrownBy(() -> new Cell(-1, "x")).hasMessage("cell index must be at least 0, got -1");
    }

    @Test
    void everyExperimentSaysWhichDataSetsItUsesAndRefusesOthersByName() {
        for (Experiment<?, ?> e : Experiments.all()) {
            assertThat(e.datasets()).as(e.name()).isNotEmpty().contains(e.defaultDataset());
        }
        assertThat(Experiments.accepting(Dataset.MNIST)).contains(Experiment.CAPACITY, Experiment.PRESETS);
        assertThat(Experiments.accepting(Dataset.ETTH1)).doesNotContain(Experiment.CAPACITY);
        assertThatThrownBy(() -> Experiment.CAPACITY.run(Config.of(Dataset.WTH)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("experiment capacity does not use dataset 'wth', expected one of mnist, cifar10");
        assertThatThrownBy(() -> Dataset.ETTM1.images()).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("ETTm1 holds no memories");
        assertThat(Dataset.parse("tiny_imagenet")).isEqualTo(Dataset.TINY_IMAGENET);
        assertThat(Dataset.ETTH1.kind()).isEqualTo(Dataset.Kind.FORECASTING);
    }
}
