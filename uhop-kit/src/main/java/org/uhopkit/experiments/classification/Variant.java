package org.uhopkit.experiments.classification;

import org.uhopkit.Separation;

import java.util.Arrays;

/**
 * The four models of Table 1 (section 4.2, appendix F.4): the modern Hopfield model (MHM, softmax; Ramsauer et
 * al. 2020), the sparse modern Hopfield model (sparsemax; Hu et al. 2023), and each with U-Hop (a kernel
 * {@code Phi} learned by Algorithm 2 on the separation loss).
 */
public enum Variant {
    /** Modern Hopfield, softmax, no kernel. */
    MHM("mhm", "MHM", false, false),
    /** Modern Hopfield with U-Hop. */
    MHM_UHOP("mhm-uhop", "MHM + U-Hop", false, true),
    /** Sparse modern Hopfield, sparsemax (softmax in the official preset, as the authors' code ran it). */
    SPARSE_MHM("sparse", "Sparse MHM", true, false),
    /** Sparse modern Hopfield with U-Hop. */
    SPARSE_MHM_UHOP("sparse-uhop", "Sparse MHM + U-Hop", true, true);

    private final String id;
    private final String label;
    private final boolean sparse;
    private final boolean uhop;

    Variant(String id, String label, boolean sparse, boolean uhop) {
        this.id = id;
        this.label = label;
        this.sparse = sparse;
        this.uhop = uhop;
    }

    /**
     * The name in files and on the command line, e.g. {@code sparse-uhop}.
     *
     * @return the command-line name
     */
    public String id() {
        return id;
    }

    /**
     * The name in the paper's Table 1, e.g. {@code Sparse MHM + U-Hop}.
     *
     * @return the Table 1 name
     */
    public String label() {
        return label;
    }

    /**
     * Whether the separation is sparsemax.
     *
     * @return true for sparsemax
     */
    public boolean sparse() {
        return sparse;
    }

    /**
     * Whether the kernel is learned with U-Hop (Algorithm 2).
     *
     * @return true when the kernel is learned with U-Hop
     */
    public boolean uhop() {
        return uhop;
    }

    /**
     * The separation asked for: softmax or sparsemax.
     *
     * @return the separation
     */
    public Separation separation() {
        return sparse ? Separation.sparsemax() : Separation.softmax();
    }

    /**
     * The variant with name {@code s} ({@link #id()} or {@link #label()}, case-insensitive).
     *
     * @param s the id or label, any case
     * @return the variant
     * @throws IllegalArgumentException naming the value and the valid names
     */
    public static Variant parse(String s) {
        for (Variant v : values()) {
            if (s != null && (v.id.equalsIgnoreCase(s.trim()) || v.label.equalsIgnoreCase(s.trim()))) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + s + "', expected one of "
                + String.join(", ", Arrays.stream(values()).map(Variant::id).toList()));
    }

    @Override
    public String toString() {
        return label;
    }
}
