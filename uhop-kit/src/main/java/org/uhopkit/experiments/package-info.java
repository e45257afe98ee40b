/**
 * The memory-retrieval experiments of U-Hop (Wu, Hu, Hsiao &amp; Liu, ICML 2024; section 4.1, appendix F.2-F.3,
 * G.1-G.3) on real data: memory capacity (Fig. 3 left, Fig. 26), noise robustness (Fig. 3 right), Stage I
 * iterations (Fig. 5), separation loss vs error (Fig. 1, Fig. 7), max vs average loss (G.2), and the paper's
 * settings against the authors' code ({@link org.uhopkit.experiments.Preset}).
 *
 * <p>Shapes: memories {@code (M, d)} and queries {@code (M, d)}, one image per row, pixels in [0, 1]; every
 * memory is queried once, in one batch. Each experiment returns an
 * {@link org.uhopkit.experiments.ExperimentResult}: a tidy per-run Tablesaw table, a summary, Plotly figures,
 * the typed {@link org.uhopkit.experiments.Provenance} and, apart, the timings. Each experiment is a class of
 * its own, found by name in the registry {@link org.uhopkit.experiments.Experiments}.
 *
 * <pre>
 * jshell&gt; var r = Experiment.CAPACITY.run(Config.of(Dataset.MNIST).profile(Profile.QUICK));
 * jshell&gt; r.summary()                    // mean and std of the error over runs, per model and M
 * jshell&gt; r.versusBestBaseline(Method.UHOP_MHM)   // U-Hop against the best baseline at every M
 * jshell&gt; r.write(Path.of("build/results"))  // build/results/capacity-mnist-paper-quick/: CSV, HTML, JSON
 * </pre>
 */
package org.uhopkit.experiments;
