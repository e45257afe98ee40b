package org.uhopkit.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uhopkit.experiments.classification.EpochRow;
import org.uhopkit.experiments.classification.RunRecord;
import org.uhopkit.experiments.classification.Variant;

/** The classification and expressiveness experiments on the cell contract. */
class ClassificationExperimentTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void oneTorchThread() {
        TorchThreads.set(1);
    }

    @Test
    void cellsAreVariantsTimesSampleSizesTimesSeedsInAFixedOrder() {
        Config c = Config.of(Dataset.CIFAR10);
        List<Cell> cells = Experiment.CLASSIFICATION.cells(c);
        assertThat(cells).extracting(Cell::label).containsExactly("mhm n=2000 seed 2024", "mhm-uhop n=2000 seed 2024",
                "sparse n=2000 seed 2024", "sparse-uhop n=2000 seed 2024");
        assertThat(Experiment.CLASSIFICATION.cells(c.runs(2))).hasSize(8);
        assertThat(Experiment.CLASSIFICATION.cells(c.profile(Profile.PAPER))).hasSize(4 * 5)
                .first().extracting(Cell::label).isEqualTo("mhm n=4000 seed 2024");
        List<Cell> expr = Experiment.EXPRESSIVENESS.cells(c);
        assertThat(expr).hasSize(4 * 4);
        assertThat(expr.subList(0, 4)).extracting(Cell::label).containsExactly("mhm n=250 seed 2024",
                "mhm n=500 seed 2024", "mhm n=1000 seed 2024", "mhm n=2000 seed 2024");
        // the paper's sizes that the 4,000 shipped images allow, then the full set
        assertThat(Experiment.EXPRESSIVENESS.grid(c.profile(Profile.PAPER)).stream().map(g -> g.sampleSize())
                .distinct().toList()).containsExactly(1000, 2000, 4000);
        assertThat(Experiment.CLASSIFICATION.datasets()).containsExactlyInAnyOrder(Dataset.CIFAR10, Dataset.CIFAR100,
                Dataset.TINY_IMAGENET);
        assertThat(Experiments.named("expressiveness")).isSameAs(Experiment.EXPRESSIVENESS);
        assertThatThrownBy(() -> Experiment.CLASSIFICATION.cells(c.patch(5)))
                .hasMessageContaining("patch size must divide").hasMessageContaining("5");
        assertThatThrownBy(() -> Experiment.CLASSIFICATION.cells(Config.of(Dataset.MNIST)))
                .hasMessageContaining("mnist");
    }

    @Test
    void theCommandLineRefusesBadClassificationOptionsBeforeAnythingRuns() {
        for (String[] args : new String[][] {{"classification", "--dataset", "mnist"}, {"expressiveness", "--patch", "-3"},
            {"classification", "--epochs", "-1"}}) {
            java.io.StringWriter err = new java.io.StringWriter();
            int code = org.uhopkit.cli.Reproduce.execute(args, new java.io.PrintWriter(new java.io.StringWriter()),
                    new java.io.PrintWriter(err, true));
            assertThat(code).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).contains(args[1]);
        }
        assertThat(Experiment.CLASSIFICATION.stem(Config.of(Dataset.CIFAR10).patch(8).epochs(3)))
                .isEqualTo("classification-cifar10-paper-quick-patch8-epochs3");
        assertThat(Experiment.CLASSIFICATION.stem(Config.of(Dataset.CIFAR10).patch(32)))
                .isEqualTo("classification-cifar10-paper-quick");
    }

    @Test
    void atThePapersPatch32TheFourVariantsTrainIdenticallyUnderThePaperPreset() {
        Config c = Config.of(Dataset.CIFAR10).epochs(1);
        List<Cell> cells = Experiment.CLASSIFICATION.cells(c);
        RunRecord mhm = Experiment.CLASSIFICATION.runCell(c, cells.get(0));
        RunRecord uhop = Experiment.CLASSIFICATION.runCell(c, cells.get(1));
        EpochRow a = mhm.rows().get(0);
        EpochRow b = uhop.rows().get(0);
        // one memory: Sep of one score is 1, the kernel's inner steps move only W and change no output
        assertThat(b.trainLoss()).isEqualTo(a.trainLoss());
        assertThat(b.testAccuracy()).isEqualTo(a.testAccuracy());
        assertThat(a.separationLoss()).isNaN();
        assertThat(b.separationLoss()).isFinite();
        assertThat(a.testAccuracy()).isGreaterThan(0.15); // one epoch on 2,000 images, chance 0.1
        // a cell is a pure function of (config, cell)
        assertThat(Experiment.CLASSIFICATION.runCell(c, cells.get(0)).rows()).isEqualTo(mhm.rows());
        assertThatThrownBy(() -> Experiment.CLASSIFICATION.runCell(c, new Cell(9, "x"))).hasMessageContaining("cell");
    }

    @Test
    void theAssemblyIsTable1WithThePapersNumbersAndWritesTheSameBytesTwiceTimingsApart() throws IOException {
        Config c = Config.of(Dataset.CIFAR10).runs(2);
        List<ImageClassificationExperiment.Grid> grid = Experiment.CLASSIFICATION.grid(c);
        List<RunRecord> parts = new ArrayList<>();
        for (ImageClassificationExperiment.Grid g : grid) {
            double base = 0.1 * g.variant().ordinal() + 0.01 * g.run();
            List<EpochRow> rows = new ArrayList<>();
            for (int e = 1; e <= 3; e++) {
                // train accuracy peaks at epoch 2; test accuracy is last at epoch 3 but best at epoch 1
                double train = base + (e == 2 ? 0.3 : 0.2);
                double test = base + (e == 1 ? 0.25 : e == 3 ? 0.15 : 0.1);
                rows.add(new EpochRow(g.variant().id(), g.sampleSize(), g.seed(), e, 1.0 / e, train, 2.0 / e, test,
                        Double.NaN, 1e-3));
            }
            parts.add(new RunRecord(g.variant().id(), g.sampleSize(), g.seed(), "fake", 7, rows,
                    List.of(1.0, 2.0, 3.0)));
        }
        // a part travels as plain serialized data (the cell contract)
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(parts.get(3));
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(parts.get(3));
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
        ClassificationResult r = Experiment.CLASSIFICATION.assemble(c, parts, RunClock.start());
        var s = r.summary();
        assertThat(s.rowCount()).isEqualTo(4);
        double[] paperTest = {52.2, 55.2, 52.0, 55.4}; // Table 1, CIFAR-10 test accuracy, in Variant order
        for (Variant v : Variant.values()) {
            int i = v.ordinal();
            double b = 10 * v.ordinal() + 0.5; // mean over runs 0 and 1 of 0.01 r, in percent
            assertThat(s.doubleColumn("max_train_acc_pct").getDouble(i)).isCloseTo(b + 30, within(1e-9));
            assertThat(s.doubleColumn("final_test_acc_pct").getDouble(i)).isCloseTo(b + 15, within(1e-9));
            assertThat(s.doubleColumn("best_test_acc_pct").getDouble(i)).isCloseTo(b + 25, within(1e-9));
            assertThat(s.doubleColumn("max_train_acc_std").getDouble(i)).isCloseTo(Math.sqrt(0.5), within(1e-9));
            assertThat(s.doubleColumn("paper_test_acc_pct").getDouble(i))
                    .isEqualTo(paperTest[i]);
        }
        assertThat(ClassificationResult.paperTable1("cifar100", Variant.SPARSE_MHM_UHOP)).containsExactly(45.4, 29.0);
        assertThat(r.epochs().rowCount()).isEqualTo(8 * 3);
        assertThat(r.figures()).hasSize(4);
        List<Path> first = r.write(tmp.resolve("a"));
        List<Path> second = Experiment.CLASSIFICATION.assemble(c, parts, RunClock.start()).write(tmp.resolve("b"));
        assertThat(first).extracting(p -> p.getFileName().toString()).containsExactly("epochs.csv", "runs.csv",
                "summary.csv", "figures.html", "provenance.json", "timings.csv", "timings.json");
        for (int i = 0; i < first.size(); i++) {
            if (!first.get(i).getFileName().toString().startsWith("timings")) {
                assertThat(Files.readAllBytes(second.get(i))).as(first.get(i).getFileName().toString())
                        .isEqualTo(Files.readAllBytes(first.get(i)));
            }
        }
        assertThat(Files.readString(first.get(4))).contains("\"experiment\": \"classification\"")
                .contains("data_batch_1.first4000.bin.gz").contains("FINAL epoch");
        List<RunRecord> shuffled = new ArrayList<>(parts);
        java.util.Collections.swap(shuffled, 0, 1);
        assertThatThrownBy(() -> Experiment.CLASSIFICATION.assemble(c, shuffled, RunClock.start()))
                .hasMessageContaining("part 0");
        assertThatThrownBy(() -> Experiment.CLASSIFICATION.assemble(c, parts.subList(0, 3), RunClock.start()))
                .hasMessageContaining("needs 8 parts");
    }
}
