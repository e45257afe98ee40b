package org.uhopkit.experiments;

/**
 * The models compared in the paper's memory-retrieval figures (section 4.1, Figure 3, Figure 26).
 * U-Hop + MHM and U-Hop + sparse MHM share one learned kernel per run.
 */
public enum Method {
    /** Modern Hopfield: dot product + softmax (Ramsauer et al. 2020). */
    MHM("MHM"),
    /** Sparse modern Hopfield: dot product + sparsemax (Hu et al. 2023). */
    SPARSE_MHM("Sparse MHM"),
    /** Generalized sparse modern Hopfield with 1.5-entmax (Wu et al. 2024). */
    ENTMAX("Entmax-1.5 MHM"),
    /** Dense associative memory, polynomial of order 10 (Krotov &amp; Hopfield 2016). */
    DENSE_AM("Dense AM (poly 10)"),
    /** Softmax over (negative) Euclidean distances (Millidge et al. 2022). */
    L2_MHM("l2 MHM"),
    /** Softmax over (negative) Manhattan distances (Millidge et al. 2022). */
    MANHATTAN_MHM("Man. MHM"),
    /** U-Hop (Algorithm 1) with softmax retrieval. */
    UHOP_MHM("U-Hop + MHM"),
    /** U-Hop (Algorithm 1) with sparsemax retrieval. */
    UHOP_SPARSE_MHM("U-Hop + Sparse MHM");

    private final String label;

    Method(String label) {
        this.label = label;
    }

    /**
     * The legend label, as in the paper's figures.
     *
     * @return the legend label
     */
    public String label() {
        return label;
    }

    /**
     * True for the two U-Hop models (they need Stage I).
     *
     * @return true for U-Hop + MHM and U-Hop + Sparse MHM
     */
    public boolean isUHop() {
        return this == UHOP_MHM || this == UHOP_SPARSE_MHM;
    }

    /**
     * The method with this name or label (case-insensitive), e.g. {@code uhop-mhm} or {@code U-Hop + MHM}.
     *
     * @param s the name or label, any case
     * @return the method
     * @throws IllegalArgumentException naming the value and the valid names
     */
    public static Method parse(String s) {
        for (Method m : values()) {
            if (s != null && (m.name().equalsIgnoreCase(s.trim().replace('-', '_')) || m.label.equalsIgnoreCase(s.trim()))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + s + "', expected one of "
                + java.util.Arrays.toString(values()));
    }

    /** The method whose {@link #label()} is {@code label}, as found in the result tables. */
    static Method ofLabel(String label) {
        for (Method m : values()) {
            if (m.label.equals(label)) {
                return m;
            }
        }
        throw new IllegalArgumentException("no method has the label '" + label + "'");
    }
}
