package org.uhopkit.data;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MNIST (LeCun, Cortes &amp; Burges): 60,000 training and 10,000 test digits, 28 x 28 grey, d = 784, read
 * from the official gzipped IDX files in {@code data/mnist/}. Each file's SHA-256 is checked against the
 * value in {@code data/PROVENANCE.md}; the sets are read once per JVM.
 *
 * <pre>
 * jshell&gt; Mnist.train()
 * $1 ==&gt; ImageSet(mnist-train, n=60000, 28x28x1, d=784)
 * </pre>
 */
public final class Mnist {

    /** SHA-256 of the shipped files (data/PROVENANCE.md). */
    public static final Map<String, String> SHA256 = Map.of(
            "train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            "train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            "t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            "t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6");

    private static volatile ImageSet train;
    private static volatile ImageSet test;

    private Mnist() {}

    /**
     * The 60,000 training digits (cached per JVM).
     *
     * @return the training digits
     */
    public static ImageSet train() {
        ImageSet s = train;
        if (s == null) {
            synchronized (Mnist.class) {
                if (train == null) {
                    train = read(Datasets.dataDir().resolve("mnist"), "train", "mnist-train");
                }
                s = train;
            }
        }
        return s;
    }

    /**
     * The 10,000 test digits (cached per JVM).
     *
     * @return the test digits
     */
    public static ImageSet test() {
        ImageSet s = test;
        if (s == null) {
            synchronized (Mnist.class) {
                if (test == null) {
                    test = read(Datasets.dataDir().resolve("mnist"), "t10k", "mnist-test");
                }
                s = test;
            }
        }
        return s;
    }

    /**
     * Reads {@code <prefix>-images-idx3-ubyte.gz} and {@code <prefix>-labels-idx1-ubyte.gz} from {@code dir},
     * checking their SHA-256 against {@link #SHA256}.
     */
    static ImageSet read(Path dir, String prefix, String name) {
        String imagesFile = prefix + "-images-idx3-ubyte.gz";
        String labelsFile = prefix + "-labels-idx1-ubyte.gz";
        Map<String, String> sums = new LinkedHashMap<>();
        Path images = dir.resolve(imagesFile);
        Path labels = dir.resolve(labelsFile);
        sums.put(imagesFile, Datasets.verify(images, SHA256.get(imagesFile)));
        sums.put(labelsFile, Datasets.verify(labels, SHA256.get(labelsFile)));
        return parse(Datasets.readAll(images), Datasets.readAll(labels), name, sums, images, labels);
    }

    /** Parses uncompressed IDX image and label bytes. */
    static ImageSet parse(byte[] img, byte[] lab, String name, Map<String, String> sums, Path imgPath,
            Path labPath) {
        ByteBuffer ib = ByteBuffer.wrap(img);
        ByteBuffer lb = ByteBuffer.wrap(lab);
        int im = ib.getInt();
        int lm = lb.getInt();
        if (im != 0x803) {
            throw new IllegalStateException(imgPath + " is not an IDX image file: magic " + Integer.toHexString(im));
        }
        if (lm != 0x801) {
            throw new IllegalStateException(labPath + " is not an IDX label file: magic " + Integer.toHexString(lm));
        }
        int n = ib.getInt();
        int rows = ib.getInt();
        int cols = ib.getInt();
        int nl = lb.getInt();
        if (n != nl) {
            throw new IllegalStateException(imgPath + " holds " + n + " images but " + labPath + " " + nl + " labels");
        }
        int d = rows * cols;
        if (img.length != 16 + (long) n * d || lab.length != 8 + n) {
            throw new IllegalStateException("truncated IDX files " + imgPath + " / " + labPath);
        }
        byte[] pixels = new byte[n * d];
        System.arraycopy(img, 16, pixels, 0, pixels.length);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = lab[8 + i] & 0xff;
        }
        return new ImageSet(name, pixels, labels, cols, rows, 1, sums);
    }
}
