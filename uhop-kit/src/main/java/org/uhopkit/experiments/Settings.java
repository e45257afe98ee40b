package org.uhopkit.experiments;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one experiment swept and with which models, as run (the profile's grid or the config's overrides).
 * Part of the {@link Provenance}; immutable.
 *
 * @param memorySizes the memory set sizes M
 * @param stageOneSteps the Stage I step counts N of U-Hop (for {@code loss-vs-error}: the largest N drawn)
 * @param noiseLevels the noise levels sigma (empty when the queries are masked)
 * @param runs runs per grid point
 * @param methods the models compared, by their legend label
 * @param losses the Stage I separation losses ({@code average}, {@code max})
 * @param queries how queries were made, per preset ({@code paper}, {@code official})
 * @param stageOneSpecs the U-Hop Stage I spec, per preset and loss ({@code paper/average}, ...)
 * @param draws random draws per run beyond the seeds (for {@code loss-vs-error}), else empty
 */
public record Settings(List<Integer> memorySizes, List<Integer> stageOneSteps, List<Double> noiseLevels, int runs,
        List<String> methods, List<String> losses, Map<String, String> queries, Map<String, String> stageOneSpecs,
        String draws) implements java.io.Serializable {

    /**
     * Copies every list and map (maps keep their order).
     *
     * @param memorySizes the memory set sizes M (copied)
     * @param stageOneSteps the Stage I step counts N (copied)
     * @param noiseLevels the noise levels sigma (copied)
     * @param runs runs per grid point
     * @param methods the models compared (copied)
     * @param losses the Stage I separation losses (copied)
     * @param queries how queries were made, per preset (copied, order kept)
     * @param stageOneSpecs the U-Hop Stage I spec, per preset and loss (copied, order kept)
     * @param draws random draws per run beyond the seeds, else empty
     */
    public Settings {
        memorySizes = List.copyOf(memorySizes);
        stageOneSteps = List.copyOf(stageOneSteps);
        noiseLevels = List.copyOf(noiseLevels);
        methods = List.copyOf(methods);
        losses = List.copyOf(losses);
        queries = Collections.unmodifiableMap(new LinkedHashMap<>(queries));
        stageOneSpecs = Collections.unmodifiableMap(new LinkedHashMap<>(stageOneSpecs));
        draws = draws == null ? "" : draws;
    }
}
