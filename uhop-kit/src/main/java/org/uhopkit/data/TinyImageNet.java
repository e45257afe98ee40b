package org.uhopkit.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;

/**
 * Tiny ImageNet (Stanford CS231N): 64 x 64 colour images of 200 classes, d = 12288, the data set of the
 * paper's deep classification runs (appendix F.4, Table 6, G.5.3).
 *
 * <p>Shipped in {@code data/tinyimagenet/} (checked against the SHA-256 in {@code data/PROVENANCE.md}):
 * {@link #train()} the first 10 training images of every class (2,000) and {@link #validation()} the whole
 * official validation split (10,000 images, 50 per class), which serves as the test set as in the authors' code.
 * {@link #fromDirectory(Path)} and {@link #validationFromDirectory(Path)} read the full set (100,000 training
 * images) from the official {@code tiny-imagenet-200.zip} or the folder it unpacks to.
 *
 * <p>Labels are the line numbers (from 0) of the class's wnid in {@code wnids.txt}; training images are ordered
 * by label, then by their number in the file name; validation images by their number ({@code val_0 ..
 * val_9999}). Grey JPEGs (168 of the validation images) are read as three equal channels; pixels keep the CIFAR
 * layout of {@link ImageSet} (the R plane, then G, then B).
 */
public final class TinyImageNet {

    /** The side of every image. */
    public static final int SIDE = 64;
    /** The number of classes. */
    public static final int CLASSES = 200;
    /** The shipped training subset (first 10 images per class). */
    public static final String TRAIN_ZIP = "tiny-imagenet-200_train-first10-per-class.zip";
    /** The shipped validation split. */
    public static final String VALIDATION_ZIP = "tiny-imagenet-200_val.zip";
    /** SHA-256 of the shipped files (data/PROVENANCE.md). */
    public static final Map<String, String> SHA256 = Map.of(
            TRAIN_ZIP, "5075a37a63577fac16fb783370699b66d924d7ebdf3c6f938d05340cd8e4cd30",
            VALIDATION_ZIP, "5fe523884af74803521150eb30f04371b385d894bbaa0931ee92efa1af5e6630");
    /** The per-channel training mean of Tiny ImageNet (the authors' normalisation). */
    public static final double[] MEAN = {0.4802, 0.4481, 0.3975};
    /** The per-channel training standard deviation of Tiny ImageNet (the authors' normalisation). */
    public static final double[] STD = {0.2302, 0.2265, 0.2262};

    private static final String ROOT = "tiny-imagenet-200/";
    private static final Pattern TRAIN_IMAGE = Pattern.compile(ROOT + "train/(n\\d+)/images/\\1_(\\d+)\\.JPEG");
    private static final Pattern VAL_IMAGE = Pattern.compile(ROOT + "val/images/val_(\\d+)\\.JPEG");
    private static final String HOW = "the full Tiny ImageNet is not shipped: download tiny-imagenet-200.zip from "
            + "http://cs231n.stanford.edu/tiny-imagenet-200.zip and pass the zip file itself or the folder it unpacks "
            + "to (holding tiny-imagenet-200/ or wnids.txt, train/, val/)";

    private static volatile ImageSet train;
    private static volatile ImageSet validation;

    private TinyImageNet() {}

    /**
     * The shipped 2,000 training images, 10 per class (cached per JVM).
     *
     * @return the shipped training images
     */
    public static ImageSet train() {
        ImageSet s = train;
        if (s == null) {
            synchronized (TinyImageNet.class) {
                if (train == null) {
                    train = readShipped(TRAIN_ZIP, true, "tinyimagenet-train-subset");
                }
                s = train;
            }
        }
        return s;
    }

    /**
     * The shipped 10,000 validation images, 50 per class (cached per JVM).
     *
     * @return the shipped validation images
     */
    public static ImageSet validation() {
        ImageSet s = validation;
        if (s == null) {
            synchronized (TinyImageNet.class) {
                if (validation == null) {
                    validation = readShipped(VALIDATION_ZIP, false, "tinyimagenet-val");
                }
                s = validation;
            }
        }
        return s;
    }

    /**
     * The full training set (100,000 images) from the official {@code tiny-imagenet-200.zip} or the folder it
     * unpacks to. Its SHA-256 is recorded (for a zip), not checked.
     *
     * @param zipOrFolder the official zip or its unpacked folder
     * @return the full training set
     * @throws IllegalStateException naming what is missing and how to get it
     */
    public static ImageSet fromDirectory(Path zipOrFolder) {
        return readUser(zipOrFolder, true, "tinyimagenet-train");
    }

