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
 * <p>A cell that fails stops the run: no further cell starts, the cells already running are waited for (so no
 * thread still uses the experiment's data when the call returns), and the failure of the first failed cell in
 * cell order is thrown as it was thrown (an unchecked exception unchanged, a checked one wrapped in an
 * {@link IllegalStateException}).
 */
public final class LocalCells {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private LocalCells() {}

    /**
     * The number of threads the command line uses by default: the processors available to this JVM.
     *
     * @return at least 1
     */
    public static int defaultParallelism() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
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
        ExecutorService executor = Executors.newFixedThreadPool(threads, factory);
        List<Future<P>> futures = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            futures.add(null);
        }
        progress.start(description, cells.size());
        try {
            for (Cell c : order) {
                futures.set(c.index(), executor.submit(() -> {
                    P part = work.apply(c);
                    progress.step(c.label());
                    return part;
                }));
            }
            executor.shutdown();
            Throwable failure = null;
            for (int i = 0; i < futures.size(); i++) {
                try {
                    parts.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                        for (Future<P> f : futures) {
                            f.cancel(false); // cells not started yet never start
                        }
                    }
                } catch (java.util.concurrent.CancellationException e) {
                    // a cell cancelled after an earlier failure
                }
            }
            if (failure != null) {
                throw rethrow(failure);
            }
            return parts;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
            throw new IllegalStateException("interrupted while computing the cells of " + description, e);
        } finally {
            executor.shutdown();
            awaitQuietly(executor);
            progress.finish();
        }
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
