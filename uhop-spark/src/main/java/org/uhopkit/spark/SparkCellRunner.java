package org.uhopkit.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.uhopkit.data.Datasets;
import org.uhopkit.experiments.Cell;
import org.uhopkit.experiments.CellRunner;
import org.uhopkit.experiments.CellWork;
import org.uhopkit.experiments.Progress;
import org.uhopkit.internal.Checks;

/**
 * The {@link CellRunner} named {@code spark}: one Spark task per cell, one partition per cell, the parts
 * collected in cell order ({@code reproduce <experiment> --spark MASTER}).
 *
 * <p>What every executor gets ({@link #configure}): {@code DJL_OFFLINE=true} in its environment and
 * {@code -Dai.djl.offline=true} in its JVM options (DJL never calls home), one PyTorch intra-op and one inter-op
 * thread ({@code -Dai.djl.pytorch.num_threads=1}, {@code -Dai.djl.pytorch.num_interop_threads=1}; the task sets
 * {@code --threads} of the command line), the data folder of the driver ({@code UHOP_DATA}) unless
 * {@code spark.executorEnv.UHOP_DATA} says otherwise, and on Java 17 the {@code --add-opens} options Spark needs,
 * which Spark itself adds to {@code spark.executor.extraJavaOptions}
 * ({@code org.apache.spark.launcher.JavaModuleOptions}). Every other setting comes from the {@code spark.*}
 * system properties, as with spark-submit.
 */
public final class SparkCellRunner implements CellRunner {

    /** The JVM options every executor gets after the user's (the last one of a property wins). */
    public static final String EXECUTOR_JAVA_OPTIONS =
            "-Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -Dai.djl.offline=true";

    /** For {@link java.util.ServiceLoader}. */
    public SparkCellRunner() {}

    /** {@code spark}. */
    @Override
    public String name() {
        return "spark";
    }

    /**
     * Starts a Spark context on {@code master} with {@link #configure} applied to the {@code spark.*} system
     * properties.
     *
     * @param master a Spark master URL: {@code local[N]}, {@code spark://host:port}, {@code yarn}, {@code k8s://...}
     * @throws IllegalArgumentException when the master is blank
     */
    @Override
    public CellRunner.Session open(String master) {
        return new Session(new JavaSparkContext(configure(new SparkConf(), master)));
    }

    /**
     * The settings a session adds to {@code conf} (which keeps every other setting):
     * <ul>
     * <li>{@code spark.master}: {@code master}; {@code spark.app.name}: {@code uhop-kit reproduce} when unset;
     * {@code spark.ui.enabled}: {@code false} when unset (no web UI port);</li>
     * <li>{@code spark.executorEnv.DJL_OFFLINE=true}, {@code spark.executorEnv.OPT_OUT_TRACKING=true};</li>
     * <li>{@code spark.executor.extraJavaOptions}: the user's, then {@link #EXECUTOR_JAVA_OPTIONS};</li>
     * <li>{@code spark.executorEnv.UHOP_DATA}: the driver's data folder ({@link Datasets#dataDir()}) when unset
     * and the driver has one (on a cluster the same path must hold the data on every node, or set it);</li>
     * <li>{@code spark.executor.extraClassPath}: the driver's class path when the master is not {@code local}
     * and neither {@code spark.jars} nor {@code spark.executor.extraClassPath} is set (executors on this machine,
     * a shared file system or the same install on every node; spark-submit sets {@code spark.jars}).</li>
     * <li>{@code spark.executor.cores}: 1 when unset and the master is not {@code local}.</li>
     * </ul>
     *
     * @param conf the settings so far (e.g. {@code new SparkConf()}: the {@code spark.*} system properties)
     * @param master the Spark master URL
     * @return {@code conf}
     * @throws IllegalArgumentException when the master is blank
     */
    public static SparkConf configure(SparkConf conf, String master) {
        Checks.notNull("master", master);
        if (master.isBlank()) {
            throw new IllegalArgumentException("Spark master must not be blank, e.g. local[2] or spark://host:7077");
        }
        conf.setMaster(master.trim());
        conf.setIfMissing("spark.app.name", "uhop-kit reproduce");
        conf.setIfMissing("spark.ui.enabled", "false");
        conf.set("spark.executorEnv.DJL_OFFLINE", "true");
        conf.set("spark.executorEnv.MKL_CBWR", "AUTO,STRICT"); // bit-identical MKL results (training)
        conf.set("spark.executorEnv.MKL_DYNAMIC", "FALSE");
        conf.set("spark.executorEnv.OPT_OUT_TRACKING", "true");
        String user = conf.get("spark.executor.extraJavaOptions", "").trim();
        conf.set("spark.executor.extraJavaOptions", (user.isEmpty() ? "" : user + " ") + EXECUTOR_JAVA_OPTIONS);
        if (!conf.contains("spark.executorEnv." + Datasets.ENV)) {
            try {
                conf.set("spark.executorEnv." + Datasets.ENV, Datasets.dataDir().toString());
            } catch (IllegalStateException noDataHere) {
                // the driver has no data folder: the executors find theirs (or name what is missing)
            }
        }
        boolean local = master.trim().toLowerCase(Locale.ROOT).startsWith("local");
        if (!local && !conf.contains("spark.jars") && !conf.contains("spark.executor.extraClassPath")) {
            conf.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        }
        if (!local) {
            // one task per executor JVM: one PyTorch thread each, and cells that train (one gradient collector
            // per JVM) still run side by side, in separate executors
            conf.setIfMissing("spark.executor.cores", "1");
        }
        return conf;
    }

