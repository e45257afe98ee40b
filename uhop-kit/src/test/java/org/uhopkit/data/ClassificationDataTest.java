package org.uhopkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uhopkit.experiments.classification.ImageTask;

/**
 * The loaders of the classification data: Tiny ImageNet (shipped subset, checksums, labels read independently
 * from the archives, grey images, refusal of corrupt files), the official CIFAR-10 batches and CIFAR-100 files
 * a user supplies, the clear message when CIFAR-100 is missing, and the per-channel statistics.
 */
class ClassificationDataTest {

    @TempDir
    Path tmp;

    private static Path shipped(String file) {
        return Datasets.dataDir().resolve("tinyimagenet").resolve(file);
    }

    @Test
    void tinyImageNetTrainingSubsetHasTenImagesOfEachOf200ClassesInWnidOrder() throws IOException {
        ImageSet train = TinyImageNet.train();
        assertThat(train.size()).isEqualTo(2000);
        assertThat(train.width()).isEqualTo(64);
        assertThat(train.height()).isEqualTo(64);
        assertThat(train.channels()).isEqualTo(3);
        int[] counts = train.labelCounts();
        assertThat(counts).hasSize(200);
        assertThat(Arrays.stream(counts).allMatch(c -> c == 10)).isTrue();
        assertThat(train.checksums()).containsEntry(TinyImageNet.TRAIN_ZIP,
                "5075a37a63577fac16fb783370699b66d924d7ebdf3c6f938d05340cd8e4cd30");
        // independently: image 10 * k + j is <wnid k>_j.JPEG, wnid k the k-th line of wnids.txt
        try (ZipFile z = new ZipFile(shipped(TinyImageNet.TRAIN_ZIP).toFile())) {
            List<String> wnids = lines(z, "tiny-imagenet-200/wnids.txt");
            for (int k : new int[] {0, 57, 199}) {
                for (int j : new int[] {0, 9}) {
                    int i = 10 * k + j;
                    assertThat(train.label(i)).isEqualTo(k);
                    BufferedImage img = image(z, "tiny-imagenet-200/train/" + wnids.get(k) + "/images/" + wnids.get(k)
                            + "_" + j + ".JPEG");
                    assertSamePixels(train, i, img);
                }
            }
        }
    }

