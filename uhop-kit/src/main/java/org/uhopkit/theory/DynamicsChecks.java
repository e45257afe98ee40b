package org.uhopkit.theory;

import org.uhopkit.report.Charts;
import org.uhopkit.report.Html;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.uhopkit.Kernel;
import org.uhopkit.MemorySpec;
import org.uhopkit.Retrieval;
import org.uhopkit.Separation;
import org.uhopkit.TrainedMemory;
import org.uhopkit.UHop;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Theorem 2.1 and Lemma 2.1: energy descent, convergence, stationarity. Package-private. */
final class DynamicsChecks {

    static final String CLAIM = "Theorem 2.1 and Lemma 2.1 (energy descent and stationary limits)";

    private DynamicsChecks() {}

    static NDArray gradient(MemorySpec spec, NDArray states) {
        NDManager owner = states.getManager();
        try (NDManager s = owner.newSubManager(states.getDevice())) {
            NDArray x = states.duplicate();
            x.attach(s);
            x.setRequiresGradient(true);
            NDArray g;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray e = spec.energyArray(x).sum();
                gc.backward(e);
                g = x.getGradient().duplicate();
            }
            g.attach(owner);
            return g;
        }
    }

    static double[] rowNorms(NDArray a) {
        return java.util.Arrays.stream(Dense.rows(a)).mapToDouble(Dense::norm).toArray();
    }

    /** The outcome of one configuration: the report and the mean energy trace. */
    record Outcome(ClaimReport report, double[] meanEnergy, double maxIncrease, double maxRelativeGradient,
            int unconverged) {}

    static Outcome run(MemorySpec spec, NDArray queries, int steps) {
        MemorySpec dyn = spec.updateSteps(steps).tolerance(0).trackEnergy(true);
        double[][] e;
        double[] moves;
        double[] gradStart;
        double[] gradEnd;
        double[] residual;
        double[] stateNorm;
        double[] mean;
        try (Retrieval r = dyn.retrieve(queries)) {
            if (!r.hasEnergy()) {
                throw new IllegalArgumentException("the energy of eq. (2.2) is not defined for " + spec);
            }
            e = r.energyTrace();
            mean = r.meanEnergy();
            moves = r.moves();
            try (NDArray g0 = gradient(spec, queries); NDArray g1 = gradient(spec, r.states())) {
                gradStart = rowNorms(g0);
                gradEnd = rowNorms(g1);
            }
            stateNorm = rowNorms(r.states());
            // convergence of each query: the next move |T(x_T) - x_T| (Retrieval keeps only the largest move per step)
            try (Retrieval next = spec.updateSteps(1).trackEnergy(false).retrieve(r.states())) {
                try (NDArray diff = next.states().sub(r.states())) {
                    residual = rowNorms(diff);
                }
            }
        }
        int b = e[0].length;
        double scale = 0;
        for (double[] row : e) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        double tol = 1e-10 * (1 + scale);
        IntColumn q = IntColumn.create("query");
        DoubleColumn e0 = DoubleColumn.create("energy_start");
        DoubleColumn eT = DoubleColumn.create("energy_end");
        DoubleColumn inc = DoubleColumn.create("max_energy_increase");
        DoubleColumn g0c = DoubleColumn.create("grad_norm_start");
        DoubleColumn gTc = DoubleColumn.create("grad_norm_end");
        DoubleColumn res = DoubleColumn.create("fixed_point_residual");
        StringColumn status = StringColumn.create("status");
        double maxInc = Double.NEGATIVE_INFINITY;
        int worstQuery = -1;
        int worstStep = -1;
        double maxRel = 0;
        int unconverged = 0;
        int nonStationary = 0;
        for (int i = 0; i < b; i++) {
            double qi = Double.NEGATIVE_INFINITY;
            for (int t = 1; t < e.length; t++) {
                double d = e[t][i] - e[t - 1][i];
                if (d > qi) {
                    qi = d;
                }
                if (d > maxInc) {
                    maxInc = d;
                    worstQuery = i;
                    worstStep = t;
                }
            }
            boolean converged = residual[i] <= 1e-8 * (1 + stateNorm[i]);
            double rel = gradEnd[i] / Math.max(1, gradStart[i]);
            String st;
            if (qi > tol) {
                st = "energy increased";
            } else if (!converged) {
                st = "not converged in T";
                unconverged++;
            } else if (rel > 1e-6) {
                st = "converged, not stationary";
                nonStationary++;
            } else {
                st = "stationary";
            }
            if (converged) {
                maxRel = Math.max(maxRel, rel);
            }
            q.append(i);
            e0.append(e[0][i]);
            eT.append(e[e.length - 1][i]);
            inc.append(qi);
            g0c.append(gradStart[i]);
            gTc.append(gradEnd[i]);
            res.append(residual[i]);
            status.append(st);
        }
        Verdict verdict;
        String sentence;
        if (maxInc > tol) {
            verdict = Verdict.DOES_NOT_HOLD;
            sentence = "The energy increased by " + Html.number(maxInc, 3) + " (tolerance " + Html.number(tol, 2)
                    + ") at step " + worstStep + " for query " + worstQuery
                    + ": T is not a descent step for this energy.";
        } else if (nonStationary > 0) {
            verdict = Verdict.DOES_NOT_HOLD;
            sentence = nonStationary + " converged queries end at a point whose energy gradient is not near zero"
                    + " (relative norm up to " + Html.number(maxRel) + ").";
        } else {
            verdict = Verdict.HOLDS;
            sentence = "The energy never increased over " + steps + " steps (largest change "
                    + Html.number(Math.max(maxInc, 0)) + ", tolerance " + Html.number(tol)
                    + ") and every converged query ends at a stationary point (autograd gradient norm at most "
                    + Html.number(maxRel) + " of the starting one)"
                    + (unconverged > 0 ? "; " + unconverged + " of " + b
                            + " queries had not converged after T steps, so stationarity is not checked for them."
                            : ".");
        }
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("queries", (double) b);
        numbers.put("update steps T", (double) steps);
        numbers.put("largest energy increase", maxInc);
        numbers.put("energy tolerance", tol);
        numbers.put("largest relative gradient at the limit", maxRel);
        numbers.put("unconverged queries", (double) unconverged);
        Table table = Table.create("energy descent: " + spec, q, e0, eT, inc, g0c, gTc, res, status);
        var chart = Charts.of("Energy E(x) along T_K (" + spec.separation() + ", beta = " + spec.beta() + ")",
                "update step t", "energy (eq. 2.2)");
        double[] steps01 = Charts.seq(0, e.length);
        for (int i = 0; i < Math.min(8, b); i++) {
            double[] y = new double[e.length];
            for (int t = 0; t < e.length; t++) {
                y[t] = e[t][i];
            }
            chart.line("query " + i, steps01, y);
        }
        chart.lineMarkers("mean", steps01, mean);
        ClaimReport report = new ClaimReport(CLAIM, verdict, sentence, numbers, table, chart.build());
        return new Outcome(report, mean, maxInc, maxRel, unconverged);
    }

    static ClaimReport sweep(NDArray xi, NDArray queries, double[] alphas, double[] betas, int stageOneSteps,
            int updateSteps, long seed) {
        StringColumn kernel = StringColumn.create("kernel");
        DoubleColumn alphaC = DoubleColumn.create("alpha");
        DoubleColumn betaC = DoubleColumn.create("beta");
        DoubleColumn incC = DoubleColumn.create("max_energy_increase");
        DoubleColumn relC = DoubleColumn.create("max_relative_gradient");
        IntColumn unc = IntColumn.create("unconverged");
        StringColumn verdictC = StringColumn.create("verdict");
        var chart = Charts.of("Normalised mean energy (E_t - E_T) / (E_0 - E_T) along T_K", "update step t",
                "normalised mean energy");
        int failures = 0;
        int configs = 0;
        double worstInc = Double.NEGATIVE_INFINITY;
        List<String> kernels = List.of("dot product", "U-Hop N=0", "U-Hop N=" + stageOneSteps);
        for (String k : kernels) {
            TrainedMemory mem = null;
            try {
                MemorySpec base;
                if (k.equals("dot product")) {
                    base = UHop.memories(xi);
                } else {
                    int n = k.equals("U-Hop N=0") ? 0 : stageOneSteps;
                    mem = UHop.memories(xi).kernel(Kernel.linear().seed(seed)).stageOne(n);
                    base = mem.stageTwo();
                }
                for (double a : alphas) {
                    for (double b : betas) {
                        MemorySpec spec = base.separation(Separation.entmax(a)).beta(b);
                        Outcome o = run(spec, queries, updateSteps);
                        configs++;
                        if (o.report().verdict() != Verdict.HOLDS) {
                            failures++;
                        }
                        worstInc = Math.max(worstInc, o.maxIncrease());
                        kernel.append(k);
                        alphaC.append(a);
                        betaC.append(b);
                        incC.append(o.maxIncrease());
                        relC.append(o.maxRelativeGradient());
                        unc.append(o.unconverged());
                        verdictC.append(o.report().verdict().toString());
                        double[] m = o.meanEnergy();
                        double span = m[0] - m[m.length - 1];
                        double[] y = new double[m.length];
                        for (int t = 0; t < m.length; t++) {
                            y[t] = span > 0 ? (m[t] - m[m.length - 1]) / span : 0;
                        }
                        chart.line(k + ", alpha=" + a + ", beta=" + b, Charts.seq(0, m.length), y);
                    }
                }
            } finally {
                if (mem != null) {
                    mem.close();
                }
            }
        }
        Verdict verdict = failures == 0 ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD;
        String sentence = failures == 0
                ? "In all " + configs + " settings (3 kernels x " + alphas.length + " alpha x " + betas.length
                        + " beta) the energy never increased and the converged iterates are stationary points."
                : failures + " of " + configs + " settings break energy descent or stationarity (see the table).";
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("settings", (double) configs);
        numbers.put("settings failing", (double) failures);
        numbers.put("largest energy increase (any setting)", worstInc);
        Table table = Table.create("energy descent over settings", kernel, alphaC, betaC, incC, relC, unc, verdictC);
        return new ClaimReport(CLAIM, verdict, sentence, numbers, table, chart.build());
    }
}
