package org.uhopkit.data;

import org.uhopkit.internal.Checks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * How a query is made from a stored image: a seeded corruption of each row of an {@code (B, d)} array of
 * images with pixels in [0, 1]. The same seed gives the same corruption on every machine (the random
 * numbers come from {@code java.util.Random(seed)}, drawn row after row on the host).
 *
 * <p>Built-ins (records, so {@code toString()} is provenance):
 * <ul>
 *   <li>{@link #mask(double)}: the paper's "randomly mask 50% of the pixels" (section 4.1, F.2): exactly
 *       {@code round(fraction * d)} pixels of each image, chosen uniformly, set to 0;
 *   <li>{@link #dropout(double)}: the authors' code, {@code dropout(x, p)}: each pixel dropped with
 *       probability p, the kept ones multiplied by {@code 1 / (1 - p)} (doubled at p = 0.5);
 *   <li>{@link #normalizedNoise(double)}: {@code x + sigma * n / ||n||}, {@code n ~ N(0, I)}, a Gaussian
 *       direction of norm sigma (the paper's "rescale the norm of the noise", F.3; the authors' max-loss
 *       script);
 *   <li>{@link #clampedNoise(double)}: {@code clamp(|x + N(0, sigma^2 I)|, 0, 1)} (the authors' other script);
 *   <li>{@link #lowerHalfCut(int, int, int)}: the lower half of each image set to 0 (Millidge et al. 2022);
 *   <li>{@link #none()}: the image itself.
 * </ul>
 */
@FunctionalInterface
public interface Corruption {

    /**
     * Corrupts every row.
     *
     * @param images {@code (B, d)}, float32 or float64 (not closed)
     * @param seed the seed of the random draw
     * @return the queries {@code (B, d)}, same type, in the images' manager
     */
    NDArray apply(NDArray images, long seed);

    /**
     * Exactly {@code round(fraction * d)} pixels of each image set to 0; fraction in [0, 1].
     *
     * @param fraction the masked fraction of the pixels, in [0, 1]
     * @return the masking corruption
     */
    static Corruption mask(double fraction) {
        return new Mask(fraction);
    }

    /**
     * The authors' dropout masking with drop probability p in [0, 1).
     *
     * @param p the drop probability, in [0, 1)
     * @return the dropout corruption
     */
    static Corruption dropout(double p) {
        return new Dropout(p);
    }

    /**
     * {@code x + sigma * n / ||n||_2} with {@code n ~ N(0, I_d)} per image; sigma &gt;= 0.
     *
     * @param sigma the noise norm, non-negative and finite
     * @return the normalised-noise corruption
     */
    static Corruption normalizedNoise(double sigma) {
        return new NormalizedNoise(sigma);
    }

    /**
     * {@code clamp(|x + sigma * n|, 0, 1)} with {@code n ~ N(0, I_d)}; sigma &gt;= 0.
     *
     * @param sigma the noise standard deviation, non-negative and finite
     * @return the clamped-noise corruption
     */
    static Corruption clampedNoise(double sigma) {
        return new ClampedNoise(sigma);
    }

    /**
     * Pixel rows {@code height/2 .. height-1} of every channel plane set to 0.
     *
     * @param width the image width, at least 1
     * @param height the image height, at least 1
     * @param channels the channels, at least 1
     * @return the lower-half cut for images of that shape
     */
    static Corruption lowerHalfCut(int width, int height, int channels) {
        return new LowerHalfCut(width, height, channels);
    }

    /**
     * No corruption (a copy of the images).
     *
     * @return the identity corruption
     */
    static Corruption none() {
        return new None();
    }

    /** Exact-fraction masking. */
    record Mask(double fraction) implements Corruption {
        /**
         * Validates the fraction.
         *
         * @param fraction the masked fraction, in [0, 1]
         */
        public Mask {
            Checks.inRange("mask fraction", fraction, 0, 1);
        }

        @Override
        public NDArray apply(NDArray images, long seed) {
            return Host.map(images, (rows, d) -> {
                int k = (int) Math.round(fraction * d);
                Random random = new Random(seed);
                int[] perm = new int[d];
                for (int r = 0; r < rows.length / d; r++) {
                    for (int j = 0; j < d; j++) {
                        perm[j] = j;
                    }
                    for (int j = 0; j < k; j++) {
                        int pick = j + random.nextInt(d - j);
                        int tmp = perm[j];
                        perm[j] = perm[pick];
                        perm[pick] = tmp;
                        rows[r * d + perm[j]] = 0f;
                    }
                }
            });
        }
    }

    /** Dropout masking. */
    record Dropout(double p) implements Corruption {
        /**
         * Validates p.
         *
         * @param p the drop probability, in [0, 1)
         */
        public Dropout {
            if (!(p >= 0 && p < 1)) {
                throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
            }
        }

        @Override
        public NDArray apply(NDArray images, long seed) {
            return Host.map(images, (rows, d) -> {
                Random random = new Random(seed);
                float keep = (float) (1 / (1 - p));
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = random.nextDouble() < p ? 0f : rows[i] * keep;
                }
            });
        }
    }

    /** Additive Gaussian noise of norm sigma. */
    record NormalizedNoise(double sigma) implements Corruption {
        /**
         * Validates sigma.
         *
         * @param sigma the noise norm, non-negative and finite
         */
        public NormalizedNoise {
            requireSigma(sigma);
        }

        @Override
        public NDArray apply(NDArray images, long seed) {
            return Host.map(images, (rows, d) -> {
                Random random = new Random(seed);
                double[] n = new double[d];
                for (int r = 0; r < rows.length / d; r++) {
                    double norm = 0;
                    for (int j = 0; j < d; j++) {
                        n[j] = random.nextGaussian();
                        norm += n[j] * n[j];
                    }
                    double scale = sigma / Math.sqrt(norm);
                    for (int j = 0; j < d; j++) {
                        rows[r * d + j] += (float) (n[j] * scale);
                    }
                }
            });
        }
    }

    /** The authors' clamped absolute Gaussian noise. */
    record ClampedNoise(double sigma) implements Corruption {
        /**
         * Validates sigma.
         *
         * @param sigma the noise standard deviation, non-negative and finite
         */
        public ClampedNoise {
            requireSigma(sigma);
        }

        @Override
        public NDArray apply(NDArray images, long seed) {
            return Host.map(images, (rows, d) -> {
                Random random = new Random(seed);
                for (int i = 0; i < rows.length; i++) {
                    double v = Math.abs(rows[i] + sigma * random.nextGaussian());
                    rows[i] = (float) Math.min(1.0, v);
                }
            });
        }
    }

    /** The lower half cut off. */
    record LowerHalfCut(int width, int height, int channels) implements Corruption {
        /**
         * Validates the geometry.
         *
         * @param width the image width, at least 1
         * @param height the image height, at least 1
         * @param channels the channels, at least 1
         */
        public LowerHalfCut {
            if (width < 1 || height < 1 || channels < 1) {
                throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height
                        + "x" + channels);
            }
        }

        @Override
        public NDArray apply(NDArray images, long seed) {
            return Host.map(images, (rows, d) -> {
                if (d != width * height * channels) {
                    throw new IllegalArgumentException("images must have d = " + (width * height * channels)
                            + " columns for " + width + "x" + height + "x" + channels + ", got " + d);
                }
                int plane = width * height;
                for (int r = 0; r < rows.length / d; r++) {
                    for (int c = 0; c < channels; c++) {
                        for (int y = height / 2; y < height; y++) {
                            for (int x = 0; x < width; x++) {
                                rows[r * d + c * plane + y * width + x] = 0f;
                            }
                        }
                    }
                }
            });
        }
    }

    /** The identity. */
    record None() implements Corruption {
        @Override
        public NDArray apply(NDArray images, long seed) {
            return Host.map(images, (rows, d) -> { });
        }
    }

    private static void requireSigma(double sigma) {
        Checks.nonNegativeFinite("noise level sigma", sigma);
    }

    /** Host-side helper: copy to floats, edit, copy back. */
    final class Host {
        private Host() {}

        interface Edit {
            void apply(float[] rows, int d);
        }

        static NDArray map(NDArray images, Edit edit) {
            Shape shape = images.getShape();
            if (shape.dimension() != 2) {
                throw new IllegalArgumentException("images must be a matrix (B, d), got shape " + shape);
            }
            DataType type = images.getDataType();
            float[] rows;
            try (NDArray f = images.toType(DataType.FLOAT32, true)) {
                rows = f.toFloatArray();
            }
            edit.apply(rows, Math.toIntExact(shape.get(1)));
            NDArray out = images.getManager().create(rows, shape);
            if (type == DataType.FLOAT32) {
                return out;
            }
            NDArray converted = out.toType(type, false);
            out.close();
            return converted;
        }
    }
}
