package org.uhopkit.experiments;

import java.util.ArrayList;
import java.util.List;

import org.uhopkit.report.Statistics;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Collects the tidy per-run rows shared by every experiment (one schema, see {@link ExperimentResult}) and,
 * apart from them, each row's wall time.
 */
final class Rows {

    private final List<RetrievalPart.Row> rows = new ArrayList<>();
    private final String name;
    private final Dataset data;

    Rows(String name, Dataset data) {
        this.name = name;
        this.data = data;
    }

    /** One row: a method's outcome in one run at one grid point. */
    void add(Preset p, Method meth, String lossName, int mm, int nn, double sig, int r, long s, double rate,
            Trial.Outcome o) {
        rows.add(new RetrievalPart.Row(p.id(), meth.label(), lossName, mm, nn, sig, r, s, rate,
                Statistics.mean(o.errors()),
                RetrievalError.thresholdCapacity(o.errors(), RetrievalError.MILLIDGE_THRESHOLD), o.stageOneLoss(),
                o.seconds()));
    }

    /** The number of rows so far. */
    int size() {
        return rows.size();
    }

    /** Rows made before, appended as they are. */
    void addAll(List<RetrievalPart.Row> more) {
        rows.addAll(more);
    }

    /** The rows from index {@code from} on, as an unmodifiable copy. */
    List<RetrievalPart.Row> since(int from) {
        return List.copyOf(rows.subList(from, rows.size()));
    }

    /** The rows so far, in order. */
    List<RetrievalPart.Row> list() {
        return List.copyOf(rows);
    }

    /** The per-run results of {@code rows} (no timings) of experiment {@code name} on {@code data}. */
    static Table table(String name, Dataset data, List<RetrievalPart.Row> rows) {
        Table all = withSeconds(name, data, rows);
        return all.removeColumns(ExperimentResult.SECONDS);
    }

    /** The wall time of each of {@code rows}, with the columns that identify it. */
    static Table timings(String name, List<RetrievalPart.Row> rows) {
        Table all = withSeconds(name + " timings", Dataset.MNIST, rows);
        return all.selectColumns(ExperimentResult.PRESET, ExperimentResult.METHOD, ExperimentResult.SEPARATION_LOSS,
                ExperimentResult.M, ExperimentResult.N, ExperimentResult.SIGMA, ExperimentResult.RUN,
                ExperimentResult.SECONDS).setName(name + " timings");
    }

    private static Table withSeconds(String name, Dataset data, List<RetrievalPart.Row> rows) {
        StringColumn experiment = StringColumn.create(ExperimentResult.EXPERIMENT);
        StringColumn dataset = StringColumn.create(ExperimentResult.DATASET);
        StringColumn preset = StringColumn.create(ExperimentResult.PRESET);
        StringColumn method = StringColumn.create(ExperimentResult.METHOD);
        StringColumn loss = StringColumn.create(ExperimentResult.SEPARATION_LOSS);
        IntColumn m = IntColumn.create(ExperimentResult.M);
        IntColumn n = IntColumn.create(ExperimentResult.N);
        DoubleColumn sigma = DoubleColumn.create(ExperimentResult.SIGMA);
        IntColumn run = IntColumn.create(ExperimentResult.RUN);
        LongColumn seed = LongColumn.create(ExperimentResult.SEED);
        DoubleColumn lr = DoubleColumn.create(ExperimentResult.LEARNING_RATE);
        DoubleColumn error = DoubleColumn.create(ExperimentResult.ERROR);
        DoubleColumn capacity = DoubleColumn.create(ExperimentResult.CAPACITY);
        DoubleColumn stageOneLoss = DoubleColumn.create(ExperimentResult.STAGE_ONE_LOSS);
        DoubleColumn seconds = DoubleColumn.create(ExperimentResult.SECONDS);
        for (RetrievalPart.Row r : rows) {
            experiment.append(name);
            dataset.append(data.id());
            preset.append(r.preset());
            method.append(r.method());
            loss.append(r.separationLoss());
            m.append(r.m());
            n.append(r.n());
            sigma.append(r.sigma());
            run.append(r.run());
            seed.append(r.seed());
            lr.append(r.learningRate());
            error.append(r.error());
            capacity.append(r.capacity());
            stageOneLoss.append(r.stageOneLoss());
            seconds.append(r.seconds());
        }
        return Table.create(name, experiment, dataset, preset, method, loss, m, n, sigma, run, seed, lr, error,
                capacity, stageOneLoss, seconds);
    }
}
