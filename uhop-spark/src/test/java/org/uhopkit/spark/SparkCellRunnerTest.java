package org.uhopkit.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uhopkit.data.Datasets;
import org.uhopkit.experiments.Cell;
import org.uhopkit.experiments.CellRunner;
import org.uhopkit.experiments.CellWork;
import org.uhopkit.experiments.Config;
import org.uhopkit.experiments.Dataset;
import org.uhopkit.experiments.Progress;
import org.uhopkit.experiments.RunClock;

/** The Spark runner on {@code local[2]}: one session for the class (a Spark context takes seconds to start). */
class SparkCellRunnerTest {

    private static CellRunner.Session session;

    @TempDir
    Path tmp;

    @BeforeAll
    static void open() {
        session = CellRunner.find("spark").open("local[2]");
    }

    @AfterAll
    static void close() {
        if (session != null) {
            session.close();
        }
    }

    /** What a task does: the test experiment's cell under a config rebuilt from plain data. */
    record DrawsWork(long seed, int cells, Set<Integer> failing) implements CellWork {
        private static final long serialVersionUID = 1L;

        @Override
        public Serializable run(Cell cell) {
            return new DrawsExperiment(failing).runCell(config(seed, cells), cell);
        }
    }

    private static Config config(long seed, int cells) {
        return Config.of(Dataset.MNIST).seed(seed).runs(cells);
    }

    /** A progress that records its calls. */
    static final class Recorder implements Progress {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

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
    }

    @Test
    void theServiceLoaderFindsTheRunner() {
        assertThat(CellRunner.find("spark")).isInstanceOf(SparkCellRunner.class);
    }

    @Test
    void manyCellsComeBackInCellOrderAndWriteWhatTheLocalRunWrites() throws Exception {
        DrawsExperiment e = new DrawsExperiment();
        Config config = config(11L, 7);
        List<Cell> cells = e.cells(config);
        Recorder progress = new Recorder();

        List<Serializable> parts = session.run("draws", new DrawsWork(11L, 7, Set.of()), cells, progress);

        assertThat(parts).hasSize(7);
        List<DrawsExperiment.Part> typed = new ArrayList<>();
        for (Serializable p : parts) {
            typed.add((DrawsExperiment.Part) p);
        }
        assertThat(typed).extracting(DrawsExperiment.Part::cell).containsExactlyElementsOf(cells);
        // they ran as Spark tasks (on the executor's task threads), not in this thread
        assertThat(typed).allSatisfy(p -> assertThat(p.thread()).contains("Executor task launch worker"));
        assertThat(progress.calls).startsWith("start draws 7").endsWith("finish");
        assertThat(progress.calls.stream().filter(c -> c.startsWith("step "))).hasSize(7);

        Path spark = tmp.resolve("spark");
        Path local = tmp.resolve("local");
        e.assemble(config, typed, RunClock.start()).write(spark);
        e.run(config).write(local);
        Path values = Path.of(e.stem(config), "values.csv");
        assertThat(Files.readAllBytes(spark.resolve(values))).isEqualTo(Files.readAllBytes(local.resolve(values)));
        // and the norms are what a draw gives here, independently of Spark: |A A^T|_F > 0 and finite
        assertThat(typed).allSatisfy(p -> assertThat(p.norm()).isPositive().isFinite());
        assertThat(typed.get(3).norm()).isEqualTo(e.runCell(config, cells.get(3)).norm());
    }

    @Test
    void everyRunStepsEachOfItsCellsOnceBeforeItReturnsEvenWhenRunsFollowEachOtherOrOverlap() throws Exception {
        DrawsExperiment e = new DrawsExperiment();
        // runs one after another: the listener bus is asynchronous, yet each run's steps are all in when it returns,
        // and a late event of one run never steps the next
        for (int r = 0; r < 6; r++) {
            int n = 2 + r % 3;
            Recorder progress = new Recorder();
            List<Cell> cells = e.cells(config(r, n));
            session.run("draws", new DrawsWork(r, n, Set.of()), cells, progress);
            List<String> calls = List.copyOf(progress.calls);
            assertThat(calls).as("run %d", r).hasSize(n + 2).startsWith("start draws " + n).endsWith("finish");
            assertThat(calls.subList(1, n + 1)).as("run %d", r)
                    .containsExactlyInAnyOrderElementsOf(cells.stream().map(c -> "step " + c.label()).toList());
        }
        // two runs on two threads at once: each progress gets its own cells' steps, once each
        Recorder three = new Recorder();
        Recorder five = new Recorder();
        Thread other = new Thread(() -> session.run("draws", new DrawsWork(3L, 3, Set.of()), e.cells(config(3L, 3)), three));
        other.start();
        session.run("draws", new DrawsWork(5L, 5, Set.of()), e.cells(config(5L, 5)), five);
        other.join(60_000);
        assertThat(other.isAlive()).isFalse();
        assertThat(three.calls.stream().filter(c -> c.startsWith("step ")))
                .containsExactlyInAnyOrder("step draw 0", "step draw 1", "step draw 2");
        assertThat(five.calls.stream().filter(c -> c.startsWith("step ")))
                .containsExactlyInAnyOrder("step draw 0", "step draw 1", "step draw 2", "step draw 3", "step draw 4");
        Thread.sleep(300);
        assertThat(three.calls).hasSize(5).endsWith("finish");
        assertThat(five.calls).hasSize(7).endsWith("finish");
    }

