package org.uhopkit.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uhopkit.LearningRate;
import org.uhopkit.SeparationLoss;
import org.uhopkit.data.Corruption;
import org.uhopkit.data.ImageSet;

/**
 * Sharing Stage I over the N of a run ({@link Config#batching(boolean)}) changes nothing but the timings: the
 * result sets of both paths are byte-identical apart from the timing files, and a run whose shared pass
 * diverges keeps the results of the N reached before the divergence, as separate runs do. Likewise for the
 * batched runs of loss-vs-error.
 */
class StageOneSharingTest {

    @TempDir
    Path tmp;

    /** Writes both paths' result sets and compares every file but the timings, byte for byte. */
    private void sameResultSets(RetrievalExperiment e, Config c) throws IOException {
        ExperimentResult shared = e.run(c.batching(true));
        ExperimentResult separate = e.run(c.batching(false));
        assertThat(shared.runs().rowCount()).isGreaterThan(0);
        List<Path> a = shared.write(tmp.resolve("shared"));
        List<Path> b = separate.write(tmp.resolve("separate"));
        assertThat(a).hasSameSizeAs(b);
        int compared = ResultSetFiles.sameExceptTimings(tmp.resolve("shared"), tmp.resolve("separate"));
        assertThat(compared).isGreaterThanOrEqualTo(3); // runs, summary, provenance at least
        // the Stage I losses differ between runs and N (else the comparison could not tell runs apart)
        double[] loss = shared.runs().doubleColumn(ExperimentResult.STAGE_ONE_LOSS).asDoubleArray();
        assertThat(java.util.Arrays.stream(loss).filter(Double::isFinite).distinct().count()).isGreaterThan(2);
    }

    @Test
    void stageOneRowsAreTheSameWithAndWithoutSharing() throws IOException {
        sameResultSets(Experiment.STAGE_ONE, Config.of(Dataset.MNIST).memorySizes(10).runs(2).stageOneSteps(1, 3, 7, 20));
    }

    @Test
    void maxVsAverageRowsAreTheSameWithAndWithoutSharingUnderBothPresets() throws IOException {
        for (Preset p : Preset.values()) {
            sameResultSets(Experiment.MAX_VS_AVERAGE, Config.of(Dataset.MNIST).preset(p).memorySizes(10, 20).runs(1)
                    .stageOneSteps(1, 5, 12));
        }
    }

    @Test
    void lossVsErrorRowsAreTheSameWithAndWithoutBatchingTheRuns() throws IOException {
        // 45 runs: cells of 20, 20 and 5 runs sorted by N, random N and learning rates (large ones may diverge)
        sameResultSets(Experiment.LOSS_VS_ERROR, Config.of(Dataset.MNIST).memorySizes(20).runs(45).stageOneSteps(30));
        sameResultSets(Experiment.LOSS_VS_ERROR, Config.of(Dataset.MNIST).preset(Preset.OFFICIAL).memorySizes(20)
                .runs(9).stageOneSteps(30));
    }

    @Test
    void capacityNoiseAndPresetsRowsAreTheSameWithAndWithoutBatchingTheRuns() throws IOException {
        sameResultSets(Experiment.CAPACITY, Config.of(Dataset.MNIST).memorySizes(10, 20).runs(3).stageOneSteps(15));
        sameResultSets(Experiment.NOISE, Config.of(Dataset.MNIST).memorySizes(12).runs(3).stageOneSteps(9)
                .noiseLevels(0.1, 0.7));
        sameResultSets(Experiment.PRESETS, Config.of(Dataset.MNIST).memorySizes(10).runs(2).stageOneSteps(6)
                .methods(Method.MHM, Method.UHOP_MHM, Method.UHOP_SPARSE_MHM));
        // the authors' preset trains on M/2 = 5 memories: P0 = W0 Xi^T as one batched product of 20 runs rounded
        // differently from each run's own product (run 15 of the paper profile differed in the last bit)
        sameResultSets(Experiment.PRESETS, Config.of(Dataset.MNIST).memorySizes(10).runs(20).stageOneSteps(100)
                .methods(Method.UHOP_MHM));
    }

    @Test
    void cellsSplitTheRunsOfAGridPointWithinTheMemoryBudget() {
        assertThat(Sweep.runRanges(20, 784, 1)).hasSize(1).first().isEqualTo(new int[] {0, 20});
        // CIFAR-10: 37.7 MB per W, at most 6 runs per cell: 20 runs in 4 cells of 5
        assertThat(Sweep.runRanges(20, 3072, 1)).containsExactly(new int[] {0, 5}, new int[] {5, 10},
                new int[] {10, 15}, new int[] {15, 20});
        assertThat(Sweep.runRanges(200, 784, 1)).containsExactly(new int[] {0, 100}, new int[] {100, 200});
        assertThat(Sweep.runRanges(3, 100_000, 1)).hasSize(3);
        assertThat(Sweep.runsLabel(new int[] {0, 20})).isEqualTo("runs 0-19");
        assertThat(Sweep.runsLabel(new int[] {3, 4})).isEqualTo("run 3");
        Config c = Config.of(Dataset.CIFAR10).profile(Profile.PAPER);
        assertThat(Experiment.CAPACITY.cells(c).get(0).label()).isEqualTo("M=10 runs 0-4");
        assertThat(Experiment.PRESETS.cells(c).get(Experiment.CAPACITY.cells(c).size()).label())
                .isEqualTo("official M=10 runs 0-4");
        assertThat(Experiment.STAGE_ONE.cells(Config.of(Dataset.MNIST).profile(Profile.PAPER)).get(0).label())
                .startsWith("M=100 runs 0-");
        // loss-vs-error: the 200 runs sorted by their random N, 20 per cell
        List<Cell> lve = Experiment.LOSS_VS_ERROR.cells(Config.of(Dataset.MNIST).profile(Profile.PAPER));
        assertThat(lve).hasSize(10);
        assertThat(lve.get(0).label()).matches("M=100 20 runs, N 1-[0-9]+");
        assertThat(lve.get(9).label()).matches("M=100 20 runs, N [0-9]+-(19[0-9]|200)");
        assertThat(lve.get(9).cost()).isGreaterThan(lve.get(0).cost());
    }

