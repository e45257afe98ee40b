/**
 * Hopfield layers for deep learning (section 3 and 4.2 of Wu, Hu, Hsiao &amp; Liu, ICML 2024) as DJL blocks, and
 * the training scheme of Algorithm 2.
 *
 * <ul>
 *   <li>{@link org.uhopkit.nn.HopfieldBlock}: the association of state patterns {@code R} {@code (B, L, e_q)} with
 *       stored patterns {@code Y} {@code (B, S, e_k)},
 *       {@code out = W_O (Sep(beta (W_Q Phi(R)) (W_K Phi(Y))^T) V)}, with heads, the kernel {@code Phi} of eq. (2.1),
 *       every separation of the kit (softmax, sparsemax, alpha-entmax, learnable alpha), update steps, masks,
 *       dropout and LayerNorms; without projections, one update step is one retrieval step of eq. (2.4).
 *   <li>{@link org.uhopkit.nn.HopfieldPooling} (learned state patterns) and {@link org.uhopkit.nn.HopfieldLookup}
 *       (learned stored patterns).
 *   <li>{@link org.uhopkit.nn.FeatureMap}: the kernel {@code Phi}: none, linear (with or without bias, Gaussian or
 *       identity), or Stage I's {@code W} of a {@link org.uhopkit.TrainedMemory}.
 *   <li>{@link org.uhopkit.nn.UHopTrainer}: Algorithm 2, inner SGD steps on the separation loss of the kernels'
 *       features and outer steps of the task loss; {@link org.uhopkit.nn.TrainingReport} records the run.
 * </ul>
 *
 * <p>Shapes: a batch axis first, then the patterns, then their width: {@code (B, L, e)}. The paper's defaults are
 * the defaults; the authors' code's choices are named presets ({@link org.uhopkit.nn.HopfieldBlock.Preset#AUTHORS},
 * {@link org.uhopkit.nn.UHopTrainer.Preset#AUTHORS_KERNEL_FIRST}, {@link org.uhopkit.nn.UHopTrainer.Preset#AUTHORS_BILEVEL}).
 * The blocks run where their inputs are (no device is assumed) and may be used for inference from several threads
 * at once; DJL allows one gradient collector at a time, so training runs on one thread.
 */
package org.uhopkit.nn;