    @Test
    void tinyImageNetValidationHasFiftyPerClassLabelledByTheAnnotationsAndGreyImagesAsThreeEqualPlanes()
            throws IOException {
        ImageSet val = TinyImageNet.validation();
        assertThat(val.size()).isEqualTo(10_000);
        assertThat(Arrays.stream(val.labelCounts()).allMatch(c -> c == 50)).isTrue();
        assertThat(val.checksums()).containsEntry(TinyImageNet.VALIDATION_ZIP,
                "5fe523884af74803521150eb30f04371b385d894bbaa0931ee92efa1af5e6630");
        try (ZipFile z = new ZipFile(shipped(TinyImageNet.VALIDATION_ZIP).toFile())) {
            List<String> wnids = lines(z, "tiny-imagenet-200/wnids.txt");
            Map<String, String> annotation = new HashMap<>();
            for (String line : lines(z, "tiny-imagenet-200/val/val_annotations.txt")) {
                String[] f = line.split("\t");
                annotation.put(f[0], f[1]);
            }
            int grey = -1;
            for (int i : new int[] {0, 1, 4321, 9999}) {
                assertThat(val.label(i)).isEqualTo(wnids.indexOf(annotation.get("val_" + i + ".JPEG")));
                assertSamePixels(val, i, image(z, "tiny-imagenet-200/val/images/val_" + i + ".JPEG"));
            }
            for (int i = 0; i < 10_000 && grey < 0; i++) {
                BufferedImage img = image(z, "tiny-imagenet-200/val/images/val_" + i + ".JPEG");
                if (img.getRaster().getNumBands() == 1) {
                    grey = i;
                    int plane = 64 * 64;
                    for (int j = 0; j < plane; j += 97) {
                        int g = img.getRaster().getSample(j % 64, j / 64, 0);
                        assertThat(val.pixel(i, j)).isEqualTo(g);
                        assertThat(val.pixel(i, plane + j)).isEqualTo(g);
                        assertThat(val.pixel(i, 2 * plane + j)).isEqualTo(g);
                    }
                }
            }
            assertThat(grey).as("a grey JPEG in the validation split").isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void aTinyImageNetZipThatDiffersFromTheShippedOneIsRefusedNamingBothChecksums() throws IOException {
        Path copy = tmp.resolve(TinyImageNet.TRAIN_ZIP);
        byte[] bytes = Files.readAllBytes(shipped(TinyImageNet.TRAIN_ZIP));
        bytes[bytes.length / 2] ^= 1;
        Files.write(copy, bytes);
        assertThatThrownBy(() -> TinyImageNet.readVerified(copy, TinyImageNet.TRAIN_ZIP, true, "x"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("checksum mismatch")
                .hasMessageContaining(TinyImageNet.SHA256.get(TinyImageNet.TRAIN_ZIP));
    }

    @Test
    void aUserSuppliedTinyImageNetWithACorruptJpegIsRefusedNamingTheImage() throws IOException {
        Path zip = tmp.resolve("tiny-imagenet-200.zip");
        List<String> wnids;
        try (ZipFile z = new ZipFile(shipped(TinyImageNet.TRAIN_ZIP).toFile())) {
            wnids = lines(z, "tiny-imagenet-200/wnids.txt");
        }
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            put(out, "tiny-imagenet-200/wnids.txt", String.join("\n", wnids).getBytes(StandardCharsets.UTF_8));
            put(out, "tiny-imagenet-200/train/" + wnids.get(3) + "/images/" + wnids.get(3) + "_0.JPEG",
                    "not a jpeg".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> TinyImageNet.fromDirectory(zip)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(wnids.get(3) + "_0.JPEG");
        assertThatThrownBy(() -> TinyImageNet.fromDirectory(tmp.resolve("nowhere")))
                .hasMessageContaining("tiny-imagenet-200.zip").hasMessageContaining("nowhere");
    }

    @Test
    void officialCifarFilesAreReadWithTheirLabelsAndACorruptFileIsRefused() throws IOException {
        // five CIFAR-10 batches of 2 records and a test batch of 3; pixel bytes encode (record, position)
        Path c10 = Files.createDirectories(tmp.resolve("c10/cifar-10-batches-bin"));
        for (int k = 1; k <= 5; k++) {
            Files.write(c10.resolve("data_batch_" + k + ".bin"), records(1, 2, k));
        }
        Files.write(c10.resolve("test_batch.bin"), records(1, 3, 9));
        ImageSet train = Cifar10.fromDirectory(tmp.resolve("c10"));
        assertThat(train.size()).isEqualTo(10);
        assertThat(train.label(0)).isEqualTo(10 % 10); // batch 1, record 0: label (10 k + r) % 10 with k = 1
        assertThat(train.label(3)).isEqualTo((20 + 1) % 10);
        assertThat(train.pixel(3, 5)).isEqualTo((2 * 7 + 1 + 5) % 256);
        assertThat(Cifar10.testFromDirectory(tmp.resolve("c10")).size()).isEqualTo(3);
        // CIFAR-100: two label bytes (coarse, fine); the fine one is the label
        Path c100 = Files.createDirectories(tmp.resolve("c100"));
        Files.write(c100.resolve("train.bin"), records(2, 4, 3));
        Files.write(c100.resolve("test.bin"), records(2, 2, 4));
        ImageSet t100 = Cifar100.train(c100);
        assertThat(t100.size()).isEqualTo(4);
        assertThat(t100.label(2)).isEqualTo((30 + 2 + 50) % 100);
        Files.write(c100.resolve("test.bin"), new byte[3073]); // a CIFAR-10-sized record: not CIFAR-100
        assertThatThrownBy(() -> Cifar100.test(c100)).hasMessageContaining("3074").hasMessageContaining("test.bin");
    }

    @Test
    void missingCifar100SaysWhichFilesToPutWhere() {
        String before = System.clearProperty(ImageTask.CIFAR100_PROPERTY);
        try {
            assertThatThrownBy(ImageTask::cifar100).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cifar-100-binary.tar.gz").hasMessageContaining("train.bin")
                    .hasMessageContaining("test.bin").hasMessageContaining("-D" + ImageTask.CIFAR100_PROPERTY);
            assertThatThrownBy(() -> Cifar100.train(tmp)).hasMessageContaining("train.bin")
                    .hasMessageContaining("https://www.cs.toronto.edu/~kriz/cifar.html");
        } finally {
            if (before != null) {
                System.setProperty(ImageTask.CIFAR100_PROPERTY, before);
            }
        }
    }

    @Test
    void channelStatisticsAreThePopulationMeanAndDeviationOfEachPlane() {
        // two 2 x 1 images, 3 channels: channel c holds values {c, c + 2, c + 4, c + 6} / 255 over the set
        byte[] px = new byte[2 * 3 * 2];
        for (int i = 0; i < 2; i++) {
            for (int c = 0; c < 3; c++) {
                for (int j = 0; j < 2; j++) {
                    px[i * 6 + c * 2 + j] = (byte) (c + 2 * (2 * i + j));
                }
            }
        }
        ChannelNormalization n = ChannelNormalization.of(new ImageSet("tiny", px, new int[] {0, 1}, 2, 1, 3, Map.of()));
        for (int c = 0; c < 3; c++) {
            double[] v = {c / 255.0, (c + 2) / 255.0, (c + 4) / 255.0, (c + 6) / 255.0};
            double mean = (v[0] + v[1] + v[2] + v[3]) / 4;
            double var = 0;
            for (double x : v) {
                var += (x - mean) * (x - mean) / 4;
            }
            assertThat(n.mean()[c]).isCloseTo(mean, within(1e-7));
            assertThat(n.std()[c]).isCloseTo(Math.sqrt(var), within(1e-7));
        }
        assertThatThrownBy(() -> new ChannelNormalization("bad", new double[] {0.5}, new double[] {0}))
                .hasMessageContaining("channel std");
    }

    /** {@code n} records of {@code labelBytes} label bytes (each (10 k + r + 50 b) % modulus) and 3072 pixels. */
    private static byte[] records(int labelBytes, int n, int k) {
        int modulus = labelBytes == 1 ? 10 : 100;
        int rec = labelBytes + 3072;
        byte[] out = new byte[n * rec];
        for (int r = 0; r < n; r++) {
            for (int b = 0; b < labelBytes; b++) {
                out[r * rec + b] = (byte) ((10 * k + r + 50 * b) % modulus);
            }
            for (int j = 0; j < 3072; j++) {
                out[r * rec + labelBytes + j] = (byte) ((k * 7 + r + j) % 256);
            }
        }
        return out;
    }

    private static void assertSamePixels(ImageSet set, int i, BufferedImage img) {
        int plane = 64 * 64;
        for (int j = 0; j < plane; j += 61) {
            int rgb = img.getRGB(j % 64, j / 64);
            if (img.getRaster().getNumBands() == 3) {
                assertThat(set.pixel(i, j)).isEqualTo((rgb >> 16) & 0xff);
                assertThat(set.pixel(i, plane + j)).isEqualTo((rgb >> 8) & 0xff);
                assertThat(set.pixel(i, 2 * plane + j)).isEqualTo(rgb & 0xff);
            }
        }
    }

    private static BufferedImage image(ZipFile z, String name) throws IOException {
        try (InputStream in = z.getInputStream(z.getEntry(name))) {
            return ImageIO.read(in);
        }
    }

    private static List<String> lines(ZipFile z, String name) throws IOException {
        try (InputStream in = z.getInputStream(z.getEntry(name))) {
            List<String> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                if (!l.isBlank()) {
                    out.add(l.trim());
                }
            }
            return out;
        }
    }

    private static void put(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(bytes);
        out.closeEntry();
    }
}
