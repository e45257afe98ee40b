package org.uhopkit.experiments;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Collects the tidy per-run rows shared by every experiment (one schema, see {@link ExperimentResult}). */
final class Rows {

    final StringColumn experiment = StringColumn.create(ExperimentResult.EXPERIMENT);
    final StringColumn dataset = StringColumn.create(ExperimentResult.DATASET);
    final StringColumn preset = StringColumn.create(ExperimentResult.PRESET);
    final StringColumn method = StringColumn.create(ExperimentResult.METHOD);
    final StringColumn loss = StringColumn.create(ExperimentResult.SEPARATION_LOSS);
    final IntColumn m = IntColumn.create(ExperimentResult.M);
    final IntColumn n = IntColumn.create(ExperimentResult.N);
    final DoubleColumn sigma = DoubleColumn.create(ExperimentResult.SIGMA);
    final IntColumn run = IntColumn.create(ExperimentResult.RUN);
    final LongColumn seed = LongColumn.create(ExperimentResult.SEED);
    final DoubleColumn lr = DoubleColumn.create(ExperimentResult.LEARNING_RATE);
    final DoubleColumn error = DoubleColumn.create(ExperimentResult.ERROR);
    final DoubleColumn capacity = DoubleColumn.create(ExperimentResult.CAPACITY);
    final DoubleColumn stageOneLoss = DoubleColumn.create(ExperimentResult.STAGE_ONE_LOSS);
    final DoubleColumn seconds = DoubleColumn.create(ExperimentResult.SECONDS);

    private final String name;
    private final Config config;

    Rows(String name, Config config) {
        this.name = name;
        this.config = config;
    }

    /** One row. */
    void add(Preset p, Method meth, String lossName, int mm, int nn, double sig, int r, long s, double rate,
            double[] errors, double stageLoss, double secs) {
        experiment.append(name);
        dataset.append(config.dataset().id());
        preset.append(p.name().toLowerCase(java.util.Locale.ROOT));
        method.append(meth.label());
        loss.append(lossName);
        m.append(mm);
        n.append(nn);
        sigma.append(sig);
        run.append(r);
        seed.append(s);
        lr.append(rate);
        error.append(RetrievalError.mean(errors));
        capacity.append(RetrievalError.thresholdCapacity(errors, RetrievalError.MILLIDGE_THRESHOLD));
        stageOneLoss.append(stageLoss);
        seconds.append(secs);
    }

    Table table() {
        return Table.create(name, experiment, dataset, preset, method, loss, m, n, sigma, run, seed, lr, error,
                capacity, stageOneLoss, seconds);
    }
}
