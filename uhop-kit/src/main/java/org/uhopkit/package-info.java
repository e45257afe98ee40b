/**
 * uhop-kit: U-Hop (Wu, Hu, Hsiao &amp; Liu, "Uniform Memory Retrieval with Larger Capacity for Modern
 * Hopfield Models", ICML 2024) and the modern Hopfield models it extends, over DJL NDArrays.
 *
 * <h2>Shapes, written once</h2>
 * <ul>
 *   <li>memories {@code Xi}: {@code (M, d)}, one stored pattern per row;</li>
 *   <li>queries / states {@code x}: {@code (B, d)}, one per row, same data type (float32 or float64) and
 *       device as the memories;</li>
 *   <li>scores and separation weights: {@code (B, M)};</li>
 *   <li>the feature matrix {@code W} of {@code Phi(x) = W x}: {@code (D_Phi, d)}.</li>
 * </ul>
 * Every method that takes an array validates it where it enters and names the argument and its value in
 * the exception.
 *
 * <h2>The paper's letters</h2>
 * M memories, d pattern dimension, {@code D_Phi} kernel dimension, beta inverse temperature, alpha the
 * entmax parameter, t the scale of the separation loss, N Stage I steps, gamma the Stage I learning rate,
 * T Stage II update steps.
 *
 * <h2>Phases</h2>
 * {@link org.uhopkit.UHop#memories} gives a {@link org.uhopkit.MemorySpec} (immutable, owns nothing) that
 * retrieves with a plain modern Hopfield model; {@link org.uhopkit.MemorySpec#kernel} gives a
 * {@link org.uhopkit.UHopSpec}; {@link org.uhopkit.UHopSpec#stageOne} runs Stage I and returns a
 * {@link org.uhopkit.TrainedMemory} (owns W, {@code AutoCloseable}); both retrieve through
 * {@link org.uhopkit.Retriever} into a {@link org.uhopkit.Retrieval}.
 *
 * <h2>Native memory</h2>
 * The kit never closes arrays it was given; each computation runs in a scratch manager and returns only its
 * result (in the queries' manager); a trained memory's arrays live in a manager below the memories'
 * manager. Traces are copied to Java arrays, so tables and figures hold no native memory.
 */
package org.uhopkit;
