package org.uhopkit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * An immutable set of labelled images held in host memory as bytes (0..255), one image per row of
 * {@code d = width * height * channels} values; colour images keep the CIFAR order (the R plane, then G,
 * then B, each row-major). Converted rows are {@code (n, d)} with pixels {@code p / 255} in {@code [0, 1]}.
 *
 * <pre>
 * jshell&gt; ImageSet test = Mnist.test();
 * jshell&gt; NDArray xi = test.sample(nd, 100, 1L, DataType.FLOAT32); // 100 distinct images, seeded
 * </pre>
 */
public final class ImageSet {

    private final String name;
    private final byte[] pixels;
    private final int[] labels;
    private final int width;
    private final int height;
    private final int channels;
    private final Map<String, String> checksums;

    /**
     * An image set over {@code pixels} (not copied: callers hand over ownership).
     *
     * @param name a name for provenance, e.g. {@code mnist-train}
     * @param pixels {@code n * d} bytes, image after image
     * @param labels n labels
     * @param width image width
     * @param height image height
     * @param channels 1 (grey) or 3 (colour planes)
     * @param checksums file name to SHA-256 of the files read
     */
    public ImageSet(String name, byte[] pixels, int[] labels, int width, int height, int channels,
            Map<String, String> checksums) {
        if (width < 1 || height < 1 || channels < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height + "x"
                    + channels);
        }
        long d = (long) width * height * channels;
        if (pixels.length != d * labels.length) {
            throw new IllegalArgumentException("pixels must hold n * d = " + labels.length + " * " + d
                    + " bytes, got " + pixels.length);
        }
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.checksums = Collections.unmodifiableMap(new LinkedHashMap<>(checksums));
    }

    /**
     * The set's name (for provenance).
     *
     * @return the name, not null
     */
    public String name() {
        return name;
    }

    /**
     * n, the number of images.
     *
     * @return n, at least 0
     */
    public int size() {
        return labels.length;
    }

    /**
     * d = width * height * channels.
     *
     * @return d, the pixels per image
     */
    public int dimension() {
        return width * height * channels;
    }

    /**
     * Image width.
     *
     * @return the width in pixels
     */
    public int width() {
        return width;
    }

    /**
     * Image height.
     *
     * @return the height in pixels
     */
    public int height() {
        return height;
    }

    /**
     * Channels (1 grey, 3 colour).
     *
     * @return 1 or 3
     */
    public int channels() {
        return channels;
    }

    /**
     * The label of image {@code i}.
     *
     * @param i the image index, in {@code [0, n)}
     * @return the label, at least 0
     */
    public int label(int i) {
        checkIndex(i);
        return labels[i];
    }

    /**
     * All labels (a copy).
     *
     * @return a new array of the n labels
     */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * The raw byte of pixel {@code j} of image {@code i}, 0..255.
     *
     * @param i the image index, in {@code [0, n)}
     * @param j the pixel index, in {@code [0, d)}
     * @return the byte value, in [0, 255]
     */
    public int pixel(int i, int j) {
        checkIndex(i);
        if (j < 0 || j >= dimension()) {
            throw new IllegalArgumentException("pixel index must be in [0, " + dimension() + "), got " + j);
        }
        return pixels[i * dimension() + j] & 0xff;
    }

    /**
     * Image {@code i} as floats in [0, 1].
     *
     * @param i the image index, in {@code [0, n)}
     * @return a new array of d values in [0, 1]
     */
    public float[] image(int i) {
        checkIndex(i);
        int d = dimension();
        float[] out = new float[d];
        for (int j = 0; j < d; j++) {
            out[j] = (pixels[i * d + j] & 0xff) / 255f;
        }
        return out;
    }

    /**
     * The images at {@code indices} as an {@code (n, d)} array with pixels in [0, 1], created in {@code nd}.
     *
     * @param type FLOAT32 or FLOAT64
     * @param nd the manager the array is created in
     * @param indices the image indices, at least one, each in {@code [0, n)}
     * @return the {@code (indices.length, d)} array, owned by {@code nd}
     */
    public NDArray rows(NDManager nd, int[] indices, DataType type) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("indices must not be empty");
        }
        int d = dimension();
        Shape shape = new Shape(indices.length, d);
        if (type == DataType.FLOAT64) {
            double[] out = new double[indices.length * d];
            for (int r = 0; r < indices.length; r++) {
                int i = indices[r];
                checkIndex(i);
                for (int j = 0; j < d; j++) {
                    out[r * d + j] = (pixels[i * d + j] & 0xff) / 255.0;
                }
            }
            return nd.create(out, shape);
        }
        if (type != DataType.FLOAT32) {
            throw new IllegalArgumentException("type must be FLOAT32 or FLOAT64, got " + type);
        }
        float[] out = new float[indices.length * d];
        for (int r = 0; r < indices.length; r++) {
            int i = indices[r];
            checkIndex(i);
            for (int j = 0; j < d; j++) {
                out[r * d + j] = (pixels[i * d + j] & 0xff) / 255f;
            }
        }
        return nd.create(out, shape);
    }

    /**
     * {@code n} distinct indices drawn uniformly without replacement, reproducible from {@code seed}
     * (a partial Fisher-Yates shuffle driven by {@code java.util.Random(seed)}).
     *
     * @param n the sample size, in {@code [1, size()]}
     * @param seed the seed of the draw
     * @return a new array of n distinct indices in {@code [0, size())}
     */
    public int[] sampleIndices(int n, long seed) {
        if (n < 1 || n > size()) {
            throw new IllegalArgumentException("sample size must be in [1, " + size() + "], got " + n);
        }
        int[] perm = new int[size()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(perm.length - i);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        int[] out = new int[n];
        System.arraycopy(perm, 0, out, 0, n);
        return out;
    }

    /**
     * {@code rows(nd, sampleIndices(n, seed), type)}: n distinct images, seeded.
     *
     * @param nd the manager the array is created in
     * @param n the sample size, in {@code [1, size()]}
     * @param seed the seed of the draw
     * @param type FLOAT32 or FLOAT64
     * @return the {@code (n, d)} array, pixels in [0, 1], owned by {@code nd}
     */
    public NDArray sample(NDManager nd, int n, long seed, DataType type) {
        return rows(nd, sampleIndices(n, seed), type);
    }

    /**
     * File name to SHA-256 of the files this set was read from.
     *
     * @return an unmodifiable map, file name to hex SHA-256
     */
    public Map<String, String> checksums() {
        return checksums;
    }

    /**
     * The set's name, size, shape and file checksums, for provenance.
     *
     * @return the provenance record
     */
    public DataProvenance provenance() {
        return new DataProvenance(name, size(), width, height, channels, dimension(), checksums);
    }

    /**
     * The number of images of each label 0..max.
     *
     * @return a new array, entry l the number of images of label l
     */
    public int[] labelCounts() {
        int max = 0;
        for (int l : labels) {
            max = Math.max(max, l);
        }
        int[] counts = new int[max + 1];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= labels.length) {
            throw new IllegalArgumentException("image index must be in [0, " + labels.length + "), got " + i);
        }
    }

    @Override
    public String toString() {
        return "ImageSet(" + name + ", n=" + size() + ", " + width + "x" + height + "x" + channels + ", d="
                + dimension() + ")";
    }
}
