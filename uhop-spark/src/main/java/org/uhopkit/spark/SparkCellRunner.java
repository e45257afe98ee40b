package org.uhopkit.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
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
        /** The local property that marks a run's job, so that the listener steps only this run's tasks. */
        static final String RUN_PROPERTY = "uhop-kit.run";
        private static final AtomicLong RUNS = new AtomicLong();
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
            String runId = Long.toString(RUNS.incrementAndGet());
            progress.start(description, cells.size());
            boolean collected = false;
            try {
                sc.setLocalProperty(RUN_PROPERTY, runId);
                listener.watch(runId, cells, progress);
                // one partition per cell: partition i holds cells.get(i), and collect() returns them in order
                List<Serializable> parts = sc.parallelize(cells, cells.size()).map(new Task(work)).collect();
                collected = true;
                return new ArrayList<>(parts);
            } finally {
                sc.setLocalProperty(RUN_PROPERTY, null);
                // Spark's listener bus is asynchronous: the last task-end events may not have reached the listener
                // when collect() returns; every cell ended well then, so the cells not stepped yet are stepped here
                try {
                    listener.stop(runId, collected);
                } finally {
                    progress.finish();
                }
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

    /**
     * Steps a run's progress when one of its tasks ends well (on Spark's listener thread), once per cell. Only the
     * stages submitted with a run's {@link Session#RUN_PROPERTY} count for it, so a late event of an earlier run,
     * a job of another thread on the same context, or a retried or speculative task never steps a progress twice
     * or steps the wrong one; runs on several threads each get their own steps.
     */
    static final class ProgressListener extends SparkListener {

        /** What one run watches: its cells, its progress, which cells it has stepped, its stages. */
        private static final class Watch {
            final List<Cell> cells;
            final Progress progress;
            final boolean[] stepped;

            Watch(List<Cell> cells, Progress progress) {
                this.cells = cells;
                this.progress = progress;
                this.stepped = new boolean[cells.size()];
            }

            void step(int i) {
                if (i >= 0 && i < stepped.length && !stepped[i]) {
                    stepped[i] = true;
                    progress.step(cells.get(i).label());
                }
            }
        }

        private final Map<String, Watch> runs = new HashMap<>();
        private final Map<Integer, Watch> stages = new HashMap<>();

        /** Starts watching the run {@code id}. */
        synchronized void watch(String id, List<Cell> cells, Progress progress) {
            runs.put(id, new Watch(cells, progress));
        }

        /** Stops watching the run {@code id}; if {@code stepRest} (its results are in), steps the cells not stepped yet. */
        synchronized void stop(String id, boolean stepRest) {
            Watch w = runs.remove(id);
            stages.values().removeIf(v -> v == w);
            if (w != null && stepRest) {
                for (int i = 0; i < w.stepped.length; i++) {
                    w.step(i);
                }
            }
        }

        @Override
        public synchronized void onStageSubmitted(SparkListenerStageSubmitted submitted) {
            Properties props = submitted.properties();
            Watch w = props == null ? null : runs.get(props.getProperty(Session.RUN_PROPERTY, ""));
            if (w != null) {
                stages.put(submitted.stageInfo().stageId(), w);
            }
        }

        @Override
        public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
            Watch w = stages.get(end.stageId());
            if (w != null && end.taskInfo() != null && end.taskInfo().successful()) {
                // the cell is the task's partition (partition i holds cells.get(i)); index() is the same here,
                // where every stage runs all its partitions
                int partition = end.taskInfo().partitionId();
                w.step(partition >= 0 ? partition : end.taskInfo().index());
            }
        }
    }
}
