package org.uhopkit;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

/**
 * The result of Stage II for a batch of B queries: the retrieved states {@code (B, d)}, the separation
 * weights {@code (B, M)} of the last step, the energy (eq. 2.2) at the start and after every step, and
 * how far the states moved at each step. The two arrays live in the queries' manager; {@link #close()}
 * frees them early. Traces are plain Java arrays, so tables and figures hold no native memory.
 */
public final class Retrieval implements AutoCloseable {

    /** Column names of {@link #toTable()} and {@link #energyTable()}. */
    public static final String QUERY = "query";
    /** Index of the memory with the largest weight. */
    public static final String RETRIEVED = "retrieved";
    /** The largest weight. */
    public static final String MAX_WEIGHT = "max_weight";
    /** Number of memories with a positive weight. */
    public static final String SUPPORT = "support";
    /** Energy column. */
    public static final String ENERGY = "energy";
    /** Step column. */
    public static final String STEP = "step";

    private final NDArray states;
    private final NDArray weights;
    private final double[][] energy; // [step][query]
    private final double[] moves;
    private final int steps;
    private final String provenance;

    Retrieval(NDArray states, NDArray weights, double[][] energy, double[] moves, int steps, String provenance) {
        this.states = states;
        this.weights = weights;
        this.energy = energy;
        this.moves = moves;
        this.steps = steps;
        this.provenance = provenance;
    }

    /**
     * The retrieved states {@code (B, d)}.
     *
     * @return the states {@code (B, d)}
     */
    public NDArray states() {
        return states;
    }

    /**
     * The separation weights of the last step, {@code (B, M)}; each row sums to 1.
     *
     * @return the weights {@code (B, M)}, rows summing to 1
     */
    public NDArray weights() {
        return weights;
    }

    /**
     * Number of update steps taken (at most T; fewer when the tolerance stopped early).
     *
     * @return the steps taken, at most T
     */
    public int stepsTaken() {
        return steps;
    }

    /**
     * True where the energy was computed (inner-product similarity, entmax-family separation).
     *
     * @return true when the energy trace is not empty
     */
    public boolean hasEnergy() {
        return energy.length > 0;
    }

    /**
     * The energy trace, {@code [step][query]}: row 0 is the queries, row t the states after step t.
     * Empty when the energy is not defined or was switched off.
     *
     * @return a new array {@code [steps + 1][B]} of energies of eq. (2.2), or an empty one
     */
    public double[][] energyTrace() {
        double[][] copy = new double[energy.length][];
        for (int i = 0; i < energy.length; i++) {
            copy[i] = energy[i].clone();
        }
        return copy;
    }

    /**
     * The mean energy over the queries at each step.
     *
     * @return a new array, one mean energy per row of the trace
     */
    public double[] meanEnergy() {
        return Arrays.stream(energy).mapToDouble(row -> Arrays.stream(row).average().orElse(Double.NaN)).toArray();
    }

    /**
     * The largest L2 move of any query at each step.
     *
     * @return a new array, one largest move per step
     */
    public double[] moves() {
        return moves.clone();
    }

    /**
     * The settings that produced this result.
     *
     * @return a description of the settings
     */
    public String provenance() {
        return provenance;
    }

    /**
     * Per query: the memory with the largest weight, that weight, the support size, first and last energy.
     *
     * @return a new table, one row per query
     */
    public Table toTable() {
        float[][] w = toFloatRows(weights);
        int b = w.length;
        IntColumn query = IntColumn.create(QUERY);
        IntColumn retrieved = IntColumn.create(RETRIEVED);
        DoubleColumn maxWeight = DoubleColumn.create(MAX_WEIGHT);
        IntColumn support = IntColumn.create(SUPPORT);
        DoubleColumn first = DoubleColumn.create("energy_start");
        DoubleColumn last = DoubleColumn.create("energy_end");
        for (int i = 0; i < b; i++) {
            int best = 0;
            int count = 0;
            for (int j = 0; j < w[i].length; j++) {
                if (w[i][j] > w[i][best]) {
                    best = j;
                }
                if (w[i][j] > 0) {
                    count++;
                }
            }
            query.append(i);
            retrieved.append(best);
            maxWeight.append(w[i][best]);
            support.append(count);
            first.append(hasEnergy() ? energy[0][i] : Double.NaN);
            last.append(hasEnergy() ? energy[energy.length - 1][i] : Double.NaN);
        }
        return Table.create("retrieval", query, retrieved, maxWeight, support, first, last);
    }

    /**
     * The energy trace in long form: query, step, energy.
     *
     * @return a new table, one row per query and step
     */
    public Table energyTable() {
        IntColumn query = IntColumn.create(QUERY);
        IntColumn step = IntColumn.create(STEP);
        DoubleColumn e = DoubleColumn.create(ENERGY);
        for (int t = 0; t < energy.length; t++) {
            for (int i = 0; i < energy[t].length; i++) {
                query.append(i);
                step.append(t);
                e.append(energy[t][i]);
            }
        }
        return Table.create("energy", query, step, e);
    }

    /**
     * The energy of (up to 12) queries against the update step, with the mean over all queries.
     *
     * @return a new figure
     */
    public Figure energyFigure() {
        if (!hasEnergy()) {
            throw new IllegalStateException("this retrieval has no energy trace (" + provenance + ")");
        }
        double[] steps = new double[energy.length];
        for (int t = 0; t < steps.length; t++) {
            steps[t] = t;
        }
        int shown = Math.min(12, energy[0].length);
        ScatterTrace[] traces = new ScatterTrace[shown + 1];
        for (int i = 0; i < shown; i++) {
            double[] y = new double[energy.length];
            for (int t = 0; t < y.length; t++) {
                y[t] = energy[t][i];
            }
            traces[i] = ScatterTrace.builder(steps, y).mode(ScatterTrace.Mode.LINE_AND_MARKERS)
                    .name("query " + i).opacity(0.5).build();
        }
        traces[shown] = ScatterTrace.builder(steps, meanEnergy()).mode(ScatterTrace.Mode.LINE_AND_MARKERS)
                .name("mean of " + energy[0].length).build();
        Layout layout = Layout.builder("Energy E(x) along the retrieval dynamics")
                .xAxis(Axis.builder().title("update step t").build())
                .yAxis(Axis.builder().title("energy (eq. 2.2)").build())
                .height(420).width(760).build();
        return new Figure(layout, traces);
    }

    static float[][] toFloatRows(NDArray a) {
        long rows = a.getShape().get(0);
        long cols = a.getShape().get(1);
        float[] flat;
        try (NDArray f = a.toType(ai.djl.ndarray.types.DataType.FLOAT32, true)) {
            flat = f.toFloatArray();
        }
        float[][] out = new float[(int) rows][(int) cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, (int) (i * cols), out[i], 0, (int) cols);
        }
        return out;
    }

    /** Frees the states and weights. */
    @Override
    public void close() {
        states.close();
        weights.close();
    }

    @Override
    public String toString() {
        return "Retrieval(states=" + states.getShape() + ", steps=" + steps
                + (hasEnergy() ? ", energy " + meanEnergy()[0] + " -> " + meanEnergy()[energy.length - 1] : "")
                + ", " + provenance + ")";
    }
}