    @Test
    void cellsSplitTheRunsOfAGridPointWithinTheWorkBudget() {
        // a run's work: 6 m^2 min(m, d) N for Stage I plus the d x d and M x M x d products
        double mnist500 = 6.0 * 500 * 500 * 500 * 100 + 8.0 * 784 * 784 * 500 + 60.0 * 500 * 500 * 784 + 1;
        assertThat(Sweep.runCost(500, 784, 100)).isEqualTo(mnist500);
        assertThat(Sweep.runCost(1000, 784, 100)).isEqualTo(6.0 * 1000 * 1000 * 784 * 100 + 8.0 * 784 * 784 * 1000
                + 60.0 * 1000 * 1000 * 784 + 1); // Stage I on the features when D <= m
        assertThat(mnist500).isGreaterThan(Sweep.CELL_FLOPS / 2);
        assertThat(Sweep.runRanges(20, 784, mnist500)).hasSize(20); // one run per cell
        // cheap runs: the memory budget decides (all 20 MNIST runs in one cell)
        assertThat(Sweep.runRanges(20, 784, Sweep.runCost(10, 784, 100))).hasSize(1);
        // a work cap of 3 runs: 20 runs in 7 cells of 2-3, every run exactly once, in order
        List<int[]> r = Sweep.runRanges(20, 784, Sweep.CELL_FLOPS / 3);
        assertThat(r).hasSize(7);
        int next = 0;
        for (int[] range : r) {
            assertThat(range[0]).isEqualTo(next);
            assertThat(range[1] - range[0]).isBetween(2, 3);
            next = range[1];
        }
        assertThat(next).isEqualTo(20);
        // capacity on MNIST, paper profile: M = 500 in 20 cells of one run, each cell's cost is its runs' work
        Config c = Config.of(Dataset.MNIST).profile(Profile.PAPER);
        List<Cell> cells = Experiment.CAPACITY.cells(c);
        assertThat(cells.stream().filter(x -> x.label().startsWith("M=500 run ")).count()).isEqualTo(20);
        Cell small = cells.get(0);
        assertThat(small.label()).isEqualTo("M=10 runs 0-19");
        assertThat(small.cost()).isEqualTo(20 * Sweep.runCost(10, 784, 100));
    }

    @Test
    void aRunTooCostlyForOneCellRunsItsTwoLossesAsTwoCellsWithTheRowsInTheUsualOrder() {
        // max-vs-average on MNIST, paper profile: M = 500 (500 steps, two losses) is one cell per run and loss
        List<Cell> paper = Experiment.MAX_VS_AVERAGE.cells(Config.of(Dataset.MNIST).profile(Profile.PAPER));
        assertThat(paper.stream().map(Cell::label).filter(l -> l.startsWith("M=500"))).containsExactly(
                "M=500 run 0 average", "M=500 run 0 max", "M=500 run 1 average", "M=500 run 1 max",
                "M=500 run 2 average", "M=500 run 2 max", "M=500 run 3 average", "M=500 run 3 max",
                "M=500 run 4 average", "M=500 run 4 max");
        assertThat(paper.get(0).label()).isEqualTo("M=10 runs 0-4");
        // M = 200 and N up to 1000 is too costly for one cell too; the rows at N = 1 must be those of N up to 10,
        // where both losses share a cell (a run's first step does not depend on how far it goes)
        Config heavy = Config.of(Dataset.MNIST).memorySizes(200).runs(1).stageOneSteps(1, 1000);
        Config light = Config.of(Dataset.MNIST).memorySizes(200).runs(1).stageOneSteps(1, 10);
        assertThat(Experiment.MAX_VS_AVERAGE.cells(heavy)).extracting(Cell::label)
                .containsExactly("M=200 run 0 average", "M=200 run 0 max");
        assertThat(Experiment.MAX_VS_AVERAGE.cells(light)).extracting(Cell::label).containsExactly("M=200 run 0");
        tech.tablesaw.api.Table split = Experiment.MAX_VS_AVERAGE.run(heavy).runs();
        tech.tablesaw.api.Table whole = Experiment.MAX_VS_AVERAGE.run(light).runs();
        assertThat(split.rowCount()).isEqualTo(whole.rowCount()).isEqualTo(4);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < split.rowCount(); i++) {
            order.add(split.row(i).getInt(ExperimentResult.N) + " " + split.row(i).getString(ExperimentResult.SEPARATION_LOSS));
        }
        assertThat(order).containsExactly("1 average", "1 max", "1000 average", "1000 max");
        for (int i = 0; i < 2; i++) { // N = 1, both losses: the same row, column by column
            for (String col : split.columnNames()) {
                assertThat(split.column(col).getString(i)).as(col + " of row " + i).isEqualTo(whole.column(col).getString(i));
            }
        }
        // and the losses really differ (so a swapped pair would be caught)
        assertThat(split.column(ExperimentResult.STAGE_ONE_LOSS).getString(0))
                .isNotEqualTo(split.column(ExperimentResult.STAGE_ONE_LOSS).getString(1));
    }
}
