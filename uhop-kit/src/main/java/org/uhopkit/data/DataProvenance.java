package org.uhopkit.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an {@link ImageSet} came from, for provenance: its name, size, image shape and the SHA-256 of every
 * file it was read from (checked against {@code data/PROVENANCE.md} for the shipped files).
 *
 * @param name the set's name, e.g. {@code mnist-train}
 * @param size n, the number of images
 * @param width image width
 * @param height image height
 * @param channels 1 (grey) or 3 (colour planes)
 * @param dimension d = width * height * channels
 * @param sha256 file name to SHA-256, in reading order
 */
public record DataProvenance(String name, int size, int width, int height, int channels, int dimension,
        Map<String, String> sha256) {

    /**
     * Copies the checksums into an unmodifiable map that keeps their order.
     *
     * @param name the set's name
     * @param size the number of images
     * @param width the image width
     * @param height the image height
     * @param channels the channels
     * @param dimension d = width * height * channels
     * @param sha256 file name to SHA-256 (copied, order kept)
     */
    public DataProvenance {
        sha256 = Collections.unmodifiableMap(new LinkedHashMap<>(sha256));
    }
}