    @Test
    void aFailingCellFailsTheRunNamingTheCell() {
        DrawsExperiment e = new DrawsExperiment();
        List<Cell> cells = e.cells(config(5L, 3));
        assertThatThrownBy(() -> session.run("draws", new DrawsWork(5L, 3, Set.of(1)), cells, Progress.none()))
                .hasMessageContaining("cell draw 1 fails on purpose");
    }

    /** Records how many cells run at once in this JVM (local mode: the tasks share the statics). */
    record OverlapWork(boolean exclusive) implements CellWork {
        private static final long serialVersionUID = 1L;
        static final java.util.concurrent.atomic.AtomicInteger INSIDE = new java.util.concurrent.atomic.AtomicInteger();
        static final java.util.concurrent.atomic.AtomicInteger MOST = new java.util.concurrent.atomic.AtomicInteger();
        static volatile java.util.concurrent.CountDownLatch MEET = new java.util.concurrent.CountDownLatch(2);

        @Override
        public Serializable run(Cell cell) {
            int now = INSIDE.incrementAndGet();
            MOST.accumulateAndGet(now, Math::max);
            try {
                if (!exclusive) {
                    // free cells wait (at most 20 s) until two are inside at once, so the overlap does not hang
                    // on thread timing; exclusive cells must not wait for one another (they would only time out)
                    MEET.countDown();
                    MEET.await(20, java.util.concurrent.TimeUnit.SECONDS);
                }
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                INSIDE.decrementAndGet();
            }
            return cell.index();
        }
    }

    @Test
    void exclusiveCellsRunOneAtATimeInAJvmOthersSideBySide() {
        List<Cell> cells = new DrawsExperiment().cells(config(1L, 6));
        OverlapWork.MOST.set(0);
        OverlapWork.MEET = new java.util.concurrent.CountDownLatch(2);
        assertThat(session.run("free", new OverlapWork(false), cells, Progress.none())).hasSize(6);
        assertThat(OverlapWork.MOST.get()).as("two task threads overlap").isEqualTo(2);
        OverlapWork.MOST.set(0);
        assertThat(session.run("exclusive", new OverlapWork(true), cells, Progress.none()))
                .containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(OverlapWork.MOST.get()).as("exclusive cells never overlap").isEqualTo(1);
    }

    @Test
    void noCellsNoTasks() {
        assertThat(session.run("nothing", new DrawsWork(1L, 1, Set.of()), List.of(), Progress.none())).isEmpty();
    }

    @Test
    void theExecutorsAreOfflineWithOneTorchThreadAndTheModuleOptions() {
        SparkConf running = ((SparkCellRunner.Session) session).context().getConf();
        String opts = running.get("spark.executor.extraJavaOptions");
        assertThat(opts).endsWith(SparkCellRunner.EXECUTOR_JAVA_OPTIONS)
                .contains("-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1");
        for (String o : JavaModuleOptions.defaultModuleOptionArray()) {
            assertThat(opts).contains(o); // Spark adds them itself; checked so that an upgrade cannot lose them
        }
        assertThat(running.get("spark.executorEnv.DJL_OFFLINE")).isEqualTo("true");
        assertThat(running.get("spark.executorEnv.UHOP_DATA")).isEqualTo(Datasets.dataDir().toString());
        assertThat(running.get("spark.master")).isEqualTo("local[2]");
        assertThat(running.contains("spark.executor.extraClassPath")).isFalse(); // local: the driver's JVM
        assertThat(running.contains("spark.executor.cores")).isFalse();
    }

    @Test
    void configureKeepsTheUsersSettingsAndShipsTheClassPathOnlyWhenNothingElseDoes() {
        SparkConf c = SparkCellRunner.configure(new SparkConf(false)
                .set("spark.executor.extraJavaOptions", "-Dfoo=1").set("spark.ui.enabled", "true")
                .set("spark.executorEnv.UHOP_DATA", "/data/uhop"), "spark://h:7077");
        assertThat(c.get("spark.executor.extraJavaOptions")).isEqualTo("-Dfoo=1 " + SparkCellRunner.EXECUTOR_JAVA_OPTIONS);
        assertThat(c.get("spark.ui.enabled")).isEqualTo("true");
        assertThat(c.get("spark.executorEnv.UHOP_DATA")).isEqualTo("/data/uhop");
        assertThat(c.get("spark.executor.extraClassPath")).isEqualTo(System.getProperty("java.class.path"));
        assertThat(c.get("spark.executor.cores")).isEqualTo("1"); // one task per executor JVM on a cluster
        assertThat(SparkCellRunner.configure(new SparkConf(false).set("spark.executor.cores", "4"), "yarn")
                .get("spark.executor.cores")).isEqualTo("4");
        assertThat(c.get("spark.ui.enabled")).isEqualTo("true");

        SparkConf submitted = SparkCellRunner.configure(new SparkConf(false).set("spark.jars", "a.jar"), "yarn");
        assertThat(submitted.contains("spark.executor.extraClassPath")).isFalse();
        assertThat(submitted.get("spark.ui.enabled")).isEqualTo("false");

        assertThatThrownBy(() -> SparkCellRunner.configure(new SparkConf(false), " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("master");
    }
}
