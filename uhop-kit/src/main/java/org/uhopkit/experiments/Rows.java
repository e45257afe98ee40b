package org.uhopkit.experiments;

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

    private final StringColumn experiment = StringColumn.create(ExperimentResult.EXPERIMENT);
    private final StringColumn dataset = StringColumn.create(ExperimentResult.DATASET);
    private final StringColumn preset = StringColumn.create(ExperimentResult.PRESET);
    private final StringColumn method = StringColumn.create(ExperimentResult.METHOD);
    private final StringColumn loss = StringColumn.create(ExperimentResult.SEPARATION_LOSS);
    private final IntColumn m = IntColumn.create(ExperimentResult.M);
    private final IntColumn n = IntColumn.create(ExperimentResult.N);
    private final DoubleColumn sigma = DoubleColumn.create(ExperimentResult.SIGMA);
    private final IntColumn run = IntColumn.create(ExperimentResult.RUN);
    private final LongColumn seed = LongColumn.create(ExperimentResult.SEED);
    private final DoubleColumn lr = DoubleColumn.create(ExperimentResult.LEARNING_RATE);
    private final DoubleColumn error = DoubleColumn.create(ExperimentResult.ERROR);
    private final DoubleColumn capacity = DoubleColumn.create(ExperimentResult.CAPACITY);
    private final DoubleColumn stageOneLoss = DoubleColumn.create(ExperimentResult.STAGE_ONE_LOSS);
    private final DoubleColumn seconds = DoubleColumn.create(ExperimentResult.SECONDS);

    private final String name;
    private final Dataset data;

    Rows(String name, Dataset data) {
        this.name = name;
        this.data = data;
    }

    /** One row: a method's outcome in one run at one grid point. */
    void add(Preset p, Method meth, String lossName, int mm, int nn, double sig, int r, long s, double rate,
            Trial.Outcome o) {
        experiment.append(name);
        dataset.append(data.id());
        preset.append(p.id());
        method.append(meth.label());
        loss.append(lossName);
        m.append(mm);
        n.append(nn);
        sigma.append(sig);
        run.append(r);
        seed.append(s);
        lr.append(rate);
        error.append(Statistics.mean(o.errors()));
        capacity.append(RetrievalError.thresholdCapacity(o.errors(), RetrievalError.MILLIDGE_THRESHOLD));
        stageOneLoss.append(o.stageOneLoss());
        seconds.append(o.seconds());
    }

    /** The per-run results (no timings). */
    Table table() {
        return Table.create(name, experiment, dataset, preset, method, loss, m, n, sigma, run, seed, lr, error,
                capacity, stageOneLoss);
    }

    /** The wall time of each row, with the columns that identify it. */
    Table timings() {
        return Table.create(name + " timings", preset.copy(), method.copy(), loss.copy(), m.copy(), n.copy(),
                sigma.copy(), run.copy(), seconds);
    }
}