    /** A Spark context; one job per {@link #run}. */
    static final class Session implements CellRunner.Session {

        private final JavaSparkContext sc;
        private final ProgressListener listener = new ProgressListener();
        private boolean closed;

        Session(JavaSparkContext sc) {
            this.sc = sc;
            sc.sc().addSparkListener(listener);
        }

        /** The Spark context (for tests). */
        JavaSparkContext context() {
            return sc;
        }

        @Override
        public List<Serializable> run(String description, CellWork work, List<Cell> cells, Progress progress) {
            Checks.notNull("work", work);
            Checks.notNull("cells", cells);
            Checks.notNull("progress", progress);
            if (closed) {
                throw new IllegalStateException("the Spark session is closed");
            }
            if (cells.isEmpty()) {
                return List.of();
            }
            sc.setJobDescription(description + " (" + cells.size() + " cells)");
            progress.start(description, cells.size());
            listener.watch(cells, progress);
            try {
                // one partition per cell: partition i holds cells.get(i), and collect() returns them in order
                List<Serializable> parts = sc.parallelize(cells, cells.size()).map(new Task(work)).collect();
                return new ArrayList<>(parts);
            } finally {
                listener.watch(null, null);
                progress.finish();
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                sc.stop();
            }
        }
    }

    /** One cell on an executor: DJL offline (again), then the work. */
    static final class Task implements Function<Cell, Serializable> {

        private static final long serialVersionUID = 1L;
        /** Held while an exclusive cell runs: one at a time per JVM ({@link CellWork#exclusive()}). */
        static final Object EXCLUSIVE = new Object();
        private final CellWork work;

        Task(CellWork work) {
            this.work = work;
        }

        @Override
        public Serializable call(Cell cell) {
            if (System.getProperty("ai.djl.offline") == null) {
                System.setProperty("ai.djl.offline", "true");
            }
            if (work.exclusive()) {
                synchronized (EXCLUSIVE) {
                    return work.run(cell);
                }
            }
            return work.run(cell);
        }
    }

    /** Steps the progress when a task of the running job ends well (on Spark's listener thread). */
    static final class ProgressListener extends SparkListener {

        private volatile List<Cell> cells;
        private volatile Progress progress;

        void watch(List<Cell> c, Progress p) {
            progress = p;
            cells = c;
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            List<Cell> c = cells;
            Progress p = progress;
            if (c == null || p == null || end.taskInfo() == null || !end.taskInfo().successful()) {
                return;
            }
            int i = end.taskInfo().index();
            p.step(i >= 0 && i < c.size() ? c.get(i).label() : "cell " + i);
        }
    }
}
