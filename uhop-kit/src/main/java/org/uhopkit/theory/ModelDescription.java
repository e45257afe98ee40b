package org.uhopkit.theory;

import java.util.List;
import org.uhopkit.Kernel;
import org.uhopkit.Separation;
import org.uhopkit.Similarity;

/**
 * One model of the paper's Table 3, described by the kit objects that implement it, so the rendered table
 * cannot drift from the code: the similarity (overlap construction), the separation, and, for U-Hop, the
 * kernel spec whose W Stage I learns.
 *
 * @param model the model's name
 * @param citation where it comes from
 * @param similarity the kit's similarity, or null when it is a learned kernel (see {@code kernel})
 * @param kernel the kernel spec of a learned kernel, or null
 * @param separations the kit separations it uses (several when the model does not restrict it)
 * @param inTable3 whether the paper's Table 3 lists it
 */
public record ModelDescription(String model, String citation, Similarity similarity, Kernel kernel,
        List<Separation> separations, boolean inTable3) {

    /**
     * Validates and copies.
     *
     * @param model the model's name
     * @param citation where it comes from
     * @param similarity the kit's similarity, or null when it is a learned kernel
     * @param kernel the kernel spec of a learned kernel, or null
     * @param separations the kit separations it uses
     * @param inTable3 whether the paper's Table 3 lists it
     */
    public ModelDescription {
        if ((similarity == null) == (kernel == null)) {
            throw new IllegalArgumentException("a model has either a fixed similarity or a learned kernel, got "
                    + similarity + " and " + kernel);
        }
        separations = List.copyOf(separations);
    }

    /**
     * The "Adaptivity" column of Table 3.
     *
     * @return true when the similarity is learned from the memories (Stage I)
     */
    public boolean adaptive() {
        return kernel != null;
    }

    /**
     * Table 3's "Overlap Construction", derived from the similarity's type.
     *
     * @return e.g. "Dot Product" or "Kernel Function K(u, v) = &lt;Wu, Wv&gt;"
     */
    public String overlapConstruction() {
        if (kernel != null) {
            return "Kernel Function K(u, v) = <Wu, Wv>";
        }
        if (similarity instanceof Similarity.Dot) {
            return "Dot Product";
        }
        if (similarity instanceof Similarity.NegativeEuclidean) {
            return "Negative l2 distance";
        }
        if (similarity instanceof Similarity.NegativeManhattan) {
            return "Negative Manhattan distance";
        }
        return similarity.toString();
    }

    /**
     * Table 3's "Separation", derived from the separations' types.
     *
     * @return e.g. "Softmax", or "Not Restricted (...)" for several
     */
    public String separationName() {
        if (separations.size() > 1) {
            return "Not Restricted (any Separation, e.g. " + separations.stream().map(ModelDescription::name)
                    .reduce((a, b) -> a + ", " + b).orElse("") + ")";
        }
        return name(separations.get(0));
    }

    static String name(Separation s) {
        if (s instanceof Separation.Softmax) {
            return "Softmax";
        }
        if (s instanceof Separation.Sparsemax) {
            return "Sparsemax";
        }
        if (s instanceof Separation.Entmax e) {
            return e.alpha() + "-EntMax";
        }
        if (s instanceof Separation.Polynomial p) {
            return "Polynomial (order " + p.order() + ")";
        }
        if (s instanceof Separation.Argmax) {
            return "Argmax";
        }
        return s.toString();
    }

    /**
     * Whether the energy of eq. (2.2) exists for this model: it needs an inner-product similarity and an
     * entmax-family separation.
     *
     * @return "Yes", "No", or the separations it exists for when the model allows several
     */
    public String energy() {
        boolean inner = kernel != null || similarity.isInnerProduct();
        if (!inner) {
            return "No";
        }
        List<String> with = separations.stream().filter(Separation::hasEnergy).map(ModelDescription::name).toList();
        if (with.size() == separations.size()) {
            return "Yes";
        }
        return with.isEmpty() ? "No" : "With " + String.join(", ", with);
    }
}
