package org.uhopkit;

import org.uhopkit.internal.Checks;
import org.uhopkit.internal.StageTwo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of uhop-kit: U-Hop, "Uniform Memory Retrieval with Larger Capacity for Modern Hopfield
 * Models" (Wu, Hu, Hsiao &amp; Liu, ICML 2024), and the modern Hopfield models it extends.
 *
 * <p>Shapes: memories {@code Xi} are {@code (M, d)}, one pattern per row; queries {@code (B, d)}.
 *
 * <pre>
 * jshell&gt; var spec = UHop.memories(xi).beta(8.0);
 * spec ==&gt; MemorySpec(memories=(64, 16), similarity=Dot[], separation=Softmax[], beta=8.0, T=1)
 * jshell&gt; Retrieval plain = spec.retrieve(q);                                  // modern Hopfield, eq. (1.2)
 * jshell&gt; Retrieval uhop = spec.kernel(Kernel.linear()).stageOne(100).retrieve(q); // Algorithm 1
 * </pre>
 */
public final class UHop {

    /** The kit's version. */
    public static final String VERSION = "0.1.0";

    private UHop() {}

    /**
     * A memory spec over {@code xi} with the modern Hopfield defaults: dot product, softmax, beta = 1,
     * one update step. The spec does not own {@code xi}.
     *
     * @param xi memories {@code (M, d)}, float32 or float64, finite, at least one row
     * @return a new memory spec over {@code xi}
     * @throws IllegalArgumentException for a null, freed, empty, non-matrix or non-finite array, or one whose
     *     squared row norms overflow its data type
     */
    public static MemorySpec memories(NDArray xi) {
        Checks.finiteMatrix("memories", xi);
        Checks.representablePatterns("memories", xi);
        return new MemorySpec(xi, StageTwo.defaults(), "");
    }

    /**
     * Versions for provenance: kit, DJL engine, Java, OS.
     *
     * @return a new ordered map, component to version
     */
    public static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("uhop-kit", VERSION);
        try {
            Engine e = Engine.getInstance();
            v.put("engine", e.getEngineName() + " " + e.getVersion());
            v.put("djl", Engine.getDjlVersion());
        } catch (RuntimeException | LinkageError ex) {
            v.put("engine", "unavailable: " + ex.getMessage());
        }
        v.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        v.put("djl.offline", String.valueOf(Boolean.getBoolean("ai.djl.offline")
                || "true".equalsIgnoreCase(System.getenv("DJL_OFFLINE"))));
        return v;
    }
}
