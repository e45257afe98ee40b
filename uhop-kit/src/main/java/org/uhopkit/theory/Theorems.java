package org.uhopkit.theory;

import org.uhopkit.internal.Checks;

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

    /**
     * Queries inside the spheres {@code S_mu} of Definition 1.1 and the memory each belongs to.
     *
     * @param queries {@code (B, d)}, in the memories' manager and type (the caller closes them)
     * @param targets for each query, the memory {@code mu} whose sphere holds it
     * @param radius {@code R = min_{mu != nu} ||xi_mu - xi_nu|| / 2}
     */
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
     * @param queries {@code (B, d)}, like the memories (float64 recommended)
     * @param steps T, at least 1
     * @return the report: one table row per query, the energy of some queries along the steps as a figure
     */
    public static ClaimReport energyDescent(MemorySpec spec, NDArray queries, int steps) {
        Checks.notNull("spec", spec);
        Checks.compatible("queries", queries, spec.memories());
        Checks.atLeast("T (update steps)", steps, 1);
        return DynamicsChecks.run(spec, queries, steps).report();
    }

    /**
     * {@link #energyDescent} over every {@code alpha} x {@code beta} for three kernels: the dot product, U-Hop
     * before Stage I ({@code N = 0}, rows of the random W normalised) and after {@code N} Stage I steps
     * (Algorithm 1), with alpha-entmax separations.
     *
     * @param xi memories {@code (M, d)}
     * @param queries {@code (B, d)}
     * @param alphas the entmax alphas, each in [1, 2] (1 = softmax, 2 = sparsemax)
     * @param betas the inverse temperatures, each positive
     * @param stageOneSteps N for the trained kernel
     * @param steps T, the update steps of each run
     * @param seed the seed of the kernel's initial W
     * @return the report: one table row per setting, the normalised mean energy of each as a figure
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
     * The gradient {@code dE/dx} of the energy of eq. (2.2) at each row of {@code states}, by DJL's autograd.
     * In closed form it is {@code A (x - Xi^T p*)}, {@code A = W^T W}.
     *
     * @param spec the model whose energy is differentiated
     * @param states {@code (B, d)}
     * @return {@code (B, d)}, in the states' manager (the caller closes it)
     */
    public static NDArray energyGradient(MemorySpec spec, NDArray states) {
        Checks.compatible("states", states, spec.memories());
        return DynamicsChecks.gradient(spec, states);
    }

    // ------------------------------------------------------------------ exact retrieval

    /**
     * Eq. (2.6): for each memory, whether {@code Sep(beta K(Xi, xi_mu)) = e_mu} (every other weight exactly 0),
     * and whether {@code xi_mu} is a fixed point of T (eq. 2.4). The verdict checks that the two coincide.
     *
     * @param spec the model; its memories are the points checked
     * @return the report: one table row per memory
     */
    public static ClaimReport exactRetrieval(MemorySpec spec) {
        Checks.notNull("spec", spec);
        return RetrievalChecks.exactRetrieval(spec);
    }

    /**
     * Theorem 2.2 with alpha taken from the spec's separation (entmax, sparsemax) and t = 2.
     *
     * @param spec a model with an alpha-entmax separation, alpha in (1, 2]
     * @return {@link #marginCondition(MemorySpec, double, double)} with that alpha and t = 2
     */
    public static ClaimReport marginCondition(MemorySpec spec) {
        return marginCondition(spec, RetrievalChecks.alphaOf(spec.separation()), 2.0);
    }

    /**
     * Theorem 2.2: predicts exact retrieval of each memory from the condition derived from (E.1),
     * {@code beta (K(xi_mu, xi_mu) - max_{nu != mu} K(xi_nu, xi_mu)) >= 1/(alpha - 1)}, and from the paper's
     * printed forms ((2.7), the proof's line before (E.3), and (E.3), with {@code l_Phi = log G_t} of eq. 2.5),
     * and compares each with the observed exact retrievals.
     *
     * @param spec the model; its memories are the points checked
     * @param alpha the alpha the condition is evaluated with (in (1, 2])
     * @param t the scale t in {@code l_Phi} (the paper's 2; the truth of each form does not depend on it)
     * @return the report: one table row per memory with the margin and each form's prediction
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
     *
     * @param nd where the score vectors are made (they are freed again)
     * @param sep the separation checked
     * @param alpha the alpha of the threshold, in (1, 2]
     * @param samples how many score vectors, at least 4 (split over M = 2, 3, 5, 8)
     * @param seed the seed of the draw
     * @return the report: one table row per score vector
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
     * alpha-entmax with the kernel of W (eq. 2.1), and a corrected sufficient condition.
     *
     * @param xi memories {@code (M, d)}
     * @param w the feature matrix {@code (D_Phi, d)}, or null for the dot product (W = I)
     * @param beta the inverse temperature, positive
     * @param alpha the entmax alpha, in (1, 2]
     * @return the report: one table row per memory
     */
    public static ClaimReport lipschitzCorollary(NDArray xi, NDArray w, double beta, double alpha) {
        Checks.finiteMatrix("memories", xi);
        Checks.positiveFinite("beta", beta);
        Checks.inRange("alpha", alpha, Math.nextUp(1.0), 2);
        return RetrievalChecks.corollary(xi, w, beta, alpha);
    }

    /**
     * Corollary 2.2.1: random small memory sets (d, M in [2, 6], random W, beta, alpha), scaled to meet the
     * stated bound; any memory that is then not retrieved exactly is a counterexample.
     *
     * @param nd where the trial arrays are made (they are freed again)
     * @param trials how many memory sets, at least 1
     * @param seed the seed of the draw
     * @return the report: one table row per trial
     */
    public static ClaimReport lipschitzCorollarySearch(NDManager nd, int trials, long seed) {
        Checks.atLeast("trials", trials, 1);
        return RetrievalChecks.corollarySearch(nd, trials, seed);
    }

    // ------------------------------------------------------------------ bound (1.3)

    /**
     * {@code perMemory} queries inside each sphere {@code S_mu} of radius {@code R = min ||xi_mu - xi_nu|| / 2}
     * (Definition 1.1), at distances {@code R/perMemory, 2R/perMemory, ..., R} in random directions.
     *
     * @param xi memories {@code (M, d)}
     * @param perMemory queries per memory, at least 1
     * @param seed the seed of the directions
     * @return the queries {@code (M perMemory, d)} in the memories' manager and type, with their memories
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
     * @param spec the model
     * @param queries {@code (B, d)}, like the memories
     * @param targets the memory each query belongs to, B entries
     * @return the report: one table row per query
     */
    public static ClaimReport retrievalErrorBound(MemorySpec spec, NDArray queries, int[] targets) {
        Checks.compatible("queries", queries, spec.memories());
        if (targets.length != queries.getShape().get(0)) {
            throw new IllegalArgumentException("targets must have one entry per query (" + queries.getShape().get(0)
                    + "), got " + targets.length);
        }
        return RetrievalChecks.errorBound(spec, queries, targets);
    }

    /**
     * The separation of each memory from the others (section 1).
     *
     * @param xi memories {@code (M, d)}
     * @return {@code Delta_mu = <xi_mu, xi_mu> - max_{nu != mu} <xi_nu, xi_mu>}, M values
     */
    public static double[] separations(NDArray xi) {
        return RetrievalChecks.separations(Dense.rows(xi));
    }

    /**
     * m of bound (1.3).
     *
     * @param xi memories {@code (M, d)}
     * @return the largest norm {@code max_mu ||xi_mu||}
     */
    public static double largestNorm(NDArray xi) {
        return RetrievalChecks.largestNorm(Dense.rows(xi));
    }

    /**
     * R of Definition 1.1.
     *
     * @param xi memories {@code (M, d)}
     * @return {@code R = min_{mu != nu} ||xi_mu - xi_nu|| / 2}
     */
    public static double radius(NDArray xi) {
        return RetrievalChecks.radius(Dense.rows(xi));
    }

    /**
     * The Lipschitz and co-Lipschitz constants of {@code Phi(x) = W x} (eq. 2.1), as used by Corollary 2.2.1.
     *
     * @param w {@code (D_Phi, d)}
     * @return {@code {||W||_2, sigma_min(W)}}, the second 0 when {@code W^T W} is singular
     */
    public static double[] singularRange(NDArray w) {
        return Dense.singularRange(w);
    }

    // ------------------------------------------------------------------ separation loss

    /**
     * Convexity of any function of a matrix along given segments: {@code f} on a grid of {@code points} along
     * each {@code [W0, W1]}, flagged where it rises above the chord or above the mean of its grid neighbours.
     *
     * @param what the function's name, for the sentence
     * @param f the function; it must not close its argument
     * @param segments pairs {@code {W0, W1}} of the same shape (not closed)
     * @param points grid points per segment, at least 3
     * @return the report: one table row per grid point
     */
    public static ClaimReport convexityAlongSegments(String what, ToDoubleFunction<NDArray> f,
            List<NDArray[]> segments, int points) {
        return LossChecks.convexity(what, f, segments, points);
    }

    /**
     * Convexity of a separation loss (Definition 2.2, in the normalised form D.4) in W along {@code segments}
     * random segments between Gaussian W's ({@code (D_Phi, d)}, the second scaled by a random factor in
     * [0.1, 10]).
     *
     * @param xi memories {@code (M, d)}
     * @param loss the separation loss
     * @param t its scale t
     * @param dPhi D_Phi, the rows of W
     * @param segments how many segments, at least 1
     * @param points grid points per segment, at least 3
     * @param seed the seed of the W's
     * @return the report: one table row per grid point
     */
    public static ClaimReport lossConvexity(NDArray xi, SeparationLoss loss, double t, int dPhi, int segments,
            int points, long seed) {
        Checks.finiteMatrix("memories", xi);
        Checks.atLeast("segments", segments, 1);
        return LossChecks.lossConvexity(xi, loss, t, dPhi, segments, points, seed);
    }

    /**
     * The O(1/N) claim (Lemma D.1) on a loss trace: the log-log slope of the gap to the best value over the
     * first half of the steps; the claim holds for a slope of at most -0.9.
     *
     * @param trace entry k = the loss after k steps, at least 5 entries
     * @return the report: one table row per step
     */
    public static ClaimReport lossDecay(double[] trace) {
        return LossChecks.decay(trace);
    }

    /**
     * {@link #lossDecay(double[])} on the Stage I trace of {@code spec.stageOne(n)} (Algorithm 1).
     *
     * @param spec the U-Hop settings
     * @param n N, the Stage I steps, at least 4
     * @return the report
     */
    public static ClaimReport lossDecay(UHopSpec spec, int n) {
        try (TrainedMemory mem = spec.stageOne(n)) {
            return LossChecks.decay(mem.lossTrace());
        }
    }

    /**
     * Figure 1 / G.1: for every N in {@code ns} and learning rate in {@code rates}, Stage I on {@code xi}, then
     * one retrieval step for {@code queries} (query i belongs to memory i); Spearman correlation of final loss
     * and mean squared error. N = 0 ignores the learning rate and is run once.
     *
     * @param xi memories {@code (M, d)}
     * @param queries {@code (M, d)}, query i a corrupted memory i
     * @param sep the separation of the retrieval step
     * @param beta the inverse temperature of the retrieval step
     * @param ns the Stage I steps N to try
     * @param rates the learning rates gamma to try
     * @param seed the seed of the initial W
     * @return the report: one table row per Stage I setting
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

    // ------------------------------------------------------------------ Theorem 3.1

    /**
     * Theorem 3.1: builds W_K and W_Q as in appendix E.4 from features {@code (M, D)} (one per row; X' is their
     * transpose) and checks {@code Softmax(beta (W_K X')^T W_Q X') = P} column by column, with the paper's left
     * inverse for orthogonal columns and with the Moore-Penrose left inverse.
     *
     * @param features {@code (M, D)}
     * @param p {@code (M, M)}, positive, columns summing to 1
     * @param beta the inverse temperature, positive
     * @return the report: one table row per entry of P
     */
    public static ClaimReport representation(NDArray features, NDArray p, double beta) {
        Checks.finiteMatrix("features", features);
        Checks.finiteMatrix("P", p);
        Checks.positiveFinite("beta", beta);
        return RepresentationChecks.representation(features, p, beta);
    }

    /**
     * A random positive column-stochastic matrix, the P of Theorem 3.1.
     *
     * @param nd where the matrix is made
     * @param m M, at least 1
     * @param seed the seed of the draw
     * @return {@code (M, M)}, float64, in {@code nd}
     */
    public static NDArray columnStochastic(NDManager nd, int m, long seed) {
        Checks.atLeast("M", m, 1);
        return Dense.array(nd, RepresentationChecks.columnStochastic(m, seed));
    }

    /**
     * Minimises the loss of Definition 3.1 ({@link SeparationLoss#deepLearning()}) for every N in {@code ns}
     * (Gaussian W of the given seed, constant rate, rows not normalised) and reports how close the normalised
     * features come to orthogonal and what the construction of E.4 then gives for a random P.
     *
     * @param xi memories {@code (M, d)}, M at most D_Phi = d
     * @param ns the Stage I steps N to try
     * @param t the loss scale t
     * @param rate the constant learning rate gamma
     * @param beta the inverse temperature of the construction
     * @param seed the seed of W (and, plus one, of P)
     * @return the report: one table row per N
     */
    public static ClaimReport representationByLearning(NDArray xi, int[] ns, double t, double rate, double beta,
            long seed) {
        Checks.finiteMatrix("memories", xi);
        return RepresentationChecks.learnOrthogonal(xi, ns, t, rate, beta, seed);
    }

    // ------------------------------------------------------------------ Tables 2 and 3

    /**
     * The models of Table 3 (and the kit's distance baselines), described by the kit objects that implement them.
     *
     * @return the models, in Table 3's order
     */
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

    /**
     * Table 3 rendered from {@link #models()}.
     *
     * @return a new table, one row per model
     */
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

    /**
     * One row of Table 2: the paper's symbol, its description, and the kit member that holds it.
     *
     * @param symbol the paper's symbol
     * @param description what it means
     * @param owner the kit class that holds it
     * @param member the name of the public method of {@code owner} that holds it
     */
    public record Notation(String symbol, String description, Class<?> owner, String member) {
        /**
         * The kit member, checked to exist (so the table cannot name a method the kit does not have).
         *
         * @return {@code Owner.member()}
         * @throws IllegalStateException when the owner has no such public method
         */
        public String kitMember() {
            boolean exists = Arrays.stream(owner.getMethods()).map(Method::getName).anyMatch(member::equals);
            if (!exists) {
                throw new IllegalStateException("Table 2 names " + owner.getSimpleName() + "." + member
                        + ", which the kit does not have");
            }
            return owner.getSimpleName() + "." + member + "()";
        }
    }

    /**
     * The notation of Table 2 with the kit member for each symbol.
     *
     * @return the rows of Table 2
     */
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

    /**
     * Table 2 rendered from {@link #notation()}; fails if a named kit member does not exist.
     *
     * @return a new table, one row per symbol
     */
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
