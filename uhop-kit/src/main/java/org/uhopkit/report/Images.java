package org.uhopkit.report;

import org.uhopkit.internal.Checks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Patterns as pictures: the rows of an {@code (n, d)} array (memories, queries, retrieved states) drawn as
 * a strip of small images, {@code d = height * width * channels}, channel planes one after the other, each
 * row-major (the layout of {@link org.uhopkit.data.ImageSet}). The result is an {@link ImageStrip}: a cell
 * that ends with it shows the images; {@code strip.html()} gives the HTML (PNGs inlined as data URIs, made
 * with {@code javax.imageio}, the same bytes on every run).
 *
 * <pre>
 * jshell&gt; Images.strip(xi, 28, 28, 1, 10).caption("memories")          // the first 10 MNIST digits
 * jshell&gt; display("text/html", Images.strip(queries, 28, 28, 1, 10).html());
 * </pre>
 */
public final class Images {

    private Images() {}

    /**
     * Every row of {@code patterns} as an image.
     *
     * @param patterns {@code (n, d)}, float32 or float64, finite; pixel values drawn from {@code [0, 1]} by
     *     default (see {@link ImageStrip#range}); not closed
     * @param height image height
     * @param width image width
     * @param channels 1 (grey) or 3 (R, G, B planes)
     * @return the strip, holding a host copy of the values
     * @throws IllegalArgumentException for a non-matrix, non-finite values, or {@code d != height * width *
     *     channels}
     */
    public static ImageStrip strip(NDArray patterns, int height, int width, int channels) {
        Checks.finiteMatrix("patterns", patterns);
        return strip(patterns, height, width, channels, Math.toIntExact(patterns.getShape().get(0)));
    }

    /**
     * The first {@code count} rows of {@code patterns} as images (only these are copied to the host).
     *
     * @param patterns {@code (n, d)}, float32 or float64, finite; not closed
     * @param height image height
     * @param width image width
     * @param channels 1 (grey) or 3 (R, G, B planes)
     * @param count how many rows, 1 to n
     * @return the strip, holding a host copy of the values
     * @throws IllegalArgumentException for a non-matrix, non-finite values, {@code d != height * width *
     *     channels} or a count outside [1, n]
     */
    public static ImageStrip strip(NDArray patterns, int height, int width, int channels, int count) {
        Checks.finiteMatrix("patterns", patterns);
        ImageStrip.checkGeometry(height, width, channels);
        long n = patterns.getShape().get(0);
        long d = patterns.getShape().get(1);
        if (d != (long) height * width * channels) {
            throw new IllegalArgumentException("patterns must have d = " + ((long) height * width * channels)
                    + " columns for " + height + "x" + width + "x" + channels + " images, got shape "
                    + patterns.getShape());
        }
        if (count < 1 || count > n) {
            throw new IllegalArgumentException("count must be in [1, " + n + "], got " + count);
        }
        float[] values;
        // both arrays are made here and closed here: nothing is attached to or left in the caller's manager
        try (NDArray head = patterns.get(new NDIndex("0:" + count)); NDArray f = head.toType(DataType.FLOAT32, true)) {
            values = f.toFloatArray();
        }
        return new ImageStrip(values, count, height, width, channels, null, 2, 0, 1);
    }
}
