package org.uhopkit.experiments;

import java.util.List;
import org.uhopkit.report.ExperimentFigures;
import tech.tablesaw.plotly.components.Figure;

/**
 * The paper's algorithm against the authors' code: the {@link CapacityExperiment} under {@link Preset#PAPER}
 * and then {@link Preset#OFFICIAL} on the same memories and queries, in one table and one figure (solid:
 * paper, dashed: authors' code). The config's preset is not used. Use {@link Experiment#PRESETS}.
 */
public final class PresetsExperiment extends RetrievalExperiment {

    PresetsExperiment() {}

    @Override
    public String name() {
        return "presets";
    }

    @Override
    public String title() {
        return "Paper vs authors' code: capacity under both presets";
    }

    @Override
    public List<Preset> presets(Config config) {
        return List.of(Preset.PAPER, Preset.OFFICIAL);
    }

    /** One cell per preset, memory size M and range of runs, e.g. {@code "official M=100 runs 0-19"}. */
    @Override
    public List<Cell> cells(Config config) {
        return CapacityExperiment.cells(config, presets(config), true);
    }

    @Override
    public RetrievalPart runCell(Config config, Cell cell) {
        checkCell(config, cell);
        return CapacityExperiment.runCell(this, config, cell, presets(config));
    }

    @Override
    public List<Figure> figures(ExperimentResult r) {
        Provenance p = r.provenance();
        return List.of(ExperimentFigures.meanLines(r.summary(), ExperimentResult.M, ExperimentResult.ERROR_MEAN,
                row -> row.getString(ExperimentResult.METHOD) + " [" + row.getString(ExperimentResult.PRESET) + "]",
                row -> row.getString(ExperimentResult.PRESET).equals(Preset.OFFICIAL.id()),
                "Paper (solid) vs authors' code (dashed): capacity on " + Dataset.parse(p.dataset()).label() + " ("
                        + p.profile() + ")",
                "memory set size M", ExperimentFigures.ERROR_AXIS, true));
    }
}