    /**
     * The official validation split (10,000 images) from the official zip or its folder.
     *
     * @param zipOrFolder the official zip or its unpacked folder
     * @return the validation set
     */
    public static ImageSet validationFromDirectory(Path zipOrFolder) {
        return readUser(zipOrFolder, false, "tinyimagenet-val");
    }

    private static ImageSet readShipped(String file, boolean trainSplit, String name) {
        return readVerified(Datasets.dataDir().resolve("tinyimagenet").resolve(file), file, trainSplit, name);
    }

    /** Reads {@code zip} after checking its SHA-256 against the shipped file {@code shippedName}'s. */
    static ImageSet readVerified(Path zip, String shippedName, boolean trainSplit, String name) {
        Datasets.requireFile(zip);
        String sum = Datasets.verify(zip, SHA256.get(shippedName));
        return read(Source.zip(zip), trainSplit, name, Map.of(shippedName, sum));
    }

    private static ImageSet readUser(Path p, boolean trainSplit, String name) {
        if (p == null || !Files.exists(p)) {
            throw new IllegalStateException("Tiny ImageNet not found at " + (p == null ? "null" : p.toAbsolutePath())
                    + "; " + HOW);
        }
        if (Files.isRegularFile(p)) {
            return read(Source.zip(p), trainSplit, name, Map.of(p.getFileName().toString(), Datasets.sha256(p)));
        }
        if (Files.isDirectory(p.resolve("tiny-imagenet-200"))) {
            return read(Source.folder(p.resolve("tiny-imagenet-200")), trainSplit, name, Map.of());
        }
        if (Files.isRegularFile(p.resolve("wnids.txt"))) {
            return read(Source.folder(p), trainSplit, name, Map.of());
        }
        throw new IllegalStateException("no Tiny ImageNet in " + p.toAbsolutePath() + " (expected "
                + p.resolve("tiny-imagenet-200/wnids.txt") + " or " + p.resolve("wnids.txt") + "); " + HOW);
    }

    /** Entries by their path under the archive's root ({@code tiny-imagenet-200/...}). */
    private interface Source extends AutoCloseable {
        List<String> names();

        byte[] bytes(String name);

        @Override
        void close();

        static Source zip(Path file) {
            ZipFile z;
            try {
                z = new ZipFile(file.toFile());
            } catch (IOException e) {
                throw new IllegalStateException(file.toAbsolutePath() + " is not a readable zip file: "
                        + e.getMessage(), e);
            }
            return new Source() {
                @Override
                public List<String> names() {
                    return z.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName).toList();
                }

                @Override
                public byte[] bytes(String name) {
                    ZipEntry e = z.getEntry(name);
                    if (e == null) {
                        throw new IllegalStateException(file.toAbsolutePath() + " has no entry " + name + "; " + HOW);
                    }
                    try (InputStream in = z.getInputStream(e)) {
                        return in.readAllBytes();
                    } catch (IOException ex) {
                        throw new IllegalStateException("cannot read " + name + " in " + file.toAbsolutePath()
                                + " (corrupt archive?): " + ex.getMessage(), ex);
                    }
                }

                @Override
                public void close() {
                    try {
                        z.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        }

        static Source folder(Path root) {
            return new Source() {
                @Override
                public List<String> names() {
                    try (Stream<Path> s = Files.walk(root)) {
                        return s.filter(Files::isRegularFile)
                                .map(f -> ROOT + root.relativize(f).toString().replace('\\', '/')).sorted().toList();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot list " + root.toAbsolutePath(), e);
                    }
                }

                @Override
                public byte[] bytes(String name) {
                    Path f = root.resolve(name.substring(ROOT.length()));
                    if (!Files.isRegularFile(f)) {
                        throw new IllegalStateException("data file not found: " + f.toAbsolutePath() + "; " + HOW);
                    }
                    try {
                        return Files.readAllBytes(f);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + f.toAbsolutePath(), e);
                    }
                }

                @Override
                public void close() {}
            };
        }
    }

