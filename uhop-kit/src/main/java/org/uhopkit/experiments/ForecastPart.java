package org.uhopkit.experiments;

import java.io.Serializable;
import org.uhopkit.internal.Checks;
import org.uhopkit.nn.stanhop.ForecastRun;

/**
 * What one cell of the forecasting experiment computed: one training run of STanHop-Net, with or without U-Hop,
 * at one horizon and seed (plain data, so a cell can run in another process).
 *
 * @param cell the cell
 * @param dataset the data set's command-line name
 * @param horizon the horizon
 * @param uhop whether the model had U-Hop kernels (trained by Algorithm 2)
 * @param seedIndex the seed's index (0, 1, ...)
 * @param seed the seed of the model's initial parameters and of the training
 * @param run what the run recorded
 */
public record ForecastPart(Cell cell, String dataset, int horizon, boolean uhop, int seedIndex, long seed,
        ForecastRun run) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Nothing may be null.
     *
     * @param cell the cell, not null
     * @param dataset the data set's command-line name, not null
     * @param horizon the horizon
     * @param uhop whether the model had U-Hop kernels
     * @param seedIndex the seed's index
     * @param seed the seed of the initial parameters and the training
     * @param run what the run recorded, not null
     */
    public ForecastPart {
        Checks.notNull("cell", cell);
        Checks.notNull("dataset", dataset);
        Checks.notNull("run", run);
    }

    /**
     * {@code STanHop-Net} or {@code STanHop-Net + U-Hop}.
     *
     * @return the variant's label
     */
    public String variant() {
        return variant(uhop);
    }

    /** The variant's label. */
    static String variant(boolean uhop) {
        return uhop ? "STanHop-Net + U-Hop" : "STanHop-Net";
    }
}
