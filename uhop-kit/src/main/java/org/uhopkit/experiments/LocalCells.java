package org.uhopkit.experiments;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.uhopkit.internal.Checks;

/**
 * Computes the cells of an experiment on several threads of this JVM ({@link Experiment#run(Config, int)},
 * {@code reproduce --parallel P}): the cells are independent and each is a pure function of the config and the
 * cell, so the parts, and the files written from them, are the same as one after another; only the wall time
 * changes. The costliest cells ({@link Cell#cost()}) start first (longest-processing-time-first scheduling), so
 * a large cell is not left to run alone at the end. With one PyTorch thread per operation (the command line's
 * default) P threads keep P cores busy.
 *
 * <p>A cell that fails stops the run: no cell still queued starts, the cells already running are waited for (so
 * no thread still uses the experiment's data when the call returns), and the failure of the first failed cell in
 * cell order is thrown as it was thrown (an unchecked exception unchanged, a checked one wrapped in an
 * {@link IllegalStateException}), the other cells' failures added to it as suppressed. The progress is called
 * from the worker threads, one call at a time.
 */
public final class LocalCells {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private LocalCells() {}

    /** The memory one retrieval cell may hold at once, for the default parallelism (initial Ws and copies). */
    static final long CELL_MEMORY_BYTES = 1L << 30;

    /**
     * The number of cells the command line computes at once by default: the processors available to this JVM,
     * at most one per GiB of its maximum heap (a retrieval cell holds up to 256 MB of initial Ws plus their
     * products and copies; on a machine with many cores and little memory fewer cells run at once).
     *
     * @return at least 1
     */
    public static int defaultParallelism() {
        long byMemory = Math.max(1, Runtime.getRuntime().maxMemory() / CELL_MEMORY_BYTES);
        return (int) Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), byMemory));
    }

    /**
     * Computes {@code work} for every cell, {@code parallel} cells at a time, and returns the parts in cell order.
     *
     * @param <P> the part type
     * @param cells the cells, in output order ({@code cells.get(i).index() == i})
     * @param parallel threads, at least 1 (1: one cell after another, in order, on the calling thread)
     * @param work computes one cell; called from several threads at once when {@code parallel > 1}
     * @param description what runs, for the progress line
     * @param progress steps once per finished cell (from the worker threads)
     * @return one part per cell, in cell order
     * @throws IllegalArgumentException for parallel below 1 or cells out of order
     */
    public static <P> List<P> run(List<Cell> cells, int parallel, Function<Cell, P> work, String description,
            Progress progress) {
        Checks.notNull("cells", cells);
        Checks.atLeast("parallel", parallel, 1);
        Checks.notNull("work", work);
        Checks.notNull("progress", progress);
        Checks.notNull("description", description);
        for (int i = 0; i < cells.size(); i++) {
            Cell c = Checks.notNull("cells[" + i + "]", cells.get(i));
            if (c.index() != i) {
                throw new IllegalArgumentException("cells must come in order: cells[" + i + "] has index " + c.index());
            }
        }
        List<P> parts = new ArrayList<>(cells.size());
        if (parallel == 1 || cells.size() <= 1) {
            for (Cell c : cells) {
                parts.add(work.apply(c));
            }
            return parts;
        }
        int threads = Math.min(parallel, cells.size());
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "uhop-cells-" + pool + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        List<Cell> order = new ArrayList<>(cells);
        order.sort(Comparator.comparingDouble(Cell::cost).reversed().thenComparingInt(Cell::index));
        Progress shared = synchronizedProgress(progress); // steps come from the worker threads
        Throwable[] failures = new Throwable[cells.size()];
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        List<Future<P>> futures = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            futures.add(null);
        }
        ExecutorService executor = Executors.newFixedThreadPool(threads, factory);
        shared.start(description, cells.size());
        try {
            for (Cell c : order) {
                futures.set(c.index(), executor.submit(() -> {
                    if (failed.get()) {
                        return null; // a cell has failed: the cells still queued do not start
                    }
                    try {
                        P part = work.apply(c);
                        shared.step(c.label());
                        return part;
                    } catch (Throwable t) {
                        failures[c.index()] = t;
                        failed.set(true);
                        return null;
                    }
                }));
            }
            executor.shutdown();
            for (Future<P> f : futures) {
                parts.add(f.get()); // waits for every cell that started; the others return at once
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a cell of " + description + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed.set(true); // no further cell starts
            throw new IllegalStateException("interrupted while computing the cells of " + description, e);
        } finally {
            executor.shutdown();
            awaitQuietly(executor);
            shared.finish();
        }
        Throwable first = null;
        for (Throwable t : failures) { // the first failure in cell order, as one cell after another would throw
            if (t == null) {
                continue;
            }
            if (first == null) {
                first = t;
            } else if (t != first) {
                first.addSuppressed(t);
            }
        }
        if (first != null) {
            throw rethrow(first);
        }
        return parts;
    }

    /** Progress whose calls are serialised: the cells step it from several threads. */
    private static Progress synchronizedProgress(Progress p) {
        Object lock = new Object();
        return new Progress() {
            @Override
            public void start(String task, long total) {
                synchronized (lock) {
                    p.start(task, total);
                }
            }

            @Override
            public void step(String detail) {
                synchronized (lock) {
                    p.step(detail);
                }
            }

            @Override
            public void finish() {
                synchronized (lock) {
                    p.finish();
                }
            }
        };
    }

    private static RuntimeException rethrow(Throwable failure) {
        if (failure instanceof RuntimeException r) {
            return r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("a cell failed: " + failure, failure);
    }

    /** Waits until every started cell has ended (a running DJL operation cannot be interrupted anyway). */
    private static void awaitQuietly(ExecutorService executor) {
        boolean interrupted = false;
        while (true) {
            try {
                if (executor.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