    private static ImageSet read(Source source, boolean trainSplit, String name, Map<String, String> sums) {
        try (source) {
            Map<String, Integer> wnids = wnids(source);
            List<String> names = source.names();
            // (label, number) -> entry, or number -> entry for the validation split: a sorted, deterministic order
            TreeMap<Long, String> order = new TreeMap<>();
            Map<String, Integer> labelOf = new HashMap<>();
            if (trainSplit) {
                for (String n : names) {
                    Matcher m = TRAIN_IMAGE.matcher(n);
                    if (m.matches()) {
                        Integer label = wnids.get(m.group(1));
                        if (label == null) {
                            throw new IllegalStateException("training image " + n + " belongs to " + m.group(1)
                                    + ", which is not in wnids.txt");
                        }
                        long key = (long) label * 1_000_000L + Long.parseLong(m.group(2));
                        order.put(key, n);
                        labelOf.put(n, label);
                    }
                }
            } else {
                Map<String, Integer> annotated = validationLabels(source, wnids);
                for (String n : names) {
                    Matcher m = VAL_IMAGE.matcher(n);
                    if (m.matches()) {
                        String file = n.substring(n.lastIndexOf('/') + 1);
                        Integer label = annotated.get(file);
                        if (label == null) {
                            throw new IllegalStateException("validation image " + n
                                    + " has no line in val/val_annotations.txt");
                        }
                        order.put(Long.parseLong(m.group(1)), n);
                        labelOf.put(n, label);
                    }
                }
            }
            if (order.isEmpty()) {
                throw new IllegalStateException("no " + (trainSplit ? "training" : "validation") + " images found; "
                        + HOW);
            }
            int count = order.size();
            int d = 3 * SIDE * SIDE;
            byte[] pixels = new byte[Math.multiplyExact(count, d)];
            int[] labels = new int[count];
            int at = 0;
            for (String n : order.values()) {
                decode(n, source.bytes(n), pixels, at * d);
                labels[at] = labelOf.get(n);
                at++;
            }
            return new ImageSet(name, pixels, labels, SIDE, SIDE, 3, new LinkedHashMap<>(sums));
        }
    }

    private static Map<String, Integer> wnids(Source source) {
        String text = new String(source.bytes(ROOT + "wnids.txt"), StandardCharsets.UTF_8);
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            String w = line.trim();
            if (!w.isEmpty()) {
                if (out.put(w, out.size()) != null) {
                    throw new IllegalStateException("wnids.txt lists " + w + " twice");
                }
            }
        }
        if (out.size() != CLASSES) {
            throw new IllegalStateException("wnids.txt must list " + CLASSES + " classes, got " + out.size());
        }
        return out;
    }

    private static Map<String, Integer> validationLabels(Source source, Map<String, Integer> wnids) {
        String text = new String(source.bytes(ROOT + "val/val_annotations.txt"), StandardCharsets.UTF_8);
        Map<String, Integer> out = new HashMap<>();
        int line = 0;
        for (String row : text.split("\\R")) {
            line++;
            if (row.isBlank()) {
                continue;
            }
            String[] f = row.split("\t");
            Integer label = f.length < 2 ? null : wnids.get(f[1]);
            if (label == null) {
                throw new IllegalStateException("val_annotations.txt line " + line + " names no known wnid: '" + row
                        + "'");
            }
            out.put(f[0], label);
        }
        return out;
    }

    /** Decodes one 64 x 64 JPEG into {@code out[at ..]} as R, G, B planes; grey images give three equal planes. */
    static void decode(String name, byte[] jpeg, byte[] out, int at) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(jpeg));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot decode the image " + name + " (corrupt JPEG): " + e.getMessage(), e);
        }
        if (img == null) {
            throw new IllegalStateException("cannot decode the image " + name + ": not a JPEG");
        }
        if (img.getWidth() != SIDE || img.getHeight() != SIDE) {
            throw new IllegalStateException("the image " + name + " is " + img.getWidth() + "x" + img.getHeight()
                    + ", expected " + SIDE + "x" + SIDE);
        }
        Raster r = img.getRaster();
        int bands = r.getNumBands();
        if (bands != 1 && bands != 3) {
            throw new IllegalStateException("the image " + name + " has " + bands + " channels, expected 1 or 3");
        }
        int plane = SIDE * SIDE;
        int[] row = new int[SIDE];
        for (int c = 0; c < 3; c++) {
            int band = bands == 1 ? 0 : c;
            for (int y = 0; y < SIDE; y++) {
                r.getSamples(0, y, SIDE, 1, band, row);
                for (int x = 0; x < SIDE; x++) {
                    out[at + c * plane + y * SIDE + x] = (byte) row[x];
                }
            }
        }
    }

    /**
     * The wnid of every label, in label order, from a shipped zip's {@code wnids.txt}.
     *
     * @return a new list of the wnids, in label order
     */
    public static List<String> wnids() {
        Path f = Datasets.dataDir().resolve("tinyimagenet").resolve(TRAIN_ZIP);
        try (Source s = Source.zip(Datasets.requireFile(f))) {
            return new ArrayList<>(wnids(s).keySet());
        }
    }
}
