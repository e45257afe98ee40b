package org.uhopkit.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.uhopkit.experiments.Cell;
import org.uhopkit.experiments.CellRunner;
import org.uhopkit.experiments.CellWork;
import org.uhopkit.experiments.Progress;

/**
 * What a cell costs as a Spark task beyond its own work: opens a session on a master, then runs jobs of
 * {@code TASKS} cells that do (almost) nothing - an empty cell, and a cell that multiplies two seeded 64 x 64
 * matrices with PyTorch - and prints each job's wall time and the time per task (wall time / tasks; with N task
 * slots N tasks run at once). The first job of a session also pays for starting executors and loading classes
 * and the engine; the later ones show the steady overhead.
 *
 * <pre>
 * environment/uhop-java org.uhopkit.spark.TaskOverheadBenchmark local[2] [TASKS=48] [ROUNDS=3]
 * </pre>
 */
public final class TaskOverheadBenchmark {

    private TaskOverheadBenchmark() {}

    /** An empty cell: returns its index. */
    record Empty() implements CellWork {
        private static final long serialVersionUID = 1L;

        @Override
        public Serializable run(Cell cell) {
            return cell.index();
        }
    }

    /** A small PyTorch cell: the sum of a product of two seeded 64 x 64 matrices. */
    record SmallProduct() implements CellWork {
        private static final long serialVersionUID = 1L;

        @Override
        public Serializable run(Cell cell) {
            Random rng = new Random(cell.index());
            float[] a = new float[64 * 64];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rng.nextGaussian();
            }
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.create(a, new Shape(64, 64));
                return x.matMul(x.transpose()).sum().getFloat();
            }
        }
    }

    /**
     * Runs the benchmark and prints one line per job.
     *
     * @param args {@code MASTER [TASKS] [ROUNDS]}
     */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: TaskOverheadBenchmark MASTER [TASKS=48] [ROUNDS=3]");
            System.exit(2);
        }
        String master = args[0];
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 48;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        if (tasks < 1 || rounds < 1) {
            throw new IllegalArgumentException("TASKS and ROUNDS must be at least 1, got " + tasks + " and " + rounds);
        }
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            cells.add(new Cell(i, "task " + i));
        }
        long t0 = System.nanoTime();
        try (CellRunner.Session s = CellRunner.find("spark").open(master)) {
            System.out.printf(Locale.ROOT, "%s: session open in %.2f s%n", master, (System.nanoTime() - t0) / 1e9);
            for (CellWork work : List.of(new Empty(), new SmallProduct())) {
                for (int r = 0; r < rounds; r++) {
                    long t = System.nanoTime();
                    List<Serializable> parts = s.run(work.getClass().getSimpleName(), work, cells, Progress.none());
                    double secs = (System.nanoTime() - t) / 1e9;
                    if (parts.size() != tasks) {
                        throw new IllegalStateException("got " + parts.size() + " parts for " + tasks + " tasks");
                    }
                    System.out.printf(Locale.ROOT, "%s: %s job %d: %d tasks in %.3f s, %.1f ms per task%n", master,
                            work.getClass().getSimpleName(), r + 1, tasks, secs, 1000 * secs / tasks);
                }
            }
        }
    }
}
