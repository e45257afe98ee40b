package org.uhopkit.nn;

import org.uhopkit.data.ImageSet;
import org.uhopkit.internal.Checks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Images cut into square patches, the tokens of a vision Hopfield model (the authors' {@code ViH}: a convolution
 * with kernel = stride = patch size is a linear map of these patches): {@code (n, P, C p^2)} with
 * {@code P = (H / p) (W / p)} patches per image in row-major order, each patch's values channel by channel, then
 * row-major.
 */
public final class ImagePatches {

    /** CIFAR-10's per-channel training mean (the authors' normalisation). */
    public static final double[] CIFAR10_MEAN = {0.4914, 0.4822, 0.4465};
    /** CIFAR-10's per-channel training standard deviation (the authors' normalisation). */
    public static final double[] CIFAR10_STD = {0.2470, 0.2435, 0.2616};

    private ImagePatches() {}

    /**
     * The patches of images {@code indices} with pixels in {@code [0, 1]}.
     *
     * @param nd where the array is created
     * @param images the images (their side lengths must be multiples of {@code patch})
     * @param indices which images
     * @param patch the patch side p
     * @param type FLOAT32 or FLOAT64
     * @return {@code (n, P, C p^2)}
     */
    public static NDArray of(NDManager nd, ImageSet images, int[] indices, int patch, DataType type) {
        int c = images.channels();
        double[] zero = new double[c];
        double[] one = new double[c];
        java.util.Arrays.fill(one, 1);
        return standardized(nd, images, indices, patch, zero, one, type);
    }

    /**
     * The patches of images {@code indices}, each channel standardised: {@code (x - mean_c) / std_c}, x in
     * {@code [0, 1]}.
     *
     * @param nd where the array is created
     * @param images the images (their side lengths must be multiples of {@code patch})
     * @param indices which images
     * @param patch the patch side p
     * @param mean one value per channel
     * @param std one positive value per channel
     * @param type FLOAT32 or FLOAT64
     * @return {@code (n, P, C p^2)}
     */
    public static NDArray standardized(NDManager nd, ImageSet images, int[] indices, int patch, double[] mean,
            double[] std, DataType type) {
        Checks.notNull("images", images);
        Checks.notNull("indices", indices);
        Checks.atLeast("patch size", patch, 1);
        int w = images.width();
        int h = images.height();
        int c = images.channels();
        if (w % patch != 0 || h % patch != 0) {
            throw new IllegalArgumentException("patch size must divide the image size " + w + "x" + h + ", got "
                    + patch);
        }
        if (mean.length != c || std.length != c) {
            throw new IllegalArgumentException("mean and std need one value per channel (" + c + "), got "
                    + mean.length + " and " + std.length);
        }
        for (double s : std) {
            Checks.positiveFinite("std", s);
        }
        if (indices.length == 0) {
            throw new IllegalArgumentException("indices must not be empty");
        }
        if (type != DataType.FLOAT32 && type != DataType.FLOAT64) {
            throw new IllegalArgumentException("type must be FLOAT32 or FLOAT64, got " + type);
        }
        int px = w / patch;
        int py = h / patch;
        int count = px * py;
        int dim = c * patch * patch;
        double[] out = new double[indices.length * count * dim];
        int k = 0;
        for (int index : indices) {
            float[] img = images.image(index); // (C, H, W) row-major planes
            for (int by = 0; by < py; by++) {
                for (int bx = 0; bx < px; bx++) {
                    for (int ch = 0; ch < c; ch++) {
                        for (int y = 0; y < patch; y++) {
                            for (int x = 0; x < patch; x++) {
                                double v = img[(ch * h + by * patch + y) * w + bx * patch + x];
                                out[k++] = (v - mean[ch]) / std[ch];
                            }
                        }
                    }
                }
            }
        }
        return SeededInit.create(nd, out, new Shape(indices.length, count, dim), type);
    }
}
