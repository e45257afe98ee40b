package org.uhopkit.experiments;

import java.io.Serializable;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Runs the cells of an experiment ({@link Experiment#cells(Config)}) somewhere other than this JVM's loop, e.g.
 * as Apache Spark tasks ({@code reproduce <experiment> --spark MASTER}). A service provider interface: the kit
 * has no runner of its own, an optional module (uhop-spark) provides one through {@link ServiceLoader}
 * ({@code META-INF/services/org.uhopkit.experiments.CellRunner}), so the kit itself stays free of Spark.
 *
 * <p>A runner only moves cells and parts: the caller assembles the parts ({@link Experiment#assemble}), so a
 * distributed run writes the same result set as {@link Experiment#run(Config)}, timings apart.
 */
public interface CellRunner {

    /**
     * The runner's name, for messages and {@link #find(String)}.
     *
     * @return e.g. {@code spark}
     */
    String name();

    /**
     * Connects to {@code target} (for Spark: a master URL such as {@code local[2]} or
     * {@code spark://host:7077}).
     *
     * @param target where the cells run
     * @return an open session; close it when done
     * @throws IllegalArgumentException when the target is malformed, naming it
     */
    Session open(String target);

    /** A connection to where cells run; closing it releases the cluster's resources. */
    interface Session extends AutoCloseable {

        /**
         * Runs {@code work} on every cell, as independent tasks, and returns the parts in the order of
         * {@code cells} (not the order they finished).
         *
         * @param description what runs, for the cluster's job list and progress, e.g. {@code capacity}
         * @param work what each task does with its cell; serializable
         * @param cells the cells, in output order; may be empty
         * @param progress told when each cell ends (from any thread)
         * @return one part per cell, in cell order
         * @throws RuntimeException when a cell fails (after the runner's retries), with the cell's error
         */
        List<Serializable> run(String description, CellWork work, List<Cell> cells, Progress progress);

        /** Releases the connection (idempotent). */
        @Override
        void close();
    }

    /**
     * The runner named {@code name} among the providers on the class path.
     *
     * @param name the runner's {@link #name()}
     * @return the first provider of that name
     * @throws IllegalStateException when there is none, naming what to put on the class path
     */
    static CellRunner find(String name) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        for (ClassLoader loader : new ClassLoader[] {context, CellRunner.class.getClassLoader()}) {
            if (loader == null) {
                continue;
            }
            for (CellRunner r : ServiceLoader.load(CellRunner.class, loader)) {
                if (r.name().equals(name)) {
                    return r;
                }
            }
        }
        throw new IllegalStateException("no " + name + " cell runner on the class path: the runner comes with the "
                + "optional module uhop-" + name + " (build it with environment/setup.sh or 'mvn package' and run "
                + "through environment/reproduce, which adds it to the class path)");
    }
}
