/**
 * Energy landscapes and basins of attraction: the paper's Figure 2 (Wu, Hu, Hsiao &amp; Liu, "Uniform
 * Memory Retrieval with Larger Capacity for Modern Hopfield Models", ICML 2024), computed instead of drawn.
 *
 * <p>{@link org.uhopkit.landscape.EnergyLandscape} evaluates a model — a plain
 * {@link org.uhopkit.MemorySpec} (energy {@code E}, eq. 1.1 / 2.2 with the dot product) or a
 * {@link org.uhopkit.TrainedMemory} after Stage I (energy {@code E_K}, eq. 2.2 with the learned kernel) — on
 * a grid of a {@link org.uhopkit.landscape.StatePlane}: the energy at every point, and the retrieval
 * dynamics of eq. (2.4) run from every point at once (the grid points are the rows of one query batch).
 * The result, a {@link org.uhopkit.landscape.Landscape}, holds per grid point the energy, the basin (the
 * memory within {@code epsilon} of the end state, Definition 1.1), the steps to converge and the largest
 * energy rise on the way (at most 0 up to rounding where Theorem 2.1 holds), plus
 * {@link org.uhopkit.landscape.Trajectory trajectories} of chosen starting points and the
 * {@link org.uhopkit.landscape.Attractor attractors} the grid ends at. For {@code d = 2} the plane is the
 * state space itself; for larger d it is the plane through two or three chosen memories.
 *
 * <p>Shapes follow the kit: memories {@code (M, d)}, one per row; grids are {@code [ib][ia]} Java arrays
 * (row = second plane coordinate). Results are plain Java values: they hold no native memory, and every
 * NDArray a computation creates is freed before it returns. Figures: {@link org.uhopkit.report.LandscapeFigures}.
 */
package org.uhopkit.landscape;
