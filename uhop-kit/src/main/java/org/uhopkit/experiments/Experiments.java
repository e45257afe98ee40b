package org.uhopkit.experiments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The registry of experiments: every {@link Experiment} by its command-line name, in the paper's order.
 * The command line accepts exactly these names (and {@code all}).
 *
 * <pre>
 * jshell&gt; Experiments.named("stage-one").title()
 * $1 ==&gt; "Stage I iterations: error vs N (Fig. 5)"
 * </pre>
 */
public final class Experiments {

    private static final Map<String, Experiment<?, ?>> BY_NAME = new LinkedHashMap<>();

    static {
        for (Experiment<?, ?> e : List.<Experiment<?, ?>>of(Experiment.CAPACITY, Experiment.NOISE, Experiment.STAGE_ONE,
                Experiment.LOSS_VS_ERROR, Experiment.MAX_VS_AVERAGE, Experiment.PRESETS,
                Experiment.CLASSIFICATION, Experiment.EXPRESSIVENESS, Experiment.FORECASTING)) {
            if (BY_NAME.put(e.name(), e) != null) {
                throw new ExceptionInInitializerError("two experiments are named " + e.name());
            }
        }
    }

    private Experiments() {}

    /**
     * Every experiment, in the paper's order.
     *
     * @return an unmodifiable list of every experiment, in the paper's order
     */
    public static List<Experiment<?, ?>> all() {
        return List.copyOf(BY_NAME.values());
    }

    /**
     * Every experiment that accepts {@code dataset}, in the paper's order ({@code reproduce all --dataset ...}).
     *
     * @param dataset the data set
     * @return the experiments accepting it, in the paper's order
     */
    public static List<Experiment<?, ?>> accepting(Dataset dataset) {
        return BY_NAME.values().stream().filter(e -> e.datasets().contains(dataset)).toList();
    }

    /**
     * Every experiment's name, in the paper's order.
     *
     * @return an unmodifiable list of the names, in the paper's order
     */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * The experiment named {@code name} (case-insensitive; {@code stage_one} is read as {@code stage-one}).
     *
     * @param name the experiment's name, any case
     * @return the experiment
     * @throws IllegalArgumentException naming the value and every valid name
     */
    public static Experiment<?, ?> named(String name) {
        Experiment<?, ?> e = name == null ? null
                : BY_NAME.get(name.trim().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (e == null) {
            throw new IllegalArgumentException("unknown experiment '" + name + "', expected one of "
                    + String.join(", ", BY_NAME.keySet()));
        }
        return e;
    }

    /**
     * Lets the experiments run in this JVM until the scope closes reuse the capacity cells they have computed:
     * {@code presets} (capacity under both presets) then takes the paper preset's cells from {@code capacity}
     * run before it with the same settings and data, instead of computing them again. The rows are the same
     * as recomputed (each cell is a pure function of the settings, the data files and the cell; a test checks
     * the files), their seconds are those of the first computation. {@code reproduce all} opens it; without it
     * every cell is computed.
     *
     * @return the scope; closing it forgets the cells
     */
    public static Reuse reuseCapacityCells() {
        return CapacityExperiment.remember();
    }

    /** A scope of {@link #reuseCapacityCells()}. */
    public interface Reuse extends AutoCloseable {
        /** Forgets the cells remembered in the scope. */
        @Override
        void close();
    }
}
