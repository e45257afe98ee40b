package org.uhopkit.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cells computed several at a time ({@link LocalCells}, {@link Experiment#run(Config, int)}) give the same result
 * sets as one after another; the costliest cells start first; a failure stops the run and comes out as thrown.
 * And {@link Experiments#reuseCapacityCells()}: presets after capacity writes the same files as presets alone.
 */
class LocalCellsTest {

    @TempDir
    Path tmp;

    @Test
    void twoCellsAtATimeWriteTheSameFilesAsOneAfterAnother() throws IOException {
        // capacity: one cell per M, two cells to share
        Config c = Config.of(Dataset.MNIST).memorySizes(10, 30).runs(3).stageOneSteps(12);
        assertThat(Experiment.CAPACITY.cells(c)).hasSizeGreaterThan(1);
        ExperimentResult one = Experiment.CAPACITY.run(c, 1);
        ExperimentResult two = Experiment.CAPACITY.run(c, 2);
        one.write(tmp.resolve("one"));
        two.write(tmp.resolve("two"));
        assertThat(ResultSetFiles.sameExceptTimings(tmp.resolve("one"), tmp.resolve("two"))).isGreaterThanOrEqualTo(3);
        Config lve = Config.of(Dataset.MNIST).memorySizes(12).runs(25).stageOneSteps(10);
        Experiment.LOSS_VS_ERROR.run(lve, 1).write(tmp.resolve("lve1"));
        Experiment.LOSS_VS_ERROR.run(lve, 3).write(tmp.resolve("lve3"));
        assertThat(ResultSetFiles.sameExceptTimings(tmp.resolve("lve1"), tmp.resolve("lve3"))).isGreaterThanOrEqualTo(3);
    }

    @Test
    void partsComeInCellOrderAndTheCostliestStartFirst() {
        List<Cell> cells = new ArrayList<>();
        double[] costs = {1, 5, 2, 9, 3, 7};
        for (int i = 0; i < costs.length; i++) {
            cells.add(new Cell(i, "cell " + i, costs[i]));
        }
        List<Integer> started = Collections.synchronizedList(new ArrayList<>());
        // the first two cells wait for each other: neither thread can take a third cell before both have started
        CountDownLatch firstTwo = new CountDownLatch(2);
        List<String> parts = LocalCells.run(cells, 2, cell -> {
            started.add(cell.index());
            firstTwo.countDown();
            await(firstTwo); // fails after 30 s if the second thread never started a cell
            return "part " + cell.index();
        }, "test", Progress.none());
        assertThat(parts).containsExactly("part 0", "part 1", "part 2", "part 3", "part 4", "part 5");
        // two threads take the cells from one queue in the order 3, 5, 1, 4, 2, 0: the first two started are the
        // two costliest, whichever thread got there first
        assertThat(started.subList(0, 2)).containsExactlyInAnyOrder(3, 5);
        assertThat(started).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(started.indexOf(0)).isGreaterThanOrEqualTo(4); // the cheapest among the last two
    }

    @Test
    void cellsReallyOverlap() throws InterruptedException {
        // each of two cells waits until both have started: with one thread this would never finish
        CountDownLatch both = new CountDownLatch(2);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Cell> cells = List.of(new Cell(0, "a"), new Cell(1, "b"));
        List<Boolean> met = LocalCells.run(cells, 2, cell -> {
            threads.add(Thread.currentThread().getName());
            both.countDown();
            try {
                return both.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "overlap", Progress.none());
        assertThat(met).containsExactly(true, true);
        assertThat(threads).hasSize(2);
    }

    @Test
    void aFailingCellStopsTheRunWithItsOwnException() {
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            cells.add(new Cell(i, "cell " + i));
        }
        Set<Integer> ran = ConcurrentHashMap.newKeySet();
        CountDownLatch threeRuns = new CountDownLatch(1);
        assertThatThrownBy(() -> LocalCells.run(cells, 2, cell -> {
            ran.add(cell.index());
            if (cell.index() == 3) {
                threeRuns.countDown();
                throw new IllegalArgumentException("bad value in cell 3");
            }
            if (cell.index() == 5) {
                // fails only once cell 3 is running, so that cell 3 cannot be skipped for cell 5's failure
                await(threeRuns);
                throw new IllegalArgumentException("bad value in cell 5");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return cell.index();
        }, "failing", Progress.none())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad value in cell 3");
        assertThat(ran.size()).isLessThan(40); // the cells queued after the failure never started
    }

    @Test
    void aFailureStopsTheQueueEvenWhenTheFailingCellIsNotTheCheapest() {
        // the queue runs costliest first, so cell 0 (the cheapest) would start last: the failure of cell 1 must
        // stop the queued cells at once, not when the waiting reaches cell 1
        List<Cell> cells = new ArrayList<>();
        cells.add(new Cell(0, "cheapest", 0));
        cells.add(new Cell(1, "fails", 100));
        for (int i = 2; i < 30; i++) {
            cells.add(new Cell(i, "cell " + i, 50));
        }
        Set<Integer> ran = ConcurrentHashMap.newKeySet();
        CountDownLatch oneRuns = new CountDownLatch(1);
        assertThatThrownBy(() -> LocalCells.run(cells, 2, cell -> {
            ran.add(cell.index());
            if (cell.index() == 1) {
                oneRuns.countDown();
                throw new IllegalStateException("cell 1 broke");
            }
            // the other cells end only after cell 1 has started (however late its thread), and a moment later
            await(oneRuns);
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return cell.index();
        }, "failing", Progress.none())).isInstanceOf(IllegalStateException.class).hasMessage("cell 1 broke");
        assertThat(ran).contains(1).doesNotContain(0).hasSizeLessThan(5);
    }

    @Test
    void theProgressSaysHowManyCellsRunAtOnceAndStepsOncePerCell() {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        Progress recording = new Progress() {
            @Override
            public void start(String task, long total) {
                calls.add("start " + task + " " + total);
            }

            @Override
            public void step(String detail) {
                calls.add("step " + detail);
            }

            @Override
            public void finish() {
                calls.add("finish");
            }
        };
        Config c = Config.of(Dataset.MNIST).memorySizes(10, 12, 14).runs(1).stageOneSteps(3).methods(Method.MHM,
                Method.UHOP_MHM).progress(recording);
        Experiment.CAPACITY.run(c, 2);
        assertThat(calls.get(0)).isEqualTo("start capacity mnist (3 cells, 2 at a time) 3");
        assertThat(calls.stream().filter(x -> x.startsWith("step ")).toList())
                .containsExactlyInAnyOrder("step M=10 run 0", "step M=12 run 0", "step M=14 run 0");
        assertThat(calls.get(calls.size() - 1)).isEqualTo("finish");
    }

    @Test
    void aCellIsItsIndexAndLabelWhateverItsCost() {
        assertThat(new Cell(3, "M=10 runs 0-19", 123.0)).isEqualTo(new Cell(3, "M=10 runs 0-19"))
                .hasSameHashCodeAs(new Cell(3, "M=10 runs 0-19"));
        assertThat(new Cell(3, "M=10 runs 0-19")).isNotEqualTo(new Cell(4, "M=10 runs 0-19"));
        Config c = Config.of(Dataset.MNIST).memorySizes(10).runs(1).stageOneSteps(2).methods(Method.MHM);
        // a cell rebuilt without its cost is the same work
        assertThat(Experiment.CAPACITY.runCell(c, new Cell(0, "M=10 run 0")).rows()).isNotEmpty();
    }

    @Test
    void badArgumentsAreRefusedByName() {
        List<Cell> cells = List.of(new Cell(0, "a"));
        assertThatThrownBy(() -> LocalCells.run(cells, 0, c -> 1, "x", Progress.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallel").hasMessageContaining("0");
        assertThatThrownBy(() -> LocalCells.run(List.of(new Cell(1, "b")), 2, c -> 1, "x", Progress.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1");
        assertThatThrownBy(() -> new Cell(0, "a", Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> new Cell(0, "a", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> Experiment.NOISE.run(Config.of(Dataset.MNIST), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }

    @Test
    void presetsAfterCapacityReusesItsCellsAndWritesTheSameFiles() throws IOException {
        Config c = Config.of(Dataset.MNIST).memorySizes(10, 20).runs(2).stageOneSteps(8)
                .methods(Method.MHM, Method.UHOP_MHM);
        ExperimentResult alone = Experiment.PRESETS.run(c, 1);
        ExperimentResult capacity;
        ExperimentResult after;
        try (Experiments.Reuse reuse = Experiments.reuseCapacityCells()) {
            capacity = Experiment.CAPACITY.run(c, 2);
            after = Experiment.PRESETS.run(c, 2);
        }
        alone.write(tmp.resolve("alone"));
        after.write(tmp.resolve("after"));
        assertThat(ResultSetFiles.sameExceptTimings(tmp.resolve("alone"), tmp.resolve("after"))).isGreaterThanOrEqualTo(3);
        // reused, not recomputed: the paper rows of presets carry the very seconds capacity measured
        double[] capacitySeconds = capacity.timings().perRun().doubleColumn(ExperimentResult.SECONDS).asDoubleArray();
        double[] paperSeconds = after.timings().perRun().where(after.timings().perRun().stringColumn(ExperimentResult.PRESET)
                .isEqualTo(Preset.PAPER.id())).doubleColumn(ExperimentResult.SECONDS).asDoubleArray();
        assertThat(paperSeconds).containsExactly(capacitySeconds);
        // another setting (the seed) is another key: computed, not taken from capacity
        try (Experiments.Reuse reuse = Experiments.reuseCapacityCells()) {
            ExperimentResult cap = Experiment.CAPACITY.run(c, 1);
            ExperimentResult other = Experiment.PRESETS.run(c.seed(c.seed() + 1), 1);
            double[] capSeconds = cap.timings().perRun().doubleColumn(ExperimentResult.SECONDS).asDoubleArray();
            double[] otherSeconds = other.timings().perRun().where(other.timings().perRun()
                    .stringColumn(ExperimentResult.PRESET).isEqualTo(Preset.PAPER.id()))
                    .doubleColumn(ExperimentResult.SECONDS).asDoubleArray();
            assertThat(otherSeconds).isNotEqualTo(capSeconds);
            // a nested scope shares the outer one's cells and closing it keeps them
            try (Experiments.Reuse inner = Experiments.reuseCapacityCells()) {
                assertThat(inner).isNotNull();
            }
            ExperimentResult again = Experiment.PRESETS.run(c, 1);
            double[] paper = again.timings().perRun().where(again.timings().perRun()
                    .stringColumn(ExperimentResult.PRESET).isEqualTo(Preset.PAPER.id()))
                    .doubleColumn(ExperimentResult.SECONDS).asDoubleArray();
            assertThat(paper).containsExactly(capSeconds);
        }
        // outside the scope nothing is reused: the seconds are measured anew
        ExperimentResult again = Experiment.PRESETS.run(c, 1);
        double[] againSeconds = again.timings().perRun().where(again.timings().perRun().stringColumn(ExperimentResult.PRESET)
                .isEqualTo(Preset.PAPER.id())).doubleColumn(ExperimentResult.SECONDS).asDoubleArray();
        assertThat(againSeconds).isNotEqualTo(capacitySeconds);
    }

    /** Waits for {@code latch}, at most 30 s (a test that would hang fails instead). */
    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("waited 30 s for another cell");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
