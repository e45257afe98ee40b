package org.uhopkit.experiments;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.uhopkit.data.DataProvenance;

/**
 * Everything needed to rerun an experiment and check its data: the experiment, the config (data set,
 * profile, presets, base seed and how every seed derives from it), the swept settings, the data set's file
 * checksums, the error metric and the versions. Timings are not provenance: they live in {@link Timings}, so
 * two runs of the same config give the same provenance. Written as {@code provenance.json}.
 *
 * @param experiment the experiment's name, e.g. {@code capacity}
 * @param title the experiment's one-line description
 * @param dataset the data set's command-line name
 * @param profile {@code quick} or {@code paper}
 * @param presets the presets run ({@code paper}, {@code official})
 * @param seed the base seed
 * @param seedRule how each run's seeds derive from the base seed
 * @param settings the grid, models, losses, queries and Stage I specs
 * @param data the images memories were drawn from, with file checksums
 * @param errorMetric the retrieval error and capacity, in words
 * @param versions kit, DJL, engine and Java versions ({@link org.uhopkit.UHop#versions()})
 * @param availableProcessors the JVM's processors
 * @param torchThreads PyTorch's intra-op threads (-1 for another engine)
 */
public record Provenance(String experiment, String title, String dataset, String profile, List<String> presets,
        long seed, String seedRule, Settings settings, DataProvenance data, String errorMetric,
        Map<String, String> versions, int availableProcessors, int torchThreads) {

    /** The seed rule of every experiment. */
    public static final String SEED_RULE = "run r at memory set size M: memories seed + 1000003 r + 7919 M, "
            + "queries that + 1, initial W that + 2";

    /**
     * Copies the lists and maps (maps keep their order).
     *
     * @param experiment the experiment's name
     * @param title the experiment's one-line description
     * @param dataset the data set's command-line name
     * @param profile {@code quick} or {@code paper}
     * @param presets the presets run (copied)
     * @param seed the base seed
     * @param seedRule how each run's seeds derive from the base seed
     * @param settings the swept settings
     * @param data the images' provenance
     * @param errorMetric the retrieval error and capacity, in words
     * @param versions kit, DJL, engine and Java versions (copied, order kept)
     * @param availableProcessors the JVM's processors
     * @param torchThreads PyTorch's intra-op threads (-1 for another engine)
     */
    public Provenance {
        presets = List.copyOf(presets);
        versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    }

    /**
     * The presets joined by {@code +}, as in file names: {@code paper}, {@code paper+official}.
     *
     * @return the preset label, e.g. {@code paper+official}
     */
    public String presetLabel() {
        return String.join("+", presets);
    }
}
