/**
 * Numerical checks of the theory of U-Hop (Wu, Hu, Hsiao &amp; Liu, "Uniform Memory Retrieval with Larger
 * Capacity for Modern Hopfield Models", ICML 2024): one call per claim in {@link org.uhopkit.theory.Theorems},
 * each returning a {@link org.uhopkit.theory.ClaimReport} with a {@link org.uhopkit.theory.Verdict}, the
 * quantities behind it as a Tablesaw table and, where a picture helps, a Plotly figure.
 *
 * <p>Shapes follow the kit: memories {@code Xi} are {@code (M, d)}, one pattern per row; queries
 * {@code (B, d)}; features {@code (M, D_Phi)}. The checks work in float64: pass float64 arrays.
 * Tables and figures hold plain Java values, never native memory.
 */
package org.uhopkit.theory;
