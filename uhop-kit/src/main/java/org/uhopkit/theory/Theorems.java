package org.uhopkit.theory;

import org.uhopkit.internal.Checks;
import org.uhopkit.report.Tables;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.uhopkit.Kernel;
import org.uhopkit.MemorySpec;
import org.uhopkit.Retriever;
import org.uhopkit.Separation;
import org.uhopkit.SeparationLoss;
import org.uhopkit.Similarity;
import org.uhopkit.TrainedMemory;
import org.uhopkit.UHop;
import org.uhopkit.UHopSpec;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Numerical checks of every theoretical claim of U-Hop (Wu, Hu, Hsiao &amp; Liu, ICML 2024): one static
 * method per claim, each returning a {@link ClaimReport} (verdict, plain sentence, numbers, table, figure).
 * Pass float64 arrays: memories {@code (M, d)} one per row, queries {@code (B, d)}.
 *
 * <pre>
 * jshell&gt; var spec = UHop.memories(xi).separation(Separation.sparsemax()).beta(4.0);
 * jshell&gt; Theorems.energyDescent(spec, queries, 30).verdict()   // Theorem 2.1, Lemma 2.1
 * $3 ==&gt; HOLDS
 * jshell&gt; Theorems.marginCondition(spec).sentence()              // Theorem 2.2, with the sign corrected
 * </pre>
 *
 * <p>Corrections to the paper that these checks establish (each report states its own): the sign of
 * (2.7) (exact retrieval iff {@code beta (K(xi_mu, xi_mu) - max K(xi_nu, xi_mu)) >= 1/(alpha - 1)}),
 * Corollary 2.2.1 (the Lipschitz constant bounds distances from above, so the stated bound is not sufficient),
 * the convexity of the separation loss (it is scale-invariant in W, hence not convex), and Theorem 3.1
 * (independent features suffice; orthogonality is only what the paper's left inverse needs).
 */
public final class Theorems {

    private Theorems() {}

    /** Queries inside the spheres {@code S_mu} (Definition 1.1) and the memory each belongs to. */
    public record SphereQueries(NDArray queries, int[] targets, double radius) {}

    // ------------------------------------------------------------------ Theorem 2.1 and Lemma 2.1

    /**
     * Theorem 2.1 and Lemma 2.1 for one setting: along T steps of {@code x <- Xi^T Sep(beta K(Xi, x))} (eq. 2.4)
     * the energy of eq. (2.2) never increases (tolerance {@code 1e-10 (1 + max |E|)}), the iterates converge
     * ({@code ||T(x_T) - x_T|| <= 1e-8 (1 + ||x_T||)}), and a converged point is stationary: the gradient of E,
     * computed with DJL's autograd, is at most {@code 1e-6} of its starting norm.
     *
     * @param spec an inner-product similarity with an entmax-family separation (a {@link MemorySpec} or
     *     {@link TrainedMemory#stageTwo()})
     * @param queries {@code (B, d)}
     * @param steps T
     */
    public static ClaimReport energyDescent(MemorySpec spec, NDArray queries, int steps) {
        Checks.notNull("spec", spec);
        Checks.compatible("queries", queries, spec.memories());
        Checks.atLeast("T (update steps)", steps, 1);
        return DynamicsChecks.run(spec, queries, steps).report();
    }

    /**
     * {@link #energyDescent} over every {@code alpha} x {@code beta} for three kernels: the dot product, U-Hop
     * before Stage I ({@code N = 0}, rows of the random W normalised) and after {@code N} Stage I steps.
     */
    public static ClaimReport energyDescentSweep(NDArray xi, NDArray queries, double[] alphas, double[] betas,
            int stageOneSteps, int steps, long seed) {
        Checks.finiteMatrix("memories", xi);
        Checks.compatible("queries", queries, xi);
        for (double a : alphas) {
            Checks.inRange("alpha", a, 1, 2);
        }
        for (double b : betas) {
            Checks.positiveFinite("beta", b);
        }
        return DynamicsChecks.sweep(xi, queries, alphas, betas, stageOneSteps, steps, seed);
    }

    /**
     * The gradient {@code dE/dx} of the energy of eq. (2.2) at each row of {@code states}, by DJL's autograd;
     * {@code (B, d)} in the states' manager. In closed form it is {@code A (x - Xi^T p*)}, {@code A = W^T W}.
     */
    public static NDArray energyGradient(MemorySpec spec, NDArray states) {
        Checks.compatible("states", states, spec.memories());
        return DynamicsChecks.gradient(spec, states);
    }

    // ------------------------------------------------------------------ exact retrieval

    /**
     * Eq. (2.6): for each memory, whether {@code Sep(beta K(Xi, xi_mu)) = e_mu} (every other weight exactly 0),
     * and whether {@code xi_mu} is a fixed point of T. The verdict checks that the two coincide.
     */
    public static ClaimReport exactRetrieval(MemorySpec spec) {
        Checks.notNull("spec", spec);
        return RetrievalChecks.exactRetrieval(spec);
    }

    /** Theorem 2.2 with alpha taken from the spec's separation (entmax, sparsemax) and t = 2. */
    public static ClaimReport marginCondition(MemorySpec spec) {
        return marginCondition(spec, RetrievalChecks.alphaOf(spec.separation()), 2.0);
    }

    /**
     * Theorem 2.2: predicts exact retrieval of each memory from the condition derived from (E.1),
     * {@code beta (K(xi_mu, xi_mu) - max_{nu != mu} K(xi_nu, xi_mu)) >= 1/(alpha - 1)}, and from the paper's
     * printed forms ((2.7), the proof's line before (E.3), and (E.3), with {@code l_Phi = log G_t} of eq. 2.5),
     * and compares each with the observed exact retrievals.
     *
     * @param alpha the alpha the condition is evaluated with (in (1, 2])
     * @param t the scale t in {@code l_Phi} (the paper's 2; the truth of each form does not depend on it)
     */
    public static ClaimReport marginCondition(MemorySpec spec, double alpha, double t) {
        Checks.notNull("spec", spec);
        Checks.inRange("alpha", alpha, Math.nextUp(1.0), 2);
        Checks.positiveFinite("t", t);
        return RetrievalChecks.marginCondition(spec, alpha, t);
    }

    /**
     * (E.1) on random score vectors: {@code sep} is one-hot exactly when the top score leads the others by at
     * least {@code 1/(alpha - 1)} (margins drawn within 90 % of the threshold on either side).
     */
    public static ClaimReport entmaxOneHotCondition(NDManager nd, Separation sep, double alpha, int samples,
            long seed) {
        Checks.inRange("alpha", alpha, Math.nextUp(1.0), 2);
        Checks.atLeast("samples", samples, 4);
        return RetrievalChecks.oneHotCondition(nd, sep, alpha, samples, seed);
    }

    /**
     * Corollary 2.2.1 on given memories: {@code L = ||W||_2} (power iteration), the stated bound
     * {@code min ||xi_mu - xi_nu|| >= sqrt(2 / (L^2 beta (alpha - 1)))}, the observed exact retrievals under
     * alpha-entmax with the kernel of W, and a corrected sufficient condition.
     *
     * @param w the feature matrix {@code (D_Phi, d)}, or null for the dot product (W = I)
     */
    public static ClaimReport lipschitzCorollary(NDArray xi, NDArray w, double beta, double alpha) {
        Checks.finiteMatrix("memories", xi);
        Checks.positiveFinite("beta", beta);
        Checks.inRange("alpha", alpha, Math.nextUp(1.0), 2);
        return RetrievalChecks.corollary(xi, w, beta, alpha);
    }

    /** Corollary 2.2.1: random small memory sets scaled to meet the stated bound; any non-exact memory is a counterexample. */
    public static ClaimReport lipschitzCorollarySearch(NDManager nd, int trials, long seed) {
        Checks.atLeast("trials", trials, 1);
        return RetrievalChecks.corollarySearch(nd, trials, seed);
    }

    // ------------------------------------------------------------------ bound (1.3)

    /**
     * {@code perMemory} queries inside each sphere {@code S_mu} of radius {@code R = min ||xi_mu - xi_nu|| / 2}
     * (Definition 1.1), at distances {@code R/perMemory, 2R/perMemory, ..., R} in random directions; in the
     * memories' manager and type.
     */
    public static SphereQueries sphereQueries(NDArray xi, int perMemory, long seed) {
        Checks.finiteMatrix("memories", xi);
        Checks.atLeast("queries per memory", perMemory, 1);
        return RetrievalChecks.sphereQueries(xi, perMemory, seed);
    }

    /**
     * The retrieval error bound (1.3), {@code ||T(x) - xi_mu|| <= 2 m (M-1) exp(-beta (Delta_mu - 2 m R))} for
     * {@code x in S_mu}, with Delta_mu, m and R from the dot product, for one step of the spec's dynamics.
     *
     * @param targets the memory each query belongs to
     */
    public static ClaimReport retrievalErrorBound(MemorySpec spec, NDArray queries, int[] targets) {
        Checks.compatible("queries", queries, spec.memories());
        if (targets.length != queries.getShape().get(0)) {
            throw new IllegalArgumentException("targets must have one entry per query (" + queries.getShape().get(0)
                    + "), got " + targets.length);
        }
        return RetrievalChecks.errorBound(spec, queries, targets);
    }

    /** Delta_mu = <xi_mu, xi_mu> - max_{nu != mu} <xi_nu, xi_mu> for each memory (section 1). */
    public static double[] separations(NDArray xi) {
        return RetrievalChecks.separations(Dense.rows(xi));
    }

    /** m, the largest norm of the memories. */
    public static double largestNorm(NDArray xi) {
        return RetrievalChecks.largestNorm(Dense.rows(xi));
    }

    /** R = min_{mu != nu} ||xi_mu - xi_nu|| / 2 (Definition 1.1). */
    public static double radius(NDArray xi) {
        return RetrievalChecks.radius(Dense.rows(xi));
    }

    /** ||W||_2 and sigma_min(W), the Lipschitz and co-Lipschitz constants of Phi(x) = W x. */
    public static double[] singularRange(NDArray w) {
        return Dense.singularRange(w);
    }

    // ------------------------------------------------------------------ separation loss

    /**
     * Convexity of any function of a matrix along given segments: {@code f} on a grid of {@code points} along
     * each {@code [W0, W1]}, flagged where it rises above the chord or above the mean of its grid neighbours.
     */
    public static ClaimReport convexityAlongSegments(String what, ToDoubleFunction<NDArray> f,
            List<NDArray[]> segments, int points) {
        return LossChecks.convexity(what, f, segments, points);
    }

    /**
     * Convexity of a separation loss in W along {@code segments} random segments between Gaussian W's
     * ({@code (D_Phi, d)}, the second scaled by a random factor in [0.1, 10]).
     */
    public static ClaimReport lossConvexity(NDArray xi, SeparationLoss loss, double t, int dPhi, int segments,
            int points, long seed) {
        Checks.finiteMatrix("memories", xi);
        Checks.atLeast("segments", segments, 1);
        return LossChecks.lossConvexity(xi, loss, t, dPhi, segments, points, seed);
    }

    /** The O(1/N) claim on a loss trace (entry k = loss after k steps): log-log slope of the gap to the best value. */
    public static ClaimReport lossDecay(double[] trace) {
        return LossChecks.decay(trace);
    }

    /** {@link #lossDecay(double[])} on the Stage I trace of {@code spec.stageOne(n)}. */
    public static ClaimReport lossDecay(UHopSpec spec, int n) {
        try (TrainedMemory mem = spec.stageOne(n)) {
            return LossChecks.decay(mem.lossTrace());
        }
    }

    /**
     * Figure 1 / G.1: for every N in {@code ns} and learning rate in {@code rates}, Stage I on {@code xi}, then
     * one retrieval step for {@code queries} (query i belongs to memory i); Spearman correlation of final loss
     * and mean squared error.
     */
    public static ClaimReport lossVersusError(NDArray xi, NDArray queries, Separation sep, double beta, int[] ns,
            double[] rates, long seed) {
        Checks.compatible("queries", queries, xi);
        if (queries.getShape().get(0) != xi.getShape().get(0)) {
            throw new IllegalArgumentException("query i must belong to memory i: need M = " + xi.getShape().get(0)
                    + " queries, got " + queries.getShape().get(0));
        }
        return LossChecks.lossVersusError(xi, queries, sep, beta, ns, rates, seed);
    }

    /** Each memory with a random {@code fraction} of its entries set to 0 (the paper's masked queries). */
    public static NDArray maskedQueries(NDArray xi, double fraction, long seed) {
        Checks.inRange("fraction", fraction, 0, 1);
        return LossChecks.masked(xi, fraction, seed);
    }

    // ------------------------------------------------------------------ Theorem 3.1

    /**
     * Theorem 3.1: builds W_K and W_Q as in appendix E.4 from features {@code (M, D)} (one per row; X' is their
     * transpose) and checks {@code Softmax(beta (W_K X')^T W_Q X') = P} column by column, with the paper's left
     * inverse for orthogonal columns and with the Moore-Penrose left inverse.
     *
     * @param p {@code (M, M)}, positive, columns summing to 1
     */
    public static ClaimReport representation(NDArray features, NDArray p, double beta) {
        Checks.finiteMatrix("features", features);
        Checks.finiteMatrix("P", p);
        Checks.positiveFinite("beta", beta);
        return RepresentationChecks.representation(features, p, beta);
    }

    /** A random positive column-stochastic {@code (M, M)} matrix in {@code nd} (float64). */
    public static NDArray columnStochastic(NDManager nd, int m, long seed) {
        Checks.atLeast("M", m, 1);
        return Dense.array(nd, RepresentationChecks.columnStochastic(m, seed));
    }

    /**
     * Minimises the loss of Definition 3.1 ({@link SeparationLoss#deepLearning()}) for every N in {@code ns}
     * (Gaussian W of the given seed, constant rate, rows not normalised) and reports how close the normalised
     * features come to orthogonal and what the construction of E.4 then gives for a random P.
     */
    public static ClaimReport representationByLearning(NDArray xi, int[] ns, double t, double rate, double beta,
            long seed) {
        Checks.finiteMatrix("memories", xi);
        return RepresentationChecks.learnOrthogonal(xi, ns, t, rate, beta, seed);
    }

    // ------------------------------------------------------------------ Tables 2 and 3

    /** The models of Table 3 (and the kit's distance baselines), described by the kit objects that implement them. */
    public static List<ModelDescription> models() {
        return List.of(
                new ModelDescription("Dense Associative Memory", "Krotov and Hopfield, 2016", Similarity.dot(), null,
                        List.of(Separation.polynomial(10)), true),
                new ModelDescription("Modern Hopfield Network", "Ramsauer et al., 2020", Similarity.dot(), null,
                        List.of(Separation.softmax()), true),
                new ModelDescription("Sparse Modern Hopfield Network", "Hu et al., 2023", Similarity.dot(), null,
                        List.of(Separation.sparsemax()), true),
                new ModelDescription("U-Hop + (Wu et al., 2024; Hu et al., 2023; Ramsauer et al., 2020)",
                        "this paper", null, Kernel.linear(),
                        List.of(Separation.softmax(), Separation.sparsemax(), Separation.entmax(1.5),
                                Separation.polynomial(10)), true),
                new ModelDescription("Generalized Sparse Hopfield (1.5-entmax)", "Wu et al., 2024", Similarity.dot(),
                        null, List.of(Separation.entmax(1.5)), false),
                new ModelDescription("l2 MHM", "Millidge et al., 2022", Similarity.negativeEuclidean(), null,
                        List.of(Separation.softmax()), false),
                new ModelDescription("Manhattan MHM", "Millidge et al., 2022", Similarity.negativeManhattan(), null,
                        List.of(Separation.softmax()), false));
    }

    /** Table 3 rendered from {@link #models()}. */
    public static Table table3() {
        StringColumn model = StringColumn.create("Model");
        StringColumn overlap = StringColumn.create("Overlap Construction");
        StringColumn sep = StringColumn.create("Separation");
        StringColumn adapt = StringColumn.create("Adaptivity");
        StringColumn energy = StringColumn.create("Energy (2.2)");
        BooleanColumn in3 = BooleanColumn.create("In Table 3");
        StringColumn kit = StringColumn.create("kit objects");
        for (ModelDescription m : models()) {
            model.append(m.model() + " (" + m.citation() + ")");
            overlap.append(m.overlapConstruction());
            sep.append(m.separationName());
            adapt.append(m.adaptive() ? "Yes" : "No");
            energy.append(m.energy());
            in3.append(m.inTable3());
            kit.append((m.kernel() != null ? m.kernel().toString() : m.similarity().toString()) + " / "
                    + m.separations());
        }
        return Table.create("Table 3: comparison of models (from the kit's model descriptions)", model, overlap, sep,
                adapt, energy, in3, kit);
    }

    /** One row of Table 2: the paper's symbol, its description, and the kit member that holds it. */
    public record Notation(String symbol, String description, Class<?> owner, String member) {
        /** The kit member, checked to exist (so the table cannot name a method the kit does not have). */
        public String kitMember() {
            boolean exists = Arrays.stream(owner.getMethods()).map(Method::getName).anyMatch(member::equals);
            if (!exists) {
                throw new IllegalStateException("Table 2 names " + owner.getSimpleName() + "." + member
                        + ", which the kit does not have");
            }
            return owner.getSimpleName() + "." + member + "()";
        }
    }

    /** The notation of Table 2 with the kit member for each symbol. */
    public static List<Notation> notation() {
        return List.of(
                new Notation("d", "Dimension of patterns", MemorySpec.class, "dimension"),
                new Notation("M", "Number of stored memory patterns", MemorySpec.class, "size"),
                new Notation("beta", "Scaling factor (inverse temperature) of the energy", MemorySpec.class, "beta"),
                new Notation("x", "State/configuration/query pattern in R^d", Retriever.class, "retrieve"),
                new Notation("x*", "Stationary points of the Hopfield energy (gradient 0)", Theorems.class,
                        "energyGradient"),
                new Notation("xi, Xi", "Memory patterns, M rows of length d (the paper: columns)", MemorySpec.class,
                        "memories"),
                new Notation("Xi^T x", "M-dimensional overlap vector", Similarity.class, "scores"),
                new Notation("Phi(.)", "Kernelised feature map Phi(x) = W x", Kernel.class, "initialWeights"),
                new Notation("D_Phi", "Dimension of the kernel space", TrainedMemory.class, "featureDimension"),
                new Notation("W", "Weight matrix of the linear affine feature map (2.1), (D_Phi, d)",
                        TrainedMemory.class, "w"),
                new Notation("K(.,.)", "Kernel K(u, v) = <Phi(u), Phi(v)>", Similarity.class, "kernel"),
                new Notation("E(x)", "Energy (2.2)", MemorySpec.class, "energy"),
                new Notation("Sep", "Separation function (softmax, sparsemax, alpha-entmax)", Separation.class,
                        "weights"),
                new Notation("Psi*", "Convex conjugate of the entropic regulariser (2.3)", Separation.class,
                        "conjugate"),
                new Notation("m", "Largest norm of memory patterns", Theorems.class, "largestNorm"),
                new Notation("R", "Half the smallest distance between memories", Theorems.class, "radius"),
                new Notation("Delta_mu", "Separation of memory mu from the others", Theorems.class, "separations"),
                new Notation("S_mu", "Sphere of radius R around xi_mu", Theorems.class, "sphereQueries"),
                new Notation("N", "Stage I iterations", UHopSpec.class, "stageOne"),
                new Notation("T", "Stage II update steps", MemorySpec.class, "updateSteps"),
                new Notation("t", "Scale of the separation loss", UHopSpec.class, "lossScale"),
                new Notation("L_Phi", "Separation loss (Definition 2.2, 3.1)", SeparationLoss.class,
                        "valueAndGradient"),
                new Notation("UHop", "Entry point", UHop.class, "memories"));
    }

    /** Table 2 rendered from {@link #notation()}; fails if a named kit member does not exist. */
    public static Table table2() {
        StringColumn sym = StringColumn.create("Symbol");
        StringColumn desc = StringColumn.create("Description");
        StringColumn kit = StringColumn.create("kit");
        for (Notation n : notation()) {
            sym.append(n.symbol());
            desc.append(n.description());
            kit.append(n.kitMember());
        }
        return Table.create("Table 2: notation and where the kit holds it", sym, desc, kit);
    }
}
